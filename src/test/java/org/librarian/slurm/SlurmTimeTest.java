package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.ZoneId;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.librarian.usage.JobRecord;

class SlurmTimeTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void epochSeconds() {
    assertEquals(1757685972L, SlurmTime.parse("1757685972", NEW_YORK));
  }

  @Test
  void unknownAndNoneAndEmptyAreUnknown() {
    assertEquals(JobRecord.UNKNOWN, SlurmTime.parse("Unknown", NEW_YORK));
    assertEquals(JobRecord.UNKNOWN, SlurmTime.parse("None", NEW_YORK));
    assertEquals(JobRecord.UNKNOWN, SlurmTime.parse("", NEW_YORK));
    assertEquals(JobRecord.UNKNOWN, SlurmTime.parse("0", NEW_YORK));
  }

  @Test
  void localTimesAreReadInTheZone() {
    // 2025-09-12T14:06:12 EDT = 18:06:12 UTC
    assertEquals(1757700372L, SlurmTime.parse("2025-09-12T14:06:12", NEW_YORK));
    assertEquals(1757686172L, SlurmTime.parse("2025-09-12T14:09:32", ZoneId.of("UTC")));
  }

  @Test
  void theRepeatedHourAtTheEndOfDstTakesTheEarlierOffset() {
    // 2026-11-01T01:30 happens twice in New York; the first is 05:30 UTC.
    assertEquals(1793511000L, SlurmTime.parse("2026-11-01T01:30:00", NEW_YORK));
  }

  @Test
  void offsetTimes() {
    assertEquals(1793511000L, SlurmTime.parse("2026-11-01T05:30:00Z", NEW_YORK));
  }

  @Test
  void garbageIsAnError() {
    assertThrows(DateTimeException.class, () -> SlurmTime.parse("Ystday 14:02", NEW_YORK));
    assertThrows(DateTimeException.class, () -> SlurmTime.parse("2025-13-12T14:06:12", NEW_YORK));
  }

  @Test
  void totalCpuInEveryFormSacctPrints() {
    assertEquals(93_784_000L, SlurmTime.durationMillis("1-02:03:04"));
    assertEquals(7_384_500L, SlurmTime.durationMillis("02:03:04.500"));
    assertEquals(184_057L, SlurmTime.durationMillis("03:04.057"));
    assertEquals(184_050L, SlurmTime.durationMillis("03:04.05"));
    assertEquals(0L, SlurmTime.durationMillis("00:00:00"));
    assertEquals(JobRecord.UNKNOWN, SlurmTime.durationMillis(""));
    // 10 days = 864,000 s, and half a second: 864,000,500 ms.
    assertEquals(864_000_500L, SlurmTime.durationMillis("10-00:00:00.5"));
    // Only milliseconds are kept: .0579 s is 57 ms; 3 min 4 s = 184 s.
    assertEquals(184_057L, SlurmTime.durationMillis("03:04.0579"));
    // Blanks around it, and hours past a day: 100 h 1 min 1 s = 360,061 s.
    assertEquals(360_061_000L, SlurmTime.durationMillis(" 100:01:01 "));
    assertEquals(JobRecord.UNKNOWN, SlurmTime.durationMillis("  "));
    for (String bad :
        new String[] {
          "abc",
          "1-02:03",
          "12",
          "00:61:00",
          "-5:00",
          "01:02:03:04",
          "1-2-03:04:05",
          "03:04.5x",
          ":03:04",
          "03::04",
          "03:04:",
          "1.5:00"
        }) {
      Assertions.assertThrows(
          NumberFormatException.class, () -> SlurmTime.durationMillis(bad), bad);
    }
  }
}
