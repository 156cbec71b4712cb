package org.librarian.slurm;

import java.io.IOException;
import java.io.Reader;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;

/**
 * Streams sacct's parsable output ({@code -P} or {@code -p}, any delimiter) into {@link JobRecord}s,
 * one row at a time. Columns are found by the header line's names, in any order, case-insensitive;
 * a file written with {@code --noheader} needs its field list given instead. Step rows are passed
 * over; a malformed row (wrong field count, a number that is not a number) is skipped and counted.
 */
public final class SacctReader {
  /** How many malformed rows are described by line number; the rest are only counted. */
  public static final int PROBLEMS_SHOWN = 5;

  /**
   * @param delimiter the field delimiter, one or more characters
   * @param fields the columns of a headerless file, or null when the first line names them
   * @param zone the zone ISO local times are read in
   */
  public record Format(String delimiter, List<String> fields, ZoneId zone) {}

  /** A malformed row: its line number in what was read, and what is wrong with it. */
  public record Problem(long line, String message) {
    @Override
    public String toString() {
      return "line " + line + ": " + message;
    }
  }

  /** What a read saw: data rows, step rows passed over, malformed rows and the first few problems. */
  public record Stats(long rowsRead, long steps, long malformed, List<Problem> problems) {
    public static final Stats NONE = new Stats(0, 0, 0, List.of());

    /** The stats of two consecutive parts of one input; {@code linesBefore} is the line count of the first. */
    public Stats plus(Stats later, long linesBefore) {
      List<Problem> all = new ArrayList<>(problems);
      for (Problem p : later.problems()) {
        if (all.size() < PROBLEMS_SHOWN) {
          all.add(new Problem(p.line() + linesBefore, p.message()));
        }
      }
      return new Stats(rowsRead + later.rowsRead, steps + later.steps, malformed + later.malformed, List.copyOf(all));
    }
  }

  private SacctReader() {}

  public static Stats read(Reader in, Format format, Consumer<JobRecord> sink)
      throws IOException, SacctFormatException {
    CSVFormat csv = CSVFormat.DEFAULT.builder()
        .setDelimiter(format.delimiter())
        .setQuote(null)
        .setEscape(null)
        .setRecordSeparator("\n")
        .setIgnoreEmptyLines(true)
        .setCommentMarker('#')
        .setTrim(false)
        .get();
    try (CSVParser parser = CSVParser.builder().setReader(in).setFormat(csv).get()) {
      Iterator<CSVRecord> records = parser.iterator();
      Columns columns;
      CSVRecord pending = null;
      if (format.fields() != null) {
        columns = Columns.of(format.fields());
        if (records.hasNext()) {
          CSVRecord first = records.next();
          // A header line in a file whose fields were also given is passed over, not counted as data.
          if (!Columns.looksLikeHeader(first)) {
            pending = first;
          }
        }
      } else {
        if (!records.hasNext()) {
          return Stats.NONE;
        }
        CSVRecord header = records.next();
        if (!Columns.looksLikeHeader(header)) {
          throw new SacctFormatException("line " + parser.getCurrentLineNumber()
              + " is not a header naming the fields (such as JobID" + format.delimiter() + "User"
              + format.delimiter() + "Start...); for output written with --noheader, name the fields"
              + " with --fields, or check the delimiter (--delimiter)");
        }
        columns = Columns.of(header.toList());
      }
      RowReader rows = new RowReader(columns, format.zone());
      long read = 0;
      long steps = 0;
      long malformed = 0;
      List<Problem> problems = new ArrayList<>();
      while (pending != null || records.hasNext()) {
        CSVRecord record = pending != null ? pending : records.next();
        pending = null;
        read++;
        try {
          JobRecord job = rows.toJob(record);
          if (job == null) {
            steps++;
          } else {
            sink.accept(job);
          }
        } catch (MalformedRow e) {
          malformed++;
          if (problems.size() < PROBLEMS_SHOWN) {
            problems.add(new Problem(parser.getCurrentLineNumber(), e.getMessage()));
          }
        }
      }
      return new Stats(read, steps, malformed, List.copyOf(problems));
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Positions of the columns we use; -1 when absent. */
  private record Columns(int count, boolean trailing, int jobId, int user, int state, int start,
      int end, int elapsedRaw, int cpus, int allocTres, int reqMem, int nodes) {

    static final List<String> KNOWN = List.of("JOBID", "JOBIDRAW", "USER", "STATE", "START", "END",
        "SUBMIT", "NCPUS", "ALLOCCPUS", "ALLOCTRES", "REQMEM", "ELAPSEDRAW", "ACCOUNT", "QOS");

    static boolean looksLikeHeader(CSVRecord record) {
      int known = 0;
      for (String name : record) {
        if (KNOWN.contains(name.strip().toUpperCase(Locale.ROOT))) {
          known++;
        }
      }
      return known >= 2;
    }

    static Columns of(List<String> names) throws SacctFormatException {
      List<String> list = new ArrayList<>(names);
      boolean trailing = !list.isEmpty() && list.get(list.size() - 1).isBlank();
      if (trailing) {
        list.remove(list.size() - 1);
      }
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < list.size(); i++) {
        // sacct may print a width suffix in a header made from --format=JobName%30; keep the name.
        String key = list.get(i).strip().toUpperCase(Locale.ROOT).replaceAll("%\\d*$", "");
        index.putIfAbsent(key, i);
      }
      int user = index.getOrDefault("USER", -1);
      int start = index.getOrDefault("START", -1);
      int cpus = index.getOrDefault("NCPUS", index.getOrDefault("ALLOCCPUS", -1));
      int tres = index.getOrDefault("ALLOCTRES", -1);
      List<String> missing = new ArrayList<>();
      if (user < 0) {
        missing.add("User");
      }
      if (start < 0) {
        missing.add("Start");
      }
      if (cpus < 0 && tres < 0) {
        missing.add("NCPUS (or AllocCPUS, or AllocTRES)");
      }
      if (!missing.isEmpty()) {
        throw new SacctFormatException("the sacct output has no " + String.join(", no ", missing)
            + " column; its fields are: " + String.join(",", list));
      }
      return new Columns(list.size(), trailing,
          index.getOrDefault("JOBID", index.getOrDefault("JOBIDRAW", -1)), user,
          index.getOrDefault("STATE", -1), start, index.getOrDefault("END", -1),
          index.getOrDefault("ELAPSEDRAW", -1), cpus, tres, index.getOrDefault("REQMEM", -1),
          index.getOrDefault("NNODES", index.getOrDefault("ALLOCNODES", -1)));
    }
  }

  private static final class MalformedRow extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRow(String message) {
      super(message, null, false, false);
    }
  }

  /** Turns one row into a job; null for a step row. */
  private static final class RowReader {
    private final Columns c;
    private final ZoneId zone;

    RowReader(Columns columns, ZoneId zone) {
      this.c = columns;
      this.zone = zone;
    }

    JobRecord toJob(CSVRecord r) throws MalformedRow {
      int size = r.size();
      boolean sizeOk = size == c.count()
          || (size == c.count() + 1 && r.get(c.count()).isEmpty());
      if (!sizeOk) {
        throw new MalformedRow("expected " + c.count() + " fields, found " + size);
      }
      String jobId = c.jobId() >= 0 ? r.get(c.jobId()) : "";
      String user = r.get(c.user()).strip();
      if (jobId.indexOf('.') >= 0 || (user.isEmpty() && c.jobId() >= 0)) {
        return null;
      }
      if (user.isEmpty()) {
        throw new MalformedRow("no User");
      }
      String field = "";
      try {
        field = "State";
        JobState state = c.state() >= 0 ? JobState.parse(r.get(c.state())) : JobState.OTHER;
        field = "Start";
        long start = SlurmTime.parse(r.get(c.start()), zone);
        field = "End";
        long end = c.end() >= 0 ? SlurmTime.parse(r.get(c.end()), zone) : JobRecord.UNKNOWN;
        field = "ElapsedRaw";
        long elapsed = c.elapsedRaw() >= 0 ? optionalLong(r.get(c.elapsedRaw())) : JobRecord.UNKNOWN;
        field = "AllocTRES";
        TresParser.Tres tres = c.allocTres() >= 0 ? TresParser.parse(r.get(c.allocTres())) : TresParser.EMPTY;
        field = "NCPUS";
        long cpus = c.cpus() >= 0 ? optionalLong(r.get(c.cpus())) : JobRecord.UNKNOWN;
        if (cpus == JobRecord.UNKNOWN) {
          cpus = Math.max(tres.cpus(), 0);
        }
        long gpus = Math.max(tres.gpus(), 0);
        field = "ReqMem";
        long memory = tres.memoryKib();
        if (memory < 0 && c.reqMem() >= 0) {
          long nodes = c.nodes() >= 0 ? lenientLong(r.get(c.nodes())) : -1;
          if (nodes < 0) {
            nodes = Math.max(tres.nodes(), 1);
          }
          String req = r.get(c.reqMem());
          memory = req.isBlank() ? 0 : MemorySize.reqMemTotalKib(req, cpus, nodes);
          if (memory < 0) {
            throw new NumberFormatException("'" + req + "' is not a memory size");
          }
        }
        return new JobRecord(jobId, user, state, start, end, elapsed, cpus, gpus, Math.max(memory, 0));
      } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
        throw new MalformedRow(field + ": " + e.getMessage());
      }
    }

    private static long optionalLong(String text) {
      String s = text.strip();
      if (s.isEmpty() || s.equals("Unknown")) {
        return JobRecord.UNKNOWN;
      }
      long v = Long.parseLong(s);
      if (v < 0) {
        throw new NumberFormatException("negative value " + v);
      }
      return v;
    }

    private static long lenientLong(String text) {
      try {
        return Long.parseLong(text.strip());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }

  /** The field names librarian asks sacct for; none of them can contain the delimiter. */
  public static List<String> requestedFields() {
    return Arrays.asList("JobID", "JobIDRaw", "User", "Account", "QOS", "State", "Submit", "Start",
        "End", "ElapsedRaw", "NCPUS", "NNodes", "ReqMem", "AllocTRES");
  }
}
