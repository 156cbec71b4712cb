package org.librarian.pipeline;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.librarian.output.ChartFiles;

/**
 * How one {@code parse} runs, beyond the settings.
 *
 * @param now the instant usage is counted up to
 * @param rangeStart start of a fixed backfill range, or null for the rolling window
 * @param rangeEnd end of the backfill range (exclusive), or null
 * @param sacctFile saved sacct output to read instead of running sacct, or null
 * @param delimiter the delimiter of the saved file
 * @param fields the columns of a headerless saved file, or null
 * @param nowGiven whether now was given (--now) rather than read from the clock
 * @param full ask sacct for the whole window even when a cache of finished jobs would do
 */
public record ParseOptions(Instant now, boolean nowGiven, Instant rangeStart, Instant rangeEnd, Path sacctFile,
    String delimiter, List<String> fields, boolean dryRun, boolean debug, boolean verbose,
    boolean progress, Set<ChartFiles.Format> plots, int plotWidth, int plotHeight, boolean full) {

  /** No plots: the options of a run that writes only JSON. */
  public ParseOptions withoutPlots() {
    return new ParseOptions(now, nowGiven, rangeStart, rangeEnd, sacctFile, delimiter, fields, dryRun, debug, verbose,
        progress, Set.of(), plotWidth, plotHeight, full);
  }
}
