package org.librarian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Iterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;

/** The demo's daily history: 13 months, so that the 1y and All presets show a year. */
class DemoHistoryTest {
  @TempDir static Path dir;
  private static JsonNode avery;

  @BeforeAll
  static void demo() throws Exception {
    Cli.Run run =
        new Cli(dir)
            .run("demo", "--out", "site", "--now", "2026-11-20T12:00:00-05:00", "--no-plots");
    assertEquals(0, run.code(), run.err());
    avery = new ObjectMapper().readTree(Files.readString(dir.resolve("site/history_avery.json")));
  }

  @Test
  void thirteenMonthsOfDaysWithoutAGap() {
    // 2026-11-20 minus 13 months is 2025-10-20; 2025-10-20 .. 2026-10-20 is 365 days, to
    // 2026-11-20 another 31: 396 days between, 397 days counted inclusively.
    assertEquals("2025-10-20", avery.at("/metadata/first_day").asText());
    assertEquals("2026-11-20", avery.at("/metadata/last_day").asText());
    JsonNode days = avery.get("days");
    assertEquals(397, days.size());
    assertTrue(days.size() >= 365);
    LocalDate expected = LocalDate.parse("2025-10-20");
    for (JsonNode d : days) {
      assertEquals(expected.toString(), d.asText());
      expected = expected.plusDays(1);
    }
  }

  @Test
  void daysAreLocalDaysOfTheZone() {
    JsonNode days = avery.get("days");
    JsonNode hours = avery.get("hours");
    // New York: 2025-11-02 (first Sunday of November) has 25 hours, 2026-03-08 (second Sunday of
    // March; 2026-03-01 is a Sunday) 23; 2026-11-20 is cut at noon, "now": 12 hours.
    assertEquals(25.0, hours.get(index(days, "2025-11-02")).asDouble());
    assertEquals(23.0, hours.get(index(days, "2026-03-08")).asDouble());
    assertEquals(24.0, hours.get(index(days, "2026-03-09")).asDouble());
    assertEquals(12.0, hours.get(days.size() - 1).asDouble());
    assertEquals("2025-10-20T00:00:00-04:00", avery.get("day_starts").get(0).asText()); // EDT then
  }

  @Test
  void everyDayHasUseWithinTheLimitEarlierMonthsToo() {
    // The generator schedules under avery's 430 CPUs: a day's average CPUs in use, summed over
    // users, is above 0 (jobs every day) and at most 430 (plus rounding of 12 users to 0.01).
    JsonNode cpu = avery.at("/observables/NCPUS");
    for (int i = 0; i < avery.get("days").size(); i++) {
      double total = 0;
      for (Iterator<JsonNode> users = cpu.elements(); users.hasNext(); ) {
        total += users.next().get(i).asDouble();
      }
      String day = avery.get("days").get(i).asText();
      assertTrue(total > 0 && total <= 430 + 12 * 0.005, day + ": " + total);
    }
    assertEquals(430, avery.at("/limits/0/NCPUS").asInt());
    assertEquals("2025-10-20", avery.at("/limits/0/from").asText());
  }

  private static int index(JsonNode days, String day) {
    for (int i = 0; i < days.size(); i++) {
      if (days.get(i).asText().equals(day)) {
        return i;
      }
    }
    throw new AssertionError(day + " not in the history");
  }
}
