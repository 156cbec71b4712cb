package org.librarian.usage;

import java.util.ArrayList;
import java.util.List;

/**
 * The finished runs of one read, for the job archive: each job record that {@link
 * JobRecord#finished()} (End known, final state) with what its steps say of its use. CPU time used
 * is the job row's TotalCPU, else the sum of its steps' TotalCPU, else unknown; peak memory is the
 * largest of its steps' peak memory, else unknown — the rules {@link EfficiencyCounter} counts by.
 *
 * <p>Kept: the runs that ended inside the window read, {@code (window start, now]}, as the usage
 * counts them; a run that ended before it (a saved file holds more than the window) or after now (a
 * replay) is not finished as far as this read knows.
 *
 * <p>Steps must arrive right after their job (sacct prints them so); {@link #pass()} marks a job
 * that is not kept (another QoS's, a repeated run), so that its steps are passed over too. No I/O.
 */
public final class FinishedRuns {
  /**
   * One finished run.
   *
   * @param job the allocation row, under the name it is counted (and published) under
   * @param qos the QoS it was counted for, as configured
   * @param cpuUsedMillis CPU time its processes used, in milliseconds, or {@link JobRecord#UNKNOWN}
   * @param peakMemoryKib the largest peak memory of its steps in KiB, or -1 when unknown
   */
  public record Run(JobRecord job, String qos, long cpuUsedMillis, long peakMemoryKib) {}

  private final List<Run> runs = new ArrayList<>();
  private final long windowStart;
  private final long now;

  /** The runs that end in {@code (windowStart, now]} (epoch seconds). */
  public FinishedRuns(long windowStart, long now) {
    this.windowStart = windowStart;
    this.now = now;
  }

  private JobRecord job;
  private String qos;
  private long stepTotalMillis = JobRecord.UNKNOWN;
  private long stepTresMillis = JobRecord.UNKNOWN;
  private long peakKib = -1;

  /** A job counted for {@code qos}: kept when finished, and its steps gathered. */
  public void add(JobRecord next, String qos) {
    finish();
    if (next.finished() && next.end() > windowStart && next.end() <= now) {
      this.job = next;
      this.qos = qos;
    }
  }

  /** A job that is not kept: its steps are passed over. */
  public void pass() {
    finish();
  }

  public void add(StepRecord step) {
    if (job == null || !step.jobId().equals(job.jobId())) {
      return;
    }
    stepTotalMillis = plus(stepTotalMillis, step.totalCpuMillis());
    stepTresMillis = plus(stepTresMillis, step.tresCpuMillis());
    peakKib = Math.max(peakKib, step.memoryUsedKib());
  }

  private static long plus(long sum, long millis) {
    if (millis == JobRecord.UNKNOWN) {
      return sum;
    }
    return sum == JobRecord.UNKNOWN ? millis : Math.addExact(sum, millis);
  }

  private void finish() {
    if (job != null) {
      long used = EfficiencyCounter.cpuRule(job.cpuUsedMillis(), stepTotalMillis, stepTresMillis);
      runs.add(new Run(job, qos, used, peakKib));
    }
    job = null;
    qos = null;
    stepTotalMillis = JobRecord.UNKNOWN;
    stepTresMillis = JobRecord.UNKNOWN;
    peakKib = -1;
  }

  /** Adds another part's runs after these (each finished first). */
  public FinishedRuns merge(FinishedRuns other) {
    finish();
    other.finish();
    runs.addAll(other.runs);
    return this;
  }

  /** The finished runs, in the order read. */
  public List<Run> runs() {
    finish();
    return List.copyOf(runs);
  }
}
