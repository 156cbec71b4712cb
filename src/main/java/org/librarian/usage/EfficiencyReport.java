package org.librarian.usage;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Per user, what the jobs that ended in a window held and used (see {@link EfficiencyCounter}), and
 * the same per job family ({@link JobFamilies}).
 *
 * @param gpuUtilCollected whether any job carried {@code gres/gpuutil}; if not, the site does not
 *     collect it
 * @param families the job families, most CPU-hours held first
 * @param rightSizeMinJobs the fewest jobs a family needs for its suggestion to be shown ({@code
 *     right_size.min_jobs}, default {@value #RIGHT_SIZE_MIN_JOBS})
 * @param ended each counted job's end, CPU-seconds held and CPU time used, for the efficiency of
 *     any period inside the window ({@link EndedJobs#NONE} when not kept)
 */
public record EfficiencyReport(
    Map<String, User> users,
    boolean gpuUtilCollected,
    List<JobFamilies.Family> families,
    int rightSizeMinJobs,
    EndedJobs ended) {
  /** The default of {@code right_size.min_jobs}. */
  public static final int RIGHT_SIZE_MIN_JOBS = 5;

  public EfficiencyReport {
    families = families == null ? List.of() : List.copyOf(families);
    ended = ended == null ? EndedJobs.NONE : ended;
  }

  public EfficiencyReport(
      Map<String, User> users,
      boolean gpuUtilCollected,
      List<JobFamilies.Family> families,
      int rightSizeMinJobs) {
    this(users, gpuUtilCollected, families, rightSizeMinJobs, EndedJobs.NONE);
  }

  public EfficiencyReport(
      Map<String, User> users, boolean gpuUtilCollected, List<JobFamilies.Family> families) {
    this(users, gpuUtilCollected, families, RIGHT_SIZE_MIN_JOBS);
  }

  /** A report without families. */
  public EfficiencyReport(Map<String, User> users, boolean gpuUtilCollected) {
    this(users, gpuUtilCollected, List.of());
  }

  /** The same report, showing suggestions for families of at least {@code minJobs} jobs. */
  public EfficiencyReport withRightSizeMinJobs(int minJobs) {
    return new EfficiencyReport(users, gpuUtilCollected, families, minJobs, ended);
  }

  /**
   * The families of at least {@link #rightSizeMinJobs} jobs with their suggestions: most CPU-hours
   * freed by {@code --cpus-per-task} first, then most GB-hours freed by {@code --mem}, then most
   * CPU-hours of time limit freed by {@code --time}, then by user and name.
   */
  public List<JobFamilies.Family> rightSize() {
    return families.stream()
        .filter(f -> f.jobs() >= rightSizeMinJobs && f.rightSize() != null)
        .sorted(
            Comparator.comparingLong((JobFamilies.Family f) -> -f.rightSize().cpuFreedCpuSeconds())
                .thenComparingLong(f -> -f.rightSize().memoryFreedKibSeconds())
                .thenComparingLong(f -> -f.rightSize().timeFreedCpuSeconds())
                .thenComparing(JobFamilies.Family::user)
                .thenComparing(JobFamilies.Family::name))
        .toList();
  }

  /**
   * @param jobs jobs counted
   * @param cpuHeldSeconds CPUs × elapsed, summed
   * @param cpuUsedMillis CPU time used (the CPU rule), summed
   * @param memoryEfficiencyP50 nearest-rank median of used ÷ allocated memory over the jobs that
   *     did not hold whole nodes exclusively, or null when no such job had both
   * @param lowCpuJobs jobs that held CPUs and used less than a quarter of them
   * @param gpuUtilPercent GPU utilisation weighted by GPU-hours, or null where not collected
   * @param exclusiveJobs jobs given whole nodes they did not ask for, left out of the median
   * @param exclusiveMemoryEfficiencyP50 the median memory efficiency of those jobs, shown apart, or
   *     null
   * @param timeEfficiencyP50 nearest-rank median of elapsed ÷ time limit over the jobs that did not
   *     time out and whose limit is known, or null
   * @param timeouts jobs that ended in TIMEOUT
   * @param gpuMemoryMaxKib the largest {@code gres/gpumem} of any job, in KiB, or -1 where not
   *     collected
   */
  public record User(
      long jobs,
      long cpuHeldSeconds,
      long cpuUsedMillis,
      Double memoryEfficiencyP50,
      long lowCpuJobs,
      Double gpuUtilPercent,
      long exclusiveJobs,
      Double exclusiveMemoryEfficiencyP50,
      Double timeEfficiencyP50,
      long timeouts,
      long gpuMemoryMaxKib) {

    /** A user's figures without exclusive jobs, time efficiency or GPU memory. */
    public User(
        long jobs,
        long cpuHeldSeconds,
        long cpuUsedMillis,
        Double memoryEfficiencyP50,
        long lowCpuJobs,
        Double gpuUtilPercent) {
      this(
          jobs,
          cpuHeldSeconds,
          cpuUsedMillis,
          memoryEfficiencyP50,
          lowCpuJobs,
          gpuUtilPercent,
          0,
          null,
          null,
          0,
          -1);
    }

    public double cpuHeldHours() {
      return cpuHeldSeconds / 3600.0;
    }

    public double cpuUsedHours() {
      return cpuUsedMillis / 3_600_000.0;
    }

    /** Used ÷ held, or null when nothing was held. */
    public Double cpuEfficiency() {
      return cpuHeldSeconds == 0 ? null : cpuUsedMillis / (cpuHeldSeconds * 1000.0);
    }
  }

  public long totalHeldSeconds() {
    return users.values().stream().mapToLong(User::cpuHeldSeconds).sum();
  }

  public long totalUsedMillis() {
    return users.values().stream().mapToLong(User::cpuUsedMillis).sum();
  }
}
