package org.librarian.usage;

import java.util.List;

/**
 * A job of the QoS waiting at the instant of the run (PENDING in sacct), with Slurm's own estimate
 * of its start when squeue gave one. Times are epoch seconds.
 *
 * @param jobId sacct's JobID, as squeue prints it for a job that is not an array
 * @param user its owner, as published
 * @param cpus CPUs it asks for (per array task)
 * @param gpus GPUs it asks for (per array task)
 * @param eligible when it could first start, or {@link JobRecord#UNKNOWN} (held)
 * @param reason why it waits: squeue's live reason, else sacct's
 * @param slurmStart {@code squeue --start}'s expected start, or null (N/A, not planned, not asked)
 */
public record WaitingJob(
    String jobId,
    String user,
    long cpus,
    long gpus,
    long eligible,
    String reason,
    Long slurmStart) {

  /** The job's shape, as {@link WaitByShape} counts the jobs that started. */
  public WaitByShape.Shape shape() {
    return new WaitByShape.Shape(WaitByShape.Cpus.of(cpus), gpus > 0);
  }

  public WaitingJob withSlurmStart(Long start) {
    return new WaitingJob(jobId, user, cpus, gpus, eligible, reason, start);
  }

  /**
   * The waits of the jobs of this job's shape that started in the window, or null when none did.
   */
  public WaitByShape.Waits typical(List<WaitByShape.Waits> shapes) {
    WaitByShape.Shape mine = shape();
    return shapes.stream().filter(w -> w.shape().equals(mine)).findFirst().orElse(null);
  }

  /**
   * "typically 12 min – 3.1 h for 9–32 CPUs without GPUs": the shape's median and 90th percentile
   * wait, rounded up as in {@link WaitByShape.Waits#sentence()}.
   */
  public static String typicalText(WaitByShape.Waits w) {
    return "typically "
        + WaitByShape.span(w.p50Seconds())
        + " \u2013 "
        + WaitByShape.span(w.p90Seconds())
        + " for "
        + w.shape().cpus().words()
        + (w.shape().gpus() ? " with GPUs" : " without GPUs");
  }
}
