package org.librarian.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.librarian.usage.UsageSummary;

/**
 * The weekly (monthly) digest of one QoS from its data: per user CPU-, GPU- and GB-hours of the
 * period, share of the CPU-hours, change against the period before, peak CPUs against the limit;
 * the QoS's CPU-hours waited for its limit; the CPU efficiency of the 30-day window. As Markdown and
 * as HTML. Pure: the data and the period are given.
 */
public final class Digest {
  /** A period: {@code [from, to)} in epoch seconds, the one before it, and its name. */
  public record Period(long from, long to, long previousFrom, String label, LocalDate start) {}

  /** One user's row. {@code change} is null when the period before is not covered by the data. */
  public record Row(String user, double cpuHours, double gpuHours, double gbHours, double share, Double change,
      double peakCpus) {}

  /** The whole digest: rows largest first, the sentence, and what the data covers. */
  public record Content(String qos, Period period, List<Row> rows, double cpuLimit, double peakCpus,
      Double waitedCpuHours, String sentence, boolean partial, boolean previousCovered, JsonNode efficiency,
      JsonNode waitedByUser) {}

  private Digest() {}

  public static String htmlName(String qos) {
    return "digest_" + qos + ".html";
  }

  /**
   * The address of a QoS's digest page under the site's address, one {@code /} between them however
   * many the address ends with; null without an address.
   */
  public static String link(String siteUrl, String qos) {
    if (siteUrl == null) {
      return null;
    }
    int end = siteUrl.length();
    while (end > 0 && siteUrl.charAt(end - 1) == '/') {
      end--;
    }
    return siteUrl.substring(0, end) + "/" + htmlName(qos);
  }

  public static String markdownName(String qos) {
    return "digest_" + qos + ".md";
  }

  /** The last complete period before {@code now}: weekly from Monday 00:00, monthly from the 1st, in {@code zone}. */
  public static Period lastPeriod(String every, long now, ZoneId zone) {
    ZonedDateTime t = Instant.ofEpochSecond(now).atZone(zone);
    LocalDate end;
    LocalDate start;
    LocalDate before;
    if (every.equals("monthly")) {
      end = t.toLocalDate().withDayOfMonth(1);
      start = end.minusMonths(1);
      before = start.minusMonths(1);
    } else {
      end = t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      start = end.minusWeeks(1);
      before = start.minusWeeks(1);
    }
    String label = every.equals("monthly")
        ? "Month of " + start.getMonth().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH) + " "
            + start.getYear()
        : "Week of " + start;
    return new Period(start.atStartOfDay(zone).toEpochSecond(), end.atStartOfDay(zone).toEpochSecond(),
        before.atStartOfDay(zone).toEpochSecond(), label, start);
  }

  public static Content of(QosData d, Period p) {
    return of(d, p, null);
  }

  /**
   * With {@code previousFromHistory}: per user, the CPU-hours of the period before, from the daily
   * history, used when the hourly data does not reach back that far (a monthly digest); null for none.
   */
  public static Content of(QosData d, Period p, Map<String, Double> previousFromHistory) {
    Map<String, double[]> cpu = d.series().getOrDefault("NCPUS", Map.of());
    Map<String, double[]> gpu = d.series().getOrDefault("NGPUS", Map.of());
    Map<String, double[]> mem = d.series().getOrDefault("MEMORY", Map.of());
    double total = 0;
    Map<String, double[]> sums = new LinkedHashMap<>();
    double peak = 0;
    for (int i = 0; i < d.starts().length; i++) {
      long overlap = Math.min(d.ends()[i], p.to()) - Math.max(d.starts()[i], p.from());
      long before = Math.min(d.ends()[i], p.from()) - Math.max(d.starts()[i], p.previousFrom());
      double binTotal = 0;
      for (String u : d.users()) {
        double[] s = sums.computeIfAbsent(u, k -> new double[5]);
        double c = at(cpu, u, i);
        if (overlap > 0) {
          s[0] += c * overlap / 3600.0;
          s[1] += at(gpu, u, i) * overlap / 3600.0;
          s[2] += at(mem, u, i) * overlap / 3600.0;
          s[4] = Math.max(s[4], c);
          binTotal += c;
        }
        if (before > 0) {
          s[3] += c * before / 3600.0;
        }
      }
      if (overlap > 0) {
        total += binTotal;
        peak = Math.max(peak, binTotal);
      }
    }
    double cpuHours = 0;
    for (double[] s : sums.values()) {
      cpuHours += s[0];
    }
    boolean previousCovered = d.starts().length > 0 && d.starts()[0] <= p.previousFrom();
    if (!previousCovered && previousFromHistory != null) {
      previousCovered = true;
      for (Map.Entry<String, double[]> e : sums.entrySet()) {
        e.getValue()[3] = previousFromHistory.getOrDefault(e.getKey(), 0.0);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, double[]> e : sums.entrySet()) {
      double[] s = e.getValue();
      if (s[0] <= 0 && s[1] <= 0 && s[2] <= 0 && s[3] <= 0) {
        continue;
      }
      Double change = !previousCovered ? null : s[3] > 0 ? (s[0] - s[3]) / s[3] : null;
      rows.add(new Row(e.getKey(), s[0], s[1], s[2], cpuHours > 0 ? s[0] / cpuHours : 0, change, s[4]));
    }
    rows.sort(Comparator.comparingDouble(Row::cpuHours).reversed().thenComparing(Row::user));
    Double waited = null;
    if (d.waitingAtLimitCpus() != null) {
      double w = 0;
      for (int i = 0; i < d.starts().length; i++) {
        long overlap = Math.min(d.ends()[i], p.to()) - Math.max(d.starts()[i], p.from());
        if (overlap > 0) {
          w += d.waitingAtLimitCpus()[i] * overlap / 3600.0;
        }
      }
      waited = w;
    }
    double limit = d.thresholds().getOrDefault("NCPUS", 0.0);
    UsageSummary.Figures f = UsageSummary.figures(d.starts(), d.ends(), cpu, limit, p.from(), p.to());
    boolean partial = d.starts().length == 0 || d.starts()[0] > p.from() || d.lastUpdated() < p.to();
    return new Content(d.qos(), p, rows, limit, peak, waited, UsageSummary.sentence(p.label(), d.qos(), f, d.zone()),
        partial, previousCovered, d.efficiency(), d.waitedAtLimitByUser());
  }

  /**
   * Per user, the CPU-hours of {@code [p.previousFrom(), p.from())} from a history's days (local days,
   * so the period's midnights are day edges), or null when the history does not reach back to it.
   */
  public static Map<String, Double> previousFromHistory(List<org.librarian.usage.DailyHistory.Day> days, Period p) {
    if (days.isEmpty() || days.get(0).start() > p.previousFrom()) {
      return null;
    }
    Map<String, Double> sums = new LinkedHashMap<>();
    for (org.librarian.usage.DailyHistory.Day day : days) {
      if (day.start() >= p.previousFrom() && day.start() < p.from()) {
        day.users().forEach((u, avg) -> sums.merge(u, avg[0] * day.seconds() / 3600.0, Double::sum));
      }
    }
    return sums;
  }

  private static double at(Map<String, double[]> series, String user, int i) {
    double[] v = series.get(user);
    return v == null ? 0 : v[i];
  }

  private static String change(Row r, boolean covered) {
    if (!covered) {
      return "n/a";
    }
    if (r.change() == null) {
      return "new";
    }
    long pct = Math.round(100 * r.change());
    return (pct > 0 ? "+" : "") + pct + " %";
  }

  private static String peak(double cpus, double limit) {
    return AlertRules.fmt(cpus) + " CPUs" + (limit > 0 ? " (" + Math.round(100 * cpus / limit) + " %)" : "");
  }

  private static String efficiency(Content c, String user) {
    JsonNode e = c.efficiency() == null ? null : c.efficiency().path(user).path("cpu_efficiency");
    return e == null || !e.isNumber() ? "–" : Math.round(100 * e.asDouble()) + " %";
  }

  private static String waited(Content c, String user) {
    JsonNode w = c.waitedByUser() == null ? null : c.waitedByUser().path(user);
    return c.waitedByUser() == null ? "–" : String.format(Locale.ROOT, "%.1f", w != null && w.isNumber() ? w.asDouble() : 0);
  }

  private static List<String> notes(Content c) {
    List<String> notes = new ArrayList<>();
    if (c.partial()) {
      notes.add("The data covers only part of this period (the dashboard keeps a rolling window).");
    }
    if (!c.previousCovered()) {
      notes.add("Change: n/a, neither the data nor the daily history reach back over the period before.");
    }
    notes.add("Peak: the largest hourly average of CPUs in use in the period"
        + (c.cpuLimit() > 0 ? ", and its share of the limit of " + AlertRules.fmt(c.cpuLimit()) + " CPUs" : "") + ".");
    notes.add("Waited for the limit, CPU efficiency (CPU time used over CPU time held): over the last 30 days of the"
        + " dashboard, not the period.");
    return notes;
  }

  private static String[] header() {
    return new String[] {"User", "CPU-hours", "GPU-hours", "GB-hours", "Share of CPU-hours", "Change in CPU-hours",
        "Peak CPUs", "CPU-hours waited for the QoS limit (30 days)", "CPU efficiency (30 days)"};
  }

  private static String[] cells(Content c, Row r) {
    return new String[] {r.user(), String.format(Locale.ROOT, "%.1f", r.cpuHours()),
        String.format(Locale.ROOT, "%.1f", r.gpuHours()), String.format(Locale.ROOT, "%.1f", r.gbHours()),
        Math.round(100 * r.share()) + " %", change(r, c.previousCovered()), peak(r.peakCpus(), c.cpuLimit()),
        waited(c, r.user()), efficiency(c, r.user())};
  }

  private static String qosLine(Content c) {
    return "Peak of the QoS: " + peak(c.peakCpus(), c.cpuLimit())
        + (c.waitedCpuHours() == null ? "" : "; CPU-hours jobs waited for the QoS limit: "
            + String.format(Locale.ROOT, "%.1f", c.waitedCpuHours()) + " CPU-hours") + ".";
  }

  public static String markdown(Content c, String siteUrl) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(c.qos()).append(": ").append(c.period().label()).append("\n\n");
    b.append(c.sentence()).append("\n\n").append(qosLine(c)).append("\n\n");
    b.append("| ").append(String.join(" | ", header())).append(" |\n");
    b.append("|---|").append("---:|".repeat(header().length - 1)).append("\n");
    for (Row r : c.rows()) {
      b.append("| ").append(String.join(" | ", cells(c, r))).append(" |\n");
    }
    b.append("\n");
    for (String n : notes(c)) {
      b.append("- ").append(n).append("\n");
    }
    if (siteUrl != null) {
      b.append("\nDashboard: ").append(siteUrl).append("\n");
    }
    return b.toString();
  }

  public static String html(Content c, String siteUrl) {
    StringBuilder b = new StringBuilder();
    String title = Html.escape(c.qos() + ": " + c.period().label());
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(title)
        .append("</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em}"
            + "table{border-collapse:collapse}th,td{padding:.25em .6em;border-bottom:1px solid #ddd}"
            + "td.n,th.n{text-align:right}</style></head><body>\n");
    b.append("<h1>").append(title).append("</h1>\n<p class=\"summary\">").append(Html.escape(c.sentence()))
        .append("</p>\n<p>").append(Html.escape(qosLine(c))).append("</p>\n<table>\n<tr>");
    String[] h = header();
    for (int i = 0; i < h.length; i++) {
      b.append(i == 0 ? "<th>" : "<th class=\"n\">").append(Html.escape(h[i])).append("</th>");
    }
    b.append("</tr>\n");
    for (Row r : c.rows()) {
      b.append("<tr>");
      String[] cells = cells(c, r);
      for (int i = 0; i < cells.length; i++) {
        b.append(i == 0 ? "<td>" : "<td class=\"n\">").append(Html.escape(cells[i])).append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</table>\n<ul>\n");
    for (String n : notes(c)) {
      b.append("<li>").append(Html.escape(n)).append("</li>\n");
    }
    b.append("</ul>\n");
    if (siteUrl != null) {
      b.append("<p><a href=\"").append(Html.escape(siteUrl)).append("\">Open the dashboard</a></p>\n");
    }
    return b.append("</body></html>\n").toString();
  }
}
