package org.librarian.slurm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.librarian.usage.JobRecord;
import org.librarian.usage.StepRecord;

/**
 * The one reader of sacct text: streams sacct's parsable output ({@code -P} or {@code -p}, any
 * delimiter) into a {@link Sink}, one row at a time, in input order, with memory that does not grow
 * with the input. Columns are found by the header line's names ({@link SacctFields}), in any order,
 * case-insensitive; a file written with {@code --noheader} needs its field list given instead. Each
 * row goes to the sink as a job ({@link JobRecord}) or a step ({@link StepRecord}), made by {@link
 * SacctRow}; a malformed row (wrong field count, a number that is not a number) is skipped, counted
 * and, for the first {@value #PROBLEMS_SHOWN}, described with its line number. Lines starting with
 * {@code #} are comments, empty lines are passed over. Input that is not sacct text at all (no
 * header, a needed field missing) is refused whole with a {@link SacctFormatException}.
 */
public final class SacctReader {
  /** How many malformed rows are described by line number; the rest are only counted. */
  public static final int PROBLEMS_SHOWN = 5;

  /**
   * @param delimiter the field delimiter, one or more characters; null to detect it from the first
   *     line ({@link #detectDelimiter})
   * @param fields the columns of a headerless file, or null when the first line names them
   * @param zone the zone ISO local times are read in
   */
  public record Format(String delimiter, List<String> fields, ZoneId zone) {
    /** Output with a header line. */
    public static Format of(String delimiter, ZoneId zone) {
      return new Format(delimiter, null, zone);
    }
  }

  /**
   * A malformed row: its line number in what was read (from 1), its QOS field when it could be read
   * (else null), and what is wrong.
   */
  public record Problem(long line, String qos, String message) {
    @Override
    public String toString() {
      return "line " + line + ": " + message;
    }

    /** The text with control characters (NUL, a byte-order mark, escapes) shown as \\uXXXX. */
    static String printable(String text) {
      StringBuilder sb = new StringBuilder(text.length());
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isISOControl(c) || c == '\uFEFF') {
          sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
        } else {
          sb.append(c);
        }
      }
      return sb.toString();
    }
  }

  /**
   * What a read saw: data rows, step rows passed over, malformed rows and the first few problems.
   */
  public record Stats(long rowsRead, long steps, long malformed, List<Problem> problems) {
    public static final Stats NONE = new Stats(0, 0, 0, List.of());

    /**
     * The stats of two consecutive parts of one input; {@code linesBefore} is the line count of the
     * first.
     */
    public Stats plus(Stats later, long linesBefore) {
      List<Problem> all = new ArrayList<>(problems);
      for (Problem p : later.problems()) {
        if (all.size() < PROBLEMS_SHOWN) {
          all.add(new Problem(p.line() + linesBefore, p.qos(), p.message()));
        }
      }
      return new Stats(
          rowsRead + later.rowsRead,
          steps + later.steps,
          malformed + later.malformed,
          List.copyOf(all));
    }
  }

  /** Receives what a read finds, row by row, in input order. */
  public interface Sink {
    /** An allocation row. */
    void job(JobRecord job);

    /**
     * A row skipped as malformed; {@code qos} is its QOS field when that could be read, else null.
     */
    default void malformed(String qos) {}

    /** A step row ({@code 123.batch}): passed over for usage, read for efficiency. */
    default void step(StepRecord step) {}

    /**
     * Says that each job record given from now on is of a run no record before it was of, and that
     * no two of them are of the same run: a sink that looks for repeated runs may leave that out
     * from here on (a cache base known to hold each run once, read last).
     */
    default void newRunsOnly() {}
  }

  /** A sink that only wants the records. */
  public static Sink records(Consumer<JobRecord> records) {
    return records::accept;
  }

  private SacctReader() {}

  /** Where the lines come from: a {@link BufferedReader}, or {@link Utf8Lines} over bytes. */
  private interface Lines {
    /** The next line, null at the end. */
    String next() throws IOException;

    /** Whether the last line had bytes that are not UTF-8. */
    default boolean invalid() {
      return false;
    }
  }

  /** The job records only: steps and comments are passed over. */
  public static Stats read(Reader in, Format format, Consumer<JobRecord> sink)
      throws IOException, SacctFormatException {
    return readAll(in, format, records(sink));
  }

  /** Every row: job records and steps. */
  public static Stats readAll(Reader in, Format format, Sink sink)
      throws IOException, SacctFormatException {
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
    return read(lines::readLine, format, sink);
  }

  /**
   * Reads UTF-8 bytes, the quicker way for files: an ASCII line becomes a String without decoding.
   * A row with bytes that are not UTF-8 is skipped as malformed, with its line number.
   */
  public static Stats read(InputStream in, Format format, Sink sink)
      throws IOException, SacctFormatException {
    Utf8Lines utf8 = new Utf8Lines(in);
    return read(
        new Lines() {
          @Override
          public String next() throws IOException {
            return utf8.next();
          }

          @Override
          public boolean invalid() {
            return utf8.lastLineInvalid();
          }
        },
        format,
        sink);
  }

  private static Stats read(Lines lines, Format format, Sink sink)
      throws IOException, SacctFormatException {
    // sacct -P has no quoting and no escapes: a row is its line cut at every delimiter. Empty lines
    // and lines starting with '#' (such as --debug's command line) are passed over.
    SacctLine row = null;
    String delimiter = format.delimiter();
    long lineNumber = 0;
    String line;
    SacctFields columns = null;
    boolean pending = false;
    while (columns == null && (line = lines.next()) != null) {
      lineNumber++;
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      if (lines.invalid()) {
        throw new SacctFormatException("line " + lineNumber + " has bytes that are not UTF-8");
      }
      if (lineNumber == 1 && line.charAt(0) == '\uFEFF') {
        line = line.substring(1); // a byte-order mark some editors put before the header
      }
      if (delimiter == null) {
        delimiter = detectDelimiter(line);
      }
      row = new SacctLine(delimiter);
      row.split(line);
      if (format.fields() != null) {
        columns = SacctFields.of(format.fields());
        // A header line in a file whose fields were also given is passed over, not counted as data.
        pending = !SacctFields.looksLikeHeader(row);
      } else if (SacctFields.looksLikeHeader(row)) {
        columns = SacctFields.of(row.toList());
      } else {
        throw new SacctFormatException(
            "line "
                + lineNumber
                + " is not a header naming the fields (such as JobID"
                + delimiter
                + "User"
                + delimiter
                + "Start...); for output written with --noheader, name the fields"
                + " with --fields, or check the delimiter (--delimiter); it starts: "
                + Problem.printable(line.length() > 60 ? line.substring(0, 60) + "..." : line));
      }
    }
    if (columns == null) {
      if (format.fields() == null) {
        // sacct -P always prints its header: nothing at all is a cut-off answer or the wrong file.
        throw new SacctFormatException(
            "there is no header line naming the fields: the input is empty");
      }
      return Stats.NONE;
    }
    SacctRow rows = new SacctRow(columns, format.zone());
    long read = 0;
    long steps = 0;
    long malformed = 0;
    List<Problem> problems = new ArrayList<>();
    while (true) {
      if (pending) {
        pending = false;
      } else {
        line = lines.next();
        if (line == null) {
          break;
        }
        lineNumber++;
        if (line.isEmpty()) {
          continue;
        }
        if (line.charAt(0) == '#') {
          continue;
        }
        row.split(line);
      }
      read++;
      try {
        if (lines.invalid()) {
          throw new SacctRow.Malformed("bytes that are not UTF-8");
        }
        JobRecord job = rows.toJob(row);
        if (job == null) {
          steps++;
          sink.step(rows.toStep(row));
        } else {
          sink.job(job);
        }
      } catch (SacctRow.Malformed e) {
        malformed++;
        sink.malformed(rows.qosOf(row));
        if (problems.size() < PROBLEMS_SHOWN) {
          problems.add(new Problem(lineNumber, rows.qosOf(row), e.getMessage()));
        }
      }
    }
    return new Stats(read, steps, malformed, List.copyOf(problems));
  }

  /**
   * The names on the first line of a file that is not empty or a comment; a null delimiter is
   * detected from that line.
   */
  public static List<String> headerOf(Path file, String delimiter) throws IOException {
    String line = firstLine(file);
    if (line == null) {
      return List.of();
    }
    SacctLine row = new SacctLine(delimiter != null ? delimiter : detectDelimiter(line));
    row.split(line);
    return row.toList();
  }

  /** The delimiter of a file, detected from its first line that is not empty or a comment. */
  public static String delimiterOf(Path file) throws IOException {
    String line = firstLine(file);
    return detectDelimiter(line == null ? "" : line);
  }

  /**
   * The unit separator ({@code \x1f}, what librarian asks sacct for since job names are read) when
   * the line holds one, else {@code |} (sacct's own default, and every file saved before): a job
   * name can hold {@code |} but never a control character.
   */
  public static String detectDelimiter(String firstLine) {
    return firstLine.indexOf('\u001f') >= 0 ? SacctQuery.DELIMITER : "|";
  }

  private static String firstLine(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      Utf8Lines lines = new Utf8Lines(in);
      for (String line = lines.next(); line != null; line = lines.next()) {
        if (!line.isEmpty() && line.charAt(0) != '#') {
          return line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
        }
      }
    }
    return null;
  }

  /**
   * The field names librarian asks sacct for; only JobName can hold {@code |}, and none a control
   * character such as the delimiter.
   */
  public static List<String> requestedFields() {
    return SacctFields.REQUESTED;
  }

  /** Whether a saved file's columns include QOS, so its rows can be told apart by QoS. */
  public static boolean hasQosColumn(List<String> names) {
    return SacctFields.hasQos(names);
  }
}
