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
import picocli.CommandLine.Option;

/** {@code --start}/{@code --end} and the saved sacct/squeue output that {@code parse} replays. */
final class ReplayOptions {
  @Option(
      names = "--start",
      paramLabel = "DATE",
      description = "backfill: start of a fixed range (a date or local time in the zone)")
  String start;

  @Option(
      names = "--end",
      paramLabel = "DATE",
      description = "backfill: end of the range (a date counts through its whole day)")
  String end;

  @Option(
      names = "--sacct-file",
      paramLabel = "FILE",
      description =
          "read saved sacct -P/-p output (with a header line) instead of running sacct; several QoS are told apart by its QOS column")
  Path sacctFile;

  @Option(
      names = "--delimiter",
      paramLabel = "STR",
      description =
          "delimiter of --sacct-file (default: detected from its first line: the unit separator \\x1f when it holds one, else |)")
  String delimiter;

  @Option(
      names = "--fields",
      paramLabel = "LIST",
      split = ",",
      description =
          "the columns of a --sacct-file written with --noheader, e.g. JobID,User,State,Start,End,NCPUS,AllocTRES")
  List<String> fields;

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
    if ((start == null) != (end == null)) {
      throw new ConfigException("--start and --end go together");
    }
    if (delimiter != null && delimiter.isEmpty()) {
      throw new ConfigException("--delimiter must not be empty");
    }
  }

  /** The rolling window up to {@code now}, or the range --start to --end. */
  Collection.Window window(Instant now, boolean replay, ZoneId zone) throws ConfigException {
    Instant rangeStart = start == null ? null : TimeArguments.instant("--start", start, zone);
    Instant rangeEnd = end == null ? null : TimeArguments.rangeEnd("--end", end, zone);
    if (rangeStart != null && !rangeEnd.isAfter(rangeStart)) {
      throw new ConfigException("--end must be after --start");
    }
    return new Collection.Window(now, replay, rangeStart, rangeEnd);
  }

  /** sacct, or the saved files (each must exist). */
  Collection.Source source(Context context, boolean full) throws ConfigException {
    Path file = sacctFile == null ? null : context.workingDir().resolve(sacctFile);
    if (file != null && !Files.isRegularFile(file)) {
      throw new ConfigException("--sacct-file " + sacctFile + ": no such file");
    }
    Path squeue = squeueFile == null ? null : context.workingDir().resolve(squeueFile);
    if (squeue != null && !Files.isRegularFile(squeue)) {
      throw new ConfigException("--squeue-file " + squeueFile + ": no such file");
    }
    Path assocMgr = assocMgrFile == null ? null : context.workingDir().resolve(assocMgrFile);
    if (assocMgr != null && !Files.isRegularFile(assocMgr)) {
      throw new ConfigException("--assoc-mgr-file " + assocMgrFile + ": no such file");
    }
    return new Collection.Source(file, delimiter, fields, full, squeue, assocMgr);
  }
}
