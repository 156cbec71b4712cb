package org.librarian.slurm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.librarian.common.AtomicFile;
import org.librarian.usage.JobRecord;
import org.librarian.usage.StepRecord;

/**
 * The finished runs of one cluster's jobs in a set of QoS, kept as the sacct lines they came in and
 * read back by {@link SacctReader}, so that a run asks sacct only for what changed since the
 * previous one. A gzipped text file, streamed both ways (memory does not grow with the number of
 * jobs):
 *
 * <pre>
 * # librarian sacct cache version=3 cluster=C qos=a+b queried=EPOCH full=EPOCH fields=JobID,...
 * JobID␟JobIDRaw␟...            the header (␟: the unit separator, sacct's delimiter)
 * 123␟123␟ann␟...               finished runs (a final state, End known and inside the window)
 * #open|124@1700000000 ...      the runs that had started but not ended at the query
 * #end|N                        N rows: a file without it was cut short
 * </pre>
 *
 * {@code full} is when the last full query was made, for the daily reconciliation. Anything
 * unexpected (another version, cluster, QoS set or field list, a short or corrupt file) makes the
 * caller fall back to a full query, which rewrites the cache: never wrong numbers.
 */
final class SacctCache {
  static final int VERSION = 3;
  private static final String MAGIC = "# librarian sacct cache";

  /** What the first line of a cache that fits says. */
  record Meta(long queried, long full) {}

  private SacctCache() {}

  /** The cache file of a cluster (or the local one) and a set of QoS under the state directory. */
  static Path file(Path stateDir, String cluster, List<String> qos) {
    return stateDir
        .resolve("cache")
        .resolve(cluster == null ? "local" : cluster)
        .resolve(String.join("+", qos.stream().sorted().toList()) + ".sacct.gz");
  }

  /** The meta line of a cache that fits this cluster, QoS set and field list, or null. */
  static Meta meta(Path file, String cluster, List<String> qos, List<String> fields) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      Map<String, String> meta = parse(in.readLine());
      if (meta == null
          || !String.valueOf(VERSION).equals(meta.get("version"))
          || !String.valueOf(cluster).equals(meta.get("cluster"))
          || !String.join("+", qos.stream().sorted().toList()).equals(meta.get("qos"))
          || !String.join(",", fields).equals(meta.get("fields"))) {
        return null;
      }
      return new Meta(Long.parseLong(meta.get("queried")), Long.parseLong(meta.get("full")));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Reads the cached runs that {@code keep} accepts into the sink. Returns the runs that were open
   * at the cached query, or null when the file turns out to be corrupt or cut short (then the
   * caller throws away what the sink got).
   */
  static Set<String> read(Path file, Predicate<JobRecord> keep, SacctReader.Sink sink) {
    long[] rows = {0};
    long[] declared = {-1};
    Set<String> open = new HashSet<>();
    boolean[] sawOpen = {false};
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
      SacctReader.Stats stats =
          SacctReader.read(
              in,
              new SacctReader.Format(SacctQuery.DELIMITER, null, ZoneOffset.UTC),
              new SacctReader.Sink() {
                private boolean kept;

                @Override
                public void job(JobRecord job, String line) {
                  rows[0]++;
                  kept = keep.test(job);
                  if (kept) {
                    sink.job(job, line);
                  }
                }

                @Override
                public void step(StepRecord step, String line) {
                  rows[0]++;
                  if (kept) {
                    sink.step(step, line);
                  }
                }

                @Override
                public void comment(String line) {
                  if (line.startsWith("#open|")) {
                    sawOpen[0] = true;
                    for (String key : line.substring(6).split(" ")) {
                      if (!key.isEmpty()) {
                        open.add(key);
                      }
                    }
                  } else if (line.startsWith("#end|")) {
                    declared[0] = Long.parseLong(line.substring(5));
                  }
                }
              });
      if (stats.malformed() > 0 || !sawOpen[0] || declared[0] != rows[0]) {
        return null;
      }
      return open;
    } catch (IOException | SacctFormatException | RuntimeException e) {
      return null; // a gzip stream cut short, a number that is not a number: corrupt
    }
  }

  /**
   * A new cache being written: the finished runs that end inside the window, and the keys of the
   * runs that had started but not ended (a pending job needs no watching: once it starts, it is
   * active after the previous query and sacct returns it). Nothing is visible until {@link
   * #commit()}.
   */
  static final class Builder implements AutoCloseable {
    private final AtomicFile.Pending file;
    private final GZIPOutputStream gzip;
    private final Writer out;
    private final long windowStart;
    private final Set<String> open = new LinkedHashSet<>();
    private long rows;
    private String lastKept;

    Builder(
        Path path,
        String cluster,
        List<String> qos,
        List<String> fields,
        long queried,
        long full,
        long windowStart)
        throws IOException {
      this.file = AtomicFile.open(path);
      this.gzip = new GZIPOutputStream(file.out(), 1 << 16);
      this.out = new OutputStreamWriter(gzip, StandardCharsets.UTF_8);
      this.windowStart = windowStart;
      out.write(
          MAGIC
              + " version="
              + VERSION
              + " cluster="
              + cluster
              + " qos="
              + String.join("+", qos.stream().sorted().toList())
              + " queried="
              + queried
              + " full="
              + full
              + " fields="
              + String.join(",", fields)
              + "\n");
      out.write(String.join(SacctQuery.DELIMITER, fields) + "\n");
    }

    /** Keeps one run read from sacct (or from the previous cache). */
    void add(JobRecord job, String line) throws IOException {
      lastKept = null;
      if (job.finished()) {
        if (job.end() >= windowStart) {
          out.write(line);
          out.write('\n');
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
    void addStep(StepRecord step, String line) throws IOException {
      if (step.jobId().equals(lastKept)) {
        out.write(line);
        out.write('\n');
        rows++;
      }
    }

    void commit() throws IOException {
      out.write("#open|" + String.join(" ", open) + "\n");
      out.write("#end|" + rows + "\n");
      out.flush();
      gzip.finish();
      file.commit();
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
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
