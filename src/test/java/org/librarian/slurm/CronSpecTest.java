package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CronSpecTest {
  static final ZoneId NY = ZoneId.of("America/New_York");

  @Test
  void theLongestGapBetweenRunsOverADay() {
    assertEquals(Duration.ofMinutes(10), CronSpec.parse("*/10 * * * *").longestGap());
    assertEquals(Duration.ofMinutes(1), CronSpec.parse("* * * * *").longestGap());
    assertEquals(Duration.ofHours(1), CronSpec.parse("7 * * * *").longestGap());
    assertEquals(Duration.ofMinutes(30), CronSpec.parse("5,35 * * * *").longestGap());
    // 0, 10, 20 past each hour: from :20 to the next hour's :00 is the longest, 40 minutes.
    assertEquals(Duration.ofMinutes(40), CronSpec.parse("0,10,20 * * * *").longestGap());
    assertEquals(Duration.ofHours(6), CronSpec.parse("0 */6 * * *").longestGap());
    // 08:00 to 17:00 every 15 minutes: the night, 17:45 to 08:00, is 14 h 15 min.
    assertEquals(Duration.ofMinutes(14 * 60 + 15), CronSpec.parse("*/15 8-17 * * *").longestGap());
    assertEquals(Duration.ofMinutes(10), CronSpec.parse("\"*/10 * * * *\"").longestGap());
  }

  @Test
  void whatItDoesNotUnderstandIsNull() {
    assertNull(CronSpec.parse("@reboot"));
    assertNull(CronSpec.parse("0 0 31 2 *"), "never fires: 31 February");
    assertNull(CronSpec.parse("0 0 * * 8"));
    assertNull(CronSpec.parse("0 0 0 * *"));
    assertNull(CronSpec.parse("0 0 * 13 *"));
    assertNull(CronSpec.parse("0 0 * * FOO"));
    assertNull(CronSpec.parse("0 0 * * MON-"));
    assertNull(CronSpec.parse("0 0 * * 5-1"));
    assertNull(CronSpec.parse("0 0 1,,2 * *"));
    assertNull(CronSpec.parse("*/0 * * * *"));
    assertNull(CronSpec.parse("61 * * * *"));
    assertNull(CronSpec.parse(""));
    assertNull(CronSpec.parse(null));
  }

  @Test
  void theNextRunAfterAnInstantInTheZone() {
    Instant t = Instant.parse("2026-11-20T12:03:20Z"); // 07:03:20 in New York
    assertEquals(Instant.parse("2026-11-20T12:10:00Z"), CronSpec.parse("*/10 * * * *").next(t, NY));
    assertEquals(Instant.parse("2026-11-20T12:05:00Z"), CronSpec.parse("5,35 * * * *").next(t, NY));
    // 8-17 local: the next run is 08:00 New York time, 13:00 UTC.
    assertEquals(Instant.parse("2026-11-20T13:00:00Z"), CronSpec.parse("0 8-17 * * *").next(t, NY));
  }

  /**
   * The watchdog read {@code 0 6 * * 1} as every day at 06:00: a weekly job looked six days late.
   */
  @Test
  void theWatchdogDoesNotInterpretCronDayFields() {
    Instant friday = Instant.parse("2026-11-20T12:03:20Z"); // Friday 07:03:20 in New York
    CronSpec mondays = CronSpec.parse("0 6 * * 1");
    assertEquals(Duration.ofDays(7), mondays.longestGap());
    // Monday 2026-11-23 06:00 EST is 11:00 UTC.
    assertEquals(Instant.parse("2026-11-23T11:00:00Z"), mondays.next(friday, NY));
    assertEquals(Duration.ofDays(7), CronSpec.parse("0 6 * * MON").longestGap());
    assertEquals(
        Duration.ofDays(7), CronSpec.parse("0 0 * * 7").longestGap(), "7 is Sunday, like 0");
    assertEquals(
        Instant.parse("2026-11-22T05:00:00Z"), CronSpec.parse("0 0 * * 7").next(friday, NY));
    assertEquals(
        Instant.parse("2026-11-22T05:00:00Z"), CronSpec.parse("0 0 * * sun").next(friday, NY));

    // Working hours on weekdays: from Friday 17:30 to Monday 09:00 is 2 days 15 h 30 min.
    CronSpec office = CronSpec.parse("*/30 9-17 * * MON-FRI");
    assertEquals(Duration.ofMinutes((2 * 24 + 15) * 60 + 30), office.longestGap());
    assertEquals(Instant.parse("2026-11-20T14:00:00Z"), office.next(friday, NY));
    // After Friday 17:45 New York (22:45 UTC): Monday 09:00 EST, 14:00 UTC.
    assertEquals(
        Instant.parse("2026-11-23T14:00:00Z"),
        office.next(Instant.parse("2026-11-20T22:45:00Z"), NY));
    assertEquals(
        Duration.ofDays(7),
        CronSpec.parse("0 0 * * 1-5/7").longestGap(),
        "1-5 in steps of 7: Monday only");
  }

  @Test
  void dayOfMonthAndDayOfWeekBothRestrictedMeanEither() {
    Instant friday = Instant.parse("2026-11-20T12:03:20Z");
    // The 21st (Saturday 2026-11-21) or a Monday: the 21st comes first. Both at once would be
    // 2026-12-21.
    assertEquals(
        Instant.parse("2026-11-21T05:00:00Z"), CronSpec.parse("0 0 21 * 1").next(friday, NY));
    // With either field '*' the other alone decides: the 21st of any month.
    assertEquals(
        Instant.parse("2026-11-21T05:00:00Z"), CronSpec.parse("0 0 21 * *").next(friday, NY));
    assertEquals(
        Instant.parse("2026-12-21T05:00:00Z"),
        CronSpec.parse("0 0 21 * *").next(Instant.parse("2026-11-21T06:00:00Z"), NY));
    // 31 February never comes, but Mondays in February do: the first is 2027-02-01 00:00 EST, 05:00
    // UTC.
    assertEquals(
        Instant.parse("2027-02-01T05:00:00Z"), CronSpec.parse("0 0 31 2 1").next(friday, NY));
    // The 30th or a Monday, any month: never more than a week apart.
    assertEquals(Duration.ofDays(7), CronSpec.parse("0 0 30 * 1").longestGap());
    // A '*/2' day of month counts as '*' for the rule: odd days that are also Mondays.
    assertEquals(
        Instant.parse("2026-11-23T05:00:00Z"), CronSpec.parse("0 0 */2 * 1").next(friday, NY));
  }

  @Test
  void nicknamesMonthsAndLeapDays() {
    Instant friday = Instant.parse("2026-11-20T12:03:20Z");
    assertEquals(Duration.ofDays(1), CronSpec.parse("@daily").longestGap());
    assertEquals(
        Instant.parse("2026-11-21T05:00:00Z"), CronSpec.parse("@midnight").next(friday, NY));
    assertEquals(Duration.ofHours(1), CronSpec.parse("@hourly").longestGap());
    assertEquals(Duration.ofDays(7), CronSpec.parse("@weekly").longestGap());
    assertEquals(Duration.ofDays(31), CronSpec.parse("@monthly").longestGap());
    assertEquals(
        Instant.parse("2026-12-01T05:00:00Z"), CronSpec.parse("@monthly").next(friday, NY));
    assertEquals(Duration.ofDays(366), CronSpec.parse("@yearly").longestGap());
    assertEquals(
        Instant.parse("2027-01-01T05:00:00Z"), CronSpec.parse("@annually").next(friday, NY));
    // 1 July to 1 January: 31 + 31 + 30 + 31 + 30 + 31 = 184 days.
    assertEquals(Duration.ofDays(184), CronSpec.parse("0 0 1 JAN,jul *").longestGap());
    assertEquals(Duration.ofDays(184), CronSpec.parse("0 0 1 1,7 *").longestGap());
    // 29 February: every four years (1461 days); the next is 2028-02-29 00:00 EST, 05:00 UTC.
    CronSpec leap = CronSpec.parse("0 0 29 2 *");
    assertEquals(Duration.ofDays(1461), leap.longestGap());
    assertEquals(Instant.parse("2028-02-29T05:00:00Z"), leap.next(friday, NY));
  }
}
