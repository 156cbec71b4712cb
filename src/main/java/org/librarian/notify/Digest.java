package org.librarian.notify;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.librarian.output.DataFile;
import org.librarian.usage.DailyHistory.Day;
import org.librarian.usage.UsageSummary;

/**
 * The weekly (monthly) digest of one QoS from its data: per user CPU-, GPU- and GB-hours of the
 * period, share of the CPU-hours, change against the period before, peak CPUs against the limit;
 * the QoS's CPU-hours waited for its limit; the CPU efficiency of the 30-day window. As Markdown
 * and as HTML ({@link DigestPage}). Pure: the data and the period are given.
 */
public final class Digest {
  /** A period: {@code [from, to)} in epoch seconds, the one before it, and its name. */
  public record Period(long from, long to, long previousFrom, String label, LocalDate start) {}

  /** One user's row. {@code change} is null when the period before is not covered by the data. */
  public record Row(
      String user,
      double cpuHours,
      double gpuHours,
      double gbHours,
      double share,
      Double change,
      double peakCpus) {}

  /** The whole digest: rows largest first, the sentence, and what the data covers. */
  public record Content(
      String qos,
      Period period,
      List<Row> rows,
      double cpuLimit,
      double peakCpus,
      Double waitedCpuHours,
      String sentence,
      boolean partial,
      boolean previousCovered,
      Map<String, DataFile.Efficiency> efficiency,
      Map<String, Double> waitedByUser,
      List<String> budget,
      List<String> rightSize,
      Window window) {}

  /**
   * The dashboard's window, which the per-user CPU-hours waited and the CPU efficiency cover
   * ({@code [from, to]} in epoch seconds, {@code to} the data's last update), in the data's zone.
   */
  public record Window(long from, long to, ZoneId zone) {
    /** Its length in whole days, rounded: "30" for the usual window. */
    public long days() {
      return Math.round((to - from) / 86_400.0);
    }
  }

  /** Families of the right-size list the digest names. */
  static final int RIGHT_SIZE_SHOWN = 3;

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

  /**
   * The last complete period before {@code now}: weekly from Monday 00:00, monthly from the 1st, in
   * {@code zone}.
   */
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
    String label =
        every.equals("monthly")
            ? "Month of "
                + start.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                + " "
                + start.getYear()
            : "Week of " + start;
    return new Period(
        start.atStartOfDay(zone).toEpochSecond(),
        end.atStartOfDay(zone).toEpochSecond(),
        before.atStartOfDay(zone).toEpochSecond(),
        label,
        start);
  }

  public static Content of(DataFile d, Period p) {
    return of(d, p, null);
  }

  /**
   * With {@code previousFromHistory}: per user, the CPU-hours of the period before, from the daily
   * history, used when the hourly data does not reach back that far (a monthly digest); null for
   * none.
   */
  public static Content of(DataFile d, Period p, Map<String, Double> previousFromHistory) {
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
      rows.add(
          new Row(e.getKey(), s[0], s[1], s[2], cpuHours > 0 ? s[0] / cpuHours : 0, change, s[4]));
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
    UsageSummary.Figures f =
        UsageSummary.figures(d.starts(), d.ends(), cpu, limit, p.from(), p.to());
    boolean partial =
        d.starts().length == 0 || d.starts()[0] > p.from() || d.lastUpdated() < p.to();
    return new Content(
        d.qos(),
        p,
        rows,
        limit,
        peak,
        waited,
        UsageSummary.sentence(p.label(), d.qos(), f, d.zone()),
        partial,
        previousCovered,
        d.efficiency(),
        d.waitedAtLimitCpuHours(),
        budgetLines(d),
        rightSizeLines(d),
        new Window(
            d.starts().length == 0 ? d.lastUpdated() : d.starts()[0], d.lastUpdated(), d.zone()));
  }

  /**
   * The data's right-size sentence (it names the window), then one line for each of the first
   * {@value #RIGHT_SIZE_SHOWN} families: the lines to ask for and what each frees; empty when none.
   */
  static List<String> rightSizeLines(DataFile d) {
    List<DataFile.RightSize> all = d.rightSize().families();
    if (all.isEmpty()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    lines.add("Right-size. " + d.rightSize().sentence() + " What would free the most:");
    for (DataFile.RightSize f : all.subList(0, Math.min(RIGHT_SIZE_SHOWN, all.size()))) {
      List<String> parts = new ArrayList<>();
      if (f.cpusLine() != null) {
        parts.add(f.cpusLine() + " (" + fmt1(f.cpusFreedCpuHours()) + " CPU-hours freed)");
      }
      if (f.memLine() != null) {
        parts.add(f.memLine() + " (" + fmt1(f.memFreedGbHours()) + " GB-hours freed)");
      }
      parts.add(
          f.timeLine() + " (" + fmt1(f.timeFreedCpuHours()) + " CPU-hours of time limit freed)");
      lines.add(
          f.user() + "'s " + f.name() + " (" + f.jobs() + " jobs): " + String.join("; ", parts));
    }
    return lines;
  }

  private static String fmt1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /**
   * One line per TRES of the QoS's GrpTRESMins budget: the forecast as of the data's last update
   * (the sentence names the rate's period and the date's zone).
   */
  static List<String> budgetLines(DataFile d) {
    List<String> lines = new ArrayList<>();
    d.budgets()
        .forEach(
            (tres, b) ->
                lines.add(
                    "Budget ("
                        + tres
                        + ", as of "
                        + UsageSummary.when(d.lastUpdated(), d.zone())
                        + "): "
                        + b.sentence()));
    return lines;
  }

  /**
   * Per user, the CPU-hours of {@code [p.previousFrom(), p.from())} from a history's days (local
   * days, so the period's midnights are day edges), or null when the history does not reach back to
   * it.
   */
  public static Map<String, Double> previousFromHistory(List<Day> days, Period p) {
    if (days.isEmpty() || days.get(0).start() > p.previousFrom()) {
      return null;
    }
    Map<String, Double> sums = new LinkedHashMap<>();
    for (Day day : days) {
      if (day.start() >= p.previousFrom() && day.start() < p.from()) {
        day.users()
            .forEach((u, avg) -> sums.merge(u, avg[0] * day.seconds() / 3600.0, Double::sum));
      }
    }
    return sums;
  }

  private static double at(Map<String, double[]> series, String user, int i) {
    double[] v = series.get(user);
    return v == null ? 0 : v[i];
  }
}
