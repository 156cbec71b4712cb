package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.librarian.usage.EfficiencyCounterTest.GIB;
import static org.librarian.usage.EfficiencyCounterTest.U;
import static org.librarian.usage.HonestEfficiencyTest.job;
import static org.librarian.usage.HonestEfficiencyTest.step;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A family's jobs kept as columns: the records the drill-down reads, their order, parts merged. */
class FamilyJobsTest {
  /** ann's job of family t_#: 2 CPUs from 1000 for {@code elapsed} s, peaking at 1 GiB. */
  private static void add(EfficiencyCounter c, String id, long elapsed, long memKib) {
    c.add(job(id, "ann", "t_" + id, JobState.COMPLETED, elapsed, 2, 2, memKib, 1_000, 2000, 1));
    c.add(step(id, 0, 0, -1, 1, GIB));
  }

  private static List<JobFamilies.Job> ended(EfficiencyCounter c) {
    List<JobFamilies.Family> families = c.report().families();
    assertEquals(1, families.size());
    return families.get(0).ended();
  }

  @Test
  void latestFirstThenByJobIdThenAsAddedAlsoAfterParts() {
    EfficiencyCounter whole = new EfficiencyCounter(0, 100_000);
    EfficiencyCounter a = new EfficiencyCounter(0, 100_000);
    EfficiencyCounter b = new EfficiencyCounter(0, 100_000);
    // Ends: 10 and 2 at 1000 + 300 = 1300; 9, 11 and a second run of 9 at 1000 + 500 = 1500. The
    // two runs of 9 differ only in memory asked: 4 GiB (1 GiB peak: 0.25), then 2 GiB (0.5).
    for (EfficiencyCounter c : new EfficiencyCounter[] {whole, a}) {
      add(c, "10", 300, 4 * GIB);
      add(c, "9", 500, 4 * GIB);
      add(c, "11", 500, 4 * GIB);
    }
    for (EfficiencyCounter c : new EfficiencyCounter[] {whole, b}) {
      add(c, "2", 300, 4 * GIB);
      add(c, "9", 500, 2 * GIB);
    }
    a.merge(b);
    List<JobFamilies.Job> jobs = ended(a);
    // 1500 first; there "11" < "9" as strings; the two 9s as added (a's part first), then 1300.
    assertEquals(
        List.of("11", "9", "9", "10", "2"), jobs.stream().map(JobFamilies.Job::jobId).toList());
    assertEquals(0.25, jobs.get(1).memoryEfficiency());
    assertEquals(0.5, jobs.get(2).memoryEfficiency());
    assertEquals(ended(whole), jobs);
    assertEquals(whole.report().families(), a.report().families());
  }

  @Test
  void aRecordIsWorkedOutFromItsColumns() {
    EfficiencyCounter c = new EfficiencyCounter(0, 100_000);
    // Eligible 900, started 1000: waited 100 s. 4 CPUs for 1000 s = 4000 CPU-s held, 1000 s
    // used: 0.25; limit 4000 s: 0.25; 8 GiB asked, 2 GiB peak: 0.25.
    c.add(
        new JobRecord(
            "7",
            "ann",
            "q",
            JobState.COMPLETED,
            1000,
            2000,
            1000,
            4,
            0,
            8 * GIB,
            1_000_000,
            new Request(900, 4, 0, 8 * GIB, "None"),
            null,
            new JobRecord.Detail("fit", 4000, 4, 1)));
    c.add(step("7", 0, 0, -1, 1, 2 * GIB));
    // Eligible after it started (a requeue): no negative wait, 0. No limit, no memory asked, no
    // peak known, nothing held (0 s elapsed): the three efficiencies unknown.
    c.add(
        new JobRecord(
            "8",
            "ann",
            "q",
            JobState.FAILED,
            1000,
            1000,
            0,
            4,
            0,
            0,
            0,
            new Request(1100, 4, 0, 0, "None"),
            null,
            new JobRecord.Detail("fit", U, 4, 1)));
    List<JobFamilies.Job> jobs = ended(c);
    JobFamilies.Job seven = jobs.get(0); // ends at 2000, 8 at 1000
    assertEquals(
        new JobFamilies.Job("7", "fit", JobState.COMPLETED, 100, 1000, 2000, 0.25, 0.25, 0.25),
        seven);
    assertEquals(
        new JobFamilies.Job("8", "fit", JobState.FAILED, 0, 0, 1000, null, null, null),
        jobs.get(1));
  }

  @Test
  void aNameRepeatedByTheNextJobIsKeptOnce() {
    EfficiencyCounter c = new EfficiencyCounter(0, 100_000);
    // Three tasks of an array, each name read into its own string; the third is named otherwise.
    String[] names = {new String("align"), new String("align"), new String("align_x")};
    for (int i = 0; i < 3; i++) {
      c.add(job("5_" + i, "ann", names[i], JobState.COMPLETED, 100 + i, 1, 1, GIB, 1, U, 1));
    }
    List<JobFamilies.Family> families = c.report().families();
    // "align" and "align_x" are two families: align_x has no trailing number.
    JobFamilies.Family align =
        families.stream().filter(f -> f.name().equals("align")).findFirst().orElseThrow();
    List<JobFamilies.Job> jobs = align.ended();
    assertEquals(2, jobs.size());
    assertEquals("align", jobs.get(0).name());
    assertSame(jobs.get(0).name(), jobs.get(1).name());
    assertNotSame(names[0], names[1]);
    assertNull(jobs.get(0).timeEfficiency()); // no limit
  }

  @Test
  void jobIdsOfEveryFormComeBackAsRead() {
    EfficiencyCounter c = new EfficiencyCounter(0, 100_000);
    // One family (no name: "(no name)") of JobIDs packed and not (007 and 4294967296 = 2^32, one
    // past Slurm's job numbers, are kept as text, the first such one making room for them all);
    // job i ends at 1000 + 100 + i.
    List<String> ids = List.of("42", "007", "42_3", "77+1", "9_4194304", "4294967296");
    for (int i = 0; i < ids.size(); i++) {
      c.add(job(ids.get(i), "ann", "", JobState.COMPLETED, 100 + i, 1, 1, GIB, 1, U, 1));
    }
    // "42_3" and "9_4194304" are array tasks: their family is their array's; the others one.
    JobFamilies.Family none =
        c.report().families().stream()
            .filter(f -> f.name().equals("(no name)"))
            .findFirst()
            .orElseThrow();
    // Latest first: 4294967296 (1105), 77+1 (1103), 007 (1101), 42 (1100).
    assertEquals(
        List.of("4294967296", "77+1", "007", "42"),
        none.ended().stream().map(JobFamilies.Job::jobId).toList());
  }

  /**
   * ann's job {@code id} named {@code name}, eligible 60 s before it started (none when eligible is
   * UNKNOWN), 2 CPUs, 4 GiB asked, nothing used by the CPU rule.
   */
  private static JobUse use(
      String id, String name, long eligible, long start, long end, long peakKib, long limit) {
    JobRecord r =
        new JobRecord(
            id,
            "ann",
            "q",
            JobState.COMPLETED,
            start,
            end,
            end - start,
            2,
            0,
            4 * GIB,
            0,
            eligible == U ? null : new Request(eligible, 2, 0, 4 * GIB, "None"),
            null,
            new JobRecord.Detail(name, limit, 2, 1));
    return new JobUse(r, end - start, 2 * (end - start), 0, peakKib, false, null, Double.NaN, -1);
  }

  @Test
  void oneValueBeyondAnIntWidensItsColumnAndEveryValueReadsBackExact() {
    FamilyJobs f = new FamilyJobs();
    // Three jobs ending at 1100, 1200, 1300 (all small); the fourth ends at 2^31 = 2,147,483,648
    // (2038-01-19T03:14:08Z), one past an int, having started 400 s before: 2,147,483,248.
    for (int i = 1; i <= 3; i++) {
      f.add(use("10" + i, "fit", 900, 1000, 1000 + 100 * i, GIB, 3600));
    }
    f.add(use("104", "fit", 2_147_483_188L, 2_147_483_248L, 2_147_483_648L, GIB, 3600));
    long[] ends = {1100, 1200, 1300, 2_147_483_648L};
    long[] elapsed = {100, 200, 300, 400};
    long[] waits = {100, 100, 100, 60}; // 1000 − 900; 2,147,483,248 − 2,147,483,188
    for (int i = 0; i < 4; i++) {
      JobFamilies.Job j = f.job(i);
      assertEquals("10" + (i + 1), j.jobId());
      assertEquals(ends[i], j.end());
      assertEquals(elapsed[i], f.elapsedSeconds(i));
      assertEquals(waits[i], j.waitSeconds());
      assertEquals(2, f.cpus(i));
      assertEquals(4_194_304, f.allocatedKib(i)); // 4 GiB = 4 × 1,048,576 KiB
      assertEquals(1_048_576, f.peakKib(i));
      assertEquals(3600, f.limitSeconds(i));
      assertEquals(0.25, f.memoryEfficiency(i)); // 1 GiB ÷ 4 GiB
    }
    assertEquals(400 / 3600.0, f.timeEfficiency(3));
    // Latest first: the 2038 one, then 103, 102, 101.
    assertEquals(
        List.of("104", "103", "102", "101"),
        f.latestFirst().stream().map(JobFamilies.Job::jobId).toList());
  }

  @Test
  void unknownsStayUnknownWhenTheirColumnWidens() {
    FamilyJobs f = new FamilyJobs();
    // No eligible time (wait -1), no peak (-1), no limit (UNKNOWN = Long.MIN_VALUE); then a job
    // whose limit is 2^31 s and whose peak is 2^31 KiB (2 TiB) widens those two columns.
    f.add(use("7", "x", U, 1000, 1100, -1, U));
    f.add(use("8", "x", 900, 1000, 1100, 2_147_483_648L, 2_147_483_648L));
    assertEquals(-1, f.job(0).waitSeconds());
    assertEquals(-1, f.peakKib(0));
    assertEquals(JobRecord.UNKNOWN, f.limitSeconds(0));
    assertNull(f.job(0).timeEfficiency());
    assertNull(f.job(0).memoryEfficiency());
    assertEquals(100, f.job(1).waitSeconds());
    assertEquals(2_147_483_648L, f.peakKib(1));
    assertEquals(2_147_483_648L, f.limitSeconds(1));
    // 2 TiB of 4 GiB: 2,147,483,648 ÷ 4,194,304 = 512; 100 s of 2^31 s.
    assertEquals(512.0, f.memoryEfficiency(1));
    assertEquals(100 / 2_147_483_648.0, f.timeEfficiency(1));
  }

  @Test
  void aFamilyKeepsEachOfItsFewNamesOnce() {
    FamilyJobs f = new FamilyJobs();
    // Six jobs of two names taken in turn, each read into a string of its own.
    for (int i = 0; i < 6; i++) {
      f.add(
          use(
              Integer.toString(i),
              new String(i % 2 == 0 ? "align_1" : "align_2"),
              900,
              1000,
              1100,
              GIB,
              3600));
    }
    for (int i = 2; i < 6; i++) {
      assertSame(f.job(i % 2).name(), f.job(i).name(), "job " + i);
    }
    assertEquals("align_1", f.job(0).name());
    assertEquals("align_2", f.job(1).name());
    assertNotSame(f.job(0).name(), f.job(1).name());
  }

  @Test
  void onlyTheLastSixteenDistinctNamesAreShared() {
    FamilyJobs f = new FamilyJobs();
    // run_0 to run_16: 17 names, so run_0, the oldest, is no longer remembered; run_1 still is.
    for (int i = 0; i <= 16; i++) {
      f.add(use(Integer.toString(i), new String("run_" + i), 900, 1000, 1100, GIB, 3600));
    }
    f.add(use("17", new String("run_1"), 900, 1000, 1100, GIB, 3600));
    f.add(use("18", new String("run_0"), 900, 1000, 1100, GIB, 3600));
    assertSame(f.job(1).name(), f.job(17).name());
    assertNotSame(f.job(0).name(), f.job(18).name());
    assertEquals("run_0", f.job(18).name());
  }

  @Test
  void partsMergedShareTheirNames() {
    FamilyJobs a = new FamilyJobs();
    FamilyJobs b = new FamilyJobs();
    a.add(use("1", new String("bash"), 900, 1000, 1100, GIB, 3600));
    b.add(use("2", new String("bash"), 900, 1000, 1200, GIB, 3600));
    a.addAll(b);
    assertEquals(2, a.size());
    assertSame(a.job(0).name(), a.job(1).name());
    assertEquals(1200, a.job(1).end());
  }
}
