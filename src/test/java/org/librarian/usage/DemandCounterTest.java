package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.librarian.testing.Jobs;

/**
 * The rules of waiting work on hand-made jobs. Grid: UTC, 6 hourly bins 07:00-13:00 of 2026-11-20,
 * now 12:30, so the current bin (12:00) divides by the 1800 s elapsed in it.
 *
 * <pre>
 * job      user state     eligible start  end    asks             reason (sacct / squeue)       waits (class)
 * 1        ann  COMPLETED 08:00    10:00  11:00  4 CPUs           QOSGrpCpuLimit / -            08-10 (qos_limit)
 * 200_[..] ann  PENDING   11:30    -      -      2 CPUs, 1 GPU    None / QOSGrpGRES             11:30-now, 4 tasks (qos_limit)
 * 3        bob  CANCELLED 07:30    -      09:00  8 CPUs           Priority / -                  07:30-09 (cluster)
 * 4        bob  PENDING   Unknown  -      -      16 CPUs          None (held)                   none
 * 5        cyd  PENDING   12:00    -      -      1 CPU            None / Dependency             12-now (other)
 * 6        cyd  RUNNING   05:00    06:00  -      2 CPUs           QOSGrpCpuLimit                before the window
 * 7        dee  COMPLETED 09:00    09:00  09:30  1 CPU            None                          0 s
 * </pre>
 *
 * NCPUS waiting per bin 07..12: ann [0, 4, 4, 0, 4, 8] (array: 4 tasks x 2 CPUs x 1800 s / 3600 s
 * in bin 11, / 1800 s elapsed in bin 12); bob [4, 8, 0, 0, 0, 0]; cyd [0, 0, 0, 0, 0, 1]. By class:
 * qos_limit = ann's, cluster = bob's, other = cyd's. Totals: ann 4 x 2 h + 4 x 2 x 1 h = 16
 * CPU-hours and 4 GPU-hours; bob 8 x 1.5 h = 12; cyd 0.5. Waits of jobs that started in the window:
 * ann 7200 s (job 1), dee 0 s; cyd's job 6 started before it. At 12:30: cyd has 2 CPUs in use; ann
 * waits with 8 CPUs, 4 GPUs, 4 jobs for the QoS limit; cyd with 1 CPU for other reasons; bob's held
 * job does not wait.
 */
class DemandCounterTest {
  static final long U = JobRecord.UNKNOWN;
  static final long H = 3600;
  static final long T0 = Instant.parse("2026-11-20T00:00:00Z").getEpochSecond();
  static final long GIB = 1 << 20;

  /** Hourly bins in UTC over the {@code hours} hours up to {@code end} (epoch seconds). */
  static BinGrid hourly(long end, int hours) {
    return BinGrid.rolling(
        Instant.ofEpochSecond(end), Duration.ofHours(hours), Duration.ofHours(1), ZoneOffset.UTC);
  }

  static long at(double hours) {
    return T0 + (long) (hours * H);
  }

  @Test
  void everyRuleOnHandMadeJobs() {
    BinGrid grid = hourly(at(12.5), 6);
    DemandCounter c =
        new DemandCounter(grid, Map.of("200_[1-3,7%2]", "QOSGrpGRES", "5", "Dependency"));
    c.add(
        Jobs.waited("1", "ann", JobState.COMPLETED, at(8), at(10), at(11), 4, 0, "QOSGrpCpuLimit"));
    c.add(Jobs.waited("200_[1-3,7%2]", "ann", JobState.PENDING, at(11.5), U, U, 2, 1, "None"));
    c.add(Jobs.waited("3", "bob", JobState.CANCELLED, at(7.5), U, at(9), 8, 0, "Priority"));
    c.add(Jobs.waited("4", "bob", JobState.PENDING, U, U, U, 16, 0, "None"));
    c.add(Jobs.waited("5", "cyd", JobState.PENDING, at(12), U, U, 1, 0, "None"));
    c.add(
        new JobRecord(
            "6",
            "cyd",
            "q",
            JobState.RUNNING,
            at(6),
            U,
            U,
            2,
            0,
            GIB,
            U,
            new Request(at(5), 2, 0, GIB, "QOSGrpCpuLimit"),
            null,
            null));
    c.add(Jobs.waited("7", "dee", JobState.COMPLETED, at(9), at(9), at(9.5), 1, 0, "None"));
    DemandReport r = c.report();
    assertTrue(r.available());

    assertArrayEquals(
        new double[] {0, 4, 4, 0, 4, 8}, series(r.byUser(), "ann", Observable.NCPUS), 1e-12);
    assertArrayEquals(
        new double[] {0, 0, 0, 0, 2, 4}, series(r.byUser(), "ann", Observable.NGPUS), 1e-12);
    assertArrayEquals(
        new double[] {0, 1, 1, 0, 2, 4}, series(r.byUser(), "ann", Observable.NJOBS), 1e-12);
    assertArrayEquals(
        new double[] {4, 8, 0, 0, 0, 0}, series(r.byUser(), "bob", Observable.NCPUS), 1e-12);
    assertArrayEquals(
        new double[] {0, 0, 0, 0, 0, 1}, series(r.byUser(), "cyd", Observable.NCPUS), 1e-12);
    assertNull(user(r.byUser(), "dee"), "waited 0 s: nothing in the series");
    assertArrayEquals(
        series(r.byUser(), "ann", Observable.NCPUS),
        series(r.byReason(), "qos_limit", Observable.NCPUS));
    assertArrayEquals(
        series(r.byUser(), "bob", Observable.NCPUS),
        series(r.byReason(), "cluster", Observable.NCPUS));
    assertArrayEquals(
        series(r.byUser(), "cyd", Observable.NCPUS),
        series(r.byReason(), "other", Observable.NCPUS));
    assertNull(user(r.byReason(), "account_limit"));

    assertEquals(16.0, user(r.byUser(), "ann").totalHours(Observable.NCPUS), 1e-12);
    assertEquals(4.0, user(r.byUser(), "ann").totalHours(Observable.NGPUS), 1e-12);
    assertEquals(12.0, user(r.byUser(), "bob").totalHours(Observable.NCPUS), 1e-12);
    assertEquals(0.5, user(r.byUser(), "cyd").totalHours(Observable.NCPUS), 1e-12);
    assertEquals(
        Map.of("ann", 16 * H), r.qosLimitCpuSeconds(), "only ann's work waited for the QoS limit");

    assertEquals(new DemandReport.Wait(1, 7200, 7200, 7200, 7200), r.waits().get("ann"));
    assertEquals(new DemandReport.Wait(1, 0, 0, 0, 0), r.waits().get("dee"));
    assertFalse(r.waits().containsKey("cyd"));

    assertArrayEquals(new long[] {2, 0, GIB, 1}, r.inUseNow().get("cyd"));
    assertArrayEquals(
        new long[] {8, 4, 4 * GIB, 4},
        r.waitingNow().get("ann").get(DemandCounter.ReasonClass.QOS_LIMIT));
    assertArrayEquals(
        new long[] {1, 0, GIB, 1}, r.waitingNow().get("cyd").get(DemandCounter.ReasonClass.OTHER));
    assertFalse(r.waitingNow().containsKey("bob"));
  }

  @Test
  void arrayBracketsCountEveryTask() {
    assertEquals(7, DemandCounter.arrayTasks("123_[4-10%6]"));
    assertEquals(7, DemandCounter.arrayTasks("123_[1,3,5-9]"));
    assertEquals(50, DemandCounter.arrayTasks("123_[1-99:2]"));
    assertEquals(1, DemandCounter.arrayTasks("123_4"));
    assertEquals(1, DemandCounter.arrayTasks("123"));
    assertEquals(1, DemandCounter.arrayTasks("123_[x-y]"));
  }

  @Test
  void reasonClasses() {
    assertEquals(
        DemandCounter.ReasonClass.QOS_LIMIT, DemandCounter.ReasonClass.of("QOSGrpCpuLimit"));
    assertEquals(
        DemandCounter.ReasonClass.QOS_LIMIT,
        DemandCounter.ReasonClass.of("QOSMaxJobsPerUserLimit"));
    assertEquals(
        DemandCounter.ReasonClass.ACCOUNT_LIMIT, DemandCounter.ReasonClass.of("AssocGrpMemLimit"));
    for (String cluster :
        new String[] {
          "None",
          "",
          "Priority",
          "Resources",
          "ReqNodeNotAvail, UnavailableNodes:n1",
          "Nodes required for job are DOWN, DRAINED"
        }) {
      assertEquals(
          DemandCounter.ReasonClass.CLUSTER, DemandCounter.ReasonClass.of(cluster), cluster);
    }
    for (String other :
        new String[] {"Dependency", "BeginTime", "JobArrayTaskLimit", "JobHeldUser"}) {
      assertEquals(DemandCounter.ReasonClass.OTHER, DemandCounter.ReasonClass.of(other), other);
    }
  }

  /**
   * New York's DST end on 2026-11-01: 01:00 comes twice. A job eligible at 00:30 EDT that started
   * at 02:30 EST waited 3 h across four bins: 00:00 EDT half, 01:00 EDT whole, 01:00 EST whole,
   * 02:00 EST half.
   */
  @Test
  void aWaitAcrossTheDstChangeFillsTheRepeatedHour() {
    ZoneId ny = ZoneId.of("America/New_York");
    long eligible = Instant.parse("2026-11-01T04:30:00Z").getEpochSecond(); // 00:30 EDT
    long start = Instant.parse("2026-11-01T07:30:00Z").getEpochSecond(); // 02:30 EST
    BinGrid grid =
        BinGrid.fixed(
            Instant.parse("2026-11-01T04:00:00Z"),
            Instant.parse("2026-11-01T09:00:00Z"),
            Instant.parse("2026-11-02T00:00:00Z"),
            Duration.ofHours(1),
            ny);
    DemandCounter c = new DemandCounter(grid, Map.of());
    c.add(
        Jobs.waited(
            "1", "ann", JobState.COMPLETED, eligible, start, start + H, 1, 0, "QOSGrpCpuLimit"));
    DemandReport r = c.report();
    assertArrayEquals(
        new double[] {0.5, 1, 1, 0.5, 0}, series(r.byUser(), "ann", Observable.NCPUS), 1e-12);
    assertEquals(3.0, user(r.byUser(), "ann").totalHours(Observable.NCPUS), 1e-12);
  }

  @Test
  void nearestRankPercentilesOfWaits() {
    BinGrid grid = hourly(at(12), 12);
    DemandCounter c = new DemandCounter(grid, Map.of());
    // Waits 60, 120, ..., 600 s: mean 330, p50 at rank ceil(5) = 300, p90 at rank ceil(9) = 540,
    // max 600.
    for (int i = 1; i <= 10; i++) {
      c.add(
          Jobs.waited(
              "" + i, "ann", JobState.COMPLETED, at(1) - 60L * i, at(1), at(2), 1, 0, "Priority"));
    }
    assertEquals(new DemandReport.Wait(10, 330, 300, 540, 600), c.report().waits().get("ann"));
  }

  static UserUsage user(UsageReport report, String name) {
    return report.users().stream().filter(u -> u.user().equals(name)).findFirst().orElse(null);
  }

  static double[] series(UsageReport report, String name, Observable o) {
    return user(report, name).series(o);
  }
}
