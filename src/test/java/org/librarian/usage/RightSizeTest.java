package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The right-size rules (#27 item 5), each on hand-made jobs; KiB, 1 GB = 1048576 KiB. */
class RightSizeTest {
  static final long GIB = 1 << 20;

  /** A finished job on {@code nodes} nodes that used {@code cpuSeconds} of CPU and one step. */
  private static void add(
      EfficiencyCounter c,
      String id,
      String name,
      JobState state,
      long elapsed,
      long cpus,
      long nodes,
      long memKib,
      long cpuSeconds,
      long limit,
      long peakKib) {
    c.add(
        HonestEfficiencyTest.job(
            id, "ann", name, state, elapsed, cpus, cpus, memKib, cpuSeconds * 1000, limit, nodes));
    c.add(HonestEfficiencyTest.step(id, 0, 0, -1, 1, peakKib));
  }

  /** A counter over 0 to 100,000 s, and {@code job} added to it for ids "1" to "n". */
  private static EfficiencyCounter counter(int n, BiConsumer<EfficiencyCounter, String> job) {
    EfficiencyCounter c = new EfficiencyCounter(0, 100_000);
    for (int i = 1; i <= n; i++) {
      job.accept(c, "" + i);
    }
    return c;
  }

  private static JobFamilies.Family only(EfficiencyCounter c) {
    List<JobFamilies.Family> all = c.report().rightSize();
    assertEquals(1, all.size());
    return all.get(0);
  }

  @Test
  void memoryIsP95TimesOnePointTwoInWholeGb() {
    EfficiencyCounter c = new EfficiencyCounter(0, 100_000);
    // Five jobs of 1 h asking 32 GB, each peaking at 10 GB: 10 × 1.2 = 12 GB exactly, not 13.
    for (int i = 1; i <= 5; i++) {
      add(c, "" + i, "fit_" + i, JobState.COMPLETED, 3600, 1, 1, 32 * GIB, 3600, 7200, 10 * GIB);
    }
    RightSize r = only(c).rightSize();
    assertEquals(12, r.memoryGb());
    assertEquals("#SBATCH --mem=12G", r.memoryLine());
    // (32 − 12) GB × 1 h × 5 jobs = 100 GB-hours.
    assertEquals(100.0, r.memoryFreedGbHours(), 1e-12);

    // One KiB more at the p95: 10 GB + 1 KiB × 1.2 is above 12 GB → 13 GB; (32 − 13) × 5 = 95.
    EfficiencyCounter d = new EfficiencyCounter(0, 100_000);
    for (int i = 1; i <= 5; i++) {
      add(
          d,
          "" + i,
          "fit_" + i,
          JobState.COMPLETED,
          3600,
          1,
          1,
          32 * GIB,
          3600,
          7200,
          10 * GIB + 1);
    }
    assertEquals(13, only(d).rightSize().memoryGb());
    assertEquals(95.0, only(d).rightSize().memoryFreedGbHours(), 1e-12);
  }

  @Test
  void memoryAllocatedBelowTheSuggestionFreesNothingAndTinyPeaksAskOneGb() {
    // Peaks of 100 MB: ⌈0.1171875 × 1.2⌉ = 1 GB; the jobs asked for 512 MB, below it: 0 freed.
    EfficiencyCounter c =
        counter(
            5,
            (k, id) ->
                add(
                    k,
                    id,
                    "tiny",
                    JobState.COMPLETED,
                    3600,
                    1,
                    1,
                    GIB / 2,
                    3600,
                    7200,
                    100 * 1024));
    RightSize r = only(c).rightSize();
    assertEquals(1, r.memoryGb());
    assertEquals(0, r.memoryFreedKibSeconds());
  }

  @Test
  void timeIsP95TimesOnePointThreeRoundedUpToFifteenMinutes() {
    // 6000 s × 1.3 = 7800 s = 2:10 → 2:15:00 (8100 s).
    assertEquals(8100, timeOf(6000));
    // 9000 s × 1.3 = 11700 s = 3:15 exactly: stays 3:15:00.
    assertEquals(11_700, timeOf(9000));
    // 9001 s × 1.3 = 11701.3 s: just past 3:15 → 3:30:00 (12600 s).
    assertEquals(12_600, timeOf(9001));
    // 60 s × 1.3 = 78 s → never below 15 minutes.
    assertEquals(900, timeOf(60));
  }

  private static long timeOf(long elapsed) {
    EfficiencyCounter c =
        counter(
            5,
            (k, id) ->
                add(k, id, "t", JobState.COMPLETED, elapsed, 1, 1, GIB, elapsed, 86_400, GIB));
    return only(c).rightSize().timeSeconds();
  }

  @Test
  void timeNeverBelowTheLongestJobThatCompleted() {
    // 19 jobs of 1000 s and one of 20000 s, all COMPLETED, 2 CPUs, limit 8 h (28800 s).
    EfficiencyCounter c =
        counter(
            19,
            (k, id) -> add(k, id, "run", JobState.COMPLETED, 1000, 2, 1, GIB, 2000, 28_800, GIB));
    add(c, "20", "run", JobState.COMPLETED, 20_000, 2, 1, GIB, 40_000, 28_800, GIB);
    RightSize r = only(c).rightSize();
    // p95 = rank ⌈0.95 × 20⌉ = 19 → 1000 s × 1.3 = 1300 s; the longest completed ran 20000 s:
    // max is 20000 s → ⌈20000 / 900⌉ = 23 quarters = 20700 s = 5:45:00.
    assertEquals(20_700, r.timeSeconds());
    assertEquals("#SBATCH --time=05:45:00", r.timeLine());
    // Freed: 20 jobs × 2 CPUs × (28800 − 20700) s = 324000 CPU-s = 90 CPU-hours.
    assertEquals(90.0, r.timeFreedCpuHours(), 1e-12);

    // The same long job TIMED OUT: it did not complete, so 1300 s → 1800 s = 0:30:00.
    EfficiencyCounter d =
        counter(
            19,
            (k, id) -> add(k, id, "run", JobState.COMPLETED, 1000, 2, 1, GIB, 2000, 28_800, GIB));
    add(d, "20", "run", JobState.TIMEOUT, 20_000, 2, 1, GIB, 40_000, 28_800, GIB);
    assertEquals(1800, only(d).rightSize().timeSeconds());
  }

  @Test
  void timeLineUsesDaysFromADay() {
    // 30 h = 108000 s = 1 day and 6 hours.
    assertEquals("#SBATCH --time=1-06:00:00", new RightSize(-1, 0, 108_000, 0, -1, 0).timeLine());
  }

  @Test
  void cpusWhenMedianEfficiencyOfSingleNodeJobsIsBelowHalf() {
    // Five 1-node jobs of 8 CPUs for 1 h using 0.4 of them (8 × 3600 × 0.4 = 11520 CPU-s):
    // ⌈8 × 0.4 × 1.25⌉ = ⌈4⌉ = 4.
    EfficiencyCounter c =
        counter(
            5,
            (k, id) -> add(k, id, "sim", JobState.COMPLETED, 3600, 8, 1, GIB, 11_520, 7200, GIB));
    RightSize r = only(c).rightSize();
    assertEquals(4, r.cpusPerTask());
    assertEquals("#SBATCH --cpus-per-task=4", r.cpusLine());
    // (8 − 4) CPUs × 1 h × 5 jobs = 20 CPU-hours.
    assertEquals(20.0, r.cpuFreedCpuHours(), 1e-12);
  }

  @Test
  void noCpusAtExactlyHalf() {
    // 0.5 efficiency (8 × 3600 × 0.5 = 14400 CPU-s) is not below 50 %.
    EfficiencyCounter c =
        counter(
            5,
            (k, id) -> add(k, id, "sim", JobState.COMPLETED, 3600, 8, 1, GIB, 14_400, 7200, GIB));
    assertEquals(-1, only(c).rightSize().cpusPerTask());
    assertNull(only(c).rightSize().cpusLine());
  }

  @Test
  void multiNodeJobsAreLeftOutOfTheCpuRule() {
    // Five 2-node jobs at 0.1 efficiency: no single-node job, no suggestion.
    EfficiencyCounter c =
        counter(
            5, (k, id) -> add(k, id, "mpi", JobState.COMPLETED, 3600, 16, 2, GIB, 5760, 7200, GIB));
    assertEquals(-1, only(c).rightSize().cpusPerTask());

    // Five 1-node jobs of 8 CPUs at 0.3 (8640 CPU-s) and five 2-node jobs of 16 CPUs at 0.9
    // (51840 CPU-s): the median of the 1-node jobs is 0.3 (with the 2-node ones it would be 0.9):
    // ⌈8 × 0.3 × 1.25⌉ = ⌈3⌉ = 3; freed (8 − 3) × 1 h × 5 = 25 CPU-hours, 2-node jobs none.
    EfficiencyCounter d = new EfficiencyCounter(0, 100_000);
    for (int i = 1; i <= 5; i++) {
      add(d, "" + i, "mix", JobState.COMPLETED, 3600, 8, 1, GIB, 8640, 7200, GIB);
      add(d, "1" + i, "mix", JobState.COMPLETED, 3600, 16, 2, GIB, 51_840, 7200, GIB);
    }
    RightSize r = only(d).rightSize();
    assertEquals(3, r.cpusPerTask());
    assertEquals(25.0, r.cpuFreedCpuHours(), 1e-12);
  }

  @Test
  void fewerJobsThanTheMinimumGetNoSuggestion() {
    EfficiencyCounter c =
        counter(
            4,
            (k, id) ->
                add(
                    k,
                    id,
                    "few",
                    JobState.COMPLETED,
                    3600,
                    8,
                    1,
                    32 * GIB,
                    11_520,
                    7200,
                    10 * GIB));
    EfficiencyReport report = c.report();
    assertEquals(1, report.families().size());
    // 4 jobs < 5 (the default): not shown.
    assertTrue(report.rightSize().isEmpty());
    // dashboard.right_size_min_jobs: 4 shows it: 12 GB as above.
    assertEquals(12, report.withRightSizeMinJobs(4).rightSize().get(0).rightSize().memoryGb());
  }

  @Test
  void orderedByCpuHoursFreedThenGbHours() {
    EfficiencyCounter c = new EfficiencyCounter(0, 100_000);
    // "a" frees 20 CPU-hours (as above); "b" frees no CPU but (32 − 12) × 5 = 100 GB-hours.
    for (int i = 1; i <= 5; i++) {
      add(c, "a" + i, "a", JobState.COMPLETED, 3600, 8, 1, GIB, 11_520, 7200, GIB / 2);
      add(c, "b" + i, "b", JobState.COMPLETED, 3600, 1, 1, 32 * GIB, 3600, 7200, 10 * GIB);
    }
    List<String> names = c.report().rightSize().stream().map(JobFamilies.Family::name).toList();
    assertEquals(List.of("a", "b"), names);
  }

  @Test
  void theDrillDownKeepsEveryJobThatEndedLatestFirst() {
    EfficiencyCounter c = new EfficiencyCounter(0, 100_000);
    // Job i runs i × 100 s from 1000 (ends 1000 + i × 100) on 2 CPUs using i × 50 CPU-s
    // (efficiency 0.25), 4 GB asked, 1 GB peak (0.25), limit 2000 s (time efficiency i / 20).
    for (int i = 1; i <= 12; i++) {
      add(c, "" + i, "d_" + i, JobState.COMPLETED, i * 100L, 2, 1, 4 * GIB, i * 50L, 2000, GIB);
    }
    List<JobFamilies.Job> last = c.report().families().get(0).ended();
    // 12 jobs, every one kept: 12 (ends at 2200) down to 1 (ends at 1100), latest first.
    assertEquals(12, last.size());
    assertEquals("12", last.get(0).jobId());
    assertEquals("1", last.get(11).jobId());
    JobFamilies.Job j = last.get(0);
    assertEquals("d_12", j.name());
    assertEquals(1200, j.elapsedSeconds());
    assertEquals(2200, j.end());
    assertEquals(-1, j.waitSeconds()); // no Eligible known
    assertEquals(0.6, j.timeEfficiency(), 1e-12); // 1200 / 2000
    assertEquals(0.25, j.cpuEfficiency(), 1e-12); // 600 / (2 × 1200)
    assertEquals(0.25, j.memoryEfficiency(), 1e-12); // 1 GB / 4 GB
  }

  @Test
  void theEfficiencyLineOfAFinishedJob() {
    // 8 CPUs for 3600 s = 28800 CPU-s held, TotalCPU 11520 s: 40 %; 3600 s of a 7200 s limit: 50 %.
    JobRecord j =
        new JobRecord(
            "7",
            "ann",
            "q",
            JobState.COMPLETED,
            1000,
            4600,
            3600,
            8,
            0,
            GIB,
            11_520_000,
            null,
            null,
            new JobRecord.Detail("fit_7", 7200, 8, 1));
    assertEquals(
        "used 40 % of its 8 CPUs and 50 % of its time limit",
        EfficiencyCounter.efficiencyLine(j, -1));
    // No TotalCPU and no limit: nothing to say.
    assertEquals(
        "", EfficiencyCounter.efficiencyLine(failedAfterAMinute("8", JobRecord.UNKNOWN), -1));
    // Only the limit: 60 of 120 s.
    assertEquals(
        "used 50 % of its time limit",
        EfficiencyCounter.efficiencyLine(failedAfterAMinute("9", 120), -1));
    // With its steps' peak memory: 4 GB (4,194,304 KiB) of the 1 GB it held is 400 %, shown whole;
    // 1.5 GB (1,572,864 KiB) of it, 150 %, with its decimal.
    assertEquals(
        "used 40 % of its 8 CPUs, 4 of its 1 GB of memory (400 %) and 50 % of its time limit",
        EfficiencyCounter.efficiencyLine(j, 4 * GIB));
    assertEquals(
        "used 1.5 of its 1 GB of memory (150 %)",
        EfficiencyCounter.efficiencyLine(failedAfterAMinute("8", JobRecord.UNKNOWN), 1_572_864));
  }

  /** ann's job {@code id}: 1 CPU, FAILED after 60 s, no TotalCPU, a time limit of {@code limit}. */
  private static JobRecord failedAfterAMinute(String id, long limit) {
    return new JobRecord(
        id,
        "ann",
        "q",
        JobState.FAILED,
        1000,
        1060,
        60,
        1,
        0,
        GIB,
        JobRecord.UNKNOWN,
        null,
        null,
        new JobRecord.Detail("", limit, 1, 1));
  }
}
