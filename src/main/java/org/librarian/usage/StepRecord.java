package org.librarian.usage;

/**
 * One step of a job ({@code 123.batch}, {@code 123.0}, {@code 123+0.extern}) as efficiency needs
 * it: what sacct printed, unresolved; {@link #memoryUsedKib} applies the memory rule, and {@link
 * EfficiencyCounter} the CPU rule over a job's steps.
 *
 * @param jobId the JobID of the job the step belongs to (the part before the first '.')
 * @param totalCpuMillis the step's TotalCPU in milliseconds, or {@link JobRecord#UNKNOWN} (empty:
 *     Slurm 25.05 leaves it so for steps)
 * @param tresCpuMillis {@code cpu=} of TRESUsageInTot in milliseconds, or {@link JobRecord#UNKNOWN}
 * @param maxRssKib MaxRSS: the peak of the step's largest task, in KiB; -1 when unknown
 * @param tasks NTasks, or -1 when unknown
 * @param tresMemoryKib {@code mem=} of TRESUsageInTot: the peak of all the step's tasks together,
 *     in KiB; -1 when unknown
 * @param gpuUtilPercent {@code gres/gpuutil} of TRESUsageInAve, or NaN where the site does not
 *     collect it
 * @param gpuMemoryKib {@code gres/gpumem} of TRESUsageInAve in KiB, or -1 where not collected
 */
public record StepRecord(
    String jobId,
    long totalCpuMillis,
    long tresCpuMillis,
    long maxRssKib,
    long tasks,
    long tresMemoryKib,
    double gpuUtilPercent,
    long gpuMemoryKib) {

  /** A step known only by its CPU time, its peak memory (all tasks) and its GPU utilisation. */
  public StepRecord(String jobId, long cpuUsedMillis, long memoryUsedKib, double gpuUtilPercent) {
    this(jobId, cpuUsedMillis, JobRecord.UNKNOWN, -1, -1, memoryUsedKib, gpuUtilPercent, -1);
  }

  /**
   * The step's peak memory in KiB: {@code mem=} of TRESUsageInTot, else MaxRSS × NTasks (MaxRSS is
   * one task's peak; NTasks taken as 1 when unknown); -1 when neither is known.
   */
  public long memoryUsedKib() {
    if (tresMemoryKib >= 0) {
      return tresMemoryKib;
    }
    if (maxRssKib < 0) {
      return -1;
    }
    return Math.multiplyExact(maxRssKib, Math.max(tasks, 1));
  }
}
