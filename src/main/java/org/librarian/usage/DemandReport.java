package org.librarian.usage;

import java.util.Map;

/**
 * The work that waited (see {@link DemandCounter}).
 *
 * @param available whether the input said what jobs asked for and when they were eligible (an Eligible column)
 * @param byUser per user, the CPUs, GPUs, GB and jobs waiting, binned like usage
 * @param byReason the same per reason class, the class key standing in the user's place
 * @param waits per user, how long the jobs that started in the window waited, in seconds
 * @param inUseNow per user at the instant of the run: CPUs, GPUs, memory KiB, jobs in use
 * @param waitingNow per user and class at that instant: CPUs, GPUs, memory KiB, jobs waiting
 * @param qosLimitCpuSeconds per user, CPU-seconds waited for the QoS limit inside the window
 */
public record DemandReport(boolean available, UsageReport byUser, UsageReport byReason, Map<String, Wait> waits,
    Map<String, long[]> inUseNow, Map<String, Map<DemandCounter.ReasonClass, long[]>> waitingNow,
    Map<String, Long> qosLimitCpuSeconds) {

  /** Waits in seconds: count, mean, nearest-rank median and 90th percentile, longest. */
  public record Wait(long jobs, double meanSeconds, long p50Seconds, long p90Seconds, long maxSeconds) {}
}
