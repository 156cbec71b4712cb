package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.librarian.usage.EfficiencyCounterTest.GIB;
import static org.librarian.usage.EfficiencyCounterTest.U;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The rules of #27 items 2–4, each on hand-made jobs; window [0, 100000); KiB, 1 GiB = 1048576. */
class HonestEfficiencyTest {
  /** A job of QoS q from 1000 for {@code elapsed} s, on {@code nodes} nodes; KiB, CPU-ms. */
  static JobRecord job(
      String id,
      String user,
      String name,
      JobState state,
      long elapsed,
      long cpus,
      long reqCpus,
      long memKib,
      long jobCpuMillis,
      long limitSeconds,
      long nodes) {
    return new JobRecord(
        id,
        user,
        "q",
        state,
        1000,
        1000 + elapsed,
        elapsed,
        cpus,
        0,
        memKib,
        jobCpuMillis,
        null,
        null,
        new JobRecord.Detail(name, limitSeconds, reqCpus, nodes));
  }

  /** A step with TotalCPU, TRESUsageInTot cpu= and mem=, MaxRSS and NTasks as given. */
  static StepRecord step(String id, long total, long tresCpu, long maxRss, long tasks, long mem) {
    return new StepRecord(id, total, tresCpu, maxRss, tasks, mem, Double.NaN, -1);
  }

  private static EfficiencyReport.User only(EfficiencyCounter c, String user) {
    return c.report().users().get(user);
  }

  @Test
  void stepMemoryIsTresTotalElseMaxRssTimesTasks() {
    // MaxRSS 1 GiB is one task's peak; 4 tasks: 4 GiB.
    assertEquals(4 * GIB, step("1", 0, 0, GIB, 4, -1).memoryUsedKib());
    // TRESUsageInTot mem= (all tasks together) is preferred to MaxRSS × NTasks: 3 GiB.
    assertEquals(3 * GIB, step("1", 0, 0, GIB, 4, 3 * GIB).memoryUsedKib());
    // NTasks unknown: MaxRSS × 1.
    assertEquals(GIB, step("1", 0, 0, GIB, -1, -1).memoryUsedKib());
    assertEquals(-1, step("1", 0, 0, -1, 4, -1).memoryUsedKib());
    // The recorded two-task step 101.0: MaxRSS 127880K × 2 = 255760K, TRESUsageInTot 255704K wins.
    assertEquals(255_704, step("101", 776, 0, 127_880, 2, 255_704).memoryUsedKib());
  }

  @Test
  void aJobsMemoryIsItsLargestStepWithSeveralTasksMultiplied() {
    EfficiencyCounter c = new EfficiencyCounter(0, 100_000);
    // 16 GiB allocated; steps: batch 1 GiB (1 task), .0 MaxRSS 2 GiB × 4 tasks = 8 GiB.
    c.add(job("7", "ann", "x", JobState.COMPLETED, 3600, 4, 4, 16 * GIB, 3_600_000, U, 1));
    c.add(step("7", 0, 0, GIB, 1, -1));
    c.add(step("7", 3_600_000, 0, 2 * GIB, 4, -1));
    // 8 GiB ÷ 16 GiB = 0.5 (MaxRSS alone would say 2 ÷ 16 = 0.125).
    assertEquals(0.5, only(c, "ann").memoryEfficiencyP50());
  }

  @Test
  void cpuUsedIsJobTotalElseStepsTotalElseStepsTresCpu() {
    EfficiencyCounter c = new EfficiencyCounter(0, 100_000);
    // Job row TotalCPU 1000 s wins over its steps (500 s).
    c.add(job("1", "ann", "a", JobState.COMPLETED, 1000, 2, 2, 0, 1_000_000, U, 1));
    c.add(step("1", 500_000, 400_000, -1, 1, -1));
    // Job row empty: the steps' TotalCPU, 300 s + 200 s = 500 s.
    c.add(job("2", "bob", "b", JobState.COMPLETED, 1000, 2, 2, 0, U, U, 1));
    c.add(step("2", 300_000, 900_000, -1, 1, -1));
    c.add(step("2", 200_000, 900_000, -1, 1, -1));
    // Slurm 25.05: job row and steps' TotalCPU empty or zero; cpu= of TRESUsageInTot:
    // 600 s + 150 s = 750 s.
    c.add(job("3", "cyd", "c", JobState.COMPLETED, 1000, 2, 2, 0, 0, U, 1));
    c.add(step("3", U, 600_000, -1, 1, -1));
    c.add(step("3", 0, 150_000, -1, 1, -1));
    // Nothing at all: left out.
    c.add(job("4", "dan", "d", JobState.COMPLETED, 1000, 2, 2, 0, U, U, 1));
    // All known and zero: used 0 (counted, low).
    c.add(job("5", "eve", "e", JobState.COMPLETED, 1000, 2, 2, 0, 0, U, 1));
    c.add(step("5", 0, 0, -1, 1, -1));
    EfficiencyReport r = c.report();
    assertEquals(1_000_000, r.users().get("ann").cpuUsedMillis());
    assertEquals(500_000, r.users().get("bob").cpuUsedMillis());
    assertEquals(750_000, r.users().get("cyd").cpuUsedMillis());
    // 750 s of 2 CPUs × 1000 s = 0.375
    assertEquals(0.375, r.users().get("cyd").cpuEfficiency());
    assertFalse(r.users().containsKey("dan"));
    assertEquals(0, r.users().get("eve").cpuUsedMillis());
    assertEquals(1, r.users().get("eve").lowCpuJobs());
  }

  @Test
  void exclusiveJobsAreMarkedAndLeftOutOfTheMemoryMedian() {
    // The recorded job 102: --exclusive -c 2 on a 64-CPU node: NCPUS 64 > 2 × 2.
    assertTrue(
        EfficiencyCounter.exclusive(
            job("102", "a", "w", JobState.COMPLETED, 3, 64, 2, 0, 0, U, 1)));
    // Two threads per core: asked 1, given 2 (not more than twice): not exclusive.
    assertFalse(
        EfficiencyCounter.exclusive(job("1", "a", "w", JobState.COMPLETED, 3, 2, 1, 0, 0, U, 1)));
    // ReqCPUS unknown: not exclusive.
    assertFalse(
        EfficiencyCounter.exclusive(job("1", "a", "w", JobState.COMPLETED, 3, 64, U, 0, 0, U, 1)));
    EfficiencyCounter c = new EfficiencyCounter(0, 100_000);
    // Two ordinary jobs, memory efficiency 0.5 and 0.25; one exclusive job at 1 GiB of 64 GiB.
    c.add(job("1", "ann", "a", JobState.COMPLETED, 100, 2, 2, 4 * GIB, 100_000, U, 1));
    c.add(step("1", 0, 0, -1, 1, 2 * GIB));
    c.add(job("2", "ann", "a", JobState.COMPLETED, 100, 2, 2, 4 * GIB, 100_000, U, 1));
    c.add(step("2", 0, 0, -1, 1, GIB));
    c.add(job("3", "ann", "w", JobState.COMPLETED, 100, 64, 2, 64 * GIB, 100_000, U, 1));
    c.add(step("3", 0, 0, -1, 1, GIB));
    EfficiencyReport.User ann = only(c, "ann");
    // Median of [0.25, 0.5] at rank ⌈0.5 × 2⌉ = 1: 0.25 (with the exclusive job: [1/64, 0.25,
    // 0.5] → 0.25 too, but the exclusive one is not in it; its own median is 1/64 = 0.015625).
    assertEquals(0.25, ann.memoryEfficiencyP50());
    assertEquals(1, ann.exclusiveJobs());
    assertEquals(0.015625, ann.exclusiveMemoryEfficiencyP50());
    assertEquals(3, ann.jobs()); // still counted for CPU
  }

  @Test
  void timeEfficiencyMedianWithTimeoutsApart() {
    EfficiencyCounter c = new EfficiencyCounter(0, 100_000);
    // Limits 1 h: elapsed 900 s (0.25), 1800 s (0.5), 2700 s (0.75), 3600 s TIMEOUT; one without
    // a limit.
    c.add(job("1", "ann", "t", JobState.COMPLETED, 900, 1, 1, 0, 1000, 3600, 1));
    c.add(job("2", "ann", "t", JobState.COMPLETED, 1800, 1, 1, 0, 1000, 3600, 1));
    c.add(job("3", "ann", "t", JobState.FAILED, 2700, 1, 1, 0, 1000, 3600, 1));
    c.add(job("4", "ann", "t", JobState.TIMEOUT, 3630, 1, 1, 0, 1000, 3600, 1));
    c.add(job("5", "ann", "t", JobState.COMPLETED, 100, 1, 1, 0, 1000, U, 1));
    EfficiencyReport.User ann = only(c, "ann");
    // [0.25, 0.5, 0.75]: rank ⌈0.5 × 3⌉ = 2 → 0.5; the TIMEOUT job (3630/3600) counted apart.
    assertEquals(0.5, ann.timeEfficiencyP50());
    assertEquals(1, ann.timeouts());
    assertNull(new EfficiencyCounter(0, 1).report().users().get("ann"));
  }

  @Test
  void gpuUtilisationAndMemoryFromTresUsageInAve() {
    EfficiencyCounter c = new EfficiencyCounter(0, 100_000);
    c.add(
        new JobRecord(
            "9",
            "ann",
            "q",
            JobState.COMPLETED,
            0,
            3600,
            3600,
            8,
            2,
            64 * GIB,
            3_600_000,
            null,
            null,
            null));
    // Two steps: gpuutil 40 and 70 → 70; gpumem 2 GiB and 6 GiB → 6 GiB.
    c.add(new StepRecord("9", 0, U, -1, 1, GIB, 40, 2 * GIB));
    c.add(new StepRecord("9", 0, U, -1, 1, GIB, 70, 6 * GIB));
    EfficiencyReport r = c.report();
    assertTrue(r.gpuUtilCollected());
    assertEquals(70.0, r.users().get("ann").gpuUtilPercent());
    assertEquals(6 * GIB, r.users().get("ann").gpuMemoryMaxKib());
  }

  @Test
  void aPseudonymisedRecordLosesItsJobNameAndKeepsTheRest() {
    JobRecord j = job("1", "alice", "alice_thesis_3", JobState.COMPLETED, 60, 2, 2, 0, 0, 3600, 1);
    JobRecord p = j.withUser("user-7f3a");
    assertEquals("", p.name());
    assertEquals(3600, p.detail().timelimitSeconds());
    assertEquals(2, p.detail().reqCpus());
    assertEquals("alice_thesis_3", j.withUser("alice").name()); // same name: unchanged
  }

  @Test
  void familyNames() {
    assertEquals("align_#", JobFamilies.familyName("17", "align_17"));
    assertEquals("align_#", JobFamilies.familyName("18", "align_18"));
    assertEquals("run_#", JobFamilies.familyName("1", "run_3_7"));
    assertEquals("sim#", JobFamilies.familyName("1", "sim42"));
    assertEquals("#", JobFamilies.familyName("1", "2024"));
    assertEquals("train", JobFamilies.familyName("1", "train"));
    assertEquals("v2_fit", JobFamilies.familyName("1", "v2_fit")); // only a trailing number
    // A named array task takes its name's family; an unnamed one its array's base.
    assertEquals("align_#", JobFamilies.familyName("123_4", "align_17"));
    assertEquals("array 123", JobFamilies.familyName("123_4", ""));
    assertEquals("array 123", JobFamilies.familyName("123_[4-6]", ""));
    assertEquals("(no name)", JobFamilies.familyName("55", ""));
    // The name is kept as typed: only its trailing number changes.
    assertEquals(
        "a|b `q` <script>x</script> \uD83D\uDE42",
        JobFamilies.familyName("100", "a|b `q` <script>x</script> \uD83D\uDE42"));
  }

  /**
   * The family name without a regular expression, against the rule it stands for: the first match
   * of {@code \\d+(?:[_.\\-]\\d+)*$} replaced by "#", over every name of up to six characters from
   * digits, separators, letters, a space and line terminators (before which {@code $} also
   * matches), stripped as job names are.
   */
  @Test
  void familyNamesFollowTheTrailingNumberRule() {
    Pattern rule = Pattern.compile("\\d+(?:[_.\\-]\\d+)*$");
    char[] alphabet = {'1', '0', '_', '.', '-', 'a', ' ', '\n', '\u0085'};
    int checked = 0;
    for (int length = 1; length <= 6; length++) {
      int[] at = new int[length];
      while (true) {
        StringBuilder b = new StringBuilder();
        for (int k : at) {
          b.append(alphabet[k]);
        }
        String name = b.toString().strip();
        if (!name.isEmpty()) {
          assertEquals(
              rule.matcher(name).replaceFirst("#"), JobFamilies.familyName("1", name), name);
          checked++;
        }
        int i = length - 1;
        while (i >= 0 && ++at[i] == alphabet.length) {
          at[i--] = 0;
        }
        if (i < 0) {
          break;
        }
      }
    }
    assertEquals(true, checked > 500_000, checked + " names");
  }

  @Test
  void familyFiguresWithNearestRankPercentiles() {
    EfficiencyCounter c = new EfficiencyCounter(0, 100_000);
    // align_1 .. align_20 of ann: job i runs i × 100 s on 2 CPUs, uses i × 10 s of CPU
    // (efficiency i × 10 / (2 × i × 100) = 0.05 each), peaks at i GiB, limit 2000 s.
    for (int i = 1; i <= 20; i++) {
      JobState s =
          i == 20 ? JobState.TIMEOUT : i == 19 ? JobState.OUT_OF_MEMORY : JobState.COMPLETED;
      c.add(job("1_" + i, "ann", "align_" + i, s, i * 100L, 2, 2, 32 * GIB, i * 10_000L, 2000, 1));
      c.add(step("1_" + i, 0, 0, -1, 1, i * GIB));
    }
    // Another user's align_1 is another family.
    c.add(job("50", "bob", "align_1", JobState.COMPLETED, 100, 1, 1, GIB, 50_000, U, 1));
    List<JobFamilies.Family> families = c.report().families();
    assertEquals(2, families.size());
    JobFamilies.Family f = families.get(0); // most CPU-hours held first
    assertEquals("ann", f.user());
    assertEquals("align_#", f.name());
    assertEquals(20, f.jobs());
    // Held: 2 × 100 × (1 + ... + 20) = 2 × 100 × 210 = 42000 CPU-s; used 10 × 210 = 2100 s.
    assertEquals(42_000, f.cpuHeldSeconds());
    assertEquals(2_100_000, f.cpuUsedMillis());
    // p95 of 20 values: rank ⌈0.95 × 20⌉ = 19 → 19 GiB and 1900 s.
    assertEquals(19 * GIB, f.peakMemoryP95Kib());
    assertEquals(1900, f.elapsedP95Seconds());
    assertEquals(0.05, f.cpuEfficiencyP50(), 1e-12);
    // Time efficiency of jobs 1..19 (job 20 timed out): i × 100 / 2000; median rank ⌈0.5 × 19⌉ =
    // 10 → 1000 / 2000 = 0.5.
    assertEquals(0.5, f.timeEfficiencyP50());
    assertEquals(1, f.timeouts());
    assertEquals(1, f.outOfMemory());
    JobFamilies.Family bob = families.get(1);
    assertEquals("bob", bob.user());
    assertEquals("align_#", bob.name());
    assertNull(bob.timeEfficiencyP50()); // no limit known
    assertEquals(-1, bob.peakMemoryP95Kib()); // no step
  }
}
