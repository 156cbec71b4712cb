package org.librarian.usage;

/**
 * What one job that ended held and used, once its steps are read (see {@link EfficiencyCounter} for
 * the rules). Seconds, milliseconds of CPU time, KiB.
 *
 * @param cpuUsedMillis CPU time used by the CPU rule
 * @param memoryUsedKib the largest of its steps' peak memory, -1 when unknown
 * @param exclusive whether it was given whole nodes it did not ask for (see {@link
 *     EfficiencyCounter#exclusive})
 * @param timeEfficiency elapsed ÷ time limit, or null when the limit is not known
 * @param gpuUtilPercent the largest of its steps' {@code gres/gpuutil}, NaN when not collected
 * @param gpuMemoryKib the largest of its steps' {@code gres/gpumem}, -1 when not collected
 */
record JobUse(
    JobRecord job,
    long elapsedSeconds,
    long cpuHeldSeconds,
    long cpuUsedMillis,
    long memoryUsedKib,
    boolean exclusive,
    Double timeEfficiency,
    double gpuUtilPercent,
    long gpuMemoryKib) {

  /** CPU time used ÷ CPU time held, or null when nothing was held. */
  Double cpuEfficiency() {
    return cpuHeldSeconds > 0 ? cpuUsedMillis / (cpuHeldSeconds * 1000.0) : null;
  }

  /** Peak memory ÷ memory allocated, or null when either is unknown or nothing was allocated. */
  Double memoryEfficiency() {
    return memoryUsedKib >= 0 && job.memoryKib() > 0
        ? memoryUsedKib / (double) job.memoryKib()
        : null;
  }

  boolean timedOut() {
    return job.state() == JobState.TIMEOUT;
  }
}
