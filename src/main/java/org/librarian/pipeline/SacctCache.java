package org.librarian.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.librarian.output.AtomicFile;

/**
 * The finished jobs of one cluster and QoS, kept as the raw sacct rows they came in, so that a run asks
 * sacct only for what changed since the previous one. A gzipped text file written and read with
 * Commons CSV, streamed both ways (memory does not grow with the number of jobs):
 * <pre>
 * # librarian sacct cache version=1 cluster=C qos=Q queried=EPOCH fields=JobID,...
 * JobID|JobIDRaw|...            the header
 * 123|123|ann|...               finished jobs (final state, End known, End within the window)
 * #open|124 130_7               the jobs that had started but not ended at the query
 * #end|N                        N rows: a file without it was cut short
 * </pre>
 * Anything unexpected (another version, cluster, QoS or field list, a short or corrupt file) makes the
 * caller fall back to a full query, which rewrites the cache: never wrong numbers.
 */
final class SacctCache {
  static final int VERSION = 1;
  private static final String MAGIC = "# librarian sacct cache";
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setDelimiter('|').setQuote(null)
      .setRecordSeparator('\n').setIgnoreEmptyLines(true).get();
  /** States after which a job's record no longer changes (a requeue shows up as a newer record of the job). */
  private static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY",
      "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE");

  private SacctCache() {}

  /** The cache file of a cluster (or the local one) and QoS under the state directory. */
  static Path file(Path stateDir, String cluster, String qos) {
    return stateDir.resolve("cache").resolve(cluster == null ? "local" : cluster).resolve(qos + ".sacct.gz");
  }

  /** The instant (epoch seconds) of the query a usable cache holds, or -1 when there is none that fits. */
  static long queried(Path file, String cluster, String qos, List<String> fields) {
    if (!Files.isRegularFile(file)) {
      return -1;
    }
    try (BufferedReader in = reader(file)) {
      Map<String, String> meta = meta(in.readLine());
      if (meta == null || !String.valueOf(VERSION).equals(meta.get("version"))
          || !String.valueOf(cluster).equals(meta.get("cluster")) || !qos.equals(meta.get("qos"))
          || !String.join(",", fields).equals(meta.get("fields"))) {
        return -1;
      }
      return Long.parseLong(meta.get("queried"));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Writes the cached rows that the fresh rows do not replace and that still end inside the window,
   * then the fresh rows, as sacct output into {@code out}. Returns the ids that were open at the cached
   * query, or null when the cache turns out to be corrupt or cut short.
   */
  static Set<String> merge(Path file, List<String> fields, Map<String, String[]> fresh, long windowStart, Path out)
      throws IOException {
    int end = fields.indexOf("End");
    Set<String> open = null;
    long count = 0;
    boolean complete = false;
    try (BufferedReader in = reader(file); Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(w, FORMAT)) {
      in.readLine();
      try (CSVParser parser = CSVParser.builder().setReader(in).setFormat(FORMAT).get()) {
        boolean header = true;
        for (CSVRecord r : parser) {
          String[] values = r.values();
          if (header) {
            if (!List.of(values).equals(fields)) {
              return null;
            }
            printer.printRecord(fields);
            header = false;
          } else if (values[0].equals("#open") && values.length == 2) {
            open = ids(values[1]);
          } else if (values[0].equals("#end") && values.length == 2) {
            complete = Long.parseLong(values[1]) == count;
          } else if (values.length != fields.size()) {
            return null;
          } else {
            count++;
            if (!fresh.containsKey(values[0]) && Long.parseLong(values[end]) >= windowStart) {
              printer.printRecord((Object[]) values);
            }
          }
        }
      }
      for (String[] row : fresh.values()) {
        printer.printRecord((Object[]) row);
      }
    } catch (RuntimeException e) {
      return null;  // a number that is not a number, a gzip stream cut short: corrupt
    } catch (java.io.EOFException | java.util.zip.ZipException e) {
      return null;
    }
    return complete && open != null ? open : null;
  }

  /**
   * Streams sacct output (as librarian asked for it) into a new cache: its final rows that end inside
   * the window, and the ids of the jobs that had started but not ended (a pending job needs no
   * watching: once it starts, it is active after the previous query and sacct returns it). Atomic.
   */
  static void write(Path file, Path sacctOutput, List<String> fields, String cluster, String qos, long queried,
      long windowStart) throws IOException {
    int state = fields.indexOf("State");
    int start = fields.indexOf("Start");
    int end = fields.indexOf("End");
    AtomicFile.write(file, out -> {
      GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16);
      Writer w = new OutputStreamWriter(gzip, StandardCharsets.UTF_8);
      w.write(MAGIC + " version=" + VERSION + " cluster=" + cluster + " qos=" + qos + " queried=" + queried
          + " fields=" + String.join(",", fields) + "\n");
      CSVPrinter printer = new CSVPrinter(w, FORMAT);
      Set<String> open = new LinkedHashSet<>();
      long count = 0;
      try (Reader in = Files.newBufferedReader(sacctOutput, StandardCharsets.UTF_8);
          CSVParser parser = CSVParser.builder().setReader(in).setFormat(FORMAT).get()) {
        boolean header = true;
        for (CSVRecord r : parser) {
          String[] values = r.values();
          if (header) {
            printer.printRecord((Object[]) values);
            header = false;
            continue;
          }
          if (values.length != fields.size()) {
            continue;  // the reader reports malformed rows; the cache just leaves them out
          }
          if (isFinal(values[state], values[end])) {
            if (Long.parseLong(values[end]) >= windowStart) {
              printer.printRecord((Object[]) values);
              count++;
            }
          } else if (isNumber(values[start])) {
            open.add(values[0]);
          }
        }
      }
      printer.printRecord("#open", String.join(" ", open));
      printer.printRecord("#end", count);
      printer.flush();
      gzip.finish();
    });
  }

  /** Reads the (few) rows of an incremental sacct answer, keyed by JobID; null when they are not as asked. */
  static Map<String, String[]> readFresh(Path sacctOutput, List<String> fields) throws IOException {
    Map<String, String[]> rows = new LinkedHashMap<>();
    try (Reader in = Files.newBufferedReader(sacctOutput, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.builder().setReader(in).setFormat(FORMAT).get()) {
      boolean header = true;
      for (CSVRecord r : parser) {
        String[] values = r.values();
        if (header) {
          if (!List.of(values).equals(fields)) {
            return null;
          }
          header = false;
        } else if (values.length == fields.size() && !values[0].isEmpty()) {
          rows.put(values[0], values);
        }
      }
    }
    return rows;
  }

  /** Whether a row's job can no longer change: a final state and a known end. */
  static boolean isFinal(String state, String end) {
    String s = state.toUpperCase(Locale.ROOT);
    int space = s.indexOf(' ');
    if (!FINAL.contains(space < 0 ? s : s.substring(0, space))) {
      return false;
    }
    return isNumber(end);  // not Unknown or None
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static BufferedReader reader(Path file) throws IOException {
    return new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16),
        StandardCharsets.UTF_8), 1 << 16);
  }

  private static Set<String> ids(String list) {
    Set<String> ids = new LinkedHashSet<>();
    for (String id : list.split(" ")) {
      if (!id.isEmpty()) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static Map<String, String> meta(String line) {
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
    return meta.containsKey("queried") && meta.containsKey("fields") ? meta : null;
  }
}
