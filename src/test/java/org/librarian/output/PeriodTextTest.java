package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class PeriodTextTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static long at(String instant) {
    return Instant.parse(instant).getEpochSecond();
  }

  /** What a reader sees: the non-breaking spaces inside each end as plain spaces. */
  private static String read(String text) {
    return text.replace(PeriodText.NBSP, ' ');
  }

  /**
   * November 2026 in New York: 1 Nov 00:00 is still EDT (−4 h; the clocks go back at 02:00 that
   * day), so 04:00Z; 1 Dec 00:00 EST (−5 h) is 05:00Z. Whole days: the last day shown is 30 Nov, in
   * EST.
   */
  @Test
  void aMonthReadsAsItsFirstAndLastDay() {
    assertEquals(
        "1 Nov – 30 Nov 2026 (EST)",
        read(PeriodText.period(at("2026-11-01T04:00:00Z"), at("2026-12-01T05:00:00Z"), NEW_YORK)));
  }

  /**
   * The demo's 30 days: 2026-10-21T17:00Z is 13:00 EDT (−4 h), 2026-11-20T17:00Z is 12:00 EST (−5
   * h); the two ends have different abbreviations, so each time carries its own.
   */
  @Test
  void aWindowAcrossTheClockChangeNamesTheZoneOfEachEnd() {
    assertEquals(
        "21 Oct 13:00 EDT – 20 Nov 2026 12:00 EST",
        read(PeriodText.period(at("2026-10-21T17:00:00Z"), at("2026-11-20T17:00:00Z"), NEW_YORK)));
  }

  @Test
  void oneZoneIsWrittenOnceAtTheEnd() {
    // 2026-11-13T17:00Z = 12:00 EST; 2026-11-20T17:00Z = 12:00 EST.
    assertEquals(
        "13 Nov 12:00 – 20 Nov 2026 12:00 (EST)",
        read(PeriodText.period(at("2026-11-13T17:00:00Z"), at("2026-11-20T17:00:00Z"), NEW_YORK)));
  }

  @Test
  void aPeriodAcrossNewYearWritesBothYears() {
    // [20 Dec 2025 00:00, 10 Jan 2026 00:00) UTC: whole days, the last is 9 Jan.
    assertEquals(
        "20 Dec 2025 – 9 Jan 2026 (UTC)",
        read(
            PeriodText.period(
                at("2025-12-20T00:00:00Z"), at("2026-01-10T00:00:00Z"), ZoneId.of("UTC"))));
  }

  @Test
  void partOfOneDayWritesTheDateOnce() {
    // 11:00Z and 17:00Z on 20 Nov are 06:00 and 12:00 EST.
    assertEquals(
        "20 Nov 2026 06:00 – 12:00 (EST)",
        read(PeriodText.period(at("2026-11-20T11:00:00Z"), at("2026-11-20T17:00:00Z"), NEW_YORK)));
  }

  @Test
  void anInstantCarriesItsZone() {
    // 2026-11-20T17:00Z − 5 h = 12:00 EST.
    assertEquals(
        "20 Nov 2026 12:00 (EST)", read(PeriodText.instant(at("2026-11-20T17:00:00Z"), NEW_YORK)));
  }

  /** A title that wraps does so at " – ", never inside a date: no plain space within an end. */
  @Test
  void theOnlyBreakableSpacesAreAroundTheDash() {
    String text =
        PeriodText.period(at("2026-10-21T17:00:00Z"), at("2026-11-20T17:00:00Z"), NEW_YORK);
    assertEquals(2, text.chars().filter(c -> c == ' ').count(), text);
    assertEquals(
        "21\u00a0Oct\u00a013:00\u00a0EDT – 20\u00a0Nov\u00a02026\u00a012:00\u00a0EST", text);
  }
}
