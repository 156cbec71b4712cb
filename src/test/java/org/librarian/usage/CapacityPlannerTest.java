package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.librarian.usage.CapacityPlanner.Candidate;
import org.librarian.usage.CapacityPlanner.Capacity;
import org.librarian.usage.CapacityPlanner.Holder;

/**
 * Rule 1 on hand-computed hours. Limit 10 CPUs, six whole hours (CPUs in use on average):
 *
 * <pre>
 * hour      0   1   2   3   4   5
 * ann       4   6   8   2   0   5
 * bob       0   4   2   3   1   5
 * U         4  10  10   5   1  10
 * Q         0   3   6   0   0   1.5     waiting hours: 1, 2, 5
 * D         4  13  16   5   1  11.5     D over the waiting hours, sorted: 11.5, 13, 16
 * </pre>
 *
 * p95 = p99 = 16 (rank ⌈0.95·3⌉ = 3). Candidates ⌈0.5·10⌉=5, ⌈7.5⌉=8, 10, ⌈12.5⌉=13, 15, 20, and
 * ⌈16⌉=16. For L = 13: room 2 of 3 (13 and 11.5 fit); unmet Σmax(0, D−13) = 3 (hour 2); idle
 * Σmax(0, 13−D) over all six hours = 9+0+0+8+12+1.5 = 30.5. Holders over hours 1, 2, 5: ann 6+8+5 =
 * 19, bob 4+2+5 = 11, of 30.
 */
class CapacityPlannerTest {
  static final long H = 3600;

  static long[] cpuSeconds(double... cpus) {
    long[] s = new long[cpus.length];
    for (int i = 0; i < cpus.length; i++) {
      s[i] = Math.round(cpus[i] * H);
    }
    return s;
  }

  static WholeHours hours(Map<String, long[]> byUser) {
    int n = byUser.values().iterator().next().length;
    long[] starts = new long[n];
    for (int i = 0; i < n; i++) {
      starts[i] = i * H;
    }
    return new WholeHours(starts, byUser);
  }

  @Test
  void everyCandidateOnHandComputedHours() {
    Map<String, long[]> users = new LinkedHashMap<>();
    users.put("bob", cpuSeconds(0, 4, 2, 3, 1, 5));
    users.put("ann", cpuSeconds(4, 6, 8, 2, 0, 5));
    Capacity c =
        CapacityPlanner.plan(Observable.NCPUS, 10, hours(users), cpuSeconds(0, 3, 6, 0, 0, 1.5));

    assertEquals(10.0, c.limit());
    assertEquals(6, c.hours());
    assertEquals(3, c.hoursWaiting());
    assertEquals(16.0, c.p95Demand());
    assertEquals(16.0, c.p99Demand());
    assertEquals(
        List.of(
            new Candidate(5, 0.0, 25.5, 5.0),
            new Candidate(8, 0.0, 16.5, 14.0),
            new Candidate(10, 0.0, 10.5, 20.0),
            new Candidate(13, 2 / 3.0, 3.0, 30.5),
            new Candidate(15, 2 / 3.0, 1.0, 40.5),
            new Candidate(16, 1.0, 0.0, 45.5),
            new Candidate(20, 1.0, 0.0, 69.5)),
        c.candidates());
    assertEquals(List.of(new Holder("ann", 19 / 30.0), new Holder("bob", 11 / 30.0)), c.holders());
  }

  /** 20 waiting hours with D = 1..20 CPUs: p95 is the 19th value, p99 the 20th. */
  @Test
  void nearestRankPercentilesOfTwentyHours() {
    double[] use = new double[20];
    double[] wait = new double[20];
    for (int i = 0; i < 20; i++) {
      use[i] = i;
      wait[i] = 1;
    }
    Capacity c =
        CapacityPlanner.plan(
            Observable.NCPUS, 16, hours(Map.of("ann", cpuSeconds(use))), cpuSeconds(wait));
    assertEquals(19.0, c.p95Demand());
    assertEquals(20.0, c.p99Demand());
    assertEquals(
        List.of(8L, 12L, 16L, 19L, 20L, 24L, 32L),
        c.candidates().stream().map(Candidate::limit).toList());
    Candidate at19 = c.candidates().get(3);
    assertEquals(0.95, at19.roomShare());
    assertEquals(1.0, at19.unmetHours());
    assertEquals(171.0, at19.idleHours(), "Σ (19 − d) for d = 1..18");
  }

  /**
   * No hour waited: no percentiles, a null room share, and no holders; unmet and idle still count
   * every hour.
   */
  @Test
  void noWaitingHoursGiveNullsNotZeros() {
    Capacity c =
        CapacityPlanner.plan(
            Observable.NGPUS, 3, hours(Map.of("ann", cpuSeconds(1, 2))), new long[2]);
    assertEquals(0, c.hoursWaiting());
    assertNull(c.p95Demand());
    assertNull(c.p99Demand());
    assertEquals(
        List.of(
            new Candidate(2, null, 0.0, 1.0),
            new Candidate(3, null, 0.0, 3.0),
            new Candidate(4, null, 0.0, 5.0),
            new Candidate(5, null, 0.0, 7.0),
            new Candidate(6, null, 0.0, 9.0)),
        c.candidates());
    assertEquals(List.of(), c.holders());
  }

  /**
   * Memory in KiB-seconds: 150.5 GB waited on top of 0 in use in one hour of two; limit 100 GB. p95
   * = 150.5 GB, ⌈p95⌉ = 151 GB; at 151 GB: unmet 0, idle 0.5 + 151 GB-hours.
   */
  @Test
  void memoryIsComparedInWholeGigabytesExactly() {
    long gbHour = 1024L * 1024L * H;
    Capacity c =
        CapacityPlanner.plan(
            Observable.MEMORY,
            100,
            hours(Map.of("ann", new long[] {0, 0})),
            new long[] {gbHour * 301 / 2, 0});
    assertEquals(150.5, c.p95Demand());
    Candidate at151 =
        c.candidates().stream().filter(x -> x.limit() == 151).findFirst().orElseThrow();
    assertEquals(new Candidate(151, 1.0, 0.0, 151.5), at151);
    assertEquals(
        List.of(50L, 75L, 100L, 125L, 150L, 151L, 200L),
        c.candidates().stream().map(Candidate::limit).toList());
  }

  /**
   * A fractional limit (a memory limit of 200000M = 195.3125 GB) rounds each candidate up to a
   * whole GB.
   */
  @Test
  void candidatesRoundUpToAWholeUnit() {
    Capacity c =
        CapacityPlanner.plan(
            Observable.MEMORY, 195.3125, hours(Map.of("ann", new long[] {0})), new long[1]);
    assertEquals(
        List.of(98L, 147L, 196L, 245L, 293L, 391L),
        c.candidates().stream().map(Candidate::limit).toList());
  }

  @Test
  void refusesJobsAndNoLimit() {
    WholeHours w = hours(Map.of("ann", new long[] {0}));
    assertThrows(
        IllegalArgumentException.class,
        () -> CapacityPlanner.plan(Observable.NJOBS, 5, w, new long[1]));
    assertThrows(
        IllegalArgumentException.class,
        () -> CapacityPlanner.plan(Observable.NCPUS, 0, w, new long[1]));
    assertThrows(
        IllegalArgumentException.class,
        () -> CapacityPlanner.plan(Observable.NCPUS, 4, w, new long[2]));
  }

  /**
   * From the binner and the demand counter, as the pipeline holds them: 15-minute bins,
   * Europe/Berlin, 07:30..11:00 on 2026-11-20 (UTC+1), now 10:20. Whole hours: 08:00 and 09:00
   * (07:30-08:00 is half an hour; the 10:00 hour lies in the grid but holds now). ann runs 3 CPUs
   * 07:45-10:15; a job of bob's waited for the QoS limit with 8 CPUs 09:30-10:10 and then ran. U =
   * [3, 3]; Q = [0, 4] (8 CPUs for half the 09:00 hour).
   */
  @Test
  void wholeHoursFromTheReportsLeaveOutThePartialHours() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    long t0 = Instant.parse("2026-11-20T00:00:00+01:00").getEpochSecond();
    BinGrid grid =
        BinGrid.fixed(
            Instant.ofEpochSecond(t0 + 7 * H + 30 * 60),
            Instant.ofEpochSecond(t0 + 11 * H),
            Instant.ofEpochSecond(t0 + 10 * H + 20 * 60),
            Duration.ofMinutes(15),
            berlin);
    UsageBinner usage = new UsageBinner(grid);
    DemandCounter demand = new DemandCounter(grid, Map.of());
    JobRecord ann =
        new JobRecord(
            "1",
            "ann",
            "q",
            JobState.COMPLETED,
            t0 + 7 * H + 45 * 60,
            t0 + 10 * H + 15 * 60,
            JobRecord.UNKNOWN,
            3,
            0,
            1024,
            JobRecord.UNKNOWN,
            new Request(t0 + 7 * H, 3, 0, 1024, "None"),
            null,
            null);
    JobRecord bob =
        new JobRecord(
            "2",
            "bob",
            "q",
            JobState.RUNNING,
            t0 + 10 * H + 10 * 60,
            JobRecord.UNKNOWN,
            JobRecord.UNKNOWN,
            8,
            0,
            1024,
            JobRecord.UNKNOWN,
            new Request(t0 + 9 * H + 30 * 60, 8, 0, 1024, "QOSGrpCpuLimit"),
            null,
            null);
    for (JobRecord j : List.of(ann, bob)) {
      usage.add(j);
      demand.add(j);
    }
    WholeHours u = WholeHours.of(usage.report(), Observable.NCPUS);
    WholeHours q = WholeHours.of(demand.report().byReason(), Observable.NCPUS);
    assertArrayEquals(new long[] {t0 + 8 * H, t0 + 9 * H}, u.hourStarts());
    assertArrayEquals(new long[] {3 * H, 3 * H}, u.of("ann"));
    assertArrayEquals(new long[] {0, 0}, u.of("bob"), "bob ran only in the partial hour");
    assertArrayEquals(new long[] {0, 4 * H}, q.of(DemandCounter.ReasonClass.QOS_LIMIT.key()));
    Capacity c = CapacityPlanner.plan(Observable.NCPUS, 4, u, q.of("qos_limit"));
    assertEquals(2, c.hours());
    assertEquals(1, c.hoursWaiting());
    assertEquals(7.0, c.p95Demand());
    assertEquals(List.of(new Holder("ann", 1.0)), c.holders());
  }

  /** Daily bins cannot be split into hours. */
  @Test
  void dailyBinsAreRefused() {
    BinGrid grid =
        BinGrid.rolling(
            Instant.parse("2026-11-20T10:00:00Z"),
            Duration.ofDays(2),
            Duration.ofDays(1),
            ZoneOffset.UTC);
    assertThrows(
        IllegalArgumentException.class,
        () -> WholeHours.of(new UsageBinner(grid).report(), Observable.NCPUS));
  }
}
