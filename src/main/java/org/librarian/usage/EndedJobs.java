package org.librarian.usage;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
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

  /**
   * Per user three columns of the same length, by end: ends, CPU-seconds held, CPU milliseconds
   * used (columns of primitives: a million jobs cost 24 MB, not an object each).
   */
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
          long[] ends = rows[0];
          // The first job that ended after from: ends are sorted.
          int i = Arrays.binarySearch(ends, from);
          if (i < 0) {
            i = -i - 1;
          }
          while (i > 0 && ends[i - 1] > from) {
            i--;
          }
          while (i < ends.length && ends[i] <= from) {
            i++;
          }
          long jobs = 0;
          long held = 0;
          long used = 0;
          for (; i < ends.length && ends[i] <= to; i++) {
            jobs++;
            held = Math.addExact(held, rows[1][i]);
            used = Math.addExact(used, rows[2][i]);
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
    /** Per user, {end, held, used} packed one job after another. */
    private final Map<String, long[]> packed = new HashMap<>();

    private final Map<String, Integer> sizes = new HashMap<>();

    public void add(String user, long end, long cpuHeldSeconds, long cpuUsedMillis) {
      int n = sizes.getOrDefault(user, 0);
      long[] rows = packed.get(user);
      if (rows == null || rows.length < 3 * (n + 1)) {
        rows = Arrays.copyOf(rows == null ? new long[0] : rows, Math.max(48, 6 * (n + 1)));
        packed.put(user, rows);
      }
      rows[3 * n] = end;
      rows[3 * n + 1] = cpuHeldSeconds;
      rows[3 * n + 2] = cpuUsedMillis;
      sizes.put(user, n + 1);
    }

    public void merge(Builder other) {
      other.packed.forEach(
          (u, rows) -> {
            int n = other.sizes.get(u);
            for (int k = 0; k < n; k++) {
              add(u, rows[3 * k], rows[3 * k + 1], rows[3 * k + 2]);
            }
          });
    }

    public EndedJobs build() {
      Map<String, long[][]> result = new HashMap<>();
      packed.forEach(
          (u, rows) -> {
            int n = sizes.get(u);
            Integer[] order = new Integer[n];
            for (int k = 0; k < n; k++) {
              order[k] = k;
            }
            Arrays.sort(
                order,
                Comparator.comparingLong((Integer k) -> rows[3 * k])
                    .thenComparingLong(k -> rows[3 * k + 1])
                    .thenComparingLong(k -> rows[3 * k + 2]));
            long[][] columns = new long[3][n];
            for (int k = 0; k < n; k++) {
              for (int c = 0; c < 3; c++) {
                columns[c][k] = rows[3 * order[k] + c];
              }
            }
            result.put(u, columns);
          });
      return new EndedJobs(Map.copyOf(result));
    }
  }
}
