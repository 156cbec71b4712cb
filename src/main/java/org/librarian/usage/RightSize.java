package org.librarian.usage;

/**
 * What one job family should ask for, from what its jobs that ended in the window used, and what
 * that would have freed over the window (docs/counting.md, "Right-size"). Pure arithmetic on whole
 * numbers; 1 GB = 1024 × 1024 KiB (Slurm's {@code G}).
 *
 * <ul>
 *   <li>{@code --mem}: ⌈p95 peak memory × 1.2⌉ in whole GB, at least 1 GB; frees, per job that was
 *       not given whole nodes and whose allocation is known, (allocated − suggested) × elapsed, a
 *       job that was allocated less counting 0.
 *   <li>{@code --time}: max(p95 elapsed × 1.3, the longest elapsed of a COMPLETED job) rounded up
 *       to 15 minutes, at least 15 minutes; frees, per job whose time limit is known, CPUs × (limit
 *       − suggested), counting 0 when the limit was lower: CPU time the scheduler held in reserve
 *       for it.
 *   <li>{@code --cpus-per-task}: only when the nearest-rank median CPU efficiency of the family's
 *       single-node jobs (NNodes 1) is below 50 %: ⌈CPUs × that median × 1.25⌉ (at least 1), CPUs
 *       being the nearest-rank median of their CPUs, and only when below those CPUs; frees, per
 *       single-node job, (CPUs − suggested) × elapsed, a job with fewer CPUs counting 0.
 * </ul>
 *
 * @param memoryGb suggested {@code --mem} in GB, or -1 when no peak memory is known
 * @param memoryFreedKibSeconds what it frees, in KiB × seconds
 * @param timeSeconds suggested {@code --time} in seconds (a multiple of 900)
 * @param timeFreedCpuSeconds what it frees, in CPU-seconds of time limit
 * @param cpusPerTask suggested {@code --cpus-per-task}, or -1 when none is suggested
 * @param cpuFreedCpuSeconds what it frees, in CPU-seconds
 */
public record RightSize(
    long memoryGb,
    long memoryFreedKibSeconds,
    long timeSeconds,
    long timeFreedCpuSeconds,
    long cpusPerTask,
    long cpuFreedCpuSeconds) {

  static final long GIB_KIB = 1024L * 1024L;
  static final long QUARTER_HOUR = 900;

  /** The suggestion for the jobs of one family, with its p95 peak memory (KiB, -1 unknown). */
  static RightSize of(FamilyJobs jobs, long peakMemoryP95Kib, long elapsedP95Seconds) {
    long memoryGb = -1;
    long memoryFreed = 0;
    if (peakMemoryP95Kib >= 0) {
      // ⌈p95 × 12 / 10⌉ in GB, exactly: 10 GiB × 1.2 is 12 GB, not 13.
      memoryGb = Math.max(1, ceilDiv(Math.multiplyExact(peakMemoryP95Kib, 12), 10 * GIB_KIB));
      long suggestedKib = memoryGb * GIB_KIB;
      for (int i = 0; i < jobs.size(); i++) {
        if (!jobs.exclusive(i) && jobs.allocatedKib(i) > suggestedKib) {
          memoryFreed =
              Math.addExact(
                  memoryFreed,
                  Math.multiplyExact(jobs.allocatedKib(i) - suggestedKib, jobs.elapsedSeconds(i)));
        }
      }
    }
    long longestCompleted = 0;
    for (int i = 0; i < jobs.size(); i++) {
      if (jobs.state(i) == JobState.COMPLETED) {
        longestCompleted = Math.max(longestCompleted, jobs.elapsedSeconds(i));
      }
    }
    // max(p95 × 1.3, longest) in tenths of a second, rounded up to 15 minutes (9000 tenths).
    long tenths = Math.max(Math.multiplyExact(elapsedP95Seconds, 13), longestCompleted * 10);
    long time = Math.max(QUARTER_HOUR, QUARTER_HOUR * ceilDiv(tenths, QUARTER_HOUR * 10));
    long timeFreed = 0;
    for (int i = 0; i < jobs.size(); i++) {
      if (jobs.limitSeconds(i) > time) {
        timeFreed =
            Math.addExact(timeFreed, Math.multiplyExact(jobs.cpus(i), jobs.limitSeconds(i) - time));
      }
    }
    long cpus = -1;
    long cpuFreed = 0;
    NearestRank.Doubles efficiencies = new NearestRank.Doubles();
    NearestRank.Doubles allocated = new NearestRank.Doubles();
    for (int i = 0; i < jobs.size(); i++) {
      if (jobs.singleNode(i) && !Double.isNaN(jobs.cpuEfficiency(i))) {
        efficiencies.add(jobs.cpuEfficiency(i));
        allocated.add(jobs.cpus(i));
      }
    }
    Double p50 = NearestRank.of(efficiencies, 0.5);
    if (p50 != null && p50 < 0.5) {
      long held = NearestRank.ofWhole(allocated, 0.5);
      // A hair under the next whole number is taken as it: 8 × 0.4 × 1.25 is 4, not 5.
      long suggested = Math.max(1, (long) Math.ceil(held * p50 * 1.25 - 1e-9));
      if (suggested < held) {
        cpus = suggested;
        for (int i = 0; i < jobs.size(); i++) {
          if (jobs.singleNode(i) && jobs.cpus(i) > suggested) {
            cpuFreed =
                Math.addExact(
                    cpuFreed, Math.multiplyExact(jobs.cpus(i) - suggested, jobs.elapsedSeconds(i)));
          }
        }
      }
    }
    return new RightSize(memoryGb, memoryFreed, time, timeFreed, cpus, cpuFreed);
  }

  /** GB-hours the {@code --mem} suggestion frees. */
  public double memoryFreedGbHours() {
    return memoryFreedKibSeconds / (GIB_KIB * 3600.0);
  }

  /** CPU-hours of time limit the {@code --time} suggestion frees. */
  public double timeFreedCpuHours() {
    return timeFreedCpuSeconds / 3600.0;
  }

  /** CPU-hours the {@code --cpus-per-task} suggestion frees (0 without one). */
  public double cpuFreedCpuHours() {
    return cpuFreedCpuSeconds / 3600.0;
  }

  /** {@code #SBATCH --mem=12G}, or null. */
  public String memoryLine() {
    return memoryGb < 0 ? null : "#SBATCH --mem=" + memoryGb + "G";
  }

  /** {@code #SBATCH --time=02:15:00}; from a day on, Slurm's days form: {@code 1-06:00:00}. */
  public String timeLine() {
    long days = timeSeconds / 86_400;
    String hms =
        String.format("%02d:%02d:00", (timeSeconds % 86_400) / 3600, (timeSeconds % 3600) / 60);
    return "#SBATCH --time=" + (days > 0 ? days + "-" + hms : hms);
  }

  /** {@code #SBATCH --cpus-per-task=4}, or null. */
  public String cpusLine() {
    return cpusPerTask < 0 ? null : "#SBATCH --cpus-per-task=" + cpusPerTask;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
