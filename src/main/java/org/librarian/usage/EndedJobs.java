package org.librarian.usage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per user, each job {@link EfficiencyCounter} counted: its End (epoch seconds), the CPU-seconds it
 * held and the CPU time it used (milliseconds), so that any period's efficiency is the sum of the
 * jobs that ended in it. Immutable; no I/O.
 */
public final class EndedJobs {
  /** No jobs: what a report without per-job ends has. */
  public static final EndedJobs NONE = new EndedJobs(Map.of());

  /** Per user, rows of {end, CPU-seconds held, CPU milliseconds used}, by end. */
  private final Map<String, long[][]> byUser;

  private EndedJobs(Map<String, long[][]> byUser) {
    this.byUser = byUser;
  }

  /**
   * What the jobs that ended in {@code (from, to]} held and used.
   *
   * @param jobs jobs counted
   * @param cpuHeldSeconds CPUs × elapsed, summed
   * @param cpuUsedMillis CPU time used, summed
   */
  public record Sums(long jobs, long cpuHeldSeconds, long cpuUsedMillis) {
    public double cpuHeldHours() {
      return cpuHeldSeconds / 3600.0;
    }

    public double cpuUsedHours() {
      return cpuUsedMillis / 3_600_000.0;
    }
  }

  /**
   * Per user with at least one job that ended in {@code (from, to]} (epoch seconds, as the window
   * counts ends), what those jobs held and used; by user name.
   */
  public Map<String, Sums> between(long from, long to) {
    Map<String, Sums> result = new TreeMap<>();
    byUser.forEach(
        (user, rows) -> {
          long jobs = 0;
          long held = 0;
          long used = 0;
          for (long[] r : rows) {
            if (r[0] > from && r[0] <= to) {
              jobs++;
              held = Math.addExact(held, r[1]);
              used = Math.addExact(used, r[2]);
            }
          }
          if (jobs > 0) {
            result.put(user, new Sums(jobs, held, used));
          }
        });
    return result;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof EndedJobs other) || !byUser.keySet().equals(other.byUser.keySet())) {
      return false;
    }
    for (Map.Entry<String, long[][]> e : byUser.entrySet()) {
      if (!Arrays.deepEquals(e.getValue(), other.byUser.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return byUser.keySet().hashCode();
  }

  /** Gathers the jobs as they are counted; parts read in parallel are merged. */
  public static final class Builder {
    private final Map<String, List<long[]>> byUser = new HashMap<>();

    public void add(String user, long end, long cpuHeldSeconds, long cpuUsedMillis) {
      byUser
          .computeIfAbsent(user, u -> new ArrayList<>())
          .add(new long[] {end, cpuHeldSeconds, cpuUsedMillis});
    }

    public void merge(Builder other) {
      other.byUser.forEach(
          (u, rows) -> byUser.computeIfAbsent(u, x -> new ArrayList<>()).addAll(rows));
    }

    public EndedJobs build() {
      Map<String, long[][]> result = new HashMap<>();
      byUser.forEach(
          (u, rows) -> {
            long[][] sorted = rows.toArray(new long[0][]);
            Arrays.sort(
                sorted,
                Comparator.comparingLong((long[] r) -> r[0])
                    .thenComparingLong(r -> r[1])
                    .thenComparingLong(r -> r[2]));
            result.put(u, sorted);
          });
      return new EndedJobs(Map.copyOf(result));
    }
  }
}
