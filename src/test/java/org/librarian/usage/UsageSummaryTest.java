package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageSummaryTest {
  private static final ZoneId NY = ZoneId.of("America/New_York");

  /** 2026-11-22T12:00:00Z = 07:00 EST. */
  private static final long T0 = 1_795_348_800L;

  /**
   * Four hourly bins, the last one half over (now = T0 + 3.5 h). ann 300, 400, 100, 200 CPUs; bob
   * 100, 20, 0, 300. Totals 400, 420, 100, 500 against a limit of 430: bins 0 (400 < 408.5: no), 1
   * (420 ≥ 408.5: yes), 3 (500: yes, half an hour) → 1.5 h at the limit. CPU-hours 400 + 420 + 100
   * + 250 = 1170 over 3.5 h → 334.29 CPUs on average, 78 % of 430. ann 300 + 400 + 100 + 100 = 900
   * of 1170 = 77 %.
   */
  @Test
  void averageHoursAtTheLimitAndTheLargestUserOverHandMadeBins() {
    long[] starts = {T0, T0 + 3600, T0 + 7200, T0 + 10800};
    long[] ends = {T0 + 3600, T0 + 7200, T0 + 10800, T0 + 12600};
    Map<String, double[]> cpus = new LinkedHashMap<>();
    cpus.put("ann", new double[] {300, 400, 100, 200});
    cpus.put("bob", new double[] {100, 20, 0, 300});
    UsageSummary.Figures f = UsageSummary.figures(starts, ends, cpus, 430, T0, T0 + 12600);
    assertEquals(1170, f.cpuHours(), 1e-9);
    assertEquals(1170 / 3.5, f.averageCpus(), 1e-9);
    assertEquals(1.5, f.hoursAtLimit(), 1e-9);
    assertEquals("ann", f.topUser());
    assertEquals(900.0 / 1170, f.topShare(), 1e-9);
    assertEquals(
        "Last 7 days (2026-11-22 07:00 EST to 2026-11-22 10:30 EST): avery used on average 334 of its 430"
            + " CPUs (78 %) and was at or near its CPU limit (95 % or more) for 1.5 h; ann used the most CPU-hours (77 %).",
        UsageSummary.sentence("Last 7 days", "avery", f, NY));
  }

  /**
   * Only the part of a bin inside the period counts: from the middle of bin 1, 0.5 h of 420 + 1 h
   * of 100.
   */
  @Test
  void aPeriodStartingInsideABinCountsItsPartOnly() {
    long[] starts = {T0, T0 + 3600, T0 + 7200};
    long[] ends = {T0 + 3600, T0 + 7200, T0 + 10800};
    UsageSummary.Figures f =
        UsageSummary.figures(
            starts, ends, Map.of("ann", new double[] {999, 420, 100}), 0, T0 + 5400, T0 + 10800);
    assertEquals(310, f.cpuHours(), 1e-9);
    assertEquals(310 / 1.5, f.averageCpus(), 1e-9);
    assertEquals(0, f.hoursAtLimit(), 1e-9);
    assertEquals(
        "Week (2026-11-22 08:30 EST to 2026-11-22 10:00 EST): avery used on average 207 CPUs (no CPU limit"
            + " known); ann used the most CPU-hours (100 %).",
        UsageSummary.sentence("Week", "avery", f, NY));
  }

  @Test
  void aQosThatUsedNothingSaysSo() {
    UsageSummary.Figures f =
        UsageSummary.figures(
            new long[] {T0},
            new long[] {T0 + 3600},
            Map.of("ann", new double[] {0}),
            430,
            T0,
            T0 + 3600);
    assertEquals(
        "Last 7 days (2026-11-22 07:00 EST to 2026-11-22 08:00 EST): avery used no CPUs.",
        UsageSummary.sentence("Last 7 days", "avery", f, NY));
  }

  /**
   * What waited for the limit in a period, counted like usage: from the middle of bin 1 to the end
   * of bin 3 (the last one, half over), 0.5 h × 40 + 1 h × 10 + 0.5 h × 1000 = 530 CPU-hours; bin
   * 0's 999 is outside.
   */
  @Test
  void waitedHoursCountTheBinsPartsInsideThePeriod() {
    long[] starts = {T0, T0 + 3600, T0 + 7200, T0 + 10800};
    long[] ends = {T0 + 3600, T0 + 7200, T0 + 10800, T0 + 12600};
    double[] waiting = {999, 40, 10, 1000};
    assertEquals(
        530, UsageSummary.waitedHours(starts, ends, waiting, T0 + 5400, T0 + 12_600), 1e-9);
    assertEquals("Jobs waited 530 CPU-hours for the QoS limit.", UsageSummary.waited(530));
    assertEquals("Jobs waited 2.5 CPU-hours for the QoS limit.", UsageSummary.waited(2.5));
    assertEquals("No job waited for the QoS limit.", UsageSummary.waited(0));
    // Thousands separated: 29,716 (rounded from 29,715.6).
    assertEquals("Jobs waited 29,716 CPU-hours for the QoS limit.", UsageSummary.waited(29_715.6));
  }
}
