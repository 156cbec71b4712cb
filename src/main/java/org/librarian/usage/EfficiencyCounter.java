package org.librarian.usage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each user held and what they used, over the jobs that ended in a window.
 *
 * <p>Jobs counted: allocation rows whose End is known and lies in {@code [window start, now)}, in a
 * state other than RUNNING, PENDING, SUSPENDED or COMPLETING. Elapsed is ElapsedRaw, else End −
 * Start; CPU-seconds held are CPUs × elapsed (the whole job, not clipped to the window). CPU time
 * used is the job row's TotalCPU, else the sum of its steps' TotalCPU; a job with neither is left
 * out. Memory used is the largest of its steps' peak memory; memory efficiency is used ÷ allocated
 * where both are known and allocated is above 0. GPU utilisation (where the site collects {@code
 * gres/gpuutil}) is the largest of a job's steps', averaged over a user's jobs weighted by their
 * GPU-hours.
 *
 * <p>Steps must arrive right after their job (sacct prints them so, and the readers keep them so):
 * a step whose job is not the last job seen is passed over. Sums are exact integers; no I/O.
 */
public final class EfficiencyCounter {
  /**
   * A job whose CPU time used is below this share of what it held counts as a low-efficiency job.
   */
  public static final double LOW_CPU_SHARE = 0.25;

  private final long windowStart;
  private final long now;
  private final Map<String, Sums> byUser = new HashMap<>();
  private boolean gpuUtilSeen;

  // The job whose steps may follow.
  private JobRecord job;
  private long stepCpuMillis;
  private boolean stepCpuKnown;
  private long stepMemoryKib = -1;
  private double stepGpuUtil = Double.NaN;

  public EfficiencyCounter(long windowStart, long now) {
    this.windowStart = windowStart;
    this.now = now;
  }

  public void add(JobRecord next) {
    finish();
    boolean ended =
        next.end() != JobRecord.UNKNOWN && next.end() >= windowStart && next.end() < now;
    JobState s = next.state();
    boolean over =
        s != JobState.RUNNING
            && s != JobState.PENDING
            && s != JobState.SUSPENDED
            && s != JobState.COMPLETING;
    job = ended && over ? next : null;
  }

  public void add(StepRecord step) {
    if (job == null || !step.jobId().equals(job.jobId())) {
      return;
    }
    if (step.totalCpuMillis() != JobRecord.UNKNOWN) {
      stepCpuMillis = Math.addExact(stepCpuMillis, step.totalCpuMillis());
      stepCpuKnown = true;
    }
    stepMemoryKib = Math.max(stepMemoryKib, step.memoryUsedKib());
    if (!Double.isNaN(step.gpuUtilPercent())) {
      stepGpuUtil =
          Double.isNaN(stepGpuUtil)
              ? step.gpuUtilPercent()
              : Math.max(stepGpuUtil, step.gpuUtilPercent());
    }
  }

  /** Counts the job whose steps were being gathered, if any. */
  private void finish() {
    JobRecord j = job;
    job = null;
    long stepCpu = stepCpuMillis;
    boolean stepKnown = stepCpuKnown;
    long memory = stepMemoryKib;
    double gpuUtil = stepGpuUtil;
    stepCpuMillis = 0;
    stepCpuKnown = false;
    stepMemoryKib = -1;
    stepGpuUtil = Double.NaN;
    if (j == null) {
      return;
    }
    long used =
        j.cpuUsedMillis() != JobRecord.UNKNOWN
            ? j.cpuUsedMillis()
            : stepKnown ? stepCpu : JobRecord.UNKNOWN;
    if (used == JobRecord.UNKNOWN) {
      return;
    }
    long elapsed =
        j.elapsedSeconds() != JobRecord.UNKNOWN
            ? j.elapsedSeconds()
            : j.start() != JobRecord.UNKNOWN ? Math.max(0, j.end() - j.start()) : 0;
    long held = Math.multiplyExact(j.cpus(), elapsed);
    Sums s = byUser.computeIfAbsent(j.user(), u -> new Sums());
    s.jobs++;
    s.cpuHeldSeconds = Math.addExact(s.cpuHeldSeconds, held);
    s.cpuUsedMillis = Math.addExact(s.cpuUsedMillis, used);
    if (held > 0 && used < LOW_CPU_SHARE * held * 1000.0) {
      s.lowCpuJobs++;
    }
    if (memory >= 0 && j.memoryKib() > 0) {
      s.memoryEfficiencies.add(memory / (double) j.memoryKib());
    }
    if (!Double.isNaN(gpuUtil)) {
      gpuUtilSeen = true;
      long gpuSeconds = Math.multiplyExact(j.gpus(), elapsed);
      s.gpuUtilWeighted += gpuUtil * gpuSeconds;
      s.gpuSeconds = Math.addExact(s.gpuSeconds, gpuSeconds);
    }
  }

  /** Adds what another counter over the same window saw (each finished first). */
  public void merge(EfficiencyCounter other) {
    finish();
    other.finish();
    for (Map.Entry<String, Sums> e : other.byUser.entrySet()) {
      Sums mine = byUser.computeIfAbsent(e.getKey(), u -> new Sums());
      Sums theirs = e.getValue();
      mine.jobs += theirs.jobs;
      mine.cpuHeldSeconds = Math.addExact(mine.cpuHeldSeconds, theirs.cpuHeldSeconds);
      mine.cpuUsedMillis = Math.addExact(mine.cpuUsedMillis, theirs.cpuUsedMillis);
      mine.lowCpuJobs += theirs.lowCpuJobs;
      mine.memoryEfficiencies.addAll(theirs.memoryEfficiencies);
      mine.gpuUtilWeighted += theirs.gpuUtilWeighted;
      mine.gpuSeconds = Math.addExact(mine.gpuSeconds, theirs.gpuSeconds);
    }
    gpuUtilSeen |= other.gpuUtilSeen;
  }

  public EfficiencyReport report() {
    finish();
    Map<String, EfficiencyReport.User> users = new HashMap<>();
    for (Map.Entry<String, Sums> e : byUser.entrySet()) {
      Sums s = e.getValue();
      List<Double> mem = new ArrayList<>(s.memoryEfficiencies);
      mem.sort(null);
      Double p50 = mem.isEmpty() ? null : mem.get((int) Math.ceil(0.5 * mem.size()) - 1);
      Double gpu = s.gpuSeconds > 0 ? s.gpuUtilWeighted / s.gpuSeconds : null;
      users.put(
          e.getKey(),
          new EfficiencyReport.User(
              s.jobs, s.cpuHeldSeconds, s.cpuUsedMillis, p50, s.lowCpuJobs, gpu));
    }
    return new EfficiencyReport(users, gpuUtilSeen);
  }

  private static final class Sums {
    long jobs;
    long cpuHeldSeconds;
    long cpuUsedMillis;
    long lowCpuJobs;
    final List<Double> memoryEfficiencies = new ArrayList<>();
    double gpuUtilWeighted;
    long gpuSeconds;
  }
}
