package org.librarian.slurm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.Request;
import org.librarian.usage.StepRecord;

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
  public record Format(String delimiter, List<String> fields, ZoneId zone) {
    /** Output with a header line. */
    public static Format of(String delimiter, ZoneId zone) {
      return new Format(delimiter, null, zone);
    }
  }

  /** A malformed row: its line number in what was read, its QOS field when it could be read (else null), and what is wrong. */
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

  /** What a read saw: data rows, step rows passed over, malformed rows and the first few problems. */
  public record Stats(long rowsRead, long steps, long malformed, List<Problem> problems) {
    public static final Stats NONE = new Stats(0, 0, 0, List.of());

    /** The stats of two consecutive parts of one input; {@code linesBefore} is the line count of the first. */
    public Stats plus(Stats later, long linesBefore) {
      List<Problem> all = new ArrayList<>(problems);
      for (Problem p : later.problems()) {
        if (all.size() < PROBLEMS_SHOWN) {
          all.add(new Problem(p.line() + linesBefore, p.qos(), p.message()));
        }
      }
      return new Stats(rowsRead + later.rowsRead, steps + later.steps, malformed + later.malformed, List.copyOf(all));
    }
  }

  /**
   * Largest values of one job that any real cluster could allocate; a row beyond them is skipped as
   * malformed, so one absurd row cannot push the sums past what a long holds.
   */
  public static final long MAX_CPUS = 1L << 24;
  public static final long MAX_GPUS = 1L << 20;
  public static final long MAX_MEMORY_KIB = 1L << 40;

  /** Receives what a read finds, row by row, in input order. */
  public interface Sink {
    /** An allocation row: its record, and its line as read (for the cache of finished jobs). */
    void job(JobRecord job, String line);

    /** A row skipped as malformed; {@code qos} is its QOS field when that could be read, else null. */
    default void malformed(String qos) {}

    /** A step row ({@code 123.batch}): passed over for usage, read for efficiency. */
    default void step(StepRecord step, String line) {}

    /** A line starting with {@code #}, which is not data. */
    default void comment(String line) {}
  }

  /** A sink that only wants the records. */
  public static Sink records(Consumer<JobRecord> records) {
    return (job, line) -> records.accept(job);
  }

  private SacctReader() {}

  /** Where the lines come from. */
  private interface Lines {
    /** The next line, null at the end. */
    String next() throws IOException;

    /** Whether the last line had bytes that are not UTF-8. */
    default boolean invalid() {
      return false;
    }
  }

  public static Stats read(Reader in, Format format, Consumer<JobRecord> sink)
      throws IOException, SacctFormatException {
    return readAll(in, format, records(sink));
  }

  /** Every row: job records and steps. */
  public static Stats readAll(Reader in, Format format, Sink sink) throws IOException, SacctFormatException {
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
    return read(lines::readLine, format, sink);
  }

  /**
   * Reads UTF-8 bytes, the quicker way for files: an ASCII line becomes a String without decoding.
   * A row with bytes that are not UTF-8 is skipped as malformed, with its line number.
   */
  public static Stats read(java.io.InputStream in, Format format, Sink sink)
      throws IOException, SacctFormatException {
    Utf8Lines utf8 = new Utf8Lines(in);
    return read(new Lines() {
      @Override
      public String next() throws IOException {
        return utf8.next();
      }

      @Override
      public boolean invalid() {
        return utf8.lastLineInvalid();
      }
    }, format, sink);
  }

  private static Stats read(Lines lines, Format format, Sink sink)
      throws IOException, SacctFormatException {
    // sacct -P has no quoting and no escapes: a row is its line cut at every delimiter. Empty lines
    // and lines starting with '#' (such as --debug's command line) are passed over.
    Fields row = new Fields(format.delimiter());
    long lineNumber = 0;
    String line;
    Columns columns = null;
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
        line = line.substring(1);  // a byte-order mark some editors put before the header
      }
      row.split(line);
      if (format.fields() != null) {
        columns = Columns.of(format.fields());
        // A header line in a file whose fields were also given is passed over, not counted as data.
        pending = !Columns.looksLikeHeader(row);
      } else if (Columns.looksLikeHeader(row)) {
        columns = Columns.of(row.toList());
      } else {
        throw new SacctFormatException("line " + lineNumber
            + " is not a header naming the fields (such as JobID" + format.delimiter() + "User"
            + format.delimiter() + "Start...); for output written with --noheader, name the fields"
            + " with --fields, or check the delimiter (--delimiter); it starts: "
            + Problem.printable(line.length() > 60 ? line.substring(0, 60) + "..." : line));
      }
    }
    if (columns == null) {
      if (format.fields() == null) {
        // sacct -P always prints its header: nothing at all is a cut-off answer or the wrong file.
        throw new SacctFormatException("there is no header line naming the fields: the input is empty");
      }
      return Stats.NONE;
    }
    RowReader rows = new RowReader(columns, format.zone());
    String current = pending ? lineOf(row) : null;
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
          sink.comment(line);
          continue;
        }
        row.split(line);
        current = line;
      }
      read++;
      try {
        if (lines.invalid()) {
          throw new MalformedRow("bytes that are not UTF-8");
        }
        JobRecord job = rows.toJob(row);
        if (job == null) {
          steps++;
          sink.step(rows.toStep(row), current);
        } else {
          sink.job(job, current);
        }
      } catch (MalformedRow e) {
        malformed++;
        sink.malformed(rows.qosOf(row));
        if (problems.size() < PROBLEMS_SHOWN) {
          problems.add(new Problem(lineNumber, rows.qosOf(row), e.getMessage()));
        }
      }
    }
    return new Stats(read, steps, malformed, List.copyOf(problems));
  }

  /** The names on the first line of a file that is not empty or a comment. */
  public static List<String> headerOf(java.nio.file.Path file, String delimiter) throws IOException {
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      Utf8Lines lines = new Utf8Lines(in);
      for (String line = lines.next(); line != null; line = lines.next()) {
        if (!line.isEmpty() && line.charAt(0) != '#') {
          Fields row = new Fields(delimiter);
          row.split(line.charAt(0) == '\uFEFF' ? line.substring(1) : line);
          return row.toList();
        }
      }
    }
    return List.of();
  }

  private static String lineOf(Fields row) {
    return row.line;
  }

  /** One line cut at the delimiter; a field is made into a String only when asked for. */
  static final class Fields {
    private final String delimiter;
    private final char single;
    private String line = "";
    private int[] starts = new int[32];
    private int[] ends = new int[32];
    private int count;

    Fields(String delimiter) {
      this.delimiter = delimiter;
      this.single = delimiter.length() == 1 ? delimiter.charAt(0) : 0;
    }

    void split(String text) {
      line = text;
      count = 0;
      int from = 0;
      while (true) {
        int at = single != 0 ? text.indexOf(single, from) : text.indexOf(delimiter, from);
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, count * 2);
          ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = from;
        ends[count] = at < 0 ? text.length() : at;
        count++;
        if (at < 0) {
          return;
        }
        from = at + delimiter.length();
      }
    }

    int size() {
      return count;
    }

    String get(int i) {
      return line.substring(starts[i], ends[i]);
    }

    boolean isEmpty(int i) {
      return starts[i] == ends[i];
    }

    List<String> toList() {
      List<String> all = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        all.add(get(i));
      }
      return all;
    }
  }

  /** Positions of the columns we use; -1 when absent. */
  private record Columns(int count, boolean trailing, int jobId, int user, int qos, int state, int start,
      int end, int elapsedRaw, int cpus, int allocTres, int reqMem, int nodes, int totalCpu, int maxRss,
      int tresUsageInTot, int tresUsageInAve, int eligible, int reqCpus, int reqTres, int reason, int partition) {

    static final List<String> KNOWN = List.of("JOBID", "JOBIDRAW", "USER", "STATE", "START", "END",
        "SUBMIT", "NCPUS", "ALLOCCPUS", "ALLOCTRES", "REQMEM", "ELAPSEDRAW", "ACCOUNT", "QOS");

    static boolean looksLikeHeader(Fields row) {
      int known = 0;
      for (int i = 0; i < row.size(); i++) {
        if (KNOWN.contains(row.get(i).strip().toUpperCase(Locale.ROOT))) {
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
          index.getOrDefault("JOBID", index.getOrDefault("JOBIDRAW", -1)), user, index.getOrDefault("QOS", -1),
          index.getOrDefault("STATE", -1), start, index.getOrDefault("END", -1),
          index.getOrDefault("ELAPSEDRAW", -1), cpus, tres, index.getOrDefault("REQMEM", -1),
          index.getOrDefault("NNODES", index.getOrDefault("ALLOCNODES", -1)), index.getOrDefault("TOTALCPU", -1),
          index.getOrDefault("MAXRSS", -1), index.getOrDefault("TRESUSAGEINTOT", -1),
          index.getOrDefault("TRESUSAGEINAVE", -1), index.getOrDefault("ELIGIBLE", -1), index.getOrDefault("REQCPUS", -1),
          index.getOrDefault("REQTRES", -1), index.getOrDefault("REASON", -1), index.getOrDefault("PARTITION", -1));
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

    /**
     * A step row (its size already checked): what it used. Its fields are read leniently: a step's
     * odd value costs only that value, never the row or its job's usage.
     */
    StepRecord toStep(Fields r) {
      String id = r.get(c.jobId());
      String parent = id.substring(0, id.indexOf('.'));
      long cpu;
      try {
        cpu = c.totalCpu() >= 0 ? SlurmTime.durationMillis(r.get(c.totalCpu())) : JobRecord.UNKNOWN;
      } catch (NumberFormatException e) {
        cpu = JobRecord.UNKNOWN;
      }
      long mem = c.tresUsageInTot() >= 0 ? TresParser.usageMemoryKib(r.get(c.tresUsageInTot())) : -1;
      if (mem < 0 && c.maxRss() >= 0) {
        mem = MemorySize.parseKib(r.get(c.maxRss()));
      }
      double gpu = c.tresUsageInAve() >= 0 ? TresParser.usageGpuUtil(r.get(c.tresUsageInAve())) : Double.NaN;
      return new StepRecord(parent, cpu, mem, gpu);
    }

    /** The row's QOS field when the row has one where the header says, else null. */
    String qosOf(Fields r) {
      return c.qos() >= 0 && c.qos() < r.size() ? r.get(c.qos()).strip() : null;
    }

    JobRecord toJob(Fields r) throws MalformedRow {
      int size = r.size();
      boolean sizeOk = size == c.count()
          || (size == c.count() + 1 && r.isEmpty(c.count()));
      if (!sizeOk) {
        throw new MalformedRow("expected " + c.count() + " fields, found " + size);
      }
      String jobId = c.jobId() >= 0 ? r.get(c.jobId()) : "";
      String user = r.get(c.user()).strip();
      if (jobId.indexOf('.') >= 0) {
        return null;
      }
      if (user.isEmpty()) {
        throw new MalformedRow("no User");
      }
      for (int i = 0; i < user.length(); i++) {
        if (Character.isISOControl(user.charAt(i))) {
          throw new MalformedRow("User '" + Problem.printable(user) + "' has a control character");
        }
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
        memory = Math.max(memory, 0);
        if (cpus > MAX_CPUS || gpus > MAX_GPUS || memory > MAX_MEMORY_KIB) {
          throw new MalformedRow("more than any job can hold: " + cpus + " CPUs, " + gpus + " GPUs, "
              + (memory >> 20) + " GB (at most " + MAX_CPUS + " CPUs, " + MAX_GPUS + " GPUs, "
              + (MAX_MEMORY_KIB >> 20) + " GB)");
        }
        if (start != JobRecord.UNKNOWN && end != JobRecord.UNKNOWN && end < start) {
          throw new MalformedRow("End is before Start");
        }
        String qos = c.qos() >= 0 ? r.get(c.qos()).strip() : "";
        field = "TotalCPU";
        long cpuUsed = c.totalCpu() >= 0 ? SlurmTime.durationMillis(r.get(c.totalCpu())) : JobRecord.UNKNOWN;
        Request request = null;
        if (c.eligible() >= 0) {
          field = "Eligible";
          long eligible = SlurmTime.parse(r.get(c.eligible()), zone);
          field = "ReqTRES";
          TresParser.Tres req = c.reqTres() >= 0 ? TresParser.parse(r.get(c.reqTres())) : TresParser.EMPTY;
          field = "ReqCPUS";
          long askCpus = c.reqCpus() >= 0 ? optionalLong(r.get(c.reqCpus())) : JobRecord.UNKNOWN;
          if (askCpus == JobRecord.UNKNOWN || askCpus == 0) {
            askCpus = c.cpus() >= 0 ? optionalLong(r.get(c.cpus())) : JobRecord.UNKNOWN;
          }
          if (askCpus == JobRecord.UNKNOWN || askCpus == 0) {
            askCpus = Math.max(req.cpus(), 0);
          }
          long askMemory = req.memoryKib();
          if (askMemory < 0 && c.reqMem() >= 0 && !r.get(c.reqMem()).isBlank()) {
            field = "ReqMem";
            long nodes = c.nodes() >= 0 ? lenientLong(r.get(c.nodes())) : -1;
            askMemory = MemorySize.reqMemTotalKib(r.get(c.reqMem()), askCpus, nodes < 0 ? Math.max(req.nodes(), 1) : nodes);
          }
          long askGpus = Math.max(req.gpus(), 0);
          askMemory = Math.max(askMemory, 0);
          if (askCpus > MAX_CPUS || askGpus > MAX_GPUS || askMemory > MAX_MEMORY_KIB) {
            throw new MalformedRow("asks for more than any job can hold: " + askCpus + " CPUs, " + askGpus + " GPUs, "
                + (askMemory >> 20) + " GB");
          }
          request = new Request(eligible, askCpus, askGpus, askMemory,
              c.reason() >= 0 ? r.get(c.reason()).strip() : "", c.partition() >= 0 ? r.get(c.partition()).strip() : "");
        }
        return new JobRecord(jobId, user, qos, state, start, end, elapsed, cpus, gpus, memory, cpuUsed, request);
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
    return FIELDS;
  }

  private static final List<String> FIELDS = List.of("JobID", "JobIDRaw", "User", "Account", "QOS", "State", "Submit",
      "Start", "End", "ElapsedRaw", "NCPUS", "NNodes", "ReqMem", "AllocTRES", "TotalCPU", "MaxRSS", "TRESUsageInTot",
      "TRESUsageInAve", "Eligible", "ReqCPUS", "ReqTRES", "Reason", "Partition");

  /** Whether a saved file's columns include QOS, so its rows can be told apart by QoS. */
  public static boolean hasQosColumn(List<String> names) {
    return names.stream().anyMatch(n -> n.strip().equalsIgnoreCase("QOS"));
  }
}
