package org.librarian.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.librarian.common.AtomicFile;
import org.librarian.common.DaemonPool;
import org.librarian.usage.BinGrid;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.UsageBinner;
import org.librarian.usage.UsageReport;

/**
 * Writes the files of one QoS together: its data JSON ({@link UsageJson}), its jobs ({@link
 * JobsJson}) and, as asked, its PNG charts ({@link PngCharts}) and PDFs ({@link PdfReport}), with
 * the original names. Either every file is replaced or none is: each is drawn to a temporary file
 * first (in parallel, on every core), and only when all are complete do they replace the old ones,
 * the JSON (what the page reads) last.
 */
public final class QosFiles {
  /** Which charts to write besides the JSON. */
  public enum Format {
    PNG,
    PDF
  }

  private QosFiles() {}

  public static String fileName(Observable o, String qos, Format f) {
    return o.name() + "_" + qos + "." + f.name().toLowerCase(Locale.ROOT);
  }

  public static String reportName(String qos) {
    return "report_" + qos + ".pdf";
  }

  /**
   * Every chart file a QoS can have, in the order the site lists them: per observable PNG, PDF; the
   * report.
   */
  public static List<String> fileNames(String qos) {
    List<String> names = new ArrayList<>();
    for (Observable o : Observable.values()) {
      for (Format f : Format.values()) {
        names.add(fileName(o, qos, f));
      }
    }
    names.add(reportName(qos));
    return names;
  }

  /**
   * Writes {@code qos}'s data JSON and the charts of {@code formats} ({@code width} × {@code
   * height} pixels for PNG) into {@code dir}; returns the paths written, the JSON last. A failure
   * names the file, and then no file of this QoS was replaced. Draws every chart each time.
   */
  public static List<Path> write(
      QosReport qos, Path dir, Set<Format> formats, int width, int height) throws IOException {
    return write(qos, dir, formats, width, height, null);
  }

  /**
   * Like {@link #write(QosReport, Path, Set, int, int)}, but the charts and PDFs are drawn only
   * when {@code redraw} (null: always draw) says the ones on disk no longer stand for this data:
   * the drawing settings changed, a chart file is missing, the digest file is missing or damaged,
   * or the data JSON changed and the charts were drawn at least {@code redraw.every()} before the
   * run's now (the report's {@code grid().now()}, the injected clock; charts drawn after it count
   * as unknown age, and are drawn). Otherwise only the data files are written and the charts and
   * digest stay as they were. When drawing, the digest is removed first, everything drawn and
   * replaced, and the new digest written last, so a digest on disk always describes the charts
   * beside it.
   */
  public static List<Path> write(
      QosReport qos,
      Path dir,
      Set<Format> formats,
      int width,
      int height,
      ChartDigest.Redraw redraw)
      throws IOException {
    Path json = dir.resolve(UsageJson.fileName(qos.qos()));
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
    UsageJson.write(qos, buffer);
    byte[] jsonBytes = buffer.toByteArray();
    AtomicFile.Content jsonContent = o -> o.write(jsonBytes);
    if (formats.isEmpty()) {
      return dataFiles(qos, dir, json, jsonBytes);
    }
    ChartDigest.Drawn drawn =
        redraw == null
            ? null
            : ChartDigest.of(qos, jsonBytes, dir, redraw.file(), formats, width, height);
    if (drawn != null
        && redraw.keeps(ChartDigest.read(redraw.file()), drawn)
        && chartsInPlace(qos, dir, formats)) {
      return dataFiles(qos, dir, json, jsonBytes);
    }
    if (redraw != null) {
      Files.deleteIfExists(redraw.file());
    }
    // Each file is its own task with its own chart objects, so they render in parallel on every
    // core.
    Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
    if (formats.contains(Format.PDF)) {
      // The report is the longest task by far: started first, it does not end up running alone at
      // the end.
      files.putAll(PdfReport.files(qos, dir));
    }
    files.putAll(JobsJson.files(qos, dir));
    files.put(json, jsonContent);
    if (formats.contains(Format.PNG)) {
      files.putAll(PngCharts.files(qos, dir, width, height));
    }
    List<Path> written = together(files, json);
    dropStaleJobs(qos, dir);
    // A chart the QoS no longer has (GPUs gone from it) does not stay behind from an earlier run.
    for (Observable o : Observable.values()) {
      if (!PageHints.charted(qos).contains(o)) {
        for (Format f : formats) {
          Files.deleteIfExists(dir.resolve(fileName(o, qos.qos(), f)));
        }
      }
    }
    if (drawn != null) {
      ChartDigest.write(redraw.file(), drawn);
    }
    return written;
  }

  /**
   * The data file and its jobs file ({@link JobsJson}), all or none, the data file last. A group
   * whose files hold exactly these bytes already is not written again (their time stays that of the
   * run that changed them).
   */
  private static List<Path> dataFiles(QosReport qos, Path dir, Path json, byte[] jsonBytes)
      throws IOException {
    Map<Path, byte[]> bytes = new LinkedHashMap<>();
    for (Map.Entry<Path, AtomicFile.Content> e : JobsJson.files(qos, dir).entrySet()) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      e.getValue().writeTo(b);
      bytes.put(e.getKey(), b.toByteArray());
    }
    bytes.put(json, jsonBytes);
    dropStaleJobs(qos, dir);
    if (bytes.entrySet().stream().allMatch(e -> holds(e.getKey(), e.getValue()))) {
      return List.copyOf(bytes.keySet());
    }
    Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
    bytes.forEach((p, b) -> files.put(p, o -> o.write(b)));
    return together(files, json);
  }

  /** Whether {@code file} holds exactly {@code bytes} (false when missing or unreadable). */
  private static boolean holds(Path file, byte[] bytes) {
    try {
      return Files.size(file) == bytes.length && Arrays.equals(Files.readAllBytes(file), bytes);
    } catch (IOException e) {
      return false;
    }
  }

  /** A jobs file from an earlier run does not stay beside a data file without efficiency. */
  private static void dropStaleJobs(QosReport qos, Path dir) throws IOException {
    if (qos.efficiency() == null) {
      Files.deleteIfExists(dir.resolve(JobsJson.fileName(qos.qos())));
    }
  }

  /** Whether every chart file {@code formats} asks of this QoS is a regular, non-empty file. */
  private static boolean chartsInPlace(QosReport qos, Path dir, Set<Format> formats)
      throws IOException {
    List<Path> expected = new ArrayList<>();
    if (formats.contains(Format.PDF)) {
      expected.add(dir.resolve(reportName(qos.qos())));
    }
    for (Observable o : PageHints.charted(qos)) {
      for (Format f : formats) {
        expected.add(dir.resolve(fileName(o, qos.qos(), f)));
      }
    }
    for (Path p : expected) {
      if (!Files.isRegularFile(p) || Files.size(p) == 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes {@code files} all or none: each to its temporary file in parallel, then, when every one
   * is complete, moves them into place, {@code last} at the end. A failure names the file.
   */
  static List<Path> together(Map<Path, AtomicFile.Content> files, Path last) throws IOException {
    int threads = Math.max(1, Math.min(files.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = DaemonPool.of(threads, "chart-render");
    // Every file is written to its temporary file first; only when all of them are complete do they
    // replace the old ones, so a failure (a full disk) never leaves new charts beside an old JSON.
    List<Future<Path>> done = new ArrayList<>();
    List<Path> temps = new ArrayList<>();
    try {
      for (Map.Entry<Path, AtomicFile.Content> f : files.entrySet()) {
        done.add(
            pool.submit(
                () -> {
                  try {
                    return AtomicFile.temp(f.getKey(), f.getValue());
                  } catch (IOException | RuntimeException e) {
                    throw new IOException(f.getKey().getFileName() + ": " + message(e), e);
                  }
                }));
      }
      IOException failure = null;
      for (Future<Path> f : done) {
        try {
          temps.add(f.get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (failure == null) {
            failure = cause instanceof IOException io ? io : new IOException(message(cause), cause);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
      // The charts first, the JSON (what the page reads) last: a JSON in place has its charts
      // beside it.
      List<Path> written = new ArrayList<>();
      List<Path> targets = new ArrayList<>(files.keySet());
      for (boolean jsonTurn : new boolean[] {false, true}) {
        for (int i = 0; i < targets.size(); i++) {
          if (targets.get(i).equals(last) == jsonTurn) {
            AtomicFile.move(temps.get(i), targets.get(i));
            written.add(targets.get(i));
          }
        }
      }
      return written;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while drawing the charts", e);
    } finally {
      pool.shutdownNow();
      for (Path t : temps) {
        Files.deleteIfExists(t);
      }
    }
  }

  /** An exception's message without a stack trace; its class name when it has none. */
  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** The warm-up thread once started; one per process is enough. */
  private static final AtomicReference<Thread> WARM_UP = new AtomicReference<>();

  /**
   * Draws throw-away charts as PNG and PDF on a background thread, so that loading the chart and
   * PDF classes and fonts, and with {@code thorough} the JIT compilation of the drawing code,
   * happen while the configuration is read and sacct runs, not after. Thorough costs about a second
   * of CPU: worth it only while waiting for another program, not when the input is a file. Only the
   * first call in a process starts a thread; later calls return it. Join the thread, or do not: it
   * writes nothing.
   */
  public static Thread warmUp(boolean thorough) {
    Thread started = WARM_UP.get();
    if (started != null) {
      return started;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                // Thorough: full size and a month of bins for a dozen users, so the hot paths get
                // compiled.
                int days = thorough ? 30 : 1;
                BinGrid grid =
                    BinGrid.rolling(
                        Instant.EPOCH.plusSeconds(86_400 * 40),
                        Duration.ofDays(days),
                        Duration.ofHours(1),
                        ZoneOffset.UTC);
                UsageBinner binner = new UsageBinner(grid);
                SplittableRandom random = new SplittableRandom(1);
                for (int i = 0; i < (thorough ? 600 : 1); i++) {
                  long start = grid.start() + random.nextLong(grid.end() - grid.start());
                  binner.add(
                      new JobRecord(
                          String.valueOf(i),
                          "warm-up-" + (i % 12),
                          "",
                          JobState.COMPLETED,
                          start,
                          start + 3600 + random.nextLong(86_400),
                          JobRecord.UNKNOWN,
                          1 + random.nextInt(16),
                          random.nextInt(2),
                          1L << 20,
                          JobRecord.UNKNOWN,
                          null,
                          null,
                          null));
                }
                UsageReport report = binner.report();
                QosLimits limits = new QosLimits(100, 10, 100, 0);
                OutputStream sink = OutputStream.nullOutputStream();
                for (Observable o :
                    thorough
                        ? List.of(Observable.NCPUS, Observable.MEMORY)
                        : List.of(Observable.NCPUS)) {
                  PngCharts.write(
                      sink,
                      UsageCharts.chart(report, o, limits, "warm-up"),
                      thorough ? 1600 : 400,
                      thorough ? 900 : 225);
                }
                PdfReport.writePdf(
                    sink,
                    List.of(UsageCharts.chart(report, Observable.NCPUS, limits, "warm-up")),
                    (document, writer) ->
                        ReportPages.summary(
                            document, writer, report, limits, "warm-up", "now", true));
              } catch (IOException | RuntimeException e) {
                // Only a head start; the real charts report their own failures.
              }
            },
            "chart-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    if (!WARM_UP.compareAndSet(null, t)) {
      return WARM_UP.get();
    }
    t.start();
    return t;
  }

  public static Set<Format> parseFormats(String text) {
    Set<Format> set = EnumSet.noneOf(Format.class);
    for (String part : text.split(",")) {
      String p = part.strip().toUpperCase(Locale.ROOT);
      if (!p.isEmpty()) {
        set.add(Format.valueOf(p));
      }
    }
    return set;
  }
}
