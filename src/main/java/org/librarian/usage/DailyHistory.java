package org.librarian.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-user daily averages over local calendar days, and the archive they are merged into.
 *
 * <p>A day's average is its usage (unit-seconds) divided by the day's real length: 23 or 25 hours
 * on the days clocks change, and for today the seconds elapsed so far. Days come from a report's
 * bins (hourly, or daily) when the bins cover the day from its local midnight to its end (or to
 * now): days the window only partly covers are left out, so the archive keeps what it had for them.
 */
public final class DailyHistory {
  public static final int OBSERVABLES = 4;

  /**
   * One day: {@code seconds} it covers (86,400, or 82,800/90,000 on DST days, or the seconds so far
   * today); per user the averages of CPUs, GPUs, GB, jobs; the CPUs and GPUs waiting for the QoS
   * limit and, third when known ({@link #WAITING_SECONDS}), the seconds of the day in which CPUs
   * waited for it (null when the input said nothing of waiting); per user the CPU-seconds held and
   * used by the jobs that ended that day (End in {@code (midnight, next midnight]}) and the
   * CPU-seconds they waited for the QoS limit that day, and how many jobs ended ({@link #HELD},
   * {@link #USED}, {@link #WAITED}, {@link #JOBS}; null when the day was kept before these were
   * counted, or the input said nothing of CPU time used); and per user what else those jobs count
   * for the efficiency table ({@link JobCounts}: low-CPU jobs, timeouts, whole-node jobs, memory
   * and time efficiencies per tenth of a percent; null when the day was kept before these were
   * counted: not known, never none).
   */
  public record Day(
      LocalDate date,
      long start,
      long seconds,
      Map<String, double[]> users,
      double[] waitingAtLimit,
      Map<String, double[]> cpuSeconds,
      Map<String, JobCounts> jobCounts) {

    /** A day without the counts of {@link JobCounts} (kept before they were counted). */
    public Day(
        LocalDate date,
        long start,
        long seconds,
        Map<String, double[]> users,
        double[] waitingAtLimit,
        Map<String, double[]> cpuSeconds) {
      this(date, start, seconds, users, waitingAtLimit, cpuSeconds, null);
    }

    /** A day without CPU-seconds held, used and waited (kept before they were counted). */
    public Day(
        LocalDate date,
        long start,
        long seconds,
        Map<String, double[]> users,
        double[] waitingAtLimit) {
      this(date, start, seconds, users, waitingAtLimit, null);
    }
  }

  /**
   * Index in {@link Day#waitingAtLimit} of the seconds with CPUs waiting for the QoS limit: days
   * kept before these were counted have only the CPUs and GPUs (length 2).
   */
  public static final int WAITING_SECONDS = 2;

  /** CPUs waiting for the limit below this in an hour are rounding: the hour did not wait. */
  public static final double WAITING_CPUS = 0.005;

  /** Indexes of a day's {@link Day#cpuSeconds}: CPU-seconds held, used, waited for the limit. */
  public static final int HELD = 0;

  public static final int USED = 1;
  public static final int WAITED = 2;
  public static final int JOBS = 3;

  private DailyHistory() {}

  /** The days a report's bins wholly cover, oldest first, without CPU-seconds held and used. */
  public static List<Day> days(UsageReport report, DemandReport demand) {
    return days(report, demand, null);
  }

  /**
   * The days a report's bins wholly cover, oldest first; with {@code efficiency} (null: not known)
   * each day's CPU-seconds held, used and waited for the QoS limit per user.
   */
  public static List<Day> days(
      UsageReport report, DemandReport demand, EfficiencyReport efficiency) {
    BinGrid grid = report.grid();
    ZoneId zone = grid.zone();
    Map<LocalDate, long[]> cover =
        new TreeMap<>(); // first bin index, last bin index, covered seconds
    for (int i = 0; i < grid.size(); i++) {
      long divisor = grid.divisor(i);
      if (divisor <= 0) {
        continue;
      }
      LocalDate date = Instant.ofEpochSecond(grid.edge(i)).atZone(zone).toLocalDate();
      long[] c = cover.computeIfAbsent(date, k -> new long[] {-1, -1, 0});
      if (c[0] < 0) {
        c[0] = i;
      }
      c[1] = i;
      c[2] += divisor;
    }
    UsageReport waiting = demand != null && demand.available() ? demand.byReason() : null;
    double[] atLimitCpus = null;
    double[] atLimitGpus = null;
    if (waiting != null) {
      atLimitCpus = new double[grid.size()];
      atLimitGpus = new double[grid.size()];
      for (UserUsage u : waiting.users()) {
        if (u.user().equals(DemandCounter.ReasonClass.QOS_LIMIT.key())) {
          atLimitCpus = u.series(Observable.NCPUS);
          atLimitGpus = u.series(Observable.NGPUS);
        }
      }
    }
    List<Day> days = new ArrayList<>();
    for (Map.Entry<LocalDate, long[]> e : cover.entrySet()) {
      LocalDate date = e.getKey();
      long dayStart = date.atStartOfDay(zone).toEpochSecond();
      long dayEnd = date.plusDays(1).atStartOfDay(zone).toEpochSecond();
      int first = (int) e.getValue()[0];
      int last = (int) e.getValue()[1];
      long coveredEnd = grid.edge(last) + grid.divisor(last);
      boolean fromMidnight = grid.edge(first) == dayStart;
      boolean toEnd =
          grid.edge(last + 1) == dayEnd || (grid.now() < dayEnd && coveredEnd == grid.now());
      if (!fromMidnight || !toEnd || grid.edge(last + 1) > dayEnd) {
        continue;
      }
      long seconds = e.getValue()[2];
      Map<String, double[]> users = new LinkedHashMap<>();
      for (UserUsage u : report.users()) {
        double[] avg = new double[OBSERVABLES];
        boolean any = false;
        for (Observable o : Observable.values()) {
          double[] s = u.series(o);
          double sum = 0;
          for (int i = first; i <= last; i++) {
            sum += s[i] * grid.divisor(i);
          }
          avg[o.ordinal()] = sum / seconds;
          any |= sum != 0;
        }
        if (any) {
          users.put(u.user(), avg);
        }
      }
      double[] wait = null;
      if (atLimitCpus != null) {
        double cpu = 0;
        double gpu = 0;
        long atLimit = 0;
        for (int i = first; i <= last; i++) {
          cpu += atLimitCpus[i] * grid.divisor(i);
          gpu += atLimitGpus[i] * grid.divisor(i);
          atLimit += atLimitCpus[i] >= WAITING_CPUS ? grid.divisor(i) : 0;
        }
        wait = new double[] {cpu / seconds, gpu / seconds, atLimit};
      }
      Map<String, double[]> cpu = null;
      Map<String, JobCounts> counts = null;
      if (efficiency != null) {
        counts = new TreeMap<>();
        cpu = new LinkedHashMap<>();
        for (Map.Entry<String, EndedJobs.Ended> j :
            efficiency.ended().ended(dayStart, dayEnd).entrySet()) {
          counts.put(j.getKey(), j.getValue().counts());
          EndedJobs.Sums sums = j.getValue().sums();
          double[] c = cpu.computeIfAbsent(j.getKey(), k -> new double[4]);
          c[HELD] = sums.cpuHeldSeconds();
          c[USED] = sums.cpuUsedMillis() / 1000.0;
          c[JOBS] = sums.jobs();
        }
        if (demand != null && demand.atLimitByUser() != null) {
          for (UserUsage u : demand.atLimitByUser().users()) {
            double[] s = u.series(Observable.NCPUS);
            double sum = 0;
            for (int i = first; i <= last; i++) {
              sum += s[i] * grid.divisor(i);
            }
            if (sum > 0) {
              cpu.computeIfAbsent(u.user(), k -> new double[4])[WAITED] = sum;
            }
          }
        }
      }
      days.add(new Day(date, dayStart, seconds, users, wait, cpu, counts));
    }
    return days;
  }

  /**
   * The archive's days with {@code fresh} in place of the days it already had on those dates;
   * oldest first.
   */
  public static List<Day> merge(List<Day> archived, List<Day> fresh) {
    TreeMap<LocalDate, Day> all = new TreeMap<>();
    for (Day d : archived) {
      all.put(d.date(), d);
    }
    for (Day d : fresh) {
      all.put(d.date(), d);
    }
    return new ArrayList<>(all.values());
  }
}
