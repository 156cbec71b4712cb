package org.librarian.slurm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.librarian.common.AtomicFile;
import org.librarian.usage.JobRecord;
import org.librarian.usage.StepRecord;

/**
 * The finished runs of one cluster's jobs in a set of QoS, kept as the records they were parsed
 * into ({@link CacheRecords}), so that a run asks sacct only for what changed since the previous
 * one and reads the rest back without parsing sacct text again. Two gzipped files (deflate level
 * {@value #LEVEL}), streamed both ways (memory does not grow with the number of jobs):
 *
 * <ul>
 *   <li>the <em>base</em> ({@code <qos>.sacct.gz}), written by a full query, and again when the
 *       recent file has grown to a quarter of its size ({@value #COMPACT_AT}); read by every run,
 *       rewritten by few;
 *   <li>the <em>recent</em> file ({@code <qos>.recent.gz}), rewritten by every incremental run: the
 *       finished runs sacct gave since the base was written. Where a run is in both, the recent
 *       copy is the newer one and wins; a run sacct gives again wins over both.
 * </ul>
 *
 * At a centre's scale (5,000,000 jobs) the base is 194 MB of records: decoding it is needed every
 * run, but encoding and deflating it again every run was about 10 s of CPU time.
 *
 * <pre>
 * # librarian sacct cache version=5 kind=base id=ID cluster=C qos=a+b queried=EPOCH full=EPOCH once=1 fields=JobID,...
 * J ... S ... S ... J ...       finished runs (a final state, End known and inside the window),
 *                               each followed by its steps
 * E open-keys N CRC-32          the runs that had started but not ended at the query, the row
 *                               count and the checksum: a file without them was cut short
 * </pre>
 *
 * The first line is text, a gzip member of its own, stored rather than compressed ({@link
 * StoredGzip}); the rest is binary, in a second member. {@code once=1} says that no two of a base's
 * job records are of the same run (JobID and Start): it is set in place once the file is complete
 * ({@link RunHashes}), and lets an incremental run read the base's runs without looking each up
 * among those already counted. A file without it (a recent file, or a base of an earlier build) is
 * read as every file was. A recent file says {@code kind=recent} and the id of the base it adds to:
 * a recent file whose base has since been replaced (by a full query, or a run killed after it wrote
 * a new base) is passed over. {@code full} is when the last full query was made, for the daily
 * reconciliation. Anything unexpected (another version, cluster, QoS set or field list, a short or
 * corrupt file) makes the caller fall back to a full query, which rewrites the cache: never wrong
 * numbers.
 */
final class SacctCache {
  static final int VERSION = 5;

  /**
   * The recent file is folded into a new base once it is this fraction of the base's size (the
   * gzipped bytes of each): past that, reading it and its copies in the base costs more than
   * writing the base again.
   */
  static final double COMPACT_AT = 0.25;

  /**
   * Deflate level 1: on the benchmark's cache of a million jobs (104 MB of records), level 1 wrote
   * 36.8 MB in 1.3 s of CPU, level 6 34.1 MB in 2.9 s; reading took 0.3 s either way. Written
   * without compression it would be 2.8 times as large, rewritten every run.
   */
  static final int LEVEL = 1;

  private static final String MAGIC = "# librarian sacct cache";

  /** The two kinds of file: a base, and the recent runs that add to one. */
  enum Kind {
    BASE,
    RECENT;

    String text() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What the first line of a file that fits says: when its query was made, when the last full one
   * was, its kind and the id of its base (a base's own id, or the base a recent file adds to).
   */
  record Meta(long queried, long full, Kind kind, String id, boolean once) {}

  /** A cache that fits: its base, and the recent file when there is one that adds to that base. */
  record Found(Path file, Meta base, Path recentFile, Meta recent) {
    /** When the last query was made: the recent file's, else the base's. */
    long queried() {
      return recent != null ? recent.queried() : base.queried();
    }

    long full() {
      return base.full();
    }

    /** Whether this run writes a new base rather than a recent file ({@link #COMPACT_AT}). */
    boolean compact() {
      try {
        return recent != null && Files.size(recentFile) >= COMPACT_AT * Files.size(file);
      } catch (IOException e) {
        return true; // the new base leaves no recent file behind
      }
    }
  }

  private SacctCache() {}

  /** The cache file of a cluster (or the local one) and a set of QoS under the state directory. */
  static Path file(Path stateDir, String cluster, List<String> qos) {
    return stateDir
        .resolve("cache")
        .resolve(cluster == null ? "local" : cluster)
        .resolve(String.join("+", qos.stream().sorted().toList()) + ".sacct.gz");
  }

  /** The recent file beside a base. */
  static Path recentFile(Path base) {
    String name = base.getFileName().toString();
    return base.resolveSibling(
        name.substring(0, name.length() - ".sacct.gz".length()) + ".recent.gz");
  }

  /**
   * The cache of this cluster, QoS set and field list: a base that fits, with the recent file when
   * one fits it (of the same base id, its query no earlier); null without a base that fits.
   */
  static Found find(Path file, String cluster, List<String> qos, List<String> fields) {
    Meta base = meta(file, cluster, qos, fields);
    if (base == null || base.kind() != Kind.BASE) {
      return null;
    }
    Path recentFile = recentFile(file);
    Meta recent = meta(recentFile, cluster, qos, fields);
    boolean fits =
        recent != null
            && recent.kind() == Kind.RECENT
            && recent.id().equals(base.id())
            && recent.full() == base.full()
            && recent.queried() >= base.queried();
    return new Found(file, base, fits ? recentFile : null, fits ? recent : null);
  }

  /** The meta line of a file that fits this cluster, QoS set and field list, or null. */
  static Meta meta(Path file, String cluster, List<String> qos, List<String> fields) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      Map<String, String> meta = parse(firstLine(in));
      if (meta == null
          || !String.valueOf(VERSION).equals(meta.get("version"))
          || !String.valueOf(cluster).equals(meta.get("cluster"))
          || !String.join("+", qos.stream().sorted().toList()).equals(meta.get("qos"))
          || !String.join(",", fields).equals(meta.get("fields"))) {
        return null;
      }
      Kind kind =
          Kind.BASE.text().equals(meta.get("kind"))
              ? Kind.BASE
              : Kind.RECENT.text().equals(meta.get("kind")) ? Kind.RECENT : null;
      String id = meta.get("id");
      if (kind == null || id == null || id.isEmpty()) {
        return null;
      }
      return new Meta(
          Long.parseLong(meta.get("queried")),
          Long.parseLong(meta.get("full")),
          kind,
          id,
          "1".equals(meta.get("once")));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Reads the cached runs that {@code keep} accepts into the sink, each followed by its steps.
   * Returns the runs that were open at the cached query, or null when the file turns out to be
   * corrupt or cut short (then the caller throws away what the sink got).
   */
  static Set<String> read(Path file, Predicate<JobRecord> keep, SacctReader.Sink sink) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
      if (parse(firstLine(in)) == null) {
        return null;
      }
      CacheRecords.Reader records = new CacheRecords.Reader(in);
      long rows = 0;
      boolean kept = false;
      for (byte tag = records.next(); tag != CacheRecords.END; tag = records.next()) {
        rows++;
        if (tag == CacheRecords.JOB) {
          JobRecord job = records.job();
          kept = keep.test(job);
          if (kept) {
            sink.job(job);
          }
        } else {
          StepRecord step = records.step();
          if (kept) {
            sink.step(step);
          }
        }
      }
      return new HashSet<>(records.end(rows));
    } catch (IOException | RuntimeException e) {
      return null; // a stream cut short, a byte changed: corrupt
    }
  }

  /**
   * A new cache being written: the finished runs that end inside the window, and the keys of the
   * runs that had started but not ended (a pending job needs no watching: once it starts, it is
   * active after the previous query and sacct returns it). Nothing is visible until {@link
   * #commit()}. What is kept is encoded and compressed on a thread of its own ({@link Behind}), so
   * the reading of sacct or of the previous cache goes on meanwhile: that was a seventh of a
   * centre's incremental run on its main thread.
   */
  static final class Builder implements AutoCloseable {
    private final AtomicFile.Pending file;
    private final GZIPOutputStream gzip;
    private final CacheRecords.Writer out;
    private final Behind behind;
    private final long windowStart;
    private final Set<String> open = new LinkedHashSet<>();
    private long rows;
    private String lastKept;

    /** The first line up to its {@code once} value, and after it. */
    private final String before;

    private final String after;

    /** A base's runs, to say whether each is held once; null for a recent file. */
    private final RunHashes runs;

    /**
     * A new cache file: with {@code addsTo} null, a base at {@code base} with an id of its own;
     * else the recent file beside {@code base}, adding to the base of that id.
     */
    Builder(
        Path base,
        String addsTo,
        String cluster,
        List<String> qos,
        List<String> fields,
        long queried,
        long full,
        long windowStart)
        throws IOException {
      Kind kind = addsTo == null ? Kind.BASE : Kind.RECENT;
      String id = addsTo == null ? newId() : addsTo;
      Path path = addsTo == null ? base : recentFile(base);
      this.file = AtomicFile.open(path);
      this.windowStart = windowStart;
      this.before =
          MAGIC
              + " version="
              + VERSION
              + " kind="
              + kind.text()
              + " id="
              + id
              + " cluster="
              + cluster
              + " qos="
              + String.join("+", qos.stream().sorted().toList())
              + " queried="
              + queried
              + " full="
              + full
              + " once=";
      this.after = " fields=" + String.join(",", fields) + "\n";
      // The first line is a gzip member of its own, stored as it is, so that its once value can be
      // set in place when the file is complete; the records follow in a second member.
      file.out().write(firstLine(false));
      this.gzip =
          new GZIPOutputStream(file.out(), 1 << 16) {
            {
              def.setLevel(LEVEL);
            }
          };
      this.out = new CacheRecords.Writer(gzip);
      this.runs = kind == Kind.BASE ? new RunHashes() : null;
      this.behind = new Behind(out, runs);
    }

    /** The first line as its gzip member, saying whether every run in the file is held once. */
    private byte[] firstLine(boolean once) {
      return StoredGzip.member(
          (before + (once ? "1" : "0") + after).getBytes(StandardCharsets.UTF_8));
    }

    /** Keeps one run read from sacct (or from the previous cache). */
    void add(JobRecord job) throws IOException {
      lastKept = null;
      if (job.finished()) {
        if (job.end() >= windowStart) {
          behind.put(job);
          rows++;
          lastKept = job.jobId();
        }
      } else if (job.start() != JobRecord.UNKNOWN) {
        open.add(job.runKey());
      }
    }

    /**
     * Keeps a step right after its job, when that job was kept (its steps no longer change either).
     */
    void addStep(StepRecord step) throws IOException {
      if (step.jobId().equals(lastKept)) {
        behind.put(step);
        rows++;
      }
    }

    /**
     * Waits for every record to be written, then ends the file and puts it in place; throws a
     * failure of the writing (the file is then thrown away when this is closed).
     */
    void commit() throws IOException {
      behind.finish();
      out.end(List.copyOf(open), rows);
      gzip.finish();
      if (runs != null && runs.eachOnce()) {
        file.overwrite(0, firstLine(true));
      }
      file.commit();
    }

    @Override
    public void close() throws IOException {
      try {
        behind.stop();
      } finally {
        file.close();
      }
    }
  }

  /**
   * The records given to a {@link Builder}, written in their order by one thread, handed over in
   * batches through a short queue (so at most a few batches wait in memory). A failure of the
   * writing (a full disk) is thrown by {@link #finish}: the reader reads on, since its records are
   * counted whether or not the cache is written, and what it hands over after the failure is
   * dropped, as the thread drops what is still queued, so the reader never waits on a queue nobody
   * empties.
   */
  static final class Behind {
    static final int BATCH = 2048;
    private static final Object[] END = new Object[0];
    private final CacheRecords.Writer out;
    private final RunHashes runs;
    private final ArrayBlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(4);
    private final Thread thread;
    private volatile Throwable failure;
    private Object[] batch = new Object[BATCH];
    private int size;

    /** Writes to {@code out}, noting each job's run in {@code runs} (when not null). */
    Behind(CacheRecords.Writer out, RunHashes runs) {
      this.out = out;
      this.runs = runs;
      this.thread = new Thread(this::write, "cache-writer");
      thread.setDaemon(true);
      thread.start();
    }

    /** Hands over a {@link JobRecord} or a {@link StepRecord}. */
    void put(Object record) throws IOException {
      batch[size++] = record;
      if (size == BATCH) {
        handOver(batch);
        batch = new Object[BATCH];
        size = 0;
      }
    }

    /** Waits until every record handed over is written; throws the writing's failure. */
    void finish() throws IOException {
      if (size > 0) {
        handOver(Arrays.copyOf(batch, size));
        size = 0;
      }
      handOver(END);
      try {
        thread.join();
      } catch (InterruptedException e) {
        thread.interrupt();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the cache was written", e);
      }
      failed();
    }

    /** Ends the thread without waiting for what it has not written (the file is thrown away). */
    void stop() {
      if (thread.isAlive()) {
        thread.interrupt();
      }
    }

    private void handOver(Object[] records) throws IOException {
      if (failure != null && records != END) {
        return; // the file is thrown away: finish says why
      }
      try {
        queue.put(records);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the cache was written", e);
      }
    }

    private void failed() throws IOException {
      Throwable f = failure;
      if (f instanceof Error e) {
        throw e;
      }
      if (f instanceof IOException io) {
        throw new IOException(io.getMessage(), io);
      }
      if (f != null) {
        throw new IOException(String.valueOf(f.getMessage()), f);
      }
    }

    private void write() {
      try {
        for (Object[] records = queue.take(); records != END; records = queue.take()) {
          if (failure != null) {
            continue; // dropped: the file is thrown away
          }
          try {
            for (Object r : records) {
              if (r instanceof JobRecord j) {
                out.job(j);
                if (runs != null) {
                  runs.add(j);
                }
              } else {
                out.step((StepRecord) r);
              }
            }
          } catch (IOException | RuntimeException | Error e) {
            // An Error too: a thread that died would leave the reader waiting on a full queue.
            failure = e;
          }
        }
      } catch (InterruptedException e) {
        // Stopped: the builder is being closed without a commit.
      }
    }
  }

  /** A base's id: random, so that a recent file never takes another base for its own. */
  private static String newId() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong());
  }

  /** The first line of the stream, read byte by byte so that nothing after it is consumed. */
  private static String firstLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0 || line.size() > 1 << 16) {
        return null;
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, String> parse(String line) {
    if (line == null || !line.startsWith(MAGIC + " ")) {
      return null;
    }
    Map<String, String> meta = new LinkedHashMap<>();
    for (String part : line.substring(MAGIC.length() + 1).split(" ")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        meta.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return meta.containsKey("queried") && meta.containsKey("full") && meta.containsKey("fields")
        ? meta
        : null;
  }
}
