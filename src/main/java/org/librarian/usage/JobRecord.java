package org.librarian.usage;

/**
 * One job allocation as the engine sees it. Times are epoch seconds, or {@link #UNKNOWN} when Slurm
 * printed {@code Unknown}, {@code None} or nothing. Resources are whole numbers: CPUs, GPUs and memory
 * in KiB (1 GB = 1024 × 1024 KiB); {@code memoryKib} is the job's total over all its nodes.
 *
 * @param jobId sacct's JobID, kept for messages and caches
 * @param user the job's owner
 * @param state the base state
 * @param start start of the allocation, or UNKNOWN when it never started
 * @param end end of the allocation, or UNKNOWN while running or when never recorded
 * @param elapsedSeconds sacct's ElapsedRaw, or UNKNOWN
 */
public record JobRecord(
    String jobId,
    String user,
    JobState state,
    long start,
    long end,
    long elapsedSeconds,
    long cpus,
    long gpus,
    long memoryKib) {

  /** Marks a time or duration Slurm did not give. */
  public static final long UNKNOWN = Long.MIN_VALUE;
}
