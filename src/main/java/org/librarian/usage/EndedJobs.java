package org.librarian.usage;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Per user, each job {@link EfficiencyCounter} counted: its End (epoch seconds), the CPU-seconds it
 * held, the CPU time it used (milliseconds) and its memory and time efficiency with whether it held
 * whole nodes or timed out, so that any period's efficiency table is counted from the jobs that
 * ended in it. Immutable; no I/O.
 */
public final class EndedJobs {
  /** No jobs: what a report without per-job ends has. */
  public static final EndedJobs NONE = new EndedJobs(Map.of());

  /**
   * Per user six columns of the same length, by end: ends, CPU-seconds held, CPU milliseconds used,
   * {@link #detail}, the GPU-seconds of a job whose GPU utilisation is known and {@link #gpu}
   * (columns of primitives: a million jobs cost 48 MB, not an object each).
   */
  private final Map<String, long[][]> byUser;

  private EndedJobs(Map<String, long[][]> byUser) {
    this.byUser = byUser;
  }

  /**
   * One job's memory efficiency (peak ÷ allocated, null when unknown), whether it held whole nodes
   * it did not ask for, its time efficiency (elapsed ÷ time limit, null when unknown) and whether
   * it timed out, in one long: two floats, each flag in its float's sign bit (efficiencies are not
   * negative), NaN for unknown.
   */
  public static long detail(
      Double memoryEfficiency, boolean exclusive, Double timeEfficiency, boolean timedOut) {
    return (long) half(timeEfficiency, timedOut) << 32 | half(memoryEfficiency, exclusive) & MASK;
  }

  private static final long MASK = 0xFFFF_FFFFL;

  /**
   * One job's GPU utilisation (percent, NaN when not collected) and largest GPU memory used (KiB,
   * -1 when not known, at most 2^31 - 1) in one long.
   */
  public static long gpu(double utilPercent, long memoryKib) {
    long memory = memoryKib < 0 ? -1 : Math.min(memoryKib, Integer.MAX_VALUE);
    return (long) Float.floatToIntBits((float) utilPercent) << 32 | memory & MASK;
  }

  private static int half(Double value, boolean flag) {
    int bits = Float.floatToIntBits(value == null ? Float.NaN : Math.abs(value.floatValue()));
    return flag ? bits | Integer.MIN_VALUE : bits;
  }

  private static boolean flag(int half) {
    return half < 0;
  }

  private static float value(int half) {
    return Float.intBitsToFloat(half & Integer.MAX_VALUE);
  }

  /**
   * What the jobs that ended in {@code (from, to]} held and used, as {@link EfficiencyCounter}
   * counts a user's jobs in its window.
   *
   * @param jobs jobs counted
   * @param cpuHeldSeconds CPUs × elapsed, summed
   * @param cpuUsedMillis CPU time used, summed
   * @param lowCpuJobs jobs that used under {@link EfficiencyCounter#LOW_CPU_SHARE} of the CPU time
   *     they held
   * @param exclusiveJobs jobs that held whole nodes they did not ask for
   * @param memoryEfficiencyP50 the nearest-rank median memory efficiency of the other jobs whose
   *     peak memory is known, or null
   * @param timeouts jobs that timed out
   * @param timeEfficiencyP50 the median time efficiency of the other jobs with a time limit, or
   *     null
   */
  public record Sums(
      long jobs,
      long cpuHeldSeconds,
      long cpuUsedMillis,
      long lowCpuJobs,
      long exclusiveJobs,
      Double memoryEfficiencyP50,
      long timeouts,
      Double timeEfficiencyP50) {
    public double cpuHeldHours() {
      return cpuHeldSeconds / 3600.0;
    }

    public double cpuUsedHours() {
      return cpuUsedMillis / 3_600_000.0;
    }
  }

  /**
   * What one user's jobs that ended in a period add up to: what they held and used, and the counts
   * a day of the history keeps, worked out in one walk over the jobs.
   */
  public record Ended(Sums sums, JobCounts counts) {}

  /**
   * Per user with at least one job that ended in {@code (from, to]} (epoch seconds, as the window
   * counts ends), what those jobs held and used and their {@link JobCounts}, with the memory and
   * time efficiencies counted per tenth of a percent ({@link JobCounts#tenths}), by user name: a
   * report asks for both over the same period, and a centre's report asks for about twenty periods
   * a group, so the jobs are walked once. The jobs are tallied with {@link EfficiencyCounter}'s
   * rules (the window's): jobs, CPU held and used, low-CPU jobs, whole-node jobs (their memory
   * efficiency left out), timeouts (their time efficiency left out); the other jobs' known
   * efficiencies give the nearest-rank medians and the counts per tenth of a percent ({@link
   * #spread}).
   */
  public Map<String, Ended> ended(long from, long to) {
    Map<String, Ended> result = new TreeMap<>();
    byUser.forEach(
        (user, rows) -> {
          int first = firstAfter(rows[0], from);
          int last = firstAfter(rows[0], to);
          if (last > first) {
            result.put(user, tally(rows, first, last));
          }
        });
    return result;
  }

  /** The jobs {@code rows[.][first, last)} of one user, tallied. */
  private static Ended tally(long[][] rows, int first, int last) {
    long jobs = 0;
    long held = 0;
    long used = 0;
    long low = 0;
    long exclusive = 0;
    long timeouts = 0;
    float[] memory = new float[last - first];
    float[] time = new float[last - first];
    int memories = 0;
    int times = 0;
    double gpuWeighted = 0;
    long gpuSeconds = 0;
    long gpuMemory = -1;
    for (int i = first; i < last; i++) {
      jobs++;
      held = Math.addExact(held, rows[1][i]);
      used = Math.addExact(used, rows[2][i]);
      if (EfficiencyCounter.lowCpu(rows[1][i], rows[2][i])) {
        low++;
      }
      int m = (int) rows[3][i];
      int t = (int) (rows[3][i] >>> 32);
      if (flag(m)) {
        exclusive++;
      } else if (!Float.isNaN(value(m))) {
        memory[memories++] = value(m);
      }
      if (flag(t)) {
        timeouts++;
      } else if (!Float.isNaN(value(t))) {
        time[times++] = value(t);
      }
      long gpu = rows[5][i];
      float util = Float.intBitsToFloat((int) (gpu >>> 32));
      if (!Float.isNaN(util)) {
        gpuWeighted += util * (double) rows[4][i];
        gpuSeconds = Math.addExact(gpuSeconds, rows[4][i]);
      }
      gpuMemory = Math.max(gpuMemory, (int) gpu);
    }
    Spread memorySpread = spread(memory, memories);
    Spread timeSpread = spread(time, times);
    return new Ended(
        new Sums(
            jobs, held, used, low, exclusive, memorySpread.median(), timeouts, timeSpread.median()),
        new JobCounts(
            low,
            timeouts,
            exclusive,
            memorySpread.tenths(),
            timeSpread.tenths(),
            gpuWeighted,
            gpuSeconds,
            gpuMemory));
  }

  /** The nearest-rank median of some efficiencies (null when none) and their counts per tenth. */
  private record Spread(Double median, SortedMap<Integer, Long> tenths) {}

  /**
   * Below this many values they are sorted; from it on, counted per tenth of a percent when there
   * are at most {@link #TENTHS_PER_VALUE} tenths a value to count over.
   */
  private static final int COUNTED_FROM = 32;

  private static final int TENTHS_PER_VALUE = 8;

  /**
   * The nearest-rank median of {@code values[0, n)} and how many fall on each tenth of a percent
   * ({@link JobCounts#tenths}). Efficiencies are not negative (their sign is the flag) and never
   * NaN here. Many values are counted per tenth instead of sorted (sorting every user's
   * efficiencies for every period was a quarter of a centre's group writers): as {@link
   * JobCounts#tenths} is monotone, a smaller tenth holds only smaller values, so the median is
   * found among the values of the one tenth that holds its rank, and only they are sorted.
   */
  private static Spread spread(float[] values, int n) {
    if (n == 0) {
      return new Spread(null, new JobCounts.Tenths());
    }
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    if (n >= COUNTED_FROM) {
      for (int i = 0; i < n; i++) {
        int t = JobCounts.tenths(values[i]);
        min = Math.min(min, t);
        max = Math.max(max, t);
      }
    }
    int rank = NearestRank.index(0.5, n);
    if (n < COUNTED_FROM || min < 0 || max >= (long) TENTHS_PER_VALUE * n) {
      Arrays.sort(values, 0, n); // floats sort as the doubles they widen to
      return new Spread((double) values[rank], sortedTenths(values, n));
    }
    int[] counts = new int[max + 1];
    for (int i = 0; i < n; i++) {
      counts[JobCounts.tenths(values[i])]++;
    }
    JobCounts.Tenths tenths = new JobCounts.Tenths();
    int below = 0;
    int holding = -1;
    for (int t = min; t <= max; t++) {
      if (counts[t] > 0) {
        tenths.put(t, (long) counts[t]);
        if (holding < 0) {
          if (below + counts[t] > rank) {
            holding = t;
          } else {
            below += counts[t];
          }
        }
      }
    }
    float[] inTenth = new float[counts[holding]];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (JobCounts.tenths(values[i]) == holding) {
        inTenth[m++] = values[i];
      }
    }
    Arrays.sort(inTenth);
    return new Spread((double) inTenth[rank - below], tenths);
  }

  /** How many of the first {@code n} sorted values fall on each tenth of a percent. */
  private static SortedMap<Integer, Long> sortedTenths(float[] sorted, int n) {
    JobCounts.Tenths counts = new JobCounts.Tenths();
    for (int i = 0; i < n; ) {
      int tenths = JobCounts.tenths(sorted[i]);
      int j = i + 1;
      while (j < n && (sorted[j] == sorted[i] || JobCounts.tenths(sorted[j]) == tenths)) {
        j++;
      }
      counts.put(tenths, (long) (j - i));
      i = j;
    }
    return counts;
  }

  /** The index of the first of the sorted ends after {@code from}. */
  private static int firstAfter(long[] ends, long from) {
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
    return i;
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
    /** Columns a job: end, held, used, detail, GPU-seconds, GPU. */
    private static final int C = 6;

    /** The GPU columns: GPU-seconds and {@link EndedJobs#gpu}. */
    private static final int GPU_SECONDS = 4;

    private static final int GPU = 5;

    /** The columns a job of a user who has had no GPU figures keeps: those before the GPU's. */
    private static final int CPU_ONLY = GPU_SECONDS;

    /** The GPU column of a job without GPU figures. */
    private static final long NO_GPU = gpu(Double.NaN, -1);

    /** Per user, {end, held, used, detail[, GPU-seconds, GPU]} packed one job after another. */
    private final Map<String, Rows> packed = new HashMap<>();

    /**
     * One user's packed rows and how many jobs they hold: one lookup a job. While none of the
     * user's jobs has GPU figures (GPU-seconds 0, {@link #NO_GPU}), a job is its first four
     * columns: a centre's month of mostly CPU jobs keeps 80 MB less while it is read.
     */
    private static final class Rows {
      int width = CPU_ONLY;
      long[] rows = new long[16 * CPU_ONLY];
      int n;

      long get(int k, int c) {
        return c < width ? rows[width * k + c] : c == GPU_SECONDS ? 0 : NO_GPU;
      }

      /** Every job of six columns from now on, those held so far included. */
      void widen() {
        long[] wide = new long[Math.max(16, n + (n >> 1) + 1) * C];
        for (int k = 0; k < n; k++) {
          for (int c = 0; c < C; c++) {
            wide[C * k + c] = get(k, c);
          }
        }
        rows = wide;
        width = C;
      }
    }

    /** A job whose memory, whole nodes, time and timeout are not known. */
    public void add(String user, long end, long cpuHeldSeconds, long cpuUsedMillis) {
      add(user, end, cpuHeldSeconds, cpuUsedMillis, detail(null, false, null, false));
    }

    /** A job without GPU figures; {@code detail} from {@link EndedJobs#detail}. */
    public void add(String user, long end, long cpuHeldSeconds, long cpuUsedMillis, long detail) {
      add(user, end, cpuHeldSeconds, cpuUsedMillis, detail, 0, NO_GPU);
    }

    /**
     * A job; {@code gpuSeconds} its GPUs × elapsed when its utilisation is known (else 0), {@code
     * gpu} from {@link EndedJobs#gpu}.
     */
    public void add(
        String user,
        long end,
        long cpuHeldSeconds,
        long cpuUsedMillis,
        long detail,
        long gpuSeconds,
        long gpu) {
      Rows r = packed.computeIfAbsent(user, u -> new Rows());
      if (r.width == CPU_ONLY && (gpuSeconds != 0 || gpu != NO_GPU)) {
        r.widen();
      }
      int n = r.n;
      int w = r.width;
      long[] rows = r.rows;
      if (rows.length < w * (n + 1)) {
        // 1.5 times larger each time: a centre's month keeps millions of rows here.
        rows = Arrays.copyOf(rows, (n + 1 + ((n + 1) >> 1)) * w);
        r.rows = rows;
      }
      rows[w * n] = end;
      rows[w * n + 1] = cpuHeldSeconds;
      rows[w * n + 2] = cpuUsedMillis;
      rows[w * n + 3] = detail;
      if (w == C) {
        rows[w * n + GPU_SECONDS] = gpuSeconds;
        rows[w * n + GPU] = gpu;
      }
      r.n = n + 1;
    }

    public void merge(Builder other) {
      other.packed.forEach(
          (u, r) -> {
            for (int k = 0; k < r.n; k++) {
              add(u, r.get(k, 0), r.get(k, 1), r.get(k, 2), r.get(k, 3), r.get(k, 4), r.get(k, 5));
            }
          });
    }

    public EndedJobs build() {
      Map<String, long[][]> result = new HashMap<>();
      packed.forEach(
          (u, r) -> {
            int n = r.n;
            Integer[] order = new Integer[n];
            for (int k = 0; k < n; k++) {
              order[k] = k;
            }
            Arrays.sort(
                order,
                Comparator.comparingLong((Integer k) -> r.get(k, 0))
                    .thenComparingLong(k -> r.get(k, 1))
                    .thenComparingLong(k -> r.get(k, 2))
                    .thenComparingLong(k -> r.get(k, 3))
                    .thenComparingLong(k -> r.get(k, 4))
                    .thenComparingLong(k -> r.get(k, 5)));
            long[][] columns = new long[C][n];
            for (int k = 0; k < n; k++) {
              for (int c = 0; c < C; c++) {
                columns[c][k] = r.get(order[k], c);
              }
            }
            result.put(u, columns);
          });
      return new EndedJobs(Map.copyOf(result));
    }
  }
}
