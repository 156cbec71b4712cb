package org.librarian.usage;

import java.util.Map;

/**
 * Per user, what the jobs that ended in a window held and used (see {@link EfficiencyCounter}).
 *
 * @param gpuUtilCollected whether any job carried {@code gres/gpuutil}; if not, the site does not
 *     collect it
 */
public record EfficiencyReport(Map<String, User> users, boolean gpuUtilCollected) {

  /**
   * @param jobs jobs counted
   * @param cpuHeldSeconds CPUs × elapsed, summed
   * @param cpuUsedMillis TotalCPU, summed
   * @param memoryEfficiencyP50 nearest-rank median of used ÷ allocated memory, or null when no job
   *     had both
   * @param lowCpuJobs jobs that held CPUs and used less than a quarter of them
   * @param gpuUtilPercent GPU utilisation weighted by GPU-hours, or null where not collected
   */
  public record User(
      long jobs,
      long cpuHeldSeconds,
      long cpuUsedMillis,
      Double memoryEfficiencyP50,
      long lowCpuJobs,
      Double gpuUtilPercent) {
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
