package org.librarian.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * What one user's jobs that ended in a stretch of time (a day of the daily history, or a period)
 * count beyond CPU-seconds held and used, as {@link EndedJobs#ended} counts them: jobs under {@link
 * EfficiencyCounter#LOW_CPU_SHARE} of their CPUs, timeouts, jobs on whole nodes they did not ask
 * for; and, per tenth of a percent ({@link #tenths}), how many of the jobs the medians take had
 * that memory efficiency and that time efficiency (whole-node jobs left out of memory, timeouts of
 * time). Counts add up over days, so the nearest-rank median over any days is taken from the summed
 * counts ({@link #median}); as {@link #tenths} is monotone it is the median of the exact values in
 * tenths of a percent. And what the GPU columns take: the jobs' GPU utilisation (percent) times
 * their GPU-seconds, summed, and those GPU-seconds (of the jobs whose utilisation is known), so
 * that utilisation weighted by GPU-hours over any days is one sum divided by the other; and the
 * largest GPU memory any of them used (KiB, -1 when not known). Immutable; the maps are sorted by
 * their key.
 */
public record JobCounts(
    long lowCpuJobs,
    long timeouts,
    long exclusiveJobs,
    SortedMap<Integer, Long> memoryTenths,
    SortedMap<Integer, Long> timeTenths,
    double gpuUtilWeighted,
    long gpuSeconds,
    long gpuMemoryMaxKib) {
  /** No jobs. */
  public static final JobCounts NONE = new JobCounts(0, 0, 0, new TreeMap<>(), new TreeMap<>());

  /** Counts without GPU figures. */
  public JobCounts(
      long lowCpuJobs,
      long timeouts,
      long exclusiveJobs,
      SortedMap<Integer, Long> memoryTenths,
      SortedMap<Integer, Long> timeTenths) {
    this(lowCpuJobs, timeouts, exclusiveJobs, memoryTenths, timeTenths, 0, 0, -1);
  }

  /** GPU utilisation weighted by GPU-hours (percent), or null when none was collected. */
  public Double gpuUtilPercent() {
    return gpuSeconds > 0 ? gpuUtilWeighted / gpuSeconds : null;
  }

  public JobCounts {
    memoryTenths = owned(memoryTenths);
    timeTenths = owned(timeTenths);
  }

  /**
   * Counts per tenth made for one {@link JobCounts} and handed over by their maker, who keeps no
   * reference: taken without a copy (a centre's report makes millions of these, and copying them
   * was a twentieth of what its group writers allocated).
   */
  @SuppressWarnings("serial")
  static final class Tenths extends TreeMap<Integer, Long> {}

  private static SortedMap<Integer, Long> owned(SortedMap<Integer, Long> counts) {
    return Collections.unmodifiableSortedMap(
        counts instanceof Tenths handed ? handed : new TreeMap<>(counts));
  }

  /**
   * A share (0.423 = 42.3 %) in tenths of a percent as the page shows it: the data file's 4
   * decimals ({@code Math.round(share × 10,000) / 10,000}), times 100 in double arithmetic as
   * JavaScript multiplies, then {@code toLocaleString} with one fraction digit, which rounds the
   * number's shortest decimal form half up: 0.4225 → 42.25 → 42.3 → 423, 0.6555 → 65.55 (binary
   * 65.5499…) → 65.6, but 0.5125 → 51.24999999999999 → 51.2. Checked against Node's output for
   * every share of 4 decimals from 0 to 10. Monotone: a larger share never gets fewer tenths.
   */
  public static int tenths(double share) {
    long k = Math.round(share * 10_000);
    if (k < 0 || k >= SHOWN.length()) {
      return tenthsOf(k);
    }
    // A share is counted once per ended job and rounds through a decimal string, which took most
    // of a centre's report time; the answer depends on k alone, so each k is worked out once.
    int known = SHOWN.get((int) k);
    if (known == 0) {
      known = tenthsOf(k) + 1;
      SHOWN.set((int) k, known);
    }
    return known - 1;
  }

  /** Tenths of {@link #tenths} by 4-decimal share (plus one; 0: not yet worked out), to 1,000 %. */
  private static final AtomicIntegerArray SHOWN = new AtomicIntegerArray(100_001);

  private static int tenthsOf(long tenThousandths) {
    double shown = 100.0 * (tenThousandths / 10_000.0);
    return new BigDecimal(Double.toString(shown))
        .movePointRight(1)
        .setScale(0, RoundingMode.HALF_UP)
        .intValueExact();
  }

  /**
   * The nearest-rank median (rank ⌈n ÷ 2⌉) of counted tenths as a share (424 → 0.424), or null when
   * nothing is counted.
   */
  public static Double median(SortedMap<Integer, Long> counts) {
    long n = counts.values().stream().mapToLong(Long::longValue).sum();
    if (n == 0) {
      return null;
    }
    long rank = (n + 1) / 2;
    long seen = 0;
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return e.getKey() / 1000.0;
      }
    }
    throw new IllegalStateException("counts changed while read");
  }

  public Double memoryMedian() {
    return median(memoryTenths);
  }

  public Double timeMedian() {
    return median(timeTenths);
  }

  /** These counts and {@code other}'s added up. */
  public JobCounts plus(JobCounts other) {
    return new JobCounts(
        lowCpuJobs + other.lowCpuJobs,
        timeouts + other.timeouts,
        exclusiveJobs + other.exclusiveJobs,
        summed(memoryTenths, other.memoryTenths),
        summed(timeTenths, other.timeTenths),
        gpuUtilWeighted + other.gpuUtilWeighted,
        gpuSeconds + other.gpuSeconds,
        Math.max(gpuMemoryMaxKib, other.gpuMemoryMaxKib));
  }

  private static SortedMap<Integer, Long> summed(
      SortedMap<Integer, Long> a, SortedMap<Integer, Long> b) {
    Tenths sum = new Tenths();
    sum.putAll(a);
    b.forEach((k, v) -> sum.merge(k, v, Long::sum));
    return sum;
  }
}
