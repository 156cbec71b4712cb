package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.librarian.testing.Jobs;

/** Hand-computed cases: each expected value is worked out in the comment beside it. */
class UsageBinnerTest {
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final long H = 3600;
  private static final double EPS = 1e-9;
  // now = 2026-11-20T12:30:00Z; the window ends at 13:00Z and starts 720 h earlier.
  private static final Instant NOW = Instant.parse("2026-11-20T12:30:00Z");
  private static final long T12 = Instant.parse("2026-11-20T12:00:00Z").getEpochSecond();

  private static BinGrid grid() {
    return BinGrid.rolling(NOW, Duration.ofDays(30), Duration.ofHours(1), UTC);
  }

  private static JobRecord job(String user, JobState state, long start, long end, long cpus) {
    return Jobs.held(
        "1", user, "", state, start, end, JobRecord.UNKNOWN, cpus, 0, 0, JobRecord.UNKNOWN);
  }

  /** The 30 days before {@code now}, in bins of {@code bin}, in New York time. */
  private static BinGrid newYork30Days(String now, Duration bin) {
    return BinGrid.rolling(
        Instant.parse(now), Duration.ofDays(30), bin, ZoneId.of("America/New_York"));
  }

  /** {@code iso} in epoch seconds. */
  private static long at(String iso) {
    return Instant.parse(iso).getEpochSecond();
  }

  private static double cpuAt(UsageReport r, String user, long binStart) {
    UserUsage u = r.users().stream().filter(x -> x.user().equals(user)).findFirst().orElseThrow();
    return u.series(Observable.NCPUS)[r.grid().binOf(binStart)];
  }

  @Test
  void gridIsAlignedAndEndsAtTheFirstBoundaryAfterNow() {
    BinGrid g = grid();
    assertEquals(720, g.size());
    assertEquals(Instant.parse("2026-11-20T13:00:00Z").getEpochSecond(), g.end());
    assertEquals(Instant.parse("2026-10-21T13:00:00Z").getEpochSecond(), g.start());
    assertEquals(1800, g.divisor(719)); // 30 minutes elapsed in the current bin
    assertEquals(3600, g.divisor(718));
  }

  @Test
  void nowOnABoundaryEndsTheWindowThere() {
    BinGrid g =
        BinGrid.rolling(
            Instant.parse("2026-11-20T12:00:00Z"), Duration.ofDays(30), Duration.ofHours(1), UTC);
    assertEquals(T12, g.end());
    assertEquals(3600, g.divisor(719));
  }

  @Test
  void jobAcrossBinEdges() {
    UsageBinner b = new UsageBinner(grid());
    // 4 CPUs from 10:15 to 11:45: 45 min in each of two bins → 4 × 2700 / 3600 = 3.0 each.
    b.add(job("a", JobState.COMPLETED, T12 - 105 * 60, T12 - 15 * 60, 4));
    UsageReport r = b.report();
    assertEquals(0.0, cpuAt(r, "a", T12 - 3 * H), EPS);
    assertEquals(3.0, cpuAt(r, "a", T12 - 2 * H), EPS);
    assertEquals(3.0, cpuAt(r, "a", T12 - H), EPS);
    assertEquals(0.0, cpuAt(r, "a", T12), EPS);
    assertEquals(6.0, r.users().get(0).totalHours(Observable.NCPUS), EPS); // 4 CPUs × 1.5 h
    assertEquals(1.5, r.users().get(0).totalHours(Observable.NJOBS), EPS);
  }

  @Test
  void jobAcrossTheWindowStartCountsOnlyInside() {
    BinGrid g = grid();
    UsageBinner b = new UsageBinner(g);
    // 2 CPUs from 2 h before the window to 30 min into it: first bin 2 × 1800 / 3600 = 1.0.
    b.add(job("a", JobState.COMPLETED, g.start() - 2 * H, g.start() + 1800, 2));
    UsageReport r = b.report();
    assertEquals(1.0, r.users().get(0).series(Observable.NCPUS)[0], EPS);
    assertEquals(1.0, r.users().get(0).totalHours(Observable.NCPUS), EPS); // 2 CPUs × 0.5 h
  }

  @Test
  void runningJobLongerThanTheWindowFillsEveryBin() {
    BinGrid g = grid();
    UsageBinner b = new UsageBinner(g);
    b.add(job("a", JobState.RUNNING, g.start() - 10 * 24 * H, JobRecord.UNKNOWN, 1));
    double[] cpus = b.report().users().get(0).series(Observable.NCPUS);
    double[] ones = new double[720];
    Arrays.fill(ones, 1.0);
    assertArrayEquals(ones, cpus, EPS); // the current bin: 1800 s used of 1800 s elapsed = 1.0
    assertEquals(719.5, b.report().users().get(0).totalHours(Observable.NCPUS), EPS);
  }

  @Test
  void zeroLengthJobHasNoUsage() {
    UsageBinner b = new UsageBinner(grid());
    assertEquals(
        UsageBinner.Outcome.NO_USAGE, b.add(job("a", JobState.COMPLETED, T12 - H, T12 - H, 8)));
    assertEquals(0, b.report().users().size());
    assertEquals(0, b.report().jobsCounted());
  }

  @Test
  void theCurrentBinIsTheAverageSoFar() {
    UsageBinner b = new UsageBinner(grid());
    // 3 CPUs since 12:10, now 12:30: 3 × 1200 s / 1800 s elapsed = 2.0.
    b.add(job("a", JobState.RUNNING, T12 + 600, JobRecord.UNKNOWN, 3));
    assertEquals(2.0, cpuAt(b.report(), "a", T12), EPS);
  }

  @Test
  void usageAfterNowIsIgnored() {
    UsageBinner b = new UsageBinner(grid());
    // Ends at 14:00, after now (a replay with --now): counted up to 12:30 only.
    b.add(job("a", JobState.COMPLETED, T12 - H, T12 + 2 * H, 2));
    UsageReport r = b.report();
    assertEquals(2.0, cpuAt(r, "a", T12 - H), EPS);
    assertEquals(2.0, cpuAt(r, "a", T12), EPS);
    assertEquals(3.0, r.users().get(0).totalHours(Observable.NCPUS), EPS); // 2 CPUs × 1.5 h
    // Starts after now: nothing.
    assertEquals(
        UsageBinner.Outcome.NO_USAGE,
        b.add(job("b", JobState.COMPLETED, T12 + 3600, T12 + 7200, 2)));
  }

  @Test
  void endUnknownUsesElapsedRawUnlessRunning() {
    UsageBinner b = new UsageBinner(grid());
    b.add(
        Jobs.held(
            "2",
            "a",
            "",
            JobState.CANCELLED,
            T12 - 2 * H,
            JobRecord.UNKNOWN,
            1800,
            2,
            0,
            0,
            JobRecord.UNKNOWN));
    assertEquals(1.0, cpuAt(b.report(), "a", T12 - 2 * H), EPS); // 2 CPUs × 1800 s / 3600 s
    assertEquals(
        UsageBinner.Outcome.SKIPPED,
        b.add(
            Jobs.held(
                "3",
                "a",
                "",
                JobState.COMPLETED,
                T12 - 2 * H,
                JobRecord.UNKNOWN,
                JobRecord.UNKNOWN,
                2,
                0,
                0,
                JobRecord.UNKNOWN)));
    assertEquals(1, b.report().jobsSkipped());
  }

  @Test
  void pendingJobsHaveNoUsage() {
    UsageBinner b = new UsageBinner(grid());
    assertEquals(
        UsageBinner.Outcome.NO_USAGE,
        b.add(job("a", JobState.PENDING, JobRecord.UNKNOWN, JobRecord.UNKNOWN, 4)));
  }

  @Test
  void gpusMemoryAndJobs() {
    UsageBinner b = new UsageBinner(grid());
    long gib = 1024 * 1024;
    // Exactly 09:00–10:00: 2 GPUs, 16 GiB, 1 job in that bin.
    b.add(
        Jobs.held(
            "4",
            "a",
            "",
            JobState.COMPLETED,
            T12 - 3 * H,
            T12 - 2 * H,
            H,
            8,
            2,
            16 * gib,
            JobRecord.UNKNOWN));
    UserUsage u = b.report().users().get(0);
    int bin = b.report().grid().binOf(T12 - 3 * H);
    assertEquals(2.0, u.series(Observable.NGPUS)[bin], EPS);
    assertEquals(16.0, u.series(Observable.MEMORY)[bin], EPS);
    assertEquals(1.0, u.series(Observable.NJOBS)[bin], EPS);
    assertEquals(16.0, u.totalHours(Observable.MEMORY), EPS);
    assertEquals(2.0, u.totalHours(Observable.NGPUS), EPS);
  }

  @Test
  void usersAreSortedByCpuHours() {
    UsageBinner b = new UsageBinner(grid());
    b.add(job("small", JobState.COMPLETED, T12 - 2 * H, T12 - H, 1));
    b.add(job("big", JobState.COMPLETED, T12 - 2 * H, T12 - H, 10));
    b.add(job("also-small", JobState.COMPLETED, T12 - 2 * H, T12 - H, 1));
    assertEquals(
        List.of("big", "also-small", "small"),
        b.report().users().stream().map(UserUsage::user).toList());
  }

  @Test
  void dstChangeInNewYork() {
    // now = 2026-11-01T12:00-05:00 (17:00Z); clocks went back at 06:00Z.
    BinGrid g = newYork30Days("2026-11-01T17:00:00Z", Duration.ofHours(1));
    for (int i = 0; i < g.size(); i++) {
      assertEquals(3600, g.edge(i + 1) - g.edge(i));
    }
    UsageBinner b = new UsageBinner(g);
    // 2 CPUs from 00:30 EDT (04:30Z) to 02:30 EST (07:30Z): three hours over four bins.
    b.add(job("a", JobState.COMPLETED, at("2026-11-01T04:30:00Z"), at("2026-11-01T07:30:00Z"), 2));
    UsageReport r = b.report();
    assertEquals(1.0, cpuAt(r, "a", at("2026-11-01T04:00:00Z")), EPS);
    assertEquals(2.0, cpuAt(r, "a", at("2026-11-01T05:00:00Z")), EPS); // 01:00 EDT
    assertEquals(2.0, cpuAt(r, "a", at("2026-11-01T06:00:00Z")), EPS); // 01:00 EST
    assertEquals(1.0, cpuAt(r, "a", at("2026-11-01T07:00:00Z")), EPS);
    assertEquals(6.0, r.users().get(0).totalHours(Observable.NCPUS), EPS);
  }

  @Test
  void dailyBinsAcrossDstAreCalendarDays() {
    BinGrid g = newYork30Days("2026-11-10T17:00:00Z", Duration.ofDays(1));
    assertEquals(30, g.size());
    long nov1 = at("2026-11-01T04:00:00Z"); // local midnight, EDT
    int bin = g.binOf(nov1);
    assertEquals(nov1, g.edge(bin));
    assertEquals(25 * H, g.edge(bin + 1) - g.edge(bin)); // the day clocks go back has 25 hours
    UsageBinner b = new UsageBinner(g);
    b.add(job("a", JobState.COMPLETED, nov1, nov1 + 25 * H, 1));
    assertEquals(1.0, b.report().users().get(0).series(Observable.NCPUS)[bin], EPS);
  }

  @Test
  void halfHourOffsetZone() {
    ZoneId kolkata = ZoneId.of("Asia/Kolkata");
    // now = 10:10 local (04:40Z); local whole hours are at :30 UTC, so the window ends at 11:00
    // local.
    BinGrid g =
        BinGrid.rolling(
            Instant.parse("2026-11-20T04:40:00Z"),
            Duration.ofDays(30),
            Duration.ofHours(1),
            kolkata);
    assertEquals(Instant.parse("2026-11-20T05:30:00Z").getEpochSecond(), g.end());
    assertEquals(600, g.divisor(719));
    UsageBinner b = new UsageBinner(g);
    // 6 CPUs since 09:45 local (04:15Z): bin 09:00 has 900 s → 1.5; current bin 600 s of 600 → 6.0.
    b.add(
        job(
            "a",
            JobState.RUNNING,
            Instant.parse("2026-11-20T04:15:00Z").getEpochSecond(),
            JobRecord.UNKNOWN,
            6));
    double[] cpus = b.report().users().get(0).series(Observable.NCPUS);
    assertEquals(6.0, cpus[719], EPS);
    assertEquals(1.5, cpus[718], EPS);
  }

  @Test
  void agreesWithABruteForceSumOverRandomJobs() {
    BinGrid g = grid();
    Random random = new Random(7);
    UsageBinner b = new UsageBinner(g);
    int bins = g.size();
    double[] expected = new double[bins];
    for (int n = 0; n < 2000; n++) {
      long start = g.start() - 5 * 24 * H + (long) (random.nextDouble() * 36 * 24 * H);
      long length = (long) (random.nextDouble() * random.nextDouble() * 10 * 24 * H);
      int cpus = 1 + random.nextInt(64);
      boolean running = random.nextInt(10) == 0;
      b.add(
          job(
              "u" + random.nextInt(5),
              running ? JobState.RUNNING : JobState.COMPLETED,
              start,
              running ? JobRecord.UNKNOWN : start + length,
              cpus));
      long end = running ? g.now() : Math.min(start + length, g.now());
      for (int i = 0; i < bins; i++) {
        long overlap = Math.min(end, g.edge(i + 1)) - Math.max(start, g.edge(i));
        if (overlap > 0 && g.divisor(i) > 0) {
          expected[i] += cpus * (double) overlap / g.divisor(i);
        }
      }
    }
    double[] actual = new double[bins];
    for (UserUsage u : b.report().users()) {
      for (int i = 0; i < bins; i++) {
        actual[i] += u.series(Observable.NCPUS)[i];
      }
    }
    assertArrayEquals(expected, actual, 1e-6);
  }

  @Test
  void dailyBinsWholeDaysAcrossTheAutumnChange() {
    BinGrid g = newYork30Days("2026-11-10T17:00:00Z", Duration.ofDays(1));
    UsageBinner b = new UsageBinner(g);
    // 3 CPUs from Oct 31 12:00 EDT (16:00Z) to Nov 2 12:00 EST (17:00Z): Oct 31 holds 12 of 24 h
    // → 1.5; Nov 1 (25 h, a whole bin) → 3.0; Nov 2 holds 12 of 24 h → 1.5; 3 × 49 h = 147.
    b.add(job("a", JobState.COMPLETED, at("2026-10-31T16:00:00Z"), at("2026-11-02T17:00:00Z"), 3));
    UsageReport r = b.report();
    assertEquals(1.5, cpuAt(r, "a", at("2026-10-31T04:00:00Z")), EPS);
    assertEquals(3.0, cpuAt(r, "a", at("2026-11-01T04:00:00Z")), EPS);
    assertEquals(1.5, cpuAt(r, "a", at("2026-11-02T05:00:00Z")), EPS);
    assertEquals(147.0, r.users().get(0).totalHours(Observable.NCPUS), EPS);
  }

  @Test
  void dailyBinsWholeDaysAcrossTheSpringChange() {
    BinGrid g = newYork30Days("2026-03-20T16:00:00Z", Duration.ofDays(1));
    long mar8 = at("2026-03-08T05:00:00Z"); // local midnight, EST
    assertEquals(23 * H, g.edge(g.binOf(mar8) + 1) - mar8); // the day clocks go forward
    UsageBinner b = new UsageBinner(g);
    // 2 CPUs from Mar 6 18:00 EST (23:00Z) to Mar 9 12:00 EDT (16:00Z): Mar 6 holds 6 of 24 h →
    // 0.5; Mar 7 (24 h) and Mar 8 (23 h) whole → 2.0 each; Mar 9 holds 12 of 24 h → 1.0;
    // 2 × (6 + 24 + 23 + 12) h = 130 CPU-hours.
    b.add(job("a", JobState.COMPLETED, at("2026-03-06T23:00:00Z"), at("2026-03-09T16:00:00Z"), 2));
    UsageReport r = b.report();
    assertEquals(0.5, cpuAt(r, "a", at("2026-03-06T05:00:00Z")), EPS);
    assertEquals(2.0, cpuAt(r, "a", at("2026-03-07T05:00:00Z")), EPS);
    assertEquals(2.0, cpuAt(r, "a", mar8), EPS);
    assertEquals(1.0, cpuAt(r, "a", at("2026-03-09T04:00:00Z")), EPS);
    assertEquals(0.0, cpuAt(r, "a", at("2026-03-10T04:00:00Z")), EPS);
    assertEquals(130.0, r.users().get(0).totalHours(Observable.NCPUS), EPS);
  }

  /** Long.MAX_VALUE / 7200 = 1,281,023,894,007,607 CPUs for two hours fits once, not twice. */
  @Test
  void aSumPastALongThrowsRatherThanWrapping() {
    long cpus = Long.MAX_VALUE / 7200;
    JobRecord huge = job("a", JobState.COMPLETED, T12 - 4 * H, T12 - 2 * H, cpus);
    UsageBinner b = new UsageBinner(grid());
    b.add(huge);
    // 1,281,023,894,007,607 × 3600 s in each of the two bins: exact, and the average is the CPUs.
    assertEquals((double) cpus, cpuAt(b.report(), "a", T12 - 3 * H), cpus * 1e-12);
    assertThrows(ArithmeticException.class, () -> b.add(huge));
  }

  @Test
  void mergingAPastALongSumThrows() {
    BinGrid g = grid();
    long cpus = Long.MAX_VALUE / 7200;
    UsageBinner one = new UsageBinner(g);
    UsageBinner other = new UsageBinner(g);
    one.add(job("a", JobState.COMPLETED, T12 - 4 * H, T12 - 2 * H, cpus));
    other.add(job("a", JobState.COMPLETED, T12 - 4 * H, T12 - 2 * H, cpus));
    assertThrows(ArithmeticException.class, () -> one.merge(other));
  }

  /**
   * Jobs split between two binners and merged give the one binner's figures to the bit, over hourly
   * bins and over calendar days across a DST change; a user who never held a GPU has a GPU series
   * of zeros over every bin.
   */
  @Test
  void partsMergedEqualOneBinnerToTheBit() {
    for (BinGrid g : List.of(grid(), newYork30Days("2026-11-20T17:00:00Z", Duration.ofDays(1)))) {
      Random random = new Random(11);
      UsageBinner whole = new UsageBinner(g);
      UsageBinner even = new UsageBinner(g);
      UsageBinner odd = new UsageBinner(g);
      for (int n = 0; n < 3000; n++) {
        long start = g.start() - 5 * 24 * H + (long) (random.nextDouble() * 36 * 24 * H);
        long length = (long) (random.nextDouble() * random.nextDouble() * 10 * 24 * H);
        String user = "u" + random.nextInt(6);
        long gpus = user.equals("u0") ? 0 : random.nextInt(3);
        JobRecord j =
            Jobs.held(
                Integer.toString(n),
                user,
                "",
                JobState.COMPLETED,
                start,
                start + length,
                length,
                1 + random.nextInt(64),
                gpus,
                random.nextInt(1 << 20),
                JobRecord.UNKNOWN);
        whole.add(j);
        (n % 2 == 0 ? even : odd).add(j);
      }
      even.merge(odd);
      UsageReport expected = whole.report();
      UsageReport actual = even.report();
      assertEquals(expected.users().size(), actual.users().size());
      for (int u = 0; u < expected.users().size(); u++) {
        UserUsage e = expected.users().get(u);
        UserUsage a = actual.users().get(u);
        assertEquals(e.user(), a.user());
        for (Observable o : Observable.values()) {
          assertArrayEquals(e.series(o), a.series(o), 0.0, e.user() + " " + o);
          assertEquals(e.totalHours(o), a.totalHours(o), 0.0);
        }
      }
      UserUsage noGpu =
          actual.users().stream().filter(x -> x.user().equals("u0")).findFirst().orElseThrow();
      assertArrayEquals(new double[g.size()], noGpu.series(Observable.NGPUS), 0.0);
      assertEquals(0.0, noGpu.totalHours(Observable.NGPUS), 0.0);
      assertEquals(expected.jobsCounted(), actual.jobsCounted());
    }
  }

  /**
   * A bin's sum past an int (2,147,483,647 unit-seconds) widens that kind's bins to longs, exactly:
   * 300,000 CPUs for an hour is 1,080,000,000 CPU-seconds, which fits; twice, 2,160,000,000 does
   * not. The 2 CPUs of an earlier bin (7,200 CPU-seconds) are kept through the widening.
   */
  @Test
  void binsPastAnIntWidenExactly() {
    BinGrid g = grid();
    JobRecord small = job("a", JobState.COMPLETED, T12 - 5 * H, T12 - 4 * H, 2);
    JobRecord big = job("a", JobState.COMPLETED, T12 - 3 * H, T12 - 2 * H, 300_000);
    UsageBinner b = new UsageBinner(g);
    b.add(small);
    b.add(big);
    b.add(big);
    UsageReport r = b.report();
    assertEquals(2.0, cpuAt(r, "a", T12 - 5 * H), 0.0);
    assertEquals(600_000.0, cpuAt(r, "a", T12 - 3 * H), 0.0);
    // 2 + 600,000 CPU-hours.
    assertEquals(600_002.0, r.users().get(0).totalHours(Observable.NCPUS), 0.0);
    // The same sum reached by merging two parts that each fit an int.
    UsageBinner one = new UsageBinner(g);
    UsageBinner other = new UsageBinner(g);
    one.add(small);
    one.add(big);
    other.add(big);
    one.merge(other);
    UsageReport merged = one.report();
    assertEquals(2.0, cpuAt(merged, "a", T12 - 5 * H), 0.0);
    assertEquals(600_000.0, cpuAt(merged, "a", T12 - 3 * H), 0.0);
    assertEquals(600_002.0, merged.users().get(0).totalHours(Observable.NCPUS), 0.0);
  }

  /**
   * A job of five hours whose inner bins widen part way: 300,000 CPUs in (T12 - 4 h) already make
   * 1,080,000,000 CPU-seconds; the long job's 300,000 CPUs from T12 - 6 h to T12 - 1 h fit the bin
   * before (T12 - 5 h) as ints, and make 2,160,000,000 in T12 - 4 h, past an int, so the bins widen
   * there and the job goes on into T12 - 3 h and T12 - 2 h as longs. The 2 CPUs of T12 - 8 h are
   * kept through the widening.
   */
  @Test
  void aLongJobWidensItsBinsPartWayExactly() {
    BinGrid g = grid();
    UsageBinner b = new UsageBinner(g);
    b.add(job("a", JobState.COMPLETED, T12 - 8 * H, T12 - 7 * H, 2));
    b.add(job("a", JobState.COMPLETED, T12 - 4 * H, T12 - 3 * H, 300_000));
    b.add(job("a", JobState.COMPLETED, T12 - 6 * H, T12 - H, 300_000));
    UsageReport r = b.report();
    assertEquals(2.0, cpuAt(r, "a", T12 - 8 * H), 0.0);
    assertEquals(0.0, cpuAt(r, "a", T12 - 7 * H), 0.0);
    assertEquals(300_000.0, cpuAt(r, "a", T12 - 6 * H), 0.0);
    assertEquals(300_000.0, cpuAt(r, "a", T12 - 5 * H), 0.0);
    assertEquals(600_000.0, cpuAt(r, "a", T12 - 4 * H), 0.0);
    assertEquals(300_000.0, cpuAt(r, "a", T12 - 3 * H), 0.0);
    assertEquals(300_000.0, cpuAt(r, "a", T12 - 2 * H), 0.0);
    assertEquals(0.0, cpuAt(r, "a", T12 - H), 0.0);
    // 2 + 300,000 + 5 × 300,000 CPU-hours.
    assertEquals(1_800_002.0, r.users().get(0).totalHours(Observable.NCPUS), 0.0);
  }

  private static JobRecord memoryJob(long start, long end, long kib) {
    return Jobs.held(
        "5", "a", "", JobState.COMPLETED, start, end, end - start, 1, 0, kib, JobRecord.UNKNOWN);
  }

  private static double memoryAt(UsageReport r, long binStart) {
    return r.users().get(0).series(Observable.MEMORY)[r.grid().binOf(binStart)];
  }

  /**
   * Memory is binned in MiB-seconds while every amount is whole MiB and a bin fits an int: 500 GiB
   * for an hour is 512,000 MiB × 3,600 s = 1,843,200,000, which fits; a second such job makes
   * 3,686,400,000, which does not. 1 GiB in an earlier bin is kept through the widening. A job of
   * 1,000,001 KiB (not whole MiB) widens a binner of its own exactly: 1,000,001 KiB × 3,600 s.
   */
  @Test
  void memoryBinsInWholeMibWidenExactly() {
    long gib = 1024 * 1024;
    BinGrid g = grid();
    UsageBinner b = new UsageBinner(g);
    b.add(memoryJob(T12 - 5 * H, T12 - 4 * H, gib));
    b.add(memoryJob(T12 - 3 * H, T12 - 2 * H, 500 * gib));
    assertEquals(500.0, memoryAt(b.report(), T12 - 3 * H), 0.0);
    b.add(memoryJob(T12 - 3 * H, T12 - 2 * H, 500 * gib));
    UsageReport r = b.report();
    assertEquals(1.0, memoryAt(r, T12 - 5 * H), 0.0);
    assertEquals(1000.0, memoryAt(r, T12 - 3 * H), 0.0);
    // 1 + 1,000 GB-hours.
    assertEquals(1001.0, r.users().get(0).totalHours(Observable.MEMORY), 0.0);

    UsageBinner odd = new UsageBinner(g);
    odd.add(memoryJob(T12 - 5 * H, T12 - 4 * H, gib));
    odd.add(memoryJob(T12 - 3 * H, T12 - 2 * H, 1_000_001));
    UsageReport o = odd.report();
    assertEquals(1.0, memoryAt(o, T12 - 5 * H), 0.0);
    assertEquals(1_000_001 / (double) gib, memoryAt(o, T12 - 3 * H), 0.0);
    // Merged into a binner still in MiB: the same sums.
    UsageBinner whole = new UsageBinner(g);
    whole.add(memoryJob(T12 - 5 * H, T12 - 4 * H, gib));
    UsageBinner part = new UsageBinner(g);
    part.add(memoryJob(T12 - 3 * H, T12 - 2 * H, 1_000_001));
    whole.merge(part);
    assertEquals(1.0, memoryAt(whole.report(), T12 - 5 * H), 0.0);
    assertEquals(1_000_001 / (double) gib, memoryAt(whole.report(), T12 - 3 * H), 0.0);
  }
}
