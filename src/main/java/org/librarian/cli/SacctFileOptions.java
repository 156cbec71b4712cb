package org.librarian.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.librarian.config.ConfigException;
import org.librarian.pipeline.Collection;
import org.librarian.pipeline.Context;
import picocli.CommandLine.Option;

/**
 * {@code --start}/{@code --end} and a saved sacct output: what {@code parse} and {@code advise}
 * replay ({@link ReplayOptions} adds what only {@code parse} reads besides).
 */
final class SacctFileOptions {
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

  /** The saved sacct output, resolved against the working directory (it must exist), or null. */
  Path file(Context context) throws ConfigException {
    Path file = sacctFile == null ? null : context.workingDir().resolve(sacctFile);
    if (file != null && !Files.isRegularFile(file)) {
      throw new ConfigException("--sacct-file " + sacctFile + ": no such file");
    }
    return file;
  }

  /** sacct, or the saved file, and nothing else of Slurm's. */
  Collection.Source source(Context context, boolean full) throws ConfigException {
    return new Collection.Source(file(context), delimiter, fields, full, null, null);
  }
}
