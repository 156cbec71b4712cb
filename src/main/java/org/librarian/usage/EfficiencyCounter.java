package org.librarian.usage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each user held and used, over the jobs that ended in a window; and the same per job family
 * ({@link JobFamilies}).
 *
 * <p>Jobs counted: allocation rows whose End is known and lies in {@code (window start, now]} (as
 * the usage and {@link FinishedRuns} count them: End is whole seconds and now is the run's second,
 * so a job that ended in the run's own second has ended), in a state other than RUNNING, PENDING,
 * SUSPENDED or COMPLETING. Elapsed is ElapsedRaw, else End − Start; CPU-seconds held are CPUs ×
 * elapsed (the whole job, not clipped to the window).
 *
 * <p>CPU time used: the job row's TotalCPU; when that is empty or zero, the sum of its steps'
 * TotalCPU; when that is empty or zero too, the sum of its steps' {@code cpu=} of TRESUsageInTot
 * (Slurm 25.05 leaves TotalCPU empty or zero for steps); a job with none of the three is left out.
 * A step's peak memory is {@code mem=} of its TRESUsageInTot (all its tasks), else MaxRSS × NTasks
 * (MaxRSS is one task's peak); a job's is the largest of its steps'. Memory efficiency is that ÷
 * allocated. A job given whole nodes it did not ask for ({@link #exclusive}) is marked: its memory
 * efficiency says nothing of the job, so it is left out of the median and shown apart. Time
 * efficiency is elapsed ÷ the time limit; TIMEOUT jobs are counted apart and left out of its
 * median. GPU utilisation and GPU memory (where the site collects {@code gres/gpuutil}, {@code
 * gres/gpumem}) are the largest of a job's steps'; utilisation is averaged over a user's jobs
 * weighted by their GPU-hours.
 *
 * <p>Steps must arrive right after their job (sacct prints them so, and the readers keep them so):
 * a step whose job is not the last job seen is passed over. Sums are exact integers; no I/O.
 */
public final class EfficiencyCounter {
  /**
   * A job whose CPU time used is below this share of what it held counts as a low-efficiency job.
   */
  public static final double LOW_CPU_SHARE = 0.25;

  /** Whether a job that held {@code heldSeconds} CPU-seconds and used so little is a low one. */
  static boolean lowCpu(long heldSeconds, long usedMillis) {
    return heldSeconds > 0 && usedMillis < LOW_CPU_SHARE * heldSeconds * 1000.0;
  }

  private final long windowStart;
  private final long now;
  private final Map<String, Sums> byUser = new HashMap<>();
  private final JobFamilies families = new JobFamilies();
  private final EndedJobs.Builder ended = new EndedJobs.Builder();
  private boolean gpuUtilSeen;

  // The job whose steps may follow.
  private JobRecord job;
  private long stepTotalCpu;
  private boolean stepTotalKnown;
  private long stepTresCpu;
  private boolean stepTresKnown;
  private long stepMemoryKib = -1;
  private double stepGpuUtil = Double.NaN;
  private long stepGpuMemoryKib = -1;

  public EfficiencyCounter(long windowStart, long now) {
    this.windowStart = windowStart;
    this.now = now;
  }

  /**
   * Whether a job held whole nodes it did not ask for (sacct has no field that says --exclusive):
   * it was given more than twice the CPUs it asked for (NCPUS &gt; 2 × ReqCPUS). On the test Slurm
   * {@code --exclusive -c 2} on a 64-CPU node reads NCPUS 64, ReqCPUS 2. "More than twice" keeps
   * out nodes with two threads per core, where Slurm gives whole cores and so up to twice the CPUs
   * asked for. An exclusive job that asked for more than half of its nodes' CPUs is not told apart.
   */
  public static boolean exclusive(JobRecord j) {
    long asked = j.detail().reqCpus();
    return asked != JobRecord.UNKNOWN && asked > 0 && j.cpus() > 2 * asked;
  }

  /**
   * One job's efficiency for a finished-job message, from its own row and the peak memory of its
   * steps: "used 40 % of its 8 CPUs, 2.1 of its 8 GB of memory (26 %) and 50 % of its time limit"
   * (CPU time used = the row's TotalCPU ÷ CPUs × elapsed; peak memory ÷ allocated, in GB of 1024³
   * bytes to 1 decimal; elapsed ÷ the time limit; whole percents); a part whose figures are not
   * known is left out; "" when none is.
   *
   * @param peakMemoryKib the largest peak memory of the job's steps (all their tasks), -1 when
   *     unknown
   */
  public static String efficiencyLine(JobRecord j, long peakMemoryKib) {
    long elapsed =
        j.elapsedSeconds() != JobRecord.UNKNOWN
            ? j.elapsedSeconds()
            : j.start() != JobRecord.UNKNOWN && j.end() != JobRecord.UNKNOWN
                ? Math.max(0, j.end() - j.start())
                : 0;
    long limit = j.detail().timelimitSeconds();
    List<String> parts = new ArrayList<>();
    if (j.cpuUsedMillis() != JobRecord.UNKNOWN && j.cpus() > 0 && elapsed > 0) {
      parts.add(
          Math.round(100.0 * j.cpuUsedMillis() / (1000.0 * j.cpus() * elapsed))
              + " % of its "
              + j.cpus()
              + (j.cpus() == 1 ? " CPU" : " CPUs"));
    }
    if (peakMemoryKib >= 0 && j.memoryKib() > 0) {
      parts.add(
          gb(peakMemoryKib)
              + " of its "
              + gb(j.memoryKib())
              + " GB of memory ("
              + Math.round(100.0 * peakMemoryKib / j.memoryKib())
              + " %)");
    }
    if (limit != JobRecord.UNKNOWN && limit > 0) {
      parts.add(Math.round(100.0 * elapsed / limit) + " % of its time limit");
    }
    if (parts.isEmpty()) {
      return "";
    }
    int last = parts.size() - 1;
    return "used "
        + (last == 0
            ? parts.get(0)
            : String.join(", ", parts.subList(0, last)) + " and " + parts.get(last));
  }

  /** KiB as GB (1024 × 1024 KiB) to 1 decimal, without ".0" ("8", "2.1"). */
  private static String gb(long kib) {
    double gb = Math.round(kib / (1024.0 * 1024.0) * 10) / 10.0;
    return gb == Math.rint(gb)
        ? Long.toString((long) gb)
        : String.format(java.util.Locale.ROOT, "%.1f", gb);
  }

  public void add(JobRecord next) {
    finish();
    boolean ended =
        next.end() != JobRecord.UNKNOWN && next.end() > windowStart && next.end() <= now;
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
      stepTotalCpu = Math.addExact(stepTotalCpu, step.totalCpuMillis());
      stepTotalKnown = true;
    }
    if (step.tresCpuMillis() != JobRecord.UNKNOWN) {
      stepTresCpu = Math.addExact(stepTresCpu, step.tresCpuMillis());
      stepTresKnown = true;
    }
    stepMemoryKib = Math.max(stepMemoryKib, step.memoryUsedKib());
    if (!Double.isNaN(step.gpuUtilPercent())) {
      stepGpuUtil =
          Double.isNaN(stepGpuUtil)
              ? step.gpuUtilPercent()
              : Math.max(stepGpuUtil, step.gpuUtilPercent());
    }
    stepGpuMemoryKib = Math.max(stepGpuMemoryKib, step.gpuMemoryKib());
  }

  private long cpuUsed(JobRecord j) {
    return cpuRule(
        j.cpuUsedMillis(),
        stepTotalKnown ? stepTotalCpu : JobRecord.UNKNOWN,
        stepTresKnown ? stepTresCpu : JobRecord.UNKNOWN);
  }

  /**
   * The CPU rule (milliseconds, each {@link JobRecord#UNKNOWN} when not given): the first of the
   * job's TotalCPU, the sum of its steps' TotalCPU and the sum of their {@code cpu=} that is above
   * 0; else 0 when one of them was 0; else UNKNOWN. The job archive counts by the same rule.
   */
  static long cpuRule(long jobMillis, long stepTotalMillis, long stepTresMillis) {
    long[] candidates = {jobMillis, stepTotalMillis, stepTresMillis};
    long zero = JobRecord.UNKNOWN;
    for (long c : candidates) {
      if (c != JobRecord.UNKNOWN && c > 0) {
        return c;
      }
      if (c == 0) {
        zero = 0;
      }
    }
    return zero;
  }

  /** Counts the job whose steps were being gathered, if any. */
  private void finish() {
    JobRecord j = job;
    job = null;
    long used = j == null ? JobRecord.UNKNOWN : cpuUsed(j);
    long memory = stepMemoryKib;
    double gpuUtil = stepGpuUtil;
    long gpuMemory = stepGpuMemoryKib;
    stepTotalCpu = 0;
    stepTotalKnown = false;
    stepTresCpu = 0;
    stepTresKnown = false;
    stepMemoryKib = -1;
    stepGpuUtil = Double.NaN;
    stepGpuMemoryKib = -1;
    if (j == null || used == JobRecord.UNKNOWN) {
      return;
    }
    long elapsed =
        j.elapsedSeconds() != JobRecord.UNKNOWN
            ? j.elapsedSeconds()
            : j.start() != JobRecord.UNKNOWN ? Math.max(0, j.end() - j.start()) : 0;
    long limit = j.detail().timelimitSeconds();
    JobUse use =
        new JobUse(
            j,
            elapsed,
            Math.multiplyExact(j.cpus(), elapsed),
            used,
            memory,
            exclusive(j),
            limit != JobRecord.UNKNOWN && limit > 0 ? elapsed / (double) limit : null,
            gpuUtil,
            gpuMemory);
    count(use);
    families.add(use);
  }

  private void count(JobUse j) {
    Sums s = byUser.computeIfAbsent(j.job().user(), u -> new Sums());
    long held = j.cpuHeldSeconds();
    s.jobs++;
    s.cpuHeldSeconds = Math.addExact(s.cpuHeldSeconds, held);
    s.cpuUsedMillis = Math.addExact(s.cpuUsedMillis, j.cpuUsedMillis());
    Double memory = j.memoryEfficiency();
    boolean gpuKnown = !Double.isNaN(j.gpuUtilPercent());
    ended.add(
        j.job().user(),
        j.job().end(),
        held,
        j.cpuUsedMillis(),
        EndedJobs.detail(memory, j.exclusive(), j.timeEfficiency(), j.timedOut()),
        gpuKnown ? Math.multiplyExact(j.job().gpus(), j.elapsedSeconds()) : 0,
        EndedJobs.gpu(j.gpuUtilPercent(), j.gpuMemoryKib()));
    if (lowCpu(held, j.cpuUsedMillis())) {
      s.lowCpuJobs++;
    }
    if (j.exclusive()) {
      s.exclusiveJobs++;
      if (memory != null) {
        s.exclusiveMemoryEfficiencies.add(memory);
      }
    } else if (memory != null) {
      s.memoryEfficiencies.add(memory);
    }
    if (j.timedOut()) {
      s.timeouts++;
    } else if (j.timeEfficiency() != null) {
      s.timeEfficiencies.add(j.timeEfficiency());
    }
    if (!Double.isNaN(j.gpuUtilPercent())) {
      gpuUtilSeen = true;
      long gpuSeconds = Math.multiplyExact(j.job().gpus(), j.elapsedSeconds());
      s.gpuUtilWeighted += j.gpuUtilPercent() * gpuSeconds;
      s.gpuSeconds = Math.addExact(s.gpuSeconds, gpuSeconds);
    }
    s.gpuMemoryMaxKib = Math.max(s.gpuMemoryMaxKib, j.gpuMemoryKib());
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
      mine.exclusiveJobs += theirs.exclusiveJobs;
      mine.exclusiveMemoryEfficiencies.addAll(theirs.exclusiveMemoryEfficiencies);
      mine.timeEfficiencies.addAll(theirs.timeEfficiencies);
      mine.timeouts += theirs.timeouts;
      mine.gpuUtilWeighted += theirs.gpuUtilWeighted;
      mine.gpuSeconds = Math.addExact(mine.gpuSeconds, theirs.gpuSeconds);
      mine.gpuMemoryMaxKib = Math.max(mine.gpuMemoryMaxKib, theirs.gpuMemoryMaxKib);
    }
    families.merge(other.families);
    ended.merge(other.ended);
    gpuUtilSeen |= other.gpuUtilSeen;
  }

  public EfficiencyReport report() {
    finish();
    Map<String, EfficiencyReport.User> users = new HashMap<>();
    for (Map.Entry<String, Sums> e : byUser.entrySet()) {
      Sums s = e.getValue();
      Double gpu = s.gpuSeconds > 0 ? s.gpuUtilWeighted / s.gpuSeconds : null;
      users.put(
          e.getKey(),
          new EfficiencyReport.User(
              s.jobs,
              s.cpuHeldSeconds,
              s.cpuUsedMillis,
              NearestRank.of(s.memoryEfficiencies, 0.5),
              s.lowCpuJobs,
              gpu,
              s.exclusiveJobs,
              NearestRank.of(s.exclusiveMemoryEfficiencies, 0.5),
              NearestRank.of(s.timeEfficiencies, 0.5),
              s.timeouts,
              s.gpuMemoryMaxKib));
    }
    return new EfficiencyReport(
        users, gpuUtilSeen, families.report(), EfficiencyReport.RIGHT_SIZE_MIN_JOBS, ended.build());
  }

  private static final class Sums {
    long jobs;
    long cpuHeldSeconds;
    long cpuUsedMillis;
    long lowCpuJobs;
    final NearestRank.Doubles memoryEfficiencies = new NearestRank.Doubles();
    long exclusiveJobs;
    final NearestRank.Doubles exclusiveMemoryEfficiencies = new NearestRank.Doubles();
    final NearestRank.Doubles timeEfficiencies = new NearestRank.Doubles();
    long timeouts;
    double gpuUtilWeighted;
    long gpuSeconds;
    long gpuMemoryMaxKib = -1;
  }
}
