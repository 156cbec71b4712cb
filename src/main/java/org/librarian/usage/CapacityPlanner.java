package org.librarian.usage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * "Would a bigger limit help?" for one resource with a limit (CPUs, GPUs, memory), over the whole
 * hours of the window ({@link WholeHours}).
 *
 * <p>U(h) is the QoS's usage in hour h (the sum of its users' series), Q(h) the work that waited
 * for the QoS limit in that hour (the {@code qos_limit} class), D(h) = U(h) + Q(h); each an average
 * in use over the hour (CPUs, GPUs, GB). The waiting hours are the whole hours with Q(h) > 0.
 *
 * <ul>
 *   <li>{@code p95_demand}, {@code p99_demand}: nearest-rank percentiles of D over the waiting
 *       hours (the value at position ⌈p·n⌉ of the n sorted values); null when no hour waited;
 *   <li>candidates: ⌈f × limit⌉ for f in 0.5, 0.75, 1, 1.25, 1.5, 2, plus ⌈p95⌉ and ⌈p99⌉, each
 *       once, ascending; for each L: {@code room_share}, the share of the waiting hours with D(h) ≤
 *       L (null when no hour waited); {@code unmet_hours} Σ max(0, D(h) − L) and {@code idle_hours}
 *       Σ max(0, L − D(h)) in resource-hours, both summed over all the whole hours;
 *   <li>holders: each user's share of U summed over the waiting hours, largest first.
 * </ul>
 *
 * All sums are exact integers in unit-seconds (memory in KiB-seconds); comparisons with L are
 * exact. A first-order estimate: work that would have started sooner changes the hours after it. No
 * I/O.
 */
public final class CapacityPlanner {
  private static final long HOUR = 3600;
  private static final long KIB_PER_GB = 1024L * 1024L;
  private static final double[] FACTORS = {0.5, 0.75, 1, 1.25, 1.5, 2};

  private CapacityPlanner() {}

  /** One limit L, whole units of the resource. */
  public record Candidate(long limit, Double roomShare, double unmetHours, double idleHours) {}

  /** A user's share (0..1) of the QoS's usage while work waited for the limit. */
  public record Holder(String user, double share) {}

  /**
   * @param limit today's limit (CPUs, GPUs or GB)
   * @param hours whole hours counted
   * @param hoursWaiting whole hours with work waiting for the QoS limit
   */
  public record Capacity(
      Observable resource,
      double limit,
      int hours,
      int hoursWaiting,
      Double p95Demand,
      Double p99Demand,
      List<Candidate> candidates,
      List<Holder> holders) {}

  /** Unit-seconds in one unit-hour: 3600, or for memory KiB-seconds in a GB-hour. */
  static long perUnitHour(Observable o) {
    return o == Observable.MEMORY ? HOUR * KIB_PER_GB : HOUR;
  }

  /**
   * @param resource NCPUS, NGPUS or MEMORY
   * @param limit today's limit, > 0 (GB for memory)
   * @param usage per user, unit-seconds in each whole hour
   * @param qosLimitWaiting the {@code qos_limit} class's unit-seconds in the same hours
   */
  public static Capacity plan(
      Observable resource, double limit, WholeHours usage, long[] qosLimitWaiting) {
    if (resource == Observable.NJOBS) {
      throw new IllegalArgumentException("capacity is planned for CPUs, GPUs and memory, not jobs");
    }
    if (!(limit > 0) || Double.isInfinite(limit)) {
      throw new IllegalArgumentException("a limit must be a positive number, not " + limit);
    }
    int n = usage.size();
    if (qosLimitWaiting.length != n) {
      throw new IllegalArgumentException(
          "usage has " + n + " hours, waiting work " + qosLimitWaiting.length);
    }
    long unit = perUnitHour(resource);
    long[] u = new long[n];
    for (long[] s : usage.byName().values()) {
      for (int h = 0; h < n; h++) {
        u[h] = Math.addExact(u[h], s[h]);
      }
    }
    long[] d = new long[n];
    int waiting = 0;
    for (int h = 0; h < n; h++) {
      d[h] = Math.addExact(u[h], qosLimitWaiting[h]);
      if (qosLimitWaiting[h] > 0) {
        waiting++;
      }
    }
    long[] dw = new long[waiting];
    for (int h = 0, j = 0; h < n; h++) {
      if (qosLimitWaiting[h] > 0) {
        dw[j++] = d[h];
      }
    }
    Arrays.sort(dw);
    Long p95 = waiting == 0 ? null : dw[nearestRank(95, waiting)];
    Long p99 = waiting == 0 ? null : dw[nearestRank(99, waiting)];

    TreeSet<Long> limits = new TreeSet<>();
    for (double f : FACTORS) {
      limits.add((long) Math.ceil(f * limit));
    }
    if (p95 != null) {
      limits.add(Math.floorDiv(p95 + unit - 1, unit));
      limits.add(Math.floorDiv(p99 + unit - 1, unit));
    }
    List<Candidate> candidates = new ArrayList<>();
    for (long l : limits) {
      long scaled = Math.multiplyExact(l, unit);
      long unmet = 0;
      long idle = 0;
      int room = 0;
      for (int h = 0; h < n; h++) {
        unmet = Math.addExact(unmet, Math.max(0, d[h] - scaled));
        idle = Math.addExact(idle, Math.max(0, scaled - d[h]));
        if (qosLimitWaiting[h] > 0 && d[h] <= scaled) {
          room++;
        }
      }
      candidates.add(
          new Candidate(
              l,
              waiting == 0 ? null : room / (double) waiting,
              unmet / (double) unit,
              idle / (double) unit));
    }

    List<Holder> holders = new ArrayList<>();
    long total = 0;
    for (int h = 0; h < n; h++) {
      if (qosLimitWaiting[h] > 0) {
        total = Math.addExact(total, u[h]);
      }
    }
    if (total > 0) {
      for (Map.Entry<String, long[]> e : usage.byName().entrySet()) {
        long mine = 0;
        for (int h = 0; h < n; h++) {
          if (qosLimitWaiting[h] > 0) {
            mine = Math.addExact(mine, e.getValue()[h]);
          }
        }
        if (mine > 0) {
          holders.add(new Holder(e.getKey(), mine / (double) total));
        }
      }
      holders.sort(
          Comparator.comparingDouble((Holder x) -> -x.share()).thenComparing(Holder::user));
    }
    return new Capacity(
        resource,
        limit,
        n,
        waiting,
        p95 == null ? null : p95 / (double) unit,
        p99 == null ? null : p99 / (double) unit,
        List.copyOf(candidates),
        List.copyOf(holders));
  }

  /** Nearest rank: the index of position ⌈percent · n / 100⌉, computed in integers. */
  static int nearestRank(int percent, int n) {
    return Math.max(0, (int) ((percent * (long) n + 99) / 100) - 1);
  }
}
