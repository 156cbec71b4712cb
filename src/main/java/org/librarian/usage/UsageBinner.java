package org.librarian.usage;

import java.util.ArrayList;
import java.util.Arrays;
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
 * ArithmeticException} (from {@link #add} or {@link #merge}) rather than wrap round. A job costs
 * O(bins it spans) (plus O(log bins) to find them for calendar bins): each bin it touches gets
 * value × overlap seconds added directly. A user holds, for each kind that has been non-zero, an
 * int per bin (memory in MiB-seconds while every amount is whole MiB), widened to a long per bin
 * (memory then in KiB-seconds) once a bin's sum does not fit: over 720 hourly bins 8,640 bytes a
 * user who never held a GPU, 11,520 one who did.
 */
public final class UsageBinner {
  private static final int KINDS = Observable.values().length;
  private static final int MEMORY = Observable.MEMORY.ordinal();
  private static final double KIB_PER_GB = 1024.0 * 1024.0;

  /**
   * What one unit of a kind's int bins is worth in its exact sum: memory sums are KiB-seconds, kept
   * as MiB-seconds while narrow (Slurm's memory is nearly always whole MiB, and an hour of 4 GB is
   * then 14,745,600, not 15,099,494,400, past an int).
   */
  private static final long[] NARROW_UNIT = new long[KINDS];

  static {
    Arrays.fill(NARROW_UNIT, 1);
    NARROW_UNIT[MEMORY] = 1024;
  }

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
      lastSums = byUser.computeIfAbsent(user, u -> new Sums());
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
    return add(job.user(), job.start(), end, job.cpus(), job.gpus(), job.memoryKib());
  }

  /**
   * One job of {@code user} holding {@code cpus}, {@code gpus} and {@code memoryKib} during {@code
   * [start, end)} (epoch seconds, both known), as {@link #add(JobRecord)} counts a job with these
   * figures: without a record made for it (the work waiting is counted this way, three times a
   * job).
   */
  public Outcome add(String user, long start, long end, long cpus, long gpus, long memoryKib) {
    long lo = Math.max(start, grid.start());
    long hi = Math.min(end, Math.min(grid.now(), grid.end()));
    if (hi <= lo) {
      return Outcome.NO_USAGE;
    }
    Sums sums = sumsOf(user);
    int first = grid.binOf(lo);
    int last = grid.binOf(hi - 1);
    sums.add(Observable.NCPUS.ordinal(), cpus, lo, hi, first, last);
    sums.add(Observable.NGPUS.ordinal(), gpus, lo, hi, first, last);
    sums.add(Observable.MEMORY.ordinal(), memoryKib, lo, hi, first, last);
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
      byUser.computeIfAbsent(e.getKey(), u -> new Sums()).merge(e.getValue());
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
   * Exact unit-second sums of one user, by kind and bin. A kind's bins are allocated when it is
   * first non-zero, as ints ({@link #NARROW_UNIT}: a bin's sum fits while the user averages fewer
   * than 596,523 CPUs, GPUs or jobs, or 582 GB, over an hour), widened to longs the first time a
   * bin's sum does not fit, or memory is not whole MiB.
   */
  private final class Sums {
    final int[][] narrow = new int[KINDS][];
    final long[][] wide = new long[KINDS][];
    final long[] total = new long[KINDS];

    private void allocate(int kind) {
      if (narrow[kind] == null && wide[kind] == null) {
        narrow[kind] = new int[grid.size()];
      }
    }

    /**
     * Adds {@code amount} unit-seconds to a bin, widening the kind's bins when it would not fit.
     */
    private void addTo(int kind, int bin, long amount) {
      long[] w = wide[kind];
      if (w != null) {
        w[bin] = Math.addExact(w[bin], amount);
        return;
      }
      int[] n = narrow[kind];
      long unit = NARROW_UNIT[kind];
      if (amount % unit == 0) {
        long sum = Math.addExact(n[bin], amount / unit);
        if (sum == (int) sum) {
          n[bin] = (int) sum;
          return;
        }
      }
      w = new long[n.length];
      for (int i = 0; i < n.length; i++) {
        w[i] = n[i] * unit;
      }
      w[bin] = Math.addExact(w[bin], amount);
      wide[kind] = w;
      narrow[kind] = null;
    }

    /**
     * Adds {@code amount} to each bin of {@code [from, to)}, as {@link #addTo} bin by bin would:
     * while the bins are ints and the amount whole units, in one loop without a division a bin (a
     * long job spans hundreds of hourly bins; at a centre's scale this loop was a quarter of the
     * counting).
     */
    private void addToEach(int kind, int from, int to, long amount) {
      int i = from;
      if (wide[kind] == null && amount % NARROW_UNIT[kind] == 0) {
        int[] n = narrow[kind];
        long units = amount / NARROW_UNIT[kind];
        for (; i < to; i++) {
          long sum = Math.addExact(n[i], units);
          if (sum != (int) sum) {
            break; // widened below, from this bin on
          }
          n[i] = (int) sum;
        }
      }
      for (; i < to; i++) {
        addTo(kind, i, amount);
      }
    }

    private long sum(int kind, int bin) {
      if (wide[kind] != null) {
        return wide[kind][bin];
      }
      return narrow[kind] == null ? 0 : narrow[kind][bin] * NARROW_UNIT[kind];
    }

    void add(int kind, long value, long lo, long hi, int first, int last) {
      if (value == 0) {
        return;
      }
      // Exact or an ArithmeticException: a sum never wraps round into a wrong number. The total is
      // the sum of the bins, all of them non-negative, so it is the first to overflow.
      total[kind] = Math.addExact(total[kind], Math.multiplyExact(value, hi - lo));
      allocate(kind);
      if (first == last) {
        addTo(kind, first, Math.multiplyExact(value, hi - lo));
        return;
      }
      addTo(kind, first, Math.multiplyExact(value, grid.edge(first + 1) - lo));
      if (last > first + 1) {
        if (grid.uniform()) {
          addToEach(kind, first + 1, last, Math.multiplyExact(value, grid.resolutionSeconds()));
        } else {
          for (int i = first + 1; i < last; i++) {
            addTo(kind, i, Math.multiplyExact(value, grid.edge(i + 1) - grid.edge(i)));
          }
        }
      }
      addTo(kind, last, Math.multiplyExact(value, hi - grid.edge(last)));
    }

    void merge(Sums other) {
      for (int k = 0; k < KINDS; k++) {
        total[k] = Math.addExact(total[k], other.total[k]);
        if (other.narrow[k] != null || other.wide[k] != null) {
          allocate(k);
          for (int i = 0; i < grid.size(); i++) {
            long theirs = other.sum(k, i);
            if (theirs != 0) {
              addTo(k, i, theirs);
            }
          }
        }
      }
    }

    UserUsage toUsage(String user) {
      int size = grid.size();
      double[][] series = new double[KINDS][size];
      double[] hours = new double[KINDS];
      for (int k = 0; k < KINDS; k++) {
        double scale = k == MEMORY ? KIB_PER_GB : 1.0;
        if (narrow[k] != null || wide[k] != null) {
          for (int i = 0; i < size; i++) {
            long divisor = grid.divisor(i);
            series[k][i] = divisor == 0 ? 0.0 : sum(k, i) / (double) divisor / scale;
          }
        }
        hours[k] = total[k] / 3600.0 / scale;
      }
      return new UserUsage(user, series, hours);
    }
  }
}
