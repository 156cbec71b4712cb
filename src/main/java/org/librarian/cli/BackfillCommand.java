package org.librarian.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.librarian.config.Overrides;
import org.librarian.config.Settings;
import org.librarian.pipeline.Backfill;
import org.librarian.pipeline.Context;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code librarian backfill}: the daily history of a QoS from sacct, a chunk at a time, or from a
 * saved file.
 */
@Command(
    name = "backfill",
    header = "Fill the daily history of a QoS from sacct (or a saved file).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fills the archive of daily per-user averages (STATE_DIR/history/<cluster>/<qos>.json) from --since "
          + "to --until, one sacct query per chunk (7 days by default), and writes history_<qos>.json into the "
          + "site. A job running across chunks is counted once: each chunk counts only its own days. "
          + "Interrupted, it resumes where it stopped when run again with the same --since and --until. "
          + "Days of the archive outside the range are kept, and so are the whole days it already has inside it"
          + " unless --replace. With --sacct-file it reads that file instead."
    })
final class BackfillCommand extends Verb {
  @Mixin ConfigOption configOption;

  @Option(names = "--qos", paramLabel = "QOS", required = true, description = "the QoS")
  String qos;

  @Option(
      names = "--since",
      paramLabel = "DATE",
      required = true,
      description = "first day (in the configured zone)")
  String since;

  @Option(
      names = "--until",
      paramLabel = "DATE",
      description = "last day, included (default: today, up to now)")
  String until;

  @Option(
      names = "--chunk",
      paramLabel = "DURATION",
      defaultValue = "7d",
      description =
          "days per sacct query, 1d to 366d (default: ${DEFAULT-VALUE}); smaller when slurmdbd refuses wide ranges")
  String chunk;

  @Option(
      names = "--sacct-file",
      paramLabel = "FILE",
      description = "read saved sacct -P output (with a header) instead")
  Path sacctFile;

  @Option(
      names = "--replace",
      description =
          "recompute the days of the range that the archive already has, and replace"
              + " them (without it, those days are kept and only missing or partial days are filled)")
  boolean replace;

  @Option(
      names = "--max-gap",
      paramLabel = "DURATION",
      defaultValue = "731d",
      description =
          "refuse a --since more than this before the archive's first day (or today, for a new archive),"
              + " 1d to 3660d (default: ${DEFAULT-VALUE}); --force goes further back")
  String maxGap;

  @Option(
      names = "--force",
      description = "allow a --since further back than --max-gap (never before 2000-01-01)")
  boolean force;

  @Mixin NowOption nowOption;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "the site to write history_<qos>.json into (default: output of the config)")
  String out;

  @Override
  public Integer call() throws Exception {
    Context context = context();
    Settings settings =
        configOption.load(context, new Overrides(null, null, null, out, null, List.of(qos)));
    Instant at = nowOption.instant(settings.zone(), context.clock());
    Backfill backfill = new Backfill(settings, context, out(), err(), LibrarianCommand.generator());
    return exitCode(
        backfill.run(
            new Backfill.Request(since, until, chunk, sacctFile, replace, maxGap, force), at));
  }
}
