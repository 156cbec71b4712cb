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
    assertNull(CronSpec.parse("0 0 * * 1"));
    assertNull(CronSpec.parse("@hourly"));
    assertNull(CronSpec.parse("*/0 * * * *"));
    assertNull(CronSpec.parse("61 * * * *"));
    assertNull(CronSpec.parse(""));
    assertNull(CronSpec.parse(null));
  }

  @Test
  void theNextRunAfterAnInstantInTheZone() {
    Instant t = Instant.parse("2026-11-20T12:03:20Z");  // 07:03:20 in New York
    assertEquals(Instant.parse("2026-11-20T12:10:00Z"), CronSpec.parse("*/10 * * * *").next(t, NY));
    assertEquals(Instant.parse("2026-11-20T12:05:00Z"), CronSpec.parse("5,35 * * * *").next(t, NY));
    // 8-17 local: the next run is 08:00 New York time, 13:00 UTC.
    assertEquals(Instant.parse("2026-11-20T13:00:00Z"), CronSpec.parse("0 8-17 * * *").next(t, NY));
  }
}
