package org.librarian.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IsoTimeTest {
  @Test
  void writesLocalTimeWithANumericOffset() {
    long t = Instant.parse("2026-11-20T17:00:00Z").getEpochSecond();
    assertEquals("2026-11-20T12:00:00-05:00", IsoTime.of(t, ZoneId.of("America/New_York")));
    assertEquals("2026-11-20T17:00:00+00:00", IsoTime.of(t, ZoneId.of("UTC")));
    assertEquals("2026-11-20T22:30:00+05:30", IsoTime.of(t, ZoneId.of("Asia/Kolkata")));
    assertEquals("2026-11-21T06:45:00+13:45", IsoTime.of(t, ZoneId.of("Pacific/Chatham")));
    // Summer time in Berlin, and the second before the clocks went back in New York.
    long summer = Instant.parse("2026-07-01T00:00:00Z").getEpochSecond();
    assertEquals("2026-07-01T02:00:00+02:00", IsoTime.of(summer, ZoneId.of("Europe/Berlin")));
    long back = Instant.parse("2026-11-01T05:59:59Z").getEpochSecond();
    assertEquals("2026-11-01T01:59:59-04:00", IsoTime.of(back, ZoneId.of("America/New_York")));
    assertEquals("2026-11-01T01:00:00-05:00", IsoTime.of(back + 1, ZoneId.of("America/New_York")));
  }

  /**
   * The digit-by-digit path against the JDK's formatter: every zone, each of its transitions from
   * 1990 to 2040 and the seconds either side, and seeded instants from the year 1 to 9999 (those
   * outside 1000–9999, and the local mean times of whole seconds before 1900, take the formatter's
   * own path).
   */
  @Test
  void writesWhatTheFormatterWrites() {
    Random random = new Random(20261207);
    long from = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    int checked = 0;
    for (String id : new TreeSet<>(ZoneId.getAvailableZoneIds())) {
      ZoneId zone = ZoneId.of(id);
      for (ZoneOffsetTransition t : zone.getRules().getTransitions()) {
        long at = t.toEpochSecond();
        if (at > Instant.parse("1990-01-01T00:00:00Z").getEpochSecond()
            && at < Instant.parse("2040-01-01T00:00:00Z").getEpochSecond()) {
          for (long s = at - 1; s <= at + 1; s++) {
            same(s, zone);
            checked++;
          }
        }
      }
      for (int i = 0; i < 200; i++) {
        same(from + (long) (random.nextDouble() * (to - from)), zone);
        checked++;
      }
      same(Instant.parse("1850-06-01T12:00:00Z").getEpochSecond(), zone);
      same(Instant.parse("2026-12-31T23:59:59Z").getEpochSecond(), zone);
    }
    assertEquals(true, checked > 100_000, checked + " instants checked");
  }

  private static void same(long epochSecond, ZoneId zone) {
    assertEquals(
        IsoTime.FORMAT.format(Instant.ofEpochSecond(epochSecond).atZone(zone)),
        IsoTime.of(epochSecond, zone),
        epochSecond + " in " + zone);
  }
}
