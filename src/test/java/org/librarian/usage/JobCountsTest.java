package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The page shows a median efficiency as {@code toLocaleString("en-US")} with one fraction digit of
 * 100 × the data file's value (4 decimals): it rounds the number's shortest decimal form half up,
 * so 100 × 0.4225 = 42.25 shows 42.3, 100 × 0.6555 = 65.55 (in binary 65.5499…) shows 65.6, and 100
 * × 0.5125 = 51.24999999999999 shows 51.2. {@link JobCounts#tenths} rounds the same way.
 */
class JobCountsTest {
  @Test
  void tenthsRoundAsThePageDoes() {
    // 42.25 → 42.3: half up, not half even (42.2).
    assertEquals(423, JobCounts.tenths(0.4225));
    // 51.24999999999999 → 51.2, though 0.5125 written out is a half.
    assertEquals(512, JobCounts.tenths(0.5125));
    // 65.55, whose binary value is 65.549999…: the page shows 65.6 (its shortest form rounded).
    assertEquals(656, JobCounts.tenths(0.6555));
    // The data file's 4 decimals first: 0.42249 → 0.4225 → 42.3; 0.42244 → 0.4224 → 42.2.
    assertEquals(423, JobCounts.tenths(0.42249));
    assertEquals(422, JobCounts.tenths(0.42244));
    assertEquals(0, JobCounts.tenths(0));
    // Over 100 %: memory peaks may exceed the allocation a little; 1.2 → 120.0 % → 1,200.
    assertEquals(1200, JobCounts.tenths(1.2));
    // A median written back (423 → 0.423) shows the same tenths.
    assertEquals(423, JobCounts.tenths(423 / 1000.0));
  }

  /**
   * Each 4-decimal share is worked out once and kept: every kept answer, asked for twice, is the
   * page's rounding of that share (its shortest decimal form, half up), and so is one beyond the
   * kept range (above 1,000 %) or below it.
   */
  @Test
  void keptTenthsAreThePagesRoundingOfEveryShare() {
    for (int k = 0; k <= 100_500; k++) {
      double share = k / 10_000.0;
      double shown = 100.0 * share;
      int page =
          new BigDecimal(Double.toString(shown))
              .movePointRight(1)
              .setScale(0, RoundingMode.HALF_UP)
              .intValueExact();
      assertEquals(page, JobCounts.tenths(share), "share " + share);
      assertEquals(page, JobCounts.tenths(share), "share " + share + ", asked again");
    }
    assertEquals(-423, JobCounts.tenths(-0.4225));
    assertEquals(12_345, JobCounts.tenths(12.345));
  }

  /**
   * ann's six jobs that ended in (0, 600], each 100 CPU-seconds held: memory 30 %, 42.25 %, 50 %,
   * 90 % and, on whole nodes, 10 % (left out of the memory median); time 20 %, 51.25 %, 60 %, 42.25
   * %, and one timed out (left out of the time median); the sixth knows neither.
   */
  @Test
  void theMedianOfCountedTenthsIsTheShownMedianOfTheExactValues() {
    EndedJobs.Builder b = new EndedJobs.Builder();
    b.add("ann", 100, 100, 90_000, EndedJobs.detail(0.30, false, 0.20, false));
    b.add("ann", 200, 100, 10_000, EndedJobs.detail(0.4225, false, 0.5125, false));
    b.add("ann", 300, 100, 30_000, EndedJobs.detail(0.50, false, 0.60, false));
    b.add("ann", 400, 100, 24_000, EndedJobs.detail(0.90, false, 0.4225, false));
    b.add("ann", 500, 100, 50_000, EndedJobs.detail(0.10, true, 1.0, true));
    b.add("ann", 600, 100, 60_000, EndedJobs.detail(null, false, null, false));
    EndedJobs e = b.build();
    JobCounts c = e.ended(0, 600).get("ann").counts();
    // Used 10 s and 24 s of 100 (10 %, 24 %): under the low share, 2 jobs; 1 timeout, 1 whole-node.
    assertEquals(List.of(2L, 1L, 1L), List.of(c.lowCpuJobs(), c.timeouts(), c.exclusiveJobs()));
    // Memory {30.0, 42.3, 50.0, 90.0} % in tenths; time {20.0, 51.2, 60.0, 42.3} %.
    assertEquals(Map.of(300, 1L, 423, 1L, 500, 1L, 900, 1L), c.memoryTenths());
    assertEquals(Map.of(200, 1L, 423, 1L, 512, 1L, 600, 1L), c.timeTenths());
    // Nearest rank ⌈0.5 × 4⌉ = 2nd: memory 0.4225 exactly, shown 42.3; time sorted {20, 42.25,
    // 51.25, 60}: 0.4225, shown 42.3. The counts give 423 for both.
    EndedJobs.Sums exact = e.ended(0, 600).get("ann").sums();
    assertEquals(0.4225, exact.memoryEfficiencyP50(), 1e-6);
    assertEquals(0.4225, exact.timeEfficiencyP50(), 1e-6);
    assertEquals(JobCounts.tenths(exact.memoryEfficiencyP50()), 423);
    assertEquals(0.423, c.memoryMedian(), 1e-12);
    assertEquals(JobCounts.tenths(exact.timeEfficiencyP50()), JobCounts.tenths(c.timeMedian()));
    // (0, 300]: memory {30, 42.25, 50}: the 2nd, 42.3; time {20, 51.25, 60}: the 2nd, 51.25
    // shown 51.2 (512) both ways.
    JobCounts first = e.ended(0, 300).get("ann").counts();
    EndedJobs.Sums firstExact = e.ended(0, 300).get("ann").sums();
    assertEquals(512, JobCounts.tenths(firstExact.timeEfficiencyP50()));
    assertEquals(0.512, first.timeMedian(), 1e-12);
    assertEquals(0.423, first.memoryMedian(), 1e-12);
    // (500, 600]: the job that knows neither: no median, not 0.
    assertNull(e.ended(500, 600).get("ann").counts().memoryMedian());
  }

  /**
   * bob's jobs, memory 42.3 %, 90 %, 42.25 %, 42.251 % and time 60 % twice and 20 %: three memory
   * efficiencies of different values show as 42.3 % (423 tenths) and are counted together; the
   * nearest-rank median of the exact values is the 2nd of the four sorted, 0.42251.
   */
  @Test
  void differentValuesOfTheSameTenthAreCountedTogether() {
    EndedJobs.Builder b = new EndedJobs.Builder();
    b.add("bob", 100, 100, 90_000, EndedJobs.detail(0.423, false, 0.60, false));
    b.add("bob", 200, 100, 90_000, EndedJobs.detail(0.90, false, 0.20, false));
    b.add("bob", 300, 100, 90_000, EndedJobs.detail(0.4225, false, 0.60, false));
    b.add("bob", 400, 100, 90_000, EndedJobs.detail(0.42251, false, null, false));
    EndedJobs.Ended e = b.build().ended(0, 400).get("bob");
    assertEquals(Map.of(423, 3L, 900, 1L), e.counts().memoryTenths());
    assertEquals(Map.of(200, 1L, 600, 2L), e.counts().timeTenths());
    assertEquals(0.42251f, e.sums().memoryEfficiencyP50());
    assertEquals(0.6f, e.sums().timeEfficiencyP50());
    assertEquals(4, e.sums().jobs());
  }

  @Test
  void countsAddUpOverDays() {
    // Day 1: 2 jobs at 40.0 %, 1 at 80.0 %; day 2: 1 at 10.0 %, 1 at 80.0 %: five jobs, the 3rd
    // of {10, 40, 40, 80, 80} is 40.0 %; alone, day 1's median is 40.0 % and day 2's 10.0 %.
    JobCounts one = new JobCounts(1, 0, 2, tenths(400, 2, 800, 1), tenths());
    JobCounts two = new JobCounts(0, 3, 0, tenths(100, 1, 800, 1), tenths(500, 1));
    JobCounts both = one.plus(two);
    assertEquals(Map.of(100, 1L, 400, 2L, 800, 2L), both.memoryTenths());
    assertEquals(0.4, both.memoryMedian(), 1e-12);
    assertEquals(0.1, two.memoryMedian(), 1e-12);
    assertEquals(
        List.of(1L, 3L, 2L), List.of(both.lowCpuJobs(), both.timeouts(), both.exclusiveJobs()));
    assertEquals(0.5, both.timeMedian(), 1e-12);
    assertNull(one.timeMedian());
  }

  /**
   * cat's GPU jobs: at 100, 2 GPUs × 3,600 s at 50 % and 2 GiB of GPU memory; at 200, 1 GPU × 7,200
   * s at 80 % and 6 GiB; at 300, utilisation not collected, 10 GiB (the largest).
   */
  @Test
  void gpuUtilisationIsWeightedByGpuSecondsOverAnyDays() {
    EndedJobs.Builder b = new EndedJobs.Builder();
    long none = EndedJobs.detail(null, false, null, false);
    b.add("cat", 100, 10, 10_000, none, 7_200, EndedJobs.gpu(50, 2 << 20));
    b.add("cat", 200, 10, 10_000, none, 7_200, EndedJobs.gpu(80, 6 << 20));
    b.add("cat", 300, 10, 10_000, none, 0, EndedJobs.gpu(Double.NaN, 10 << 20));
    EndedJobs e = b.build();
    JobCounts first = e.ended(0, 100).get("cat").counts();
    JobCounts rest = e.ended(100, 300).get("cat").counts();
    // Day by day, then added up: (50 × 7,200 + 80 × 7,200) / 14,400 = 65 %; GPU memory 10 GiB =
    // 10,485,760 KiB.
    assertEquals(50.0, first.gpuUtilPercent(), 1e-12);
    assertEquals(80.0, rest.gpuUtilPercent(), 1e-12);
    JobCounts both = first.plus(rest);
    assertEquals(65.0, both.gpuUtilPercent(), 1e-12);
    assertEquals(14_400, both.gpuSeconds());
    assertEquals(10_485_760, both.gpuMemoryMaxKib());
    assertEquals(2_097_152, first.gpuMemoryMaxKib());
  }

  private static TreeMap<Integer, Long> tenths(long... pairs) {
    TreeMap<Integer, Long> m = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((int) pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
