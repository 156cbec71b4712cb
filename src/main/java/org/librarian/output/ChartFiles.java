package org.librarian.output;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.jfree.chart.JFreeChart;
import org.librarian.common.AtomicFile;
import org.librarian.common.IsoTime;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DemandReport;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.UsageBinner;
import org.librarian.usage.UsageReport;
import org.librarian.usage.UserUsage;

/**
 * Writes the charts of one QoS: {@code NCPUS_<qos>.png/.pdf}, {@code NGPUS_...}, {@code MEMORY_...},
 * {@code NJOBS_...} and the multi-page {@code report_<qos>.pdf}. PDFs are vector: the chart draws
 * into OpenPDF's Graphics2D, so text stays text and lines stay lines.
 */
public final class ChartFiles {
  /** Which files to write. */
  public enum Format { PNG, PDF }

  /** Page size of a one-chart PDF, in points (16:9). */
  static final float PDF_WIDTH = 800;
  static final float PDF_HEIGHT = 450;

  private ChartFiles() {}

  public static String fileName(Observable o, String qos, Format f) {
    return o.name() + "_" + qos + "." + f.name().toLowerCase(Locale.ROOT);
  }

  public static String reportName(String qos) {
    return "report_" + qos + ".pdf";
  }

  /** Every chart file a QoS can have, in the order the site lists them: per observable PNG, PDF; the report. */
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

  /** Writes every chart file; returns the paths written. */
  public static List<Path> write(Path dir, UsageReport report, QosLimits limits, String qos, Set<Format> formats,
      int width, int height, String generatedAt) throws IOException {
    return write(dir, report, limits, qos, formats, width, height, generatedAt, Map.of());
  }

  /**
   * Writes every chart file and the files of {@code alongside} (the QoS's JSON), which start right after
   * the report on the other core; returns the paths written. A failure names the file.
   */
  public static List<Path> write(Path dir, UsageReport report, QosLimits limits, String qos, Set<Format> formats,
      int width, int height, String generatedAt, Map<Path, AtomicFile.Content> alongside) throws IOException {
    return write(dir, report, null, null, limits, qos, formats, width, height, generatedAt, alongside);
  }

  /** With the efficiency of the jobs that ended in the window (or null): a page of it in the report. */
  public static List<Path> write(Path dir, UsageReport report, EfficiencyReport efficiency, QosLimits limits, String qos,
      Set<Format> formats, int width, int height, String generatedAt, Map<Path, AtomicFile.Content> alongside)
      throws IOException {
    return write(dir, report, efficiency, null, limits, qos, formats, width, height, generatedAt, alongside);
  }

  /**
   * With the work waiting (or null): its bands on top of every chart's usage, and a page on waiting
   * in the report.
   */
  public static List<Path> write(Path dir, UsageReport report, EfficiencyReport efficiency, DemandReport demand,
      QosLimits limits, String qos, Set<Format> formats, int width, int height, String generatedAt,
      Map<Path, AtomicFile.Content> alongside) throws IOException {
    return write(dir, report, efficiency, demand, limits, qos, formats, width, height, generatedAt, alongside,
        UserColors.SHOWN);
  }

  /** With {@code topUsers} (1 to 11) users drawn one by one, the rest as "others". */
  public static List<Path> write(Path dir, UsageReport report, EfficiencyReport efficiency, DemandReport demand,
      QosLimits limits, String qos, Set<Format> formats, int width, int height, String generatedAt,
      Map<Path, AtomicFile.Content> alongside, int topUsers) throws IOException {
    // Each file is its own task with its own chart objects, so they render in parallel on every core.
    Map<Observable, UsageCharts.Bands> bands = new EnumMap<>(Observable.class);
    for (Observable o : Observable.values()) {
      bands.put(o, UsageCharts.bands(report, o, demand, topUsers));
    }
    Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
    if (formats.contains(Format.PDF)) {
      // The report is the longest task by far: started first, it does not end up running alone at the end.
      files.put(dir.resolve(reportName(qos)), out -> {
        List<JFreeChart> charts = new ArrayList<>();
        for (Observable o : Observable.values()) {
          charts.add(UsageCharts.chart(report, bands.get(o), limits, qos));
        }
        writePdf(out, charts, (document, writer) -> {
          summary(document, writer, report, limits, qos, generatedAt);
          if (demand != null && demand.available()) {
            waitingPage(document, writer, report, demand);
          }
          if (efficiency != null) {
            efficiencyPage(document, writer, report, efficiency);
          }
        });
      });
    }
    files.putAll(alongside);
    for (Observable o : Observable.values()) {
      if (formats.contains(Format.PNG)) {
        files.put(dir.resolve(fileName(o, qos, Format.PNG)),
            out -> writePng(out, UsageCharts.chart(report, bands.get(o), limits, qos), width, height));
      }
      if (formats.contains(Format.PDF)) {
        files.put(dir.resolve(fileName(o, qos, Format.PDF)),
            out -> writePdf(out, List.of(UsageCharts.chart(report, bands.get(o), limits, qos)), null));
      }
    }
    int threads = Math.max(1, Math.min(files.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "chart-render");
      t.setDaemon(true);
      return t;
    });
    // Every file is written to its temporary file first; only when all of them are complete do they
    // replace the old ones, so a failure (a full disk) never leaves new charts beside an old JSON.
    List<Future<Path>> done = new ArrayList<>();
    List<Path> temps = new ArrayList<>();
    try {
      for (Map.Entry<Path, AtomicFile.Content> f : files.entrySet()) {
        done.add(pool.submit(() -> {
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
      // The charts first, the JSON (what the page reads) last: a JSON in place has its charts beside it.
      List<Path> written = new ArrayList<>();
      List<Path> targets = new ArrayList<>(files.keySet());
      for (boolean last : new boolean[] {false, true}) {
        for (int i = 0; i < targets.size(); i++) {
          if (alongside.containsKey(targets.get(i)) == last) {
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
        java.nio.file.Files.deleteIfExists(t);
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
   * Draws throw-away charts as PNG and PDF on a background thread, so that loading the chart and PDF
   * classes and fonts, and with {@code thorough} the JIT compilation of the drawing code, happen while
   * the configuration is read and sacct runs, not after. Thorough costs about a second of CPU: worth
   * it only while waiting for another program, not when the input is a file. Only the first call in a
   * process starts a thread; later calls return it. Join the thread, or do not: it writes nothing.
   */
  public static Thread warmUp(boolean thorough) {
    Thread started = WARM_UP.get();
    if (started != null) {
      return started;
    }
    Thread t = new Thread(() -> {
      try {
        // Thorough: full size and a month of bins for a dozen users, so the hot paths get compiled.
        int days = thorough ? 30 : 1;
        BinGrid grid = BinGrid.rolling(java.time.Instant.EPOCH.plusSeconds(86_400 * 40), java.time.Duration.ofDays(days),
            java.time.Duration.ofHours(1), java.time.ZoneOffset.UTC);
        UsageBinner binner = new UsageBinner(grid);
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < (thorough ? 600 : 1); i++) {
          long start = grid.start() + random.nextLong(grid.end() - grid.start());
          binner.add(new JobRecord(String.valueOf(i), "warm-up-" + (i % 12), JobState.COMPLETED, start,
              start + 3600 + random.nextLong(86_400), JobRecord.UNKNOWN, 1 + random.nextInt(16), random.nextInt(2), 1L << 20));
        }
        UsageReport report = binner.report();
        QosLimits limits = new QosLimits(100, 10, 100, 0);
        OutputStream sink = OutputStream.nullOutputStream();
        for (Observable o : thorough ? List.of(Observable.NCPUS, Observable.MEMORY) : List.of(Observable.NCPUS)) {
          writePng(sink, UsageCharts.chart(report, o, limits, "warm-up"),
              thorough ? 1600 : 400, thorough ? 900 : 225);
        }
        writePdf(sink, List.of(UsageCharts.chart(report, Observable.NCPUS, limits, "warm-up")),
            (document, writer) -> summary(document, writer, report, limits, "warm-up", "now"));
      } catch (IOException | RuntimeException e) {
        // Only a head start; the real charts report their own failures.
      }
    }, "chart-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    if (!WARM_UP.compareAndSet(null, t)) {
      return WARM_UP.get();
    }
    t.start();
    return t;
  }

  /** Something drawn on the first page before the charts. */
  private interface FirstPage {
    void write(Document document, PdfWriter writer) throws DocumentException, IOException;
  }

  private static void writePng(OutputStream out, JFreeChart chart, int width, int height) throws IOException {
    PngWriter.write(chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null), out);
  }

  private static void writePdf(OutputStream out, List<JFreeChart> charts, FirstPage first) throws IOException {
    Document document = new Document(new Rectangle(PDF_WIDTH, PDF_HEIGHT), 36, 36, 30, 30);
    try {
      PdfWriter writer = PdfWriter.getInstance(document, out);
      writer.setCloseStream(false);
      document.addCreator("librarian");
      document.open();
      if (first != null) {
        first.write(document, writer);
      }
      PdfContentByte cb = writer.getDirectContent();
      for (int i = 0; i < charts.size(); i++) {
        if (first != null || i > 0) {
          document.newPage();
        }
        Graphics2D g2 = cb.createGraphics(PDF_WIDTH, PDF_HEIGHT, ChartFonts.pdfMapper());
        charts.get(i).draw(g2, new Rectangle2D.Double(0, 0, PDF_WIDTH, PDF_HEIGHT));
        g2.dispose();
      }
      document.close();
    } catch (DocumentException e) {
      throw new IOException("cannot write PDF: " + e.getMessage(), e);
    }
  }

  /** The report's first page(s): what the report is about, then a table of every user's totals. */
  private static void summary(Document document, PdfWriter writer, UsageReport report, QosLimits limits, String qos,
      String generatedAt) throws DocumentException, IOException {
    BaseFont regular = ChartFonts.baseFont(false);
    BaseFont bold = ChartFonts.baseFont(true);
    com.lowagie.text.Font title = new com.lowagie.text.Font(bold, 18);
    com.lowagie.text.Font text = new com.lowagie.text.Font(regular, 9);
    document.add(new Paragraph("QoS usage report — " + qos, title));
    String zone = report.grid().zone().getId();
    document.add(new Paragraph("Window: " + IsoTime.of(report.grid().start(), report.grid().zone()) + " to "
        + IsoTime.of(report.grid().end(), report.grid().zone()) + " (" + zone + ")", text));
    document.add(new Paragraph("Limits: " + limitText(limits), text));
    document.add(new Paragraph("Generated at " + generatedAt + " · " + report.jobsCounted() + " jobs, "
        + report.users().size() + " users", text));

    List<String[]> rows = new ArrayList<>();
    double cpuTotal = report.totalHours(Observable.NCPUS);
    for (UserUsage u : report.users()) {
      String[] row = new String[TABLE_HEAD.length];
      row[0] = u.user();
      for (Observable o : Observable.values()) {
        row[1 + o.ordinal()] = String.format(Locale.ROOT, "%,.1f", u.totalHours(o));
      }
      double share = cpuTotal > 0 ? 100 * u.totalHours(Observable.NCPUS) / cpuTotal : 0;
      row[row.length - 1] = String.format(Locale.ROOT, "%.1f %%", share);
      rows.add(row);
    }
    String[] total = new String[TABLE_HEAD.length];
    total[0] = "total";
    for (Observable o : Observable.values()) {
      total[1 + o.ordinal()] = String.format(Locale.ROOT, "%,.1f", report.totalHours(o));
    }
    total[total.length - 1] = cpuTotal > 0 ? "100.0 %" : "0.0 %";
    rows.add(total);
    table(document, writer, TABLE_HEAD, TABLE_WIDTHS, rows, regular, bold);
  }

  private static final String[] EFFICIENCY_HEAD = {"user", "jobs", "CPU-hours held", "CPU-hours used", "CPU efficiency",
      "idle CPU-hours", "median memory eff.", "jobs < 25 % CPU"};
  private static final float[] EFFICIENCY_WIDTHS = {3, 1.2f, 2, 2, 1.8f, 2, 2.2f, 1.9f};

  /** A page of what each user held and used, over the jobs that ended in the window. */
  private static void efficiencyPage(Document document, PdfWriter writer, UsageReport report, EfficiencyReport e)
      throws DocumentException, IOException {
    BaseFont regular = ChartFonts.baseFont(false);
    BaseFont bold = ChartFonts.baseFont(true);
    document.newPage();
    document.add(new Paragraph("Efficiency — jobs that ended from " + IsoTime.of(report.grid().start(),
        report.grid().zone()) + " to " + IsoTime.of(report.grid().now(), report.grid().zone()) + " ("
        + report.grid().zone().getId() + ")", new com.lowagie.text.Font(bold, 14)));
    if (e.users().isEmpty()) {
      document.add(new Paragraph("No job ended in this window with its CPU time recorded.",
          new com.lowagie.text.Font(regular, 9)));
      return;
    }
    long held = e.totalHeldSeconds();
    long used = e.totalUsedMillis();
    document.add(new Paragraph(String.format(Locale.ROOT,
        "%.0f %% of the CPU-hours held were used; %,.0f CPU-hours sat idle.%s", 100.0 * used / 1000 / Math.max(1, held),
        Math.max(0, held / 3600.0 - used / 3_600_000.0),
        e.gpuUtilCollected() ? "" : " GPU utilisation is not collected on this cluster."),
        new com.lowagie.text.Font(regular, 9)));
    List<Map.Entry<String, EfficiencyReport.User>> users = new ArrayList<>(e.users().entrySet());
    users.sort(java.util.Comparator.comparingLong((Map.Entry<String, EfficiencyReport.User> u)
        -> -u.getValue().cpuHeldSeconds()).thenComparing(Map.Entry::getKey));
    List<String[]> rows = new ArrayList<>();
    long jobs = 0;
    long low = 0;
    for (Map.Entry<String, EfficiencyReport.User> entry : users) {
      EfficiencyReport.User u = entry.getValue();
      jobs += u.jobs();
      low += u.lowCpuJobs();
      rows.add(new String[] {entry.getKey(), Long.toString(u.jobs()), String.format(Locale.ROOT, "%,.1f", u.cpuHeldHours()),
          String.format(Locale.ROOT, "%,.1f", u.cpuUsedHours()), percent(u.cpuEfficiency()),
          String.format(Locale.ROOT, "%,.1f", Math.max(0, u.cpuHeldHours() - u.cpuUsedHours())),
          percent(u.memoryEfficiencyP50()), Long.toString(u.lowCpuJobs())});
    }
    rows.add(new String[] {"total", Long.toString(jobs), String.format(Locale.ROOT, "%,.1f", held / 3600.0),
        String.format(Locale.ROOT, "%,.1f", used / 3_600_000.0), percent(held == 0 ? null : used / 1000.0 / held),
        String.format(Locale.ROOT, "%,.1f", Math.max(0, held / 3600.0 - used / 3_600_000.0)), "", Long.toString(low)});
    table(document, writer, EFFICIENCY_HEAD, EFFICIENCY_WIDTHS, rows, regular, bold);
  }

  private static final String[] WAITING_HEAD = {"user", "CPU-h QoS limit", "CPU-h account", "CPU-h cluster",
      "CPU-h other", "GPU-h waited", "jobs started", "median wait", "p90 wait"};
  private static final float[] WAITING_WIDTHS = {3, 1.9f, 1.9f, 1.9f, 1.9f, 1.9f, 1.6f, 1.7f, 1.7f};

  /** A page on the work that waited: per user, CPU-hours waited by reason class, GPU-hours, and waits. */
  private static void waitingPage(Document document, PdfWriter writer, UsageReport report, DemandReport d)
      throws DocumentException, IOException {
    BaseFont regular = ChartFonts.baseFont(false);
    BaseFont bold = ChartFonts.baseFont(true);
    document.newPage();
    document.add(new Paragraph("Work waiting — " + IsoTime.of(report.grid().start(), report.grid().zone()) + " to "
        + IsoTime.of(report.grid().now(), report.grid().zone()) + " (" + report.grid().zone().getId() + ")",
        new com.lowagie.text.Font(bold, 14)));
    java.util.Set<String> users = new java.util.TreeSet<>(d.waited().keySet());
    users.addAll(d.waits().keySet());
    if (users.isEmpty()) {
      document.add(new Paragraph("No work waited in this window.", new com.lowagie.text.Font(regular, 9)));
      return;
    }
    long qosTotal = d.qosLimitCpuSeconds().values().stream().mapToLong(Long::longValue).sum();
    document.add(new Paragraph(String.format(Locale.ROOT,
        "Jobs waited %,.1f CPU-hours for the QoS limit. Waits are of the jobs that started in the window.",
        qosTotal / 3600.0), new com.lowagie.text.Font(regular, 9)));
    List<String[]> rows = new ArrayList<>();
    long[] sums = new long[5];
    for (String user : users) {
      Map<org.librarian.usage.DemandCounter.ReasonClass, long[]> byClass = d.waited().getOrDefault(user, Map.of());
      String[] row = new String[WAITING_HEAD.length];
      row[0] = user;
      long gpu = 0;
      int c = 1;
      for (org.librarian.usage.DemandCounter.ReasonClass cls : org.librarian.usage.DemandCounter.ReasonClass.values()) {
        long[] w = byClass.getOrDefault(cls, new long[2]);
        row[c] = String.format(Locale.ROOT, "%,.1f", w[0] / 3600.0);
        sums[c - 1] += w[0];
        gpu += w[1];
        c++;
      }
      sums[4] += gpu;
      row[5] = String.format(Locale.ROOT, "%,.1f", gpu / 3600.0);
      DemandReport.Wait wait = d.waits().get(user);
      row[6] = wait == null ? "0" : Long.toString(wait.jobs());
      row[7] = wait == null ? "–" : minutes(wait.p50Seconds());
      row[8] = wait == null ? "–" : minutes(wait.p90Seconds());
      rows.add(row);
    }
    String[] total = new String[WAITING_HEAD.length];
    total[0] = "total";
    for (int c = 0; c < 5; c++) {
      total[c + 1] = String.format(Locale.ROOT, "%,.1f", sums[c] / 3600.0);
    }
    total[6] = Long.toString(d.waits().values().stream().mapToLong(DemandReport.Wait::jobs).sum());
    total[7] = "";
    total[8] = "";
    rows.add(total);
    table(document, writer, WAITING_HEAD, WAITING_WIDTHS, rows, regular, bold);
  }

  private static String minutes(long seconds) {
    return String.format(Locale.ROOT, "%.1f min", seconds / 60.0);
  }

  private static String percent(Double share) {
    return share == null ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * share);
  }

  private static final String[] TABLE_HEAD = {"user", "CPU-hours", "GPU-hours", "GB-hours", "job-hours",
      "share of CPU-hours"};
  private static final float[] TABLE_WIDTHS = {3, 2, 2, 2, 2, 2.2f};
  private static final float ROW_HEIGHT = 14;
  private static final float TEXT_SIZE = 9;
  private static final float PADDING = 3;

  /**
   * Draws the rows (the last one, the total, in bold) as a ruled table under what the document holds
   * so far, across as many pages as it takes, the head on each. Drawn straight onto the page: a
   * laid-out table of a few hundred users costs a tenth of a second more, for the same look.
   */
  private static void table(Document document, PdfWriter writer, String[] head, float[] widths, List<String[]> rows,
      BaseFont regular, BaseFont bold) throws DocumentException {
    float left = document.left();
    float width = document.right() - left;
    float sum = 0;
    for (float w : widths) {
      sum += w;
    }
    float[] edges = new float[widths.length + 1];
    edges[0] = left;
    for (int c = 0; c < widths.length; c++) {
      edges[c + 1] = edges[c] + width * widths[c] / sum;
    }
    PdfContentByte cb = writer.getDirectContent();
    float top = writer.getVerticalPosition(true) - 8;
    int next = 0;
    while (next < rows.size()) {
      if (top - 2 * ROW_HEIGHT < document.bottom()) {
        document.newPage();
        top = document.top();
      }
      int fit = Math.max(1, (int) ((top - document.bottom()) / ROW_HEIGHT) - 1);
      int end = Math.min(rows.size(), next + fit);
      row(cb, edges, top, head, bold);
      for (int r = next; r < end; r++) {
        row(cb, edges, top - (r - next + 1) * ROW_HEIGHT, rows.get(r), r == rows.size() - 1 ? bold : regular);
      }
      float bottom = top - (end - next + 1) * ROW_HEIGHT;
      cb.setLineWidth(0.3f);
      for (int r = 0; r <= end - next + 1; r++) {
        cb.moveTo(edges[0], top - r * ROW_HEIGHT);
        cb.lineTo(edges[edges.length - 1], top - r * ROW_HEIGHT);
      }
      for (float x : edges) {
        cb.moveTo(x, top);
        cb.lineTo(x, bottom);
      }
      cb.stroke();
      next = end;
      top = document.bottom() - 1;
    }
  }

  /** One row's text, the first column left-aligned and the numbers right-aligned, in cells from {@code top} down. */
  private static void row(PdfContentByte cb, float[] edges, float top, String[] cells, BaseFont font) {
    cb.beginText();
    cb.setFontAndSize(font, TEXT_SIZE);
    float baseline = top - ROW_HEIGHT + PADDING + 1.5f;
    for (int c = 0; c < cells.length; c++) {
      if (c == 0) {
        cb.showTextAligned(Element.ALIGN_LEFT, cells[c], edges[c] + PADDING, baseline, 0);
      } else {
        cb.showTextAligned(Element.ALIGN_RIGHT, cells[c], edges[c + 1] - PADDING, baseline, 0);
      }
    }
    cb.endText();
  }

  static String limitText(QosLimits limits) {
    List<String> parts = new ArrayList<>();
    for (Observable o : Observable.values()) {
      if (limits.of(o) > 0) {
        parts.add(UsageCharts.number(limits.of(o)) + " " + o.unit());
      }
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
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
