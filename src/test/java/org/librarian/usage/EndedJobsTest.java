package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A period's jobs are those that ended in (from, to]: ann's jobs end at 100, 200, 200 and 300. */
class EndedJobsTest {
  private static EndedJobs.Builder ann(long... ends) {
    EndedJobs.Builder b = new EndedJobs.Builder();
    for (long end : ends) {
      // Held = end / 100 CPU-seconds, used = end / 10 ms: 1/10, 2/20, 3/30.
      b.add("ann", end, end / 100, end / 10);
    }
    return b;
  }

  /** Each user's sums of the jobs that ended in {@code (from, to]}. */
  private static Map<String, EndedJobs.Sums> between(EndedJobs e, long from, long to) {
    Map<String, EndedJobs.Sums> sums = new java.util.TreeMap<>();
    e.ended(from, to).forEach((user, ended) -> sums.put(user, ended.sums()));
    return sums;
  }

  @Test
  void endsInTheHalfOpenPeriod() {
    EndedJobs e = ann(300, 200, 100, 200).build();
    // (100, 200]: the two ending at 200: held 2 + 2 = 4, used 20 + 20 = 40; each used 20 ms of
    // 2,000 held (1 %), under 25 %: both low; nothing known of memory and time.
    assertEquals(Map.of("ann", sums(2, 4, 40, 2)), between(e, 100, 200));
    // (99, 100]: the one ending at 100.
    assertEquals(Map.of("ann", sums(1, 1, 10, 1)), between(e, 99, 100));
    // (0, 1000]: all four: held 1 + 2 + 2 + 3 = 8, used 80.
    assertEquals(Map.of("ann", sums(4, 8, 80, 4)), between(e, 0, 1000));
    assertEquals(Map.of(), between(e, 300, 400));
  }

  private static EndedJobs.Sums sums(long jobs, long held, long used, long low) {
    return new EndedJobs.Sums(jobs, held, used, low, 0, null, 0, null);
  }

  /**
   * bob's four jobs of 100 CPU-seconds each: ending at 100, used 90 s (90 %), memory 50 %, time 20
   * %; at 200, used 10 s (10 %: low), whole nodes with memory 80 %, time 60 %; at 300, used 30 s
   * (30 %), memory 30 %, timed out; at 400, used 24 s (24 %: low), memory and time unknown.
   */
  @Test
  void aPeriodsMemoryTimeoutsAndWholeNodesAreOfItsJobs() {
    EndedJobs.Builder b = new EndedJobs.Builder();
    b.add("bob", 100, 100, 90_000, EndedJobs.detail(0.5, false, 0.2, false));
    b.add("bob", 200, 100, 10_000, EndedJobs.detail(0.8, true, 0.6, false));
    b.add("bob", 300, 100, 30_000, EndedJobs.detail(0.3, false, 1.0, true));
    b.add("bob", 400, 100, 24_000, EndedJobs.detail(null, false, null, false));
    EndedJobs e = b.build();
    // (0, 400]: 4 jobs, held 400, used 90 + 10 + 30 + 24 = 154 s; low: 10 % and 24 %; whole
    // nodes: 1 (its 80 % left out of the median); memory median of {30 %, 50 %}: nearest rank
    // ⌈0.5 × 2⌉ = 1st, 30 %; 1 timeout (left out of the time median); time median of {20 %, 60
    // %}: the 1st, 20 %.
    EndedJobs.Sums all = e.ended(0, 400).get("bob").sums();
    assertEquals(List.of(4L, 400L, 154_000L, 2L, 1L, 1L), counts(all));
    assertEquals(0.3, all.memoryEfficiencyP50(), 1e-6);
    assertEquals(0.2, all.timeEfficiencyP50(), 1e-6);
    // (100, 300]: the jobs ending at 200 and 300: held 200, used 40 s; low: the 10 % one; whole
    // nodes 1; memory median of {30 %}; 1 timeout; time median of {60 %}.
    EndedJobs.Sums part = e.ended(100, 300).get("bob").sums();
    assertEquals(List.of(2L, 200L, 40_000L, 1L, 1L, 1L), counts(part));
    assertEquals(0.3, part.memoryEfficiencyP50(), 1e-6);
    assertEquals(0.6, part.timeEfficiencyP50(), 1e-6);
    // (300, 400]: the last job alone: nothing known of its memory and time.
    EndedJobs.Sums last = e.ended(300, 400).get("bob").sums();
    assertNull(last.memoryEfficiencyP50());
    assertNull(last.timeEfficiencyP50());
  }

  private static List<Long> counts(EndedJobs.Sums s) {
    return List.of(
        s.jobs(),
        s.cpuHeldSeconds(),
        s.cpuUsedMillis(),
        s.lowCpuJobs(),
        s.exclusiveJobs(),
        s.timeouts());
  }

  @Test
  void partsMergedAreTheWhole() {
    EndedJobs.Builder a = ann(300, 100);
    a.merge(ann(200, 200));
    assertEquals(ann(100, 200, 200, 300).build(), a.build());
  }

  /**
   * A user's jobs are kept in four columns until one has GPU figures: cyd's CPU jobs end at 100 and
   * 300, her GPU job (7,200 GPU-seconds at 40 %, 2,048 KiB) at 200. Whatever the order the jobs
   * come in, and however the parts are split and merged, the jobs are the same.
   */
  @Test
  void cpuJobsBeforeAndAfterAGpuJobAreKeptAsTheyCame() {
    long gpu = EndedJobs.gpu(40.0, 2048);
    long none = EndedJobs.detail(null, false, null, false);
    EndedJobs.Builder wideFirst = new EndedJobs.Builder();
    wideFirst.add("cyd", 200, 3600, 1_000_000, none, 7200, gpu);
    wideFirst.add("cyd", 100, 50, 5000);
    wideFirst.add("cyd", 300, 70, 7000);
    EndedJobs.Builder widenedLater = new EndedJobs.Builder();
    widenedLater.add("cyd", 100, 50, 5000);
    widenedLater.add("cyd", 300, 70, 7000);
    widenedLater.add("cyd", 200, 3600, 1_000_000, none, 7200, gpu);
    EndedJobs.Builder cpuPart = new EndedJobs.Builder();
    cpuPart.add("cyd", 300, 70, 7000);
    cpuPart.add("cyd", 100, 50, 5000);
    EndedJobs.Builder gpuPart = new EndedJobs.Builder();
    gpuPart.add("cyd", 200, 3600, 1_000_000, none, 7200, gpu);
    EndedJobs.Builder narrowIntoWide = new EndedJobs.Builder();
    narrowIntoWide.merge(gpuPart);
    narrowIntoWide.merge(cpuPart);
    cpuPart.merge(gpuPart);
    EndedJobs want = wideFirst.build();
    assertEquals(want, widenedLater.build());
    assertEquals(want, narrowIntoWide.build());
    assertEquals(want, cpuPart.build());
    // (0, 300]: the GPU job's figures alone; held 50 + 3,600 + 70.
    EndedJobs.Ended all = want.ended(0, 300).get("cyd");
    assertEquals(3720, all.sums().cpuHeldSeconds());
    assertEquals(7200, all.counts().gpuSeconds());
    assertEquals(40.0 * 7200, all.counts().gpuUtilWeighted(), 1e-9);
    assertEquals(2048, all.counts().gpuMemoryMaxKib());
    // (200, 300]: a CPU job alone: no GPU-seconds, no GPU memory known.
    EndedJobs.Ended last = want.ended(200, 300).get("cyd");
    assertEquals(0, last.counts().gpuSeconds());
    assertEquals(-1, last.counts().gpuMemoryMaxKib());
  }

  /**
   * Any period's medians and tenths, against a count of its own: 400 seeded jobs of one user, each
   * with a memory and a time efficiency that may be unknown, on whole nodes or timed out (many
   * equal, so ties are met), and 300 seeded periods, from a few jobs to all of them.
   */
  @Test
  void everyPeriodsMediansAndTenthsAreItsJobsOwn() {
    periodsAgainstTheirOwnCount(400, EndedJobsTest::efficiency);
  }

  /**
   * Many jobs (their efficiencies counted per tenth, not sorted) whose efficiencies are any float
   * from 0 to 1.2, so that a tenth holds several different values and the median is one of them.
   */
  @Test
  void aMedianCountedPerTenthIsTheValueAtItsRank() {
    periodsAgainstTheirOwnCount(3_000, r -> r.nextInt(12) == 0 ? Float.NaN : r.nextFloat() * 1.2f);
  }

  private static void periodsAgainstTheirOwnCount(
      int count, java.util.function.Function<java.util.Random, Float> efficiency) {
    java.util.Random random = new java.util.Random(20261207);
    EndedJobs.Builder b = new EndedJobs.Builder();
    long[] ends = new long[count];
    float[][] eff = new float[count][];
    boolean[][] flags = new boolean[count][];
    for (int j = 0; j < ends.length; j++) {
      ends[j] = 1_000 + random.nextInt(100_000);
      eff[j] = new float[] {efficiency.apply(random), efficiency.apply(random)};
      flags[j] = new boolean[] {random.nextInt(8) == 0, random.nextInt(8) == 0};
      b.add(
          "ann",
          ends[j],
          100,
          50_000,
          EndedJobs.detail(
              Float.isNaN(eff[j][0]) ? null : (double) eff[j][0],
              flags[j][0],
              Float.isNaN(eff[j][1]) ? null : (double) eff[j][1],
              flags[j][1]));
    }
    EndedJobs e = b.build();
    for (int p = 0; p < 300; p++) {
      long from = random.nextInt(101_000);
      long to = p % 3 == 0 ? 200_000 : from + random.nextInt(p % 3 == 1 ? 2_000 : 60_000);
      java.util.List<Double> memory = new java.util.ArrayList<>();
      java.util.List<Double> time = new java.util.ArrayList<>();
      for (int j = 0; j < ends.length; j++) {
        if (ends[j] > from && ends[j] <= to) {
          if (!flags[j][0] && !Float.isNaN(eff[j][0])) {
            memory.add((double) eff[j][0]);
          }
          if (!flags[j][1] && !Float.isNaN(eff[j][1])) {
            time.add((double) eff[j][1]);
          }
        }
      }
      EndedJobs.Ended got = e.ended(from, to).get("ann");
      if (got == null) {
        assertEquals(List.of(), memory);
        continue;
      }
      assertEquals(median(memory), got.sums().memoryEfficiencyP50(), from + " to " + to);
      assertEquals(median(time), got.sums().timeEfficiencyP50(), from + " to " + to);
      assertEquals(tenths(memory), got.counts().memoryTenths(), from + " to " + to);
      assertEquals(tenths(time), got.counts().timeTenths(), from + " to " + to);
    }
  }

  /** Unknown one time in ten, else one of 200 values from 0 to 1.99. */
  private static float efficiency(java.util.Random random) {
    return random.nextInt(10) == 0 ? Float.NaN : random.nextInt(200) / 100f;
  }

  /** The nearest-rank median: the ⌈n ÷ 2⌉-th smallest, or null. */
  private static Double median(java.util.List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    java.util.List<Double> sorted = new java.util.ArrayList<>(values);
    java.util.Collections.sort(sorted);
    return sorted.get((sorted.size() + 1) / 2 - 1);
  }

  private static Map<Integer, Long> tenths(java.util.List<Double> values) {
    Map<Integer, Long> counts = new java.util.TreeMap<>();
    for (double v : values) {
      counts.merge(JobCounts.tenths(v), 1L, Long::sum);
    }
    return counts;
  }
}
