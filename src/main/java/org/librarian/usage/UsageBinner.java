package org.librarian.usage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bins job allocations into per-user usage over a {@link BinGrid}.
 *
 * <p>A job occupies {@code [Start, End)}; with End unknown it runs up to now when it holds its
 * allocation (RUNNING, COMPLETING, SUSPENDED), else up to Start + ElapsedRaw, else it is skipped.
 * The interval is clipped to the grid and to now. A bin's value is the sum of value × overlap
 * seconds divided by the bin's length (by the seconds elapsed, for the current bin).
 *
 * <p>All sums are exact integers (unit-seconds; memory in KiB-seconds), so the result does not
 * depend on the order jobs arrive in; a sum that would not fit in a long throws {@link
 * ArithmeticException} rather than wrap round. Each job costs O(1) (O(log bins) for calendar bins),
 * whatever its length: whole bins are added through a difference array.
 */
public final class UsageBinner {
  private static final int KINDS = Observable.values().length;
  private static final double KIB_PER_GB = 1024.0 * 1024.0;

  private final BinGrid grid;
  private final Map<String, Sums> byUser = new HashMap<>();
  private long jobsCounted;
  private long jobsSkipped;

  public UsageBinner(BinGrid grid) {
    this.grid = grid;
  }

  // Rows of one user tend to come together; skipping the map for them saves a hash per row.
  private String lastUser;
  private Sums lastSums;

  private Sums sumsOf(String user) {
    if (!user.equals(lastUser)) {
      lastSums = byUser.computeIfAbsent(user, u -> new Sums(grid.size()));
      lastUser = user;
    }
    return lastSums;
  }

  /** What became of one job. */
  public enum Outcome {
    COUNTED,
    NO_USAGE,
    SKIPPED
  }

  public Outcome add(JobRecord job) {
    if (job.start() == JobRecord.UNKNOWN) {
      return Outcome.NO_USAGE;
    }
    long end = job.end();
    if (end == JobRecord.UNKNOWN) {
      if (job.state().holdsAllocation()) {
        end = grid.now();
      } else if (job.elapsedSeconds() != JobRecord.UNKNOWN) {
        end = job.start() + job.elapsedSeconds();
      } else {
        jobsSkipped++;
        return Outcome.SKIPPED;
      }
    }
    long lo = Math.max(job.start(), grid.start());
    long hi = Math.min(end, Math.min(grid.now(), grid.end()));
    if (hi <= lo) {
      return Outcome.NO_USAGE;
    }
    Sums sums = sumsOf(job.user());
    int first = grid.binOf(lo);
    int last = grid.binOf(hi - 1);
    sums.add(Observable.NCPUS.ordinal(), job.cpus(), lo, hi, first, last);
    sums.add(Observable.NGPUS.ordinal(), job.gpus(), lo, hi, first, last);
    sums.add(Observable.MEMORY.ordinal(), job.memoryKib(), lo, hi, first, last);
    sums.add(Observable.NJOBS.ordinal(), 1, lo, hi, first, last);
    jobsCounted++;
    return Outcome.COUNTED;
  }

  /**
   * Adds everything another binner over the same grid has seen, as if its jobs had been added here:
   * the sums are exact, so splitting the input and merging gives the same result to the bit.
   */
  public void merge(UsageBinner other) {
    if (other.grid != grid) {
      throw new IllegalArgumentException("binners over different grids cannot be merged");
    }
    for (Map.Entry<String, Sums> e : other.byUser.entrySet()) {
      Sums mine = byUser.computeIfAbsent(e.getKey(), u -> new Sums(grid.size()));
      Sums theirs = e.getValue();
      for (int k = 0; k < KINDS; k++) {
        mine.total[k] = Math.addExact(mine.total[k], theirs.total[k]);
        for (int i = 0; i < grid.size(); i++) {
          mine.partial[k][i] = Math.addExact(mine.partial[k][i], theirs.partial[k][i]);
          mine.rateDiff[k][i] = Math.addExact(mine.rateDiff[k][i], theirs.rateDiff[k][i]);
        }
        mine.rateDiff[k][grid.size()] =
            Math.addExact(mine.rateDiff[k][grid.size()], theirs.rateDiff[k][grid.size()]);
      }
    }
    jobsCounted += other.jobsCounted;
    jobsSkipped += other.jobsSkipped;
  }

  /** The usage of every user seen so far. */
  public UsageReport report() {
    List<UserUsage> users = new ArrayList<>(byUser.size());
    for (Map.Entry<String, Sums> e : byUser.entrySet()) {
      users.add(e.getValue().toUsage(e.getKey()));
    }
    users.sort(
        Comparator.comparingDouble((UserUsage u) -> -u.totalHours(Observable.NCPUS))
            .thenComparing(UserUsage::user));
    return new UsageReport(grid, List.copyOf(users), jobsCounted, jobsSkipped);
  }

  /**
   * Exact unit-second sums of one user: partial bins directly, whole bins as a rate difference
   * array.
   */
  private final class Sums {
    final long[][] partial;
    final long[][] rateDiff;
    final long[] total = new long[KINDS];

    Sums(int bins) {
      partial = new long[KINDS][bins];
      rateDiff = new long[KINDS][bins + 1];
    }

    void add(int kind, long value, long lo, long hi, int first, int last) {
      if (value == 0) {
        return;
      }
      // Exact or an ArithmeticException: a sum never wraps round into a wrong number.
      total[kind] = Math.addExact(total[kind], Math.multiplyExact(value, hi - lo));
      if (first == last) {
        partial[kind][first] =
            Math.addExact(partial[kind][first], Math.multiplyExact(value, hi - lo));
        return;
      }
      partial[kind][first] =
          Math.addExact(partial[kind][first], Math.multiplyExact(value, grid.edge(first + 1) - lo));
      partial[kind][last] =
          Math.addExact(partial[kind][last], Math.multiplyExact(value, hi - grid.edge(last)));
      if (last > first + 1) {
        rateDiff[kind][first + 1] = Math.addExact(rateDiff[kind][first + 1], value);
        rateDiff[kind][last] = Math.subtractExact(rateDiff[kind][last], value);
      }
    }

    UserUsage toUsage(String user) {
      int bins = grid.size();
      double[][] series = new double[KINDS][bins];
      double[] hours = new double[KINDS];
      for (int k = 0; k < KINDS; k++) {
        double scale = k == Observable.MEMORY.ordinal() ? KIB_PER_GB : 1.0;
        long rate = 0;
        for (int i = 0; i < bins; i++) {
          rate = Math.addExact(rate, rateDiff[k][i]);
          long sum =
              Math.addExact(
                  partial[k][i], Math.multiplyExact(rate, grid.edge(i + 1) - grid.edge(i)));
          long divisor = grid.divisor(i);
          series[k][i] = divisor == 0 ? 0.0 : sum / (double) divisor / scale;
        }
        hours[k] = total[k] / 3600.0 / scale;
      }
      return new UserUsage(user, series, hours);
    }
  }
}
