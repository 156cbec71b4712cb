package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.librarian.testing.Jobs;

/**
 * Every rule of efficiency on hand-made jobs; window [1000, 100000). KiB: 1 GiB = 1048576.
 *
 * <pre>
 * job user state     CPUs elapsed  TotalCPU (job / steps)          mem alloc  steps' peak     counted?
 * A   ann  COMPLETED 4    3600     3600 s / -                      8 GiB      2 GiB, 4 GiB    yes: used 0.25, mem 0.5
 * B   ann  FAILED    2    (9000-5400) - / 600.5 s + 1200 s         -          -               yes: used 1800.5 of 7200 s
 * C   ann  TIMEOUT   1    7200     300 s / -                       1 GiB      256 MiB         yes: 0.0417 (low), mem 0.25
 * D   ann  RUNNING   -    -        -                               -          -               no: running
 * E   bob  COMPLETED 1    60       60 s, ends after now            -          -               no: ends after now (a replay)
 * F   bob  CANCELLED 1    60       60 s, ended before the window   -          -               no
 * G   bob  COMPLETED 8    1800     - / -                           -          -               left out: no CPU time
 * H   bob  COMPLETED 2    3600     1800 s, 2 GPUs, gpuutil 60      4 GiB      -               yes: 0.25 (not low)
 * I   bob  COMPLETED 1    7200     3600 s, 1 GPU, gpuutil 30       -          -               yes: 0.5
 * </pre>
 *
 * ann: 3 jobs, held 14400 + 7200 + 7200 = 28800 CPU-s (8 h), used 3600 + 1800.5 + 300 = 5700.5 s
 * (1.583 h), efficiency 5700.5 / 28800 = 0.19793, one low job (C), median memory efficiency of
 * [0.25, 0.5] at rank ceil(0.5 × 2) = 1: 0.25. bob: 2 jobs, 14400 CPU-s (4 h), 5400 s used (1.5 h),
 * 0.375, no memory efficiency; GPU utilisation (60 × 7200 + 30 × 7200) / 14400 GPU-s = 45 %.
 */
class EfficiencyCounterTest {
  static final long U = JobRecord.UNKNOWN;
  static final long GIB = 1 << 20;

  @Test
  void everyRuleOnHandMadeJobs() {
    EfficiencyCounter c = new EfficiencyCounter(1000, 100_000);
    c.add(
        Jobs.held("A", "ann", "q", JobState.COMPLETED, 1000, 4600, 3600, 4, 0, 8 * GIB, 3_600_000));
    c.add(new StepRecord("A", 3_600_000, 2 * GIB, Double.NaN));
    c.add(new StepRecord("A", U, 4 * GIB, Double.NaN));
    c.add(Jobs.held("B", "ann", "q", JobState.FAILED, 5400, 9000, U, 2, 0, 0, U));
    c.add(new StepRecord("B", 600_500, -1, Double.NaN));
    c.add(new StepRecord("B", 1_200_000, -1, Double.NaN));
    c.add(Jobs.held("C", "ann", "q", JobState.TIMEOUT, 2000, 9200, 7200, 1, 0, GIB, 300_000));
    c.add(new StepRecord("C", U, GIB / 4, Double.NaN));
    c.add(new StepRecord("A", 99_000_000, 8 * GIB, Double.NaN)); // not after its job: passed over
    c.add(Jobs.held("D", "ann", "q", JobState.RUNNING, 3000, U, 500, 16, 0, GIB, 0));
    c.add(new StepRecord("D", 1_000, GIB, Double.NaN));
    c.add(Jobs.held("E", "bob", "q", JobState.COMPLETED, 99_960, 100_020, 60, 1, 0, 0, 60_000));
    c.add(Jobs.held("F", "bob", "q", JobState.CANCELLED, 400, 460, 60, 1, 0, 0, 60_000));
    c.add(Jobs.held("G", "bob", "q", JobState.COMPLETED, 1000, 2800, 1800, 8, 0, 0, U));
    c.add(
        Jobs.held("H", "bob", "q", JobState.COMPLETED, 1000, 4600, 3600, 2, 2, 4 * GIB, 1_800_000));
    c.add(new StepRecord("H", U, -1, 60));
    c.add(Jobs.held("I", "bob", "q", JobState.COMPLETED, 1000, 8200, 7200, 1, 1, 0, 3_600_000));
    c.add(new StepRecord("I", U, -1, 30));
    EfficiencyReport r = c.report();

    EfficiencyReport.User ann = r.users().get("ann");
    assertEquals(3, ann.jobs());
    assertEquals(28_800, ann.cpuHeldSeconds());
    assertEquals(5_700_500, ann.cpuUsedMillis());
    assertEquals(8.0, ann.cpuHeldHours());
    assertEquals(5700.5 / 3600, ann.cpuUsedHours(), 1e-12);
    assertEquals(5700.5 / 28800, ann.cpuEfficiency(), 1e-12);
    assertEquals(1, ann.lowCpuJobs());
    assertEquals(0.25, ann.memoryEfficiencyP50());
    assertNull(ann.gpuUtilPercent());

    EfficiencyReport.User bob = r.users().get("bob");
    assertEquals(2, bob.jobs());
    assertEquals(14_400, bob.cpuHeldSeconds());
    assertEquals(5_400_000, bob.cpuUsedMillis());
    assertEquals(0.375, bob.cpuEfficiency());
    assertEquals(0, bob.lowCpuJobs());
    assertNull(bob.memoryEfficiencyP50());
    assertEquals(45.0, bob.gpuUtilPercent(), 1e-12);
    assertTrue(r.gpuUtilCollected());
    assertEquals(2, r.users().size());
    // What the daily history keeps of the same jobs gives the same GPU figures: 60 × 7,200 + 30 ×
    // 7,200 = 648,000 over 2 × 3,600 + 1 × 7,200 = 14,400 GPU-seconds: 45 %; no GPU memory known.
    JobCounts counted = r.ended().ended(1000, 100_000).get("bob").counts();
    assertEquals(648_000, counted.gpuUtilWeighted(), 1e-9);
    assertEquals(14_400, counted.gpuSeconds());
    assertEquals(bob.gpuUtilPercent(), counted.gpuUtilPercent(), 1e-12);
    assertEquals(-1, counted.gpuMemoryMaxKib());
    assertNull(r.ended().ended(1000, 100_000).get("ann").counts().gpuUtilPercent());
  }

  /**
   * The Slurm test once saw 15 of bob's jobs in sacct and 14 in the parse: job 316 ended at
   * 20:59:05 and the run's clock read 20:59:05.39, so End equalled the run's second and the old
   * rule (End before now) left it out, while the usage and the finished-run list counted it.
   */
  @Test
  void aJobThatEndedInTheSecondOfTheRunIsCounted() {
    EfficiencyCounter c = new EfficiencyCounter(1000, 100_000);
    c.add(Jobs.held("316", "bob", "q", JobState.COMPLETED, 99_978, 100_000, 22, 4, 0, GIB, 40_935));
    c.add(Jobs.held("at-start", "bob", "q", JobState.COMPLETED, 940, 1000, 60, 1, 0, 0, 60_000));
    c.add(Jobs.held("after", "bob", "q", JobState.COMPLETED, 99_990, 100_001, 11, 1, 0, 0, 11_000));
    EfficiencyReport.User bob = c.report().users().get("bob");
    assertEquals(
        1,
        bob.jobs(),
        "316 ended in the run's second; the others at the window's start" + " and after now");
    assertEquals(88, bob.cpuHeldSeconds());
    assertEquals(40_935, bob.cpuUsedMillis());
  }

  @Test
  void countersOfPartsMergeToTheWhole() {
    EfficiencyCounter whole = new EfficiencyCounter(0, 10_000);
    EfficiencyCounter a = new EfficiencyCounter(0, 10_000);
    EfficiencyCounter b = new EfficiencyCounter(0, 10_000);
    JobRecord j1 = Jobs.held("1", "ann", "q", JobState.COMPLETED, 0, 100, 100, 2, 0, GIB, U);
    JobRecord j2 = Jobs.held("2", "ann", "q", JobState.COMPLETED, 0, 100, 100, 2, 0, GIB, 40_000);
    StepRecord s1 = new StepRecord("1", 150_000, GIB / 2, Double.NaN);
    for (EfficiencyCounter c : new EfficiencyCounter[] {whole, a}) {
      c.add(j1);
      c.add(s1);
    }
    whole.add(j2);
    b.add(j2);
    a.merge(b);
    assertEquals(whole.report(), a.report());
    EfficiencyReport.User ann = a.report().users().get("ann");
    assertEquals(400, ann.cpuHeldSeconds());
    assertEquals(190_000, ann.cpuUsedMillis());
    assertEquals(1, ann.lowCpuJobs(), "job 2 used 40 of 200 CPU-seconds; job 1 150 of 200");
    assertFalse(a.report().gpuUtilCollected());
  }

  @Test
  void nothingHeldGivesNoEfficiency() {
    EfficiencyCounter c = new EfficiencyCounter(0, 10_000);
    c.add(Jobs.held("1", "ann", "q", JobState.CANCELLED, U, 100, 0, 4, 0, GIB, 0));
    EfficiencyReport.User ann = c.report().users().get("ann");
    assertEquals(1, ann.jobs());
    assertNull(ann.cpuEfficiency());
    assertEquals(0, ann.lowCpuJobs());
  }
}
