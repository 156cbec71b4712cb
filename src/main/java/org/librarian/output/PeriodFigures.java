package org.librarian.output;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.librarian.output.AnswersJson.Period;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DailyHistory;
import org.librarian.usage.DailyHistory.Day;
import org.librarian.usage.DemandCounter;
import org.librarian.usage.DemandReport;
import org.librarian.usage.EndedJobs;
import org.librarian.usage.JobCounts;
import org.librarian.usage.Observable;
import org.librarian.usage.QosReport;
import org.librarian.usage.UserUsage;

/**
 * What a report says of one period: per user CPU-hours, CPU-hours held and used by the jobs that
 * ended in it, CPU-hours waited for the QoS limit. Inside the hourly window from the hourly bins
 * (each counting its overlap) and the jobs that ended (End in {@code (from, to]}); before it from
 * the daily rows ({@link QosReport#archived}, local days joined up to the window's first whole day,
 * from which on the hourly bins count): a day counts like a bin, by its overlap with the period,
 * and its jobs' held and used CPU-seconds only when it lies wholly inside.
 *
 * @param covered whether the data covers the whole period
 * @param dataFrom where the data starts within it, epoch seconds (its start when covered)
 * @param cpuHours each user's CPU-hours in it, largest first
 * @param hours the hours of the period the data covers
 * @param hoursWaiting hours from {@code hoursFrom} in which CPUs waited for the QoS limit (a daily
 *     row counts its hours by its overlap with the period)
 * @param waitedCpuHours CPU-hours waited for the QoS limit
 * @param users per user: CPU-hours held and used by the jobs that ended, CPU-hours waited for the
 *     QoS limit, jobs that ended ({@link DailyHistory#HELD} and the rest), by user name
 * @param efficiencyFrom from when {@code users}' held and used are known (epoch seconds), or -1
 *     when not at all (no CPU time in the input)
 * @param daysWaiting days before {@code hoursFrom} with work waiting for the QoS limit (their rows
 *     were kept before the hours were counted)
 * @param details per user, the jobs that ended from {@code detailsFrom} (their low-efficiency jobs,
 *     whole-node jobs, memory and time medians, timeouts): in the hourly part from the jobs
 *     themselves, and with daily rows that keep {@link JobCounts} from their summed counts (the
 *     medians then in tenths of a percent)
 * @param detailsFrom from when {@code details} count (epoch seconds; {@code efficiencyFrom} unless
 *     daily rows kept without job counts make it later), or -1 when not at all
 * @param hoursFrom from when {@code hoursWaiting} counts (epoch seconds): {@code dataFrom}, or the
 *     end of the last daily row that keeps no hours at the limit
 * @param counted per user, the {@link JobCounts} of the jobs that ended from {@code detailsFrom}
 *     (the daily rows' and the hourly part's added up): what the GPU columns take
 */
record PeriodFigures(
    boolean covered,
    long dataFrom,
    Map<String, Double> cpuHours,
    double hours,
    double hoursWaiting,
    double waitedCpuHours,
    Map<String, double[]> users,
    long efficiencyFrom,
    boolean efficiencyGap,
    int daysWaiting,
    Map<String, EndedJobs.Sums> details,
    long detailsFrom,
    long hoursFrom,
    Map<String, JobCounts> counted) {

  /** The end of the data in the period (epoch seconds): its end, or now when that is sooner. */
  long dataTo() {
    return dataFrom + Math.round(hours * 3600);
  }

  double total() {
    return cpuHours.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Held and used CPU-hours of every user's jobs that ended in the period. */
  double[] heldUsed() {
    double[] sum = new double[2];
    for (double[] u : users.values()) {
      sum[0] += u[DailyHistory.HELD];
      sum[1] += u[DailyHistory.USED];
    }
    return sum;
  }

  /** The figures of {@code p}. */
  static PeriodFigures of(QosReport qos, Period p) {
    BinGrid grid = qos.usage().grid();
    // The daily rows before the window, newest first while they join up to the window's first day.
    List<Day> window = qos.daily();
    long joint = window.isEmpty() ? grid.start() : window.get(0).start();
    List<Day> archived = qos.archived();
    int first = archived.size();
    boolean hourlyCovers = p.from() > grid.start() - grid.resolutionSeconds();
    if (!hourlyCovers) {
      long next = joint;
      for (int i = archived.size() - 1; i >= 0; i--) {
        Day d = archived.get(i);
        if (d.start() + d.seconds() != next || next <= p.from()) {
          break;
        }
        first = i;
        next = d.start();
      }
    }
    List<Day> days = archived.subList(first, archived.size());
    long hourlyFrom =
        hourlyCovers ? p.from() : days.isEmpty() ? Math.max(p.from(), grid.start()) : joint;
    long dataFrom =
        hourlyCovers || days.isEmpty() ? hourlyFrom : Math.max(p.from(), days.get(0).start());
    boolean covered = hourlyCovers || (!days.isEmpty() && days.get(0).start() <= p.from());
    Map<String, Double> byUser = new TreeMap<>();
    Map<String, double[]> users = new TreeMap<>();
    double waited = 0;
    double waitingSeconds = 0;
    long hoursFrom = Long.MIN_VALUE;
    boolean efficiencyKnown = qos.efficiency() != null;
    long efficiencyFrom = efficiencyKnown ? dataFrom : -1;
    boolean efficiencyGap = false;
    // The days' job counts (whole days inside, from the last day kept without them on).
    Map<String, JobCounts> dayCounts = new TreeMap<>();
    long countsFrom = efficiencyFrom;
    for (Day d : days) {
      long dayEnd = d.start() + d.seconds();
      long overlap = Math.min(dayEnd, p.to()) - Math.max(d.start(), p.from());
      if (overlap <= 0) {
        continue;
      }
      // A day counts like a bin, by its overlap; held and used only for the days wholly inside.
      double h = overlap / 3600.0;
      double share = overlap / (double) d.seconds();
      boolean whole = overlap == d.seconds();
      d.users()
          .forEach((u, avg) -> byUser.merge(u, avg[Observable.NCPUS.ordinal()] * h, Double::sum));
      if (d.waitingAtLimit() != null) {
        waited += d.waitingAtLimit()[0] * h;
      }
      if (d.waitingAtLimit() != null && d.waitingAtLimit().length > DailyHistory.WAITING_SECONDS) {
        waitingSeconds += d.waitingAtLimit()[DailyHistory.WAITING_SECONDS] * share;
      } else {
        // Kept before its hours at the limit were counted: the hours start after it.
        waitingSeconds = 0;
        hoursFrom = dayEnd;
      }
      if (d.jobCounts() == null) {
        dayCounts.clear();
        countsFrom = efficiencyKnown ? dayEnd : -1;
      } else if (whole) {
        d.jobCounts().forEach((u, c) -> dayCounts.merge(u, c, JobCounts::plus));
      } else if (d.start() < p.from() && efficiencyKnown) {
        countsFrom = Math.max(countsFrom, dayEnd);
      }
      if (d.cpuSeconds() == null) {
        // Kept before held, used and waited were counted: the period's figures start after it.
        users.clear();
        efficiencyFrom = efficiencyKnown ? dayEnd : -1;
        efficiencyGap = true;
        continue;
      }
      if (!whole && d.start() < p.from() && efficiencyKnown) {
        efficiencyFrom = Math.max(efficiencyFrom, dayEnd);
      }
      d.cpuSeconds()
          .forEach(
              (u, c) -> {
                double[] sum = users.computeIfAbsent(u, k -> new double[4]);
                sum[DailyHistory.WAITED] += c[DailyHistory.WAITED] * share / 3600;
                if (whole) {
                  sum[DailyHistory.HELD] += c[DailyHistory.HELD] / 3600;
                  sum[DailyHistory.USED] += c[DailyHistory.USED] / 3600;
                  sum[DailyHistory.JOBS] += c[DailyHistory.JOBS];
                }
              });
    }
    // The hourly part: [hourlyFrom, to). Each bin counts by its overlap; a user's sum adds the bins
    // in their order, after the days, user by user (one map lookup a user, not a bin).
    double[] overlaps = new double[grid.size()];
    for (int i = 0; i < grid.size(); i++) {
      long start = grid.edge(i);
      overlaps[i] = Math.min(start + grid.divisor(i), p.to()) - Math.max(start, hourlyFrom);
    }
    for (UserUsage u : qos.usage().users()) {
      double[] series = u.series(Observable.NCPUS);
      // A primitive sum: a boxed one was a Double a bin, the largest of the writers' allocations.
      Double fromDays = byUser.get(u.user());
      boolean any = fromDays != null;
      double sum = any ? fromDays : 0;
      for (int i = 0; i < overlaps.length; i++) {
        if (overlaps[i] > 0) {
          double v = series[i] * overlaps[i] / 3600.0;
          sum = any ? sum + v : v;
          any = true;
        }
      }
      if (any) {
        byUser.put(u.user(), sum);
      }
    }
    double[] waiting = qosLimitWaiting(qos.demand());
    if (waiting != null) {
      for (int i = 0; i < overlaps.length; i++) {
        if (overlaps[i] > 0 && waiting[i] >= DailyHistory.WAITING_CPUS) {
          waitingSeconds += overlaps[i];
          waited += waiting[i] * overlaps[i] / 3600.0;
        }
      }
    }
    DemandReport demand = qos.demand();
    if (demand != null && demand.atLimitByUser() != null) {
      for (UserUsage u : demand.atLimitByUser().users()) {
        double[] series = u.series(Observable.NCPUS);
        for (int i = 0; i < overlaps.length; i++) {
          double v = overlaps[i] > 0 ? series[i] * overlaps[i] / 3600.0 : 0;
          if (v > 0) {
            users.computeIfAbsent(u.user(), k -> new double[4])[DailyHistory.WAITED] += v;
          }
        }
      }
    }
    Map<String, EndedJobs.Ended> ended =
        efficiencyKnown ? qos.efficiency().ended().ended(hourlyFrom, p.to()) : Map.of();
    Map<String, EndedJobs.Sums> details = new TreeMap<>();
    Map<String, JobCounts> hourly = new TreeMap<>();
    for (Map.Entry<String, EndedJobs.Ended> e : ended.entrySet()) {
      details.put(e.getKey(), e.getValue().sums());
      hourly.put(e.getKey(), e.getValue().counts());
    }
    if (efficiencyKnown) {
      for (Map.Entry<String, EndedJobs.Sums> e : details.entrySet()) {
        double[] sum = users.computeIfAbsent(e.getKey(), k -> new double[4]);
        sum[DailyHistory.HELD] += e.getValue().cpuHeldHours();
        sum[DailyHistory.USED] += e.getValue().cpuUsedHours();
        sum[DailyHistory.JOBS] += e.getValue().jobs();
      }
    }
    // Days before the window with their job counts: the columns count over them too.
    long detailsFrom = efficiencyKnown ? hourlyFrom : -1;
    Map<String, JobCounts> counted = new TreeMap<>();
    if (efficiencyKnown) {
      counted.putAll(hourly);
      if (countsFrom < hourlyFrom) {
        details = withDays(dayCounts, hourly, users);
        detailsFrom = countsFrom;
        dayCounts.forEach((u, c) -> counted.merge(u, c, JobCounts::plus));
      }
    }
    Map<String, Double> sorted = new LinkedHashMap<>();
    byUser.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    long dataTo = Math.min(p.to(), grid.now());
    long from = covered ? p.from() : dataFrom;
    int daysWaiting = 0;
    for (Day d : days) {
      boolean inside = d.start() + d.seconds() > p.from() && d.start() < p.to();
      if (inside && d.start() < hoursFrom && d.waitingAtLimit() != null) {
        daysWaiting += d.waitingAtLimit()[0] > 0 ? 1 : 0;
      }
    }
    return new PeriodFigures(
        covered,
        from,
        sorted,
        Math.max(0, dataTo - from) / 3600.0,
        waitingSeconds / 3600.0,
        waited,
        users,
        efficiencyFrom < 0 ? -1 : Math.max(efficiencyFrom, from),
        efficiencyGap,
        daysWaiting,
        details,
        detailsFrom < 0 ? -1 : Math.max(detailsFrom, from),
        Math.max(hoursFrom, from),
        counted);
  }

  /**
   * Per user, the days' counts and the hourly part's added up, as sums: jobs, held and used of
   * {@code users} (the period's), the medians from the summed tenths of a percent.
   */
  private static Map<String, EndedJobs.Sums> withDays(
      Map<String, JobCounts> days, Map<String, JobCounts> hourly, Map<String, double[]> users) {
    Map<String, JobCounts> all = new TreeMap<>(days);
    hourly.forEach((u, c) -> all.merge(u, c, JobCounts::plus));
    Map<String, EndedJobs.Sums> sums = new TreeMap<>();
    all.forEach(
        (u, c) -> {
          double[] h = users.getOrDefault(u, new double[4]);
          sums.put(
              u,
              new EndedJobs.Sums(
                  Math.round(h[DailyHistory.JOBS]),
                  Math.round(h[DailyHistory.HELD] * 3600),
                  Math.round(h[DailyHistory.USED] * 3_600_000),
                  c.lowCpuJobs(),
                  c.exclusiveJobs(),
                  c.memoryMedian(),
                  c.timeouts(),
                  c.timeMedian()));
        });
    return sums;
  }

  private static double[] qosLimitWaiting(DemandReport demand) {
    if (demand == null || !demand.available()) {
      return null;
    }
    for (UserUsage u : demand.byReason().users()) {
      if (u.user().equals(DemandCounter.ReasonClass.QOS_LIMIT.key())) {
        return u.series(Observable.NCPUS);
      }
    }
    return new double[demand.byReason().grid().size()];
  }
}
