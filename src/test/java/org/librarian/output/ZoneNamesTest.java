package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The names a data file gives each offset of its zone, as the titles and sentences write them. */
class ZoneNamesTest {
  private static final long NOW = Instant.parse("2026-11-20T12:00:00Z").getEpochSecond();

  @Test
  void berlinIsCetAndCestNotGmtPlusOne() {
    // Berlin: UTC+1 in winter (CET), UTC+2 in summer (CEST) throughout the last 20 years.
    assertEquals(
        Map.of("+01:00", "CET", "+02:00", "CEST"), ZoneNames.of(ZoneId.of("Europe/Berlin"), NOW));
    assertEquals(
        Map.of("-05:00", "EST", "-04:00", "EDT"), ZoneNames.of(ZoneId.of("America/New_York"), NOW));
    assertEquals(Map.of("+00:00", "UTC"), ZoneNames.of(ZoneId.of("UTC"), NOW));
  }

  @Test
  void keysAreTheOffsetsAsTheBrowserGivesThem() {
    // 5 h 30 min east: "+05:30"; 3 h 30 min west: "-03:30"; zero: "+00:00" (the browser's "GMT").
    assertEquals("+05:30", ZoneNames.key(ZoneOffset.ofHoursMinutes(5, 30)));
    assertEquals("-03:30", ZoneNames.key(ZoneOffset.ofHoursMinutes(-3, -30)));
    assertEquals("+00:00", ZoneNames.key(ZoneOffset.UTC));
  }
}
