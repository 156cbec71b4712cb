package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.librarian.usage.BudgetForecast.Budget;
import org.librarian.usage.BudgetForecast.Sample;

/**
 * Rule 2's arithmetic. Now: 2026-12-06 12:00 UTC. Samples of the used CPU-minutes at 0, 8, 16 and
 * 24 h before now read 0, 0, 0, 900: in days x = 0, 1/3, 2/3, 1, mean 1/2; y mean 225; Σdx·dy =
 * 450, Σdx² = 5/9, so the least-squares slope is 810 CPU-minutes a day (first-to-last would say
 * 900). Limit 600000, used 594000: 6000 left, 6000 / 810 = 7.407 days, i.e. 2026-12-13 21:46 UTC,
 * which is 2026-12-14 10:46 in Auckland.
 */
class BudgetForecastTest {
  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  static Sample at(double hoursBefore, long used) {
    return new Sample(NOW.minusSeconds((long) (hoursBefore * 3600)), used);
  }

  static final List<Sample> DAY = List.of(at(24, 0), at(16, 0), at(8, 0), at(0, 900));

  @Test
  void leastSquaresRateAndRunOutDateInTheZone() {
    Budget b = BudgetForecast.forecast("cpu", 600_000, 594_000, DAY, 99.0, NOW, ZoneOffset.UTC);
    assertEquals(6000, b.leftMinutes());
    assertEquals(0.99, b.usedShare());
    assertEquals(810.0, b.rateMinutesPerDay(), 1e-9);
    assertEquals("sampled", b.basis());
    assertEquals(LocalDate.parse("2026-12-13"), b.runsOut());
    assertEquals(
        LocalDate.parse("2026-12-14"),
        BudgetForecast.forecast(
                "cpu", 600_000, 594_000, DAY, null, NOW, ZoneId.of("Pacific/Auckland"))
            .runsOut());
  }

  /** Samples older than 7 days are left out: with them the slope would be far lower. */
  @Test
  void onlyTheLastSevenDaysCount() {
    List<Sample> withOld = new ArrayList<>(DAY);
    withOld.add(at(7 * 24, 0));
    withOld.add(at(9 * 24, -1_000_000));
    assertEquals(
        810.0,
        BudgetForecast.forecast("cpu", 600_000, 594_000, withOld, null, NOW, ZoneOffset.UTC)
            .rateMinutesPerDay(),
        1e-9);
  }

  /**
   * Samples spanning under 24 h: the estimate from the QoS's own usage, 48 CPU-hours in 2 days with
   * UsageFactor 2 = 48 × 60 × 2 / 2 = 2880 CPU-minutes a day; 6000 left last 2.08 days, to
   * 2026-12-08 14:00 UTC.
   */
  @Test
  void beforeADayOfSamplesTheRateIsEstimated() {
    double estimate = BudgetForecast.estimatedRate(48, Duration.ofDays(2), 2);
    assertEquals(2880.0, estimate);
    Budget b =
        BudgetForecast.forecast(
            "cpu", 600_000, 594_000, List.of(at(23, 0), at(0, 900)), estimate, NOW, ZoneOffset.UTC);
    assertEquals("estimated", b.basis());
    assertEquals(2880.0, b.rateMinutesPerDay());
    assertEquals(LocalDate.parse("2026-12-08"), b.runsOut());

    Budget none =
        BudgetForecast.forecast("cpu", 600_000, 594_000, List.of(), null, NOW, ZoneOffset.UTC);
    assertEquals("none", none.basis());
    assertNull(none.rateMinutesPerDay());
    assertNull(none.runsOut());
  }

  /** A used value that falls (Slurm's decay) gives a negative rate: no run-out date. */
  @Test
  void aFallingUsedValueNeverRunsOut() {
    Budget b =
        BudgetForecast.forecast(
            "cpu", 1000, 500, List.of(at(30, 700), at(0, 500)), null, NOW, ZoneOffset.UTC);
    assertEquals(-160.0, b.rateMinutesPerDay(), 1e-9);
    assertNull(b.runsOut());
  }

  /** Used past the limit: nothing left (not a negative number), share above 1, run out today. */
  @Test
  void usedPastTheLimitRanOutToday() {
    Budget b =
        BudgetForecast.forecast(
            "gres/gpu", 1000, 1200, List.of(), null, NOW, ZoneId.of("Europe/Berlin"));
    assertEquals(0, b.leftMinutes());
    assertEquals(1.2, b.usedShare());
    assertEquals(LocalDate.parse("2026-12-06"), b.runsOut());
  }

  @Test
  void refusesNoLimit() {
    assertThrows(
        IllegalArgumentException.class,
        () -> BudgetForecast.forecast("cpu", 0, 0, List.of(), null, NOW, ZoneOffset.UTC));
    assertThrows(
        IllegalArgumentException.class, () -> BudgetForecast.estimatedRate(1, Duration.ZERO, 1));
  }
}
