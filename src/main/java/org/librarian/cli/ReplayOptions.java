package org.librarian.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.librarian.config.ConfigException;
import org.librarian.config.LimitsText;
import org.librarian.config.QosSpec;
import org.librarian.pipeline.Collection;
import org.librarian.pipeline.Context;
import org.librarian.usage.QosLimits;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code parse} replays: a saved sacct output and range, squeue and scontrol output, limits.
 */
final class ReplayOptions {
  @Mixin SacctFileOptions sacct;

  @Option(
      names = "--squeue-file",
      paramLabel = "FILE",
      description =
          "read saved squeue output (header JOBID|USER|STATE|REASON) for the live reasons of pending jobs; with --sacct-file and without this, no squeue runs")
  Path squeueFile;

  @Option(
      names = "--assoc-mgr-file",
      paramLabel = "FILE",
      description =
          "read saved 'scontrol -o show assoc_mgr flags=qos' output for the QoS's GrpTRESMins"
              + " budgets (a replay's rate is estimated from the usage read; no samples)")
  Path assocMgrFile;

  @Option(
      names = "--limits",
      paramLabel = "LIST",
      description =
          "the QoS limits of a replay, e.g. cpu=430,gpu=39,mem=3359 (memory in GB; a resource not"
              + " named has none); instead of the configuration's or sacctmgr's")
  String limits;

  /** The QoS to report on, with the limits of --limits when it was given. */
  List<QosSpec> qos(List<QosSpec> configured) throws ConfigException {
    if (limits == null) {
      return configured;
    }
    QosLimits given = LimitsText.parse("--limits", limits);
    return configured.stream().map(q -> new QosSpec(q.name(), given)).toList();
  }

  /** The checks that need nothing read: a range has both ends, a delimiter is not empty. */
  void check() throws ConfigException {
    sacct.check();
  }

  /** The rolling window up to {@code now}, or the range --start to --end. */
  Collection.Window window(Instant now, boolean replay, ZoneId zone) throws ConfigException {
    return sacct.window(now, replay, zone);
  }

  /** sacct, or the saved files (each must exist). */
  Collection.Source source(Context context, boolean full) throws ConfigException {
    Path file = sacct.file(context);
    Path squeue = squeueFile == null ? null : context.workingDir().resolve(squeueFile);
    if (squeue != null && !Files.isRegularFile(squeue)) {
      throw new ConfigException("--squeue-file " + squeueFile + ": no such file");
    }
    Path assocMgr = assocMgrFile == null ? null : context.workingDir().resolve(assocMgrFile);
    if (assocMgr != null && !Files.isRegularFile(assocMgr)) {
      throw new ConfigException("--assoc-mgr-file " + assocMgrFile + ": no such file");
    }
    return new Collection.Source(file, sacct.delimiter, sacct.fields, full, squeue, assocMgr);
  }
}
