package org.librarian.usage;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The work that waited (see {@link DemandCounter}).
 *
 * @param available whether the input said what jobs asked for and when they were eligible (an
 *     Eligible column)
 * @param byUser per user, the CPUs, GPUs, GB and jobs waiting, binned like usage
 * @param byReason the same per reason class, the class key standing in the user's place
 * @param waits per user, how long the jobs that started in the window waited, in seconds
 * @param inUseNow per user at the instant of the run: CPUs, GPUs, memory KiB, jobs in use
 * @param waitingNow per user and class at that instant: CPUs, GPUs, memory KiB, jobs waiting
 * @param waited per user and class, CPU-seconds and GPU-seconds waited inside the window (exact)
 * @param waitByShape how long the jobs that started in the window waited, by job shape
 * @param atLimitByUser per user, the CPUs, GPUs, GB and jobs waiting for the QoS limit, binned like
 *     usage (null when not counted)
 */
public record DemandReport(
    boolean available,
    UsageReport byUser,
    UsageReport byReason,
    Map<String, Wait> waits,
    Map<String, long[]> inUseNow,
    Map<String, Map<DemandCounter.ReasonClass, long[]>> waitingNow,
    Map<String, Map<DemandCounter.ReasonClass, long[]>> waited,
    List<WaitByShape.Waits> waitByShape,
    UsageReport atLimitByUser) {

  /** Per user, CPU-seconds waited for the QoS limit inside the window. */
  public Map<String, Long> qosLimitCpuSeconds() {
    Map<String, Long> result = new TreeMap<>();
    waited.forEach(
        (user, byClass) -> {
          long[] w = byClass.get(DemandCounter.ReasonClass.QOS_LIMIT);
          if (w != null && w[0] > 0) {
            result.put(user, w[0]);
          }
        });
    return result;
  }

  /** Waits in seconds: count, mean, nearest-rank median and 90th percentile, longest. */
  public record Wait(
      long jobs, double meanSeconds, long p50Seconds, long p90Seconds, long maxSeconds) {}
}
