package org.librarian.pipeline;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

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
 */
public record ParseOptions(Instant now, boolean nowGiven, Instant rangeStart, Instant rangeEnd, Path sacctFile,
    String delimiter, List<String> fields, boolean dryRun, boolean debug, boolean verbose,
    boolean progress) {}
