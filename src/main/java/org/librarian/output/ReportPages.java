package org.librarian.output;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Font;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.librarian.usage.DemandCounter.ReasonClass;
import org.librarian.usage.DemandReport;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.UsageReport;
import org.librarian.usage.UserUsage;

/**
 * The text pages of {@code report_<qos>.pdf}, before its charts: the summary with every user's
 * totals, the work waiting and the efficiency, each a {@link PdfTable}. Hours are in the units of
 * their column heads; times carry the grid's zone.
 */
final class ReportPages {
  private static final String[] TOTALS_HEAD = {
    "user", "CPU-hours", "GPU-hours", "GB-hours", "job-hours", "share of CPU-hours"
  };
  private static final float[] TOTALS_WIDTHS = {3, 2, 2, 2, 2, 2.2f};

  private ReportPages() {}

  /** The report's first page(s): what the report is about, then a table of every user's totals. */
  static void summary(
      Document document,
      PdfWriter writer,
      UsageReport report,
      QosLimits limits,
      String qos,
      String generatedAt,
      boolean gpus)
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
                + PeriodText.period(
                    report.grid().start(), report.grid().end(), report.grid().zone())
                + " · times in "
                + zone,
            text));
    document.add(new Paragraph("Limits: " + limitText(limits), text));
    document.add(
        new Paragraph(
            "Generated at "
                + generatedAt
                + " · "
                + String.format(Locale.ROOT, "%,d", report.jobsCounted())
                + " jobs, "
                + String.format(Locale.ROOT, "%,d", report.users().size())
                + " users",
            text));

    List<String[]> rows = new ArrayList<>();
    double cpuTotal = report.totalHours(Observable.NCPUS);
    for (UserUsage u : report.users()) {
      String[] row = new String[TOTALS_HEAD.length];
      row[0] = u.user();
      for (Observable o : Observable.values()) {
        row[1 + o.ordinal()] = String.format(Locale.ROOT, "%,.1f", u.totalHours(o));
      }
      double share = cpuTotal > 0 ? 100 * u.totalHours(Observable.NCPUS) / cpuTotal : 0;
      row[row.length - 1] = String.format(Locale.ROOT, "%.1f %%", share);
      rows.add(row);
    }
    String[] total = new String[TOTALS_HEAD.length];
    total[0] = "total";
    for (Observable o : Observable.values()) {
      total[1 + o.ordinal()] = String.format(Locale.ROOT, "%,.1f", report.totalHours(o));
    }
    total[total.length - 1] = cpuTotal > 0 ? "100.0 %" : "0.0 %";
    rows.add(total);
    // GPU-hours is column 2 (1 + NGPUS's ordinal): a QoS without GPUs has no column of zeros.
    draw(document, writer, TOTALS_HEAD, TOTALS_WIDTHS, rows, gpus ? -1 : 2, regular, bold);
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
  static void efficiency(
      Document document, PdfWriter writer, UsageReport report, EfficiencyReport e)
      throws DocumentException, IOException {
    BaseFont regular = ChartFonts.baseFont(false);
    BaseFont bold = ChartFonts.baseFont(true);
    heading(document, "Efficiency — jobs that ended ", report, bold);
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
            count(u.jobs()),
            String.format(Locale.ROOT, "%,.1f", u.cpuHeldHours()),
            String.format(Locale.ROOT, "%,.1f", u.cpuUsedHours()),
            percent(u.cpuEfficiency()),
            String.format(Locale.ROOT, "%,.1f", Math.max(0, u.cpuHeldHours() - u.cpuUsedHours())),
            percent(u.memoryEfficiencyP50()),
            count(u.lowCpuJobs())
          });
    }
    rows.add(
        new String[] {
          "total",
          count(jobs),
          String.format(Locale.ROOT, "%,.1f", held / 3600.0),
          String.format(Locale.ROOT, "%,.1f", used / 3_600_000.0),
          percent(held == 0 ? null : used / 1000.0 / held),
          String.format(Locale.ROOT, "%,.1f", Math.max(0, held / 3600.0 - used / 3_600_000.0)),
          "",
          count(low)
        });
    PdfTable.draw(document, writer, EFFICIENCY_HEAD, EFFICIENCY_WIDTHS, rows, regular, bold);
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
  static void waiting(
      Document document, PdfWriter writer, UsageReport report, DemandReport d, boolean gpus)
      throws DocumentException, IOException {
    BaseFont regular = ChartFonts.baseFont(false);
    BaseFont bold = ChartFonts.baseFont(true);
    heading(document, "Work waiting — ", report, bold);
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
      row[6] = wait == null ? "0" : count(wait.jobs());
      row[7] = wait == null ? "–" : minutes(wait.p50Seconds());
      row[8] = wait == null ? "–" : minutes(wait.p90Seconds());
      rows.add(row);
    }
    String[] total = new String[WAITING_HEAD.length];
    total[0] = "total";
    for (int c = 0; c < 5; c++) {
      total[c + 1] = String.format(Locale.ROOT, "%,.1f", sums[c] / 3600.0);
    }
    total[6] = count(d.waits().values().stream().mapToLong(DemandReport.Wait::jobs).sum());
    total[7] = "";
    total[8] = "";
    rows.add(total);
    draw(document, writer, WAITING_HEAD, WAITING_WIDTHS, rows, gpus ? -1 : 5, regular, bold);
  }

  /** A {@link PdfTable} without column {@code drop} (none when it is negative). */
  private static void draw(
      Document document,
      PdfWriter writer,
      String[] head,
      float[] widths,
      List<String[]> rows,
      int drop,
      BaseFont regular,
      BaseFont bold)
      throws DocumentException {
    if (drop < 0) {
      PdfTable.draw(document, writer, head, widths, rows, regular, bold);
      return;
    }
    float[] kept = new float[widths.length - 1];
    for (int c = 0, k = 0; c < widths.length; c++) {
      if (c != drop) {
        kept[k++] = widths[c];
      }
    }
    List<String[]> keptRows = new ArrayList<>();
    for (String[] r : rows) {
      keptRows.add(without(r, drop));
    }
    PdfTable.draw(document, writer, without(head, drop), kept, keptRows, regular, bold);
  }

  private static String[] without(String[] cells, int drop) {
    List<String> kept = new ArrayList<>(List.of(cells));
    kept.remove(drop);
    return kept.toArray(new String[0]);
  }

  /** A wait as a person reads it: "45 s", "12 min", "18 h 33 min" (to the nearest minute). */
  static String minutes(long seconds) {
    if (seconds < 60) {
      return seconds + " s";
    }
    long m = Math.round(seconds / 60.0);
    return m < 60 ? m + " min" : m / 60 + " h " + m % 60 + " min";
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String percent(Double share) {
    return share == null ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * share);
  }

  private static String limitText(QosLimits limits) {
    List<String> parts = new ArrayList<>();
    for (Observable o : Observable.values()) {
      if (limits.of(o) > 0) {
        parts.add(UsageCharts.number(limits.of(o)) + " " + o.unit());
      }
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  /** A new page headed "TITLE START – NOW (ZONE)", the window the page covers. */
  private static void heading(Document document, String title, UsageReport report, BaseFont bold)
      throws DocumentException {
    document.newPage();
    document.add(
        new Paragraph(
            title
                + PeriodText.period(
                    report.grid().start(), report.grid().now(), report.grid().zone()),
            new Font(bold, 14)));
  }
}
