package org.librarian.output;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.librarian.common.AtomicFile;
import org.librarian.common.IsoTime;
import org.librarian.usage.DemandCounter.ReasonClass;
import org.librarian.usage.DemandReport;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.UsageReport;
import org.librarian.usage.UserUsage;

/**
 * The PDFs of one QoS: one vector chart per observable ({@code NCPUS_<qos>.pdf}, ...) and the
 * multi-page {@code report_<qos>.pdf} (what it is about, every user's totals, the work waiting, the
 * efficiency, then the charts). The chart draws into OpenPDF's Graphics2D, so text stays text and
 * lines stay lines. Times carry the grid's zone.
 */
final class PdfReport {
  /** Page size of a one-chart PDF, in points (16:9). */
  static final float PDF_WIDTH = 800;

  static final float PDF_HEIGHT = 450;

  private PdfReport() {}

  /**
   * The PDF files of {@code qos} in {@code dir}, each as content still to be written, the report
   * first (the longest to draw).
   */
  static Map<Path, AtomicFile.Content> files(QosReport qos, Path dir) {
    UsageReport report = qos.usage();
    String name = qos.qos();
    QosLimits limits = qos.limits();
    Map<Observable, UsageCharts.Bands> bands = UsageCharts.bands(qos);
    String generatedAt = IsoTime.of(report.grid().now(), report.grid().zone());
    Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
    files.put(
        dir.resolve(QosFiles.reportName(name)),
        out -> {
          List<JFreeChart> charts = new ArrayList<>();
          for (Observable o : Observable.values()) {
            charts.add(UsageCharts.chart(report, bands.get(o), limits, name));
          }
          writePdf(
              out,
              charts,
              (document, writer) -> {
                summary(document, writer, report, limits, name, generatedAt);
                if (qos.demand() != null && qos.demand().available()) {
                  waitingPage(document, writer, report, qos.demand());
                }
                if (qos.efficiency() != null) {
                  efficiencyPage(document, writer, report, qos.efficiency());
                }
              });
        });
    for (Observable o : Observable.values()) {
      files.put(
          dir.resolve(QosFiles.fileName(o, name, QosFiles.Format.PDF)),
          out ->
              writePdf(out, List.of(UsageCharts.chart(report, bands.get(o), limits, name)), null));
    }
    return files;
  }

  /** Something drawn on the first page before the charts. */
  interface FirstPage {
    void write(Document document, PdfWriter writer) throws DocumentException, IOException;
  }

  static void writePdf(OutputStream out, List<JFreeChart> charts, FirstPage first)
      throws IOException {
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
  static void summary(
      Document document,
      PdfWriter writer,
      UsageReport report,
      QosLimits limits,
      String qos,
      String generatedAt)
      throws DocumentException, IOException {
    BaseFont regular = ChartFonts.baseFont(false);
    BaseFont bold = ChartFonts.baseFont(true);
    Font title = new Font(bold, 18);
    Font text = new Font(regular, 9);
    document.add(new Paragraph("QoS usage report — " + qos, title));
    String zone = report.grid().zone().getId();
    document.add(
        new Paragraph(
            "Window: "
                + IsoTime.of(report.grid().start(), report.grid().zone())
                + " to "
                + IsoTime.of(report.grid().end(), report.grid().zone())
                + " ("
                + zone
                + ")",
            text));
    document.add(new Paragraph("Limits: " + limitText(limits), text));
    document.add(
        new Paragraph(
            "Generated at "
                + generatedAt
                + " · "
                + report.jobsCounted()
                + " jobs, "
                + report.users().size()
                + " users",
            text));

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

  private static final String[] EFFICIENCY_HEAD = {
    "user",
    "jobs",
    "CPU-hours held",
    "CPU-hours used",
    "CPU efficiency",
    "idle CPU-hours",
    "median memory eff.",
    "jobs < 25 % CPU"
  };
  private static final float[] EFFICIENCY_WIDTHS = {3, 1.2f, 2, 2, 1.8f, 2, 2.2f, 1.9f};

  /** A page of what each user held and used, over the jobs that ended in the window. */
  private static void efficiencyPage(
      Document document, PdfWriter writer, UsageReport report, EfficiencyReport e)
      throws DocumentException, IOException {
    BaseFont regular = ChartFonts.baseFont(false);
    BaseFont bold = ChartFonts.baseFont(true);
    document.newPage();
    document.add(
        new Paragraph(
            "Efficiency — jobs that ended from "
                + IsoTime.of(report.grid().start(), report.grid().zone())
                + " to "
                + IsoTime.of(report.grid().now(), report.grid().zone())
                + " ("
                + report.grid().zone().getId()
                + ")",
            new Font(bold, 14)));
    if (e.users().isEmpty()) {
      document.add(
          new Paragraph(
              "No job ended in this window with its CPU time recorded.", new Font(regular, 9)));
      return;
    }
    long held = e.totalHeldSeconds();
    long used = e.totalUsedMillis();
    document.add(
        new Paragraph(
            String.format(
                Locale.ROOT,
                "%.0f %% of the CPU-hours held were used; %,.0f CPU-hours sat idle.%s",
                100.0 * used / 1000 / Math.max(1, held),
                Math.max(0, held / 3600.0 - used / 3_600_000.0),
                e.gpuUtilCollected() ? "" : " GPU utilisation is not collected on this cluster."),
            new Font(regular, 9)));
    List<Map.Entry<String, EfficiencyReport.User>> users = new ArrayList<>(e.users().entrySet());
    users.sort(
        Comparator.comparingLong(
                (Map.Entry<String, EfficiencyReport.User> u) -> -u.getValue().cpuHeldSeconds())
            .thenComparing(Map.Entry::getKey));
    List<String[]> rows = new ArrayList<>();
    long jobs = 0;
    long low = 0;
    for (Map.Entry<String, EfficiencyReport.User> entry : users) {
      EfficiencyReport.User u = entry.getValue();
      jobs += u.jobs();
      low += u.lowCpuJobs();
      rows.add(
          new String[] {
            entry.getKey(),
            Long.toString(u.jobs()),
            String.format(Locale.ROOT, "%,.1f", u.cpuHeldHours()),
            String.format(Locale.ROOT, "%,.1f", u.cpuUsedHours()),
            percent(u.cpuEfficiency()),
            String.format(Locale.ROOT, "%,.1f", Math.max(0, u.cpuHeldHours() - u.cpuUsedHours())),
            percent(u.memoryEfficiencyP50()),
            Long.toString(u.lowCpuJobs())
          });
    }
    rows.add(
        new String[] {
          "total",
          Long.toString(jobs),
          String.format(Locale.ROOT, "%,.1f", held / 3600.0),
          String.format(Locale.ROOT, "%,.1f", used / 3_600_000.0),
          percent(held == 0 ? null : used / 1000.0 / held),
          String.format(Locale.ROOT, "%,.1f", Math.max(0, held / 3600.0 - used / 3_600_000.0)),
          "",
          Long.toString(low)
        });
    table(document, writer, EFFICIENCY_HEAD, EFFICIENCY_WIDTHS, rows, regular, bold);
  }

  private static final String[] WAITING_HEAD = {
    "user",
    "CPU-h QoS limit",
    "CPU-h account",
    "CPU-h cluster",
    "CPU-h other",
    "GPU-h waited",
    "jobs started",
    "median wait",
    "p90 wait"
  };
  private static final float[] WAITING_WIDTHS = {3, 1.9f, 1.9f, 1.9f, 1.9f, 1.9f, 1.6f, 1.7f, 1.7f};

  /**
   * A page on the work that waited: per user, CPU-hours waited by reason class, GPU-hours, and
   * waits.
   */
  private static void waitingPage(
      Document document, PdfWriter writer, UsageReport report, DemandReport d)
      throws DocumentException, IOException {
    BaseFont regular = ChartFonts.baseFont(false);
    BaseFont bold = ChartFonts.baseFont(true);
    document.newPage();
    document.add(
        new Paragraph(
            "Work waiting — "
                + IsoTime.of(report.grid().start(), report.grid().zone())
                + " to "
                + IsoTime.of(report.grid().now(), report.grid().zone())
                + " ("
                + report.grid().zone().getId()
                + ")",
            new Font(bold, 14)));
    Set<String> users = new TreeSet<>(d.waited().keySet());
    users.addAll(d.waits().keySet());
    if (users.isEmpty()) {
      document.add(new Paragraph("No work waited in this window.", new Font(regular, 9)));
      return;
    }
    long qosTotal = d.qosLimitCpuSeconds().values().stream().mapToLong(Long::longValue).sum();
    document.add(
        new Paragraph(
            String.format(
                Locale.ROOT,
                "Jobs waited %,.1f CPU-hours for the QoS limit. Waits are of the jobs that started in the window.",
                qosTotal / 3600.0),
            new Font(regular, 9)));
    List<String[]> rows = new ArrayList<>();
    long[] sums = new long[5];
    for (String user : users) {
      Map<ReasonClass, long[]> byClass = d.waited().getOrDefault(user, Map.of());
      String[] row = new String[WAITING_HEAD.length];
      row[0] = user;
      long gpu = 0;
      int c = 1;
      for (ReasonClass cls : ReasonClass.values()) {
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

  private static final String[] TABLE_HEAD = {
    "user", "CPU-hours", "GPU-hours", "GB-hours", "job-hours", "share of CPU-hours"
  };
  private static final float[] TABLE_WIDTHS = {3, 2, 2, 2, 2, 2.2f};
  private static final float ROW_HEIGHT = 14;
  private static final float TEXT_SIZE = 9;
  private static final float PADDING = 3;

  /**
   * Draws the rows (the last one, the total, in bold) as a ruled table under what the document
   * holds so far, across as many pages as it takes, the head on each. Drawn straight onto the page:
   * a laid-out table of a few hundred users costs a tenth of a second more, for the same look.
   */
  private static void table(
      Document document,
      PdfWriter writer,
      String[] head,
      float[] widths,
      List<String[]> rows,
      BaseFont regular,
      BaseFont bold)
      throws DocumentException {
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
        row(
            cb,
            edges,
            top - (r - next + 1) * ROW_HEIGHT,
            rows.get(r),
            r == rows.size() - 1 ? bold : regular);
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

  /**
   * One row's text, the first column left-aligned and the numbers right-aligned, in cells from
   * {@code top} down.
   */
  private static void row(
      PdfContentByte cb, float[] edges, float top, String[] cells, BaseFont font) {
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
}
