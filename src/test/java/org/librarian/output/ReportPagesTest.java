package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReportPagesTest {
  /**
   * Waits in the report's table as a person reads them: 66,756 s = 1,112.6 min → 1,113 min = 18 h
   * 33 min; 720 s = 12 min; 3,599 s = 59.98 min → 60 min = 1 h 0 min; under a minute in seconds.
   */
  @Test
  void waitsReadInHoursAndMinutes() {
    assertEquals("18 h 33 min", ReportPages.minutes(66_756));
    assertEquals("12 min", ReportPages.minutes(720));
    assertEquals("1 h 0 min", ReportPages.minutes(3_599));
    assertEquals("45 s", ReportPages.minutes(45));
  }
}
