package org.librarian.output;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DemandCounter;
import org.librarian.usage.DemandReport;
import org.librarian.usage.Observable;
import org.librarian.usage.QosReport;
import org.librarian.usage.UsageSummary;
import org.librarian.usage.UserUsage;

/**
 * The summary sentences of {@code data_<qos>.json}: {@code summary} (the last 7 days) and {@code
 * summaries} (one per preset of the page on the hourly data, and {@code month}, {@code
 * last-month}), built by {@link UsageSummary}.
 */
final class Summaries {
  private Summaries() {}

  /**
   * The last 7 days (or the window, when shorter) of CPU use in words, built by {@link
   * UsageSummary}.
   */
  static String lastWeek(QosReport qos) {
    BinGrid grid = qos.usage().grid();
    Bins b = Bins.of(qos);
    long to = grid.now();
    long week = 7 * 86_400L;
    boolean full = to - grid.start() >= week;
    UsageSummary.Figures f =
        UsageSummary.figures(b.starts(), b.ends(), b.cpus(), qos.limits().cpus(), to - week, to);
    return UsageSummary.sentence(
        full ? "Last 7 days" : "The whole window", qos.qos(), f, grid.zone());
  }

  /** The bins' start and end (epoch seconds) and each user's CPUs in them. */
  private record Bins(long[] starts, long[] ends, Map<String, double[]> cpus) {
    static Bins of(QosReport qos) {
      BinGrid grid = qos.usage().grid();
      long[] starts = new long[grid.size()];
      long[] ends = new long[grid.size()];
      for (int i = 0; i < grid.size(); i++) {
        starts[i] = grid.edge(i);
        ends[i] = grid.edge(i) + grid.divisor(i);
      }
      Map<String, double[]> cpus = new LinkedHashMap<>();
      for (UserUsage u : qos.usage().users()) {
        cpus.put(u.user(), u.series(Observable.NCPUS));
      }
      return new Bins(starts, ends, cpus);
    }
  }

  /** The page's presets on the hourly data: key, length in seconds, the period's name. */
  record Period(String key, long seconds, String label) {}

  static final List<Period> PERIODS =
      List.of(
          new Period("6h", 6 * 3600L, "Last 6 hours"),
          new Period("12h", 12 * 3600L, "Last 12 hours"),
          new Period("24h", 24 * 3600L, "Last 24 hours"),
          new Period("3d", 3 * 86_400L, "Last 3 days"),
          new Period("7d", 7 * 86_400L, "Last 7 days"),
          new Period("14d", 14 * 86_400L, "Last 14 days"),
          new Period("30d", 30 * 86_400L, "Last 30 days"));

  /**
   * Per preset of {@link #PERIODS}, the calendar months and 90d, 1y and All (from the daily rows),
   * the summary sentence of that period up to the run ("The whole window" when the window starts
   * more than a bin later), followed, when the demand is known, by the CPU-hours that waited for
   * the QoS limit in it; for 90d, 1y and All also by the hours with work waiting, as their "At the
   * limit" cards say. {@code presets} holds the figures the cards are written from.
   */
  static Map<String, String> byPreset(QosReport qos, PresetFigures presets) {
    BinGrid grid = qos.usage().grid();
    Bins b = Bins.of(qos);
    long[] starts = b.starts();
    long[] ends = b.ends();
    Map<String, double[]> cpus = b.cpus();
    double[] waiting = null;
    DemandReport demand = qos.demand();
    if (demand != null && demand.available()) {
      waiting = new double[grid.size()];
      for (UserUsage u : demand.byReason().users()) {
        if (u.user().equals(DemandCounter.ReasonClass.QOS_LIMIT.key())) {
          waiting = u.series(Observable.NCPUS);
        }
      }
    }
    long to = grid.now();
    Map<String, String> result = new LinkedHashMap<>();
    for (Period p : PERIODS) {
      // The window starts on a bin edge, up to one bin after the 30 days before the run began.
      boolean full = to - grid.start() + grid.resolutionSeconds() > p.seconds();
      UsageSummary.Figures f =
          UsageSummary.figures(starts, ends, cpus, qos.limits().cpus(), to - p.seconds(), to);
      String s =
          UsageSummary.sentence(full ? p.label() : "The whole window", qos.qos(), f, grid.zone());
      if (waiting != null) {
        s +=
            " "
                + UsageSummary.waited(
                    UsageSummary.waitedHours(starts, ends, waiting, to - p.seconds(), to));
      }
      result.put(p.key(), s);
    }
    // The calendar months in the report's zone (AnswersJson owns their bounds): as far as the
    // data goes, which the sentence's own dates then show.
    for (String key : List.of("month", "last-month")) {
      AnswersJson.Period p = presets.period(key);
      long from = Math.max(p.from(), grid.start());
      String label = key.equals("month") ? "This month" : "Last month";
      if (from >= p.to()) {
        result.put(
            key,
            label
                + " ("
                + UsageSummary.when(p.from(), grid.zone())
                + " to "
                + UsageSummary.when(p.to(), grid.zone())
                + "): no data; the data starts "
                + UsageSummary.when(grid.start(), grid.zone())
                + ".");
        continue;
      }
      UsageSummary.Figures f =
          UsageSummary.figures(starts, ends, cpus, qos.limits().cpus(), from, p.to());
      String s =
          UsageSummary.sentence(
              from == p.from() ? label : label + ", as far as the data goes",
              qos.qos(),
              f,
              grid.zone());
      if (waiting != null) {
        s +=
            " "
                + UsageSummary.waited(
                    UsageSummary.waitedHours(starts, ends, waiting, from, p.to()));
      }
      result.put(key, s);
    }
    // Beyond the hourly window, the daily rows as the cards count them (PeriodFigures); how long
    // the use sat at 95 % of the limit is known per hour only, so these sentences do not say it,
    // but they say the hours with work waiting for the limit, as the "At the limit" card does.
    for (String key : List.of("90d", "1y", "all")) {
      AnswersJson.Period p = presets.period(key);
      PeriodFigures pf = presets.current(key);
      double total = pf.total();
      String top = total > 0 ? pf.cpuHours().keySet().iterator().next() : null;
      long from = pf.dataFrom();
      UsageSummary.Figures f =
          new UsageSummary.Figures(
              pf.hours() > 0 ? total / pf.hours() : 0,
              qos.limits().cpus(),
              Double.NaN,
              top,
              total > 0 ? pf.cpuHours().get(top) / total : 0,
              total,
              from,
              Math.max(from, Math.min(p.to(), to)));
      String label = key.equals("all") ? "All" : p.label();
      String s =
          UsageSummary.sentence(
              pf.covered() || key.equals("all") ? label : label + ", as far as the data goes",
              qos.qos(),
              f,
              grid.zone());
      if (waiting != null) {
        s += " " + waitedAtLimit(pf, grid.zone());
      }
      result.put(key, s);
    }
    return result;
  }

  /**
   * What waited for the QoS limit in a long period, from the figures of its "At the limit" card
   * (AnswerCards): "Jobs waited 196 CPU-hours for the QoS limit, with work waiting in 27 h."; when
   * daily rows kept before the hours were counted lie in the period, the part the hours cover and
   * the days with work waiting before it.
   */
  static String waitedAtLimit(PeriodFigures pf, ZoneId zone) {
    double cpuHours = pf.waitedCpuHours();
    if (cpuHours < 0.005 && pf.hoursWaiting() == 0 && pf.daysWaiting() == 0) {
      return UsageSummary.waited(cpuHours);
    }
    String jobs =
        cpuHours >= 0.005
            ? UsageSummary.waited(cpuHours)
            : "Jobs waited under 0.01 CPU-hours for the QoS limit.";
    String s =
        jobs.substring(0, jobs.length() - 1)
            + ", with work waiting in "
            + AnswerCards.hoursWaiting(pf);
    if (AnswerCards.hoursCut(pf)) {
      s +=
          " of "
              + UsageSummary.when(pf.hoursFrom(), zone)
              + " to "
              + UsageSummary.when(pf.dataTo(), zone)
              + " (before it, counted by day: "
              + AnswerCards.daysWaiting(pf)
              + " with work waiting)";
    }
    return s + ".";
  }
}
