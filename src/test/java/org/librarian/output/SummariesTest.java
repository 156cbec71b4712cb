package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.librarian.testing.Jobs;
import org.librarian.testing.Reports;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DailyHistory.Day;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;

/**
 * The sentences of 90d, 1y and All say the hours with work waiting for the QoS limit that their "At
 * the limit" cards show. A 30-day hourly window (UTC, 2026-10-21 00:00 to 2026-11-20 00:00) of a
 * QoS limited to 10 CPUs: cyd's job of 8 CPUs ran 18 Nov 00:00-12:00 (96 CPU-hours), eligible 17
 * Nov 00:00, so it waited 24 h × 8 CPUs = 192 CPU-hours for the QoS limit; before the window, the
 * daily rows of 19 and 20 Oct: ann 1 CPU all day (24 CPU-hours each), 2 CPU-hours waited each day.
 */
class SummariesTest {
  private static final long H = 3600;
  private static final long DAY = 86_400;
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Instant NOW = Instant.parse("2026-11-20T00:00:00Z");
  private static final long T = NOW.getEpochSecond();

  private static QosReport report(long cydEligible) {
    BinGrid grid = BinGrid.rolling(NOW, Duration.ofDays(30), Duration.ofHours(1), UTC);
    long nov18 = T - 2 * DAY;
    return Reports.counted(
        "q",
        grid,
        List.of(Jobs.completed("3", "cyd", nov18, nov18 + 12 * H, 8, 96 * H * 1000, cydEligible)),
        new QosLimits(10, 0, 0, 0));
  }

  /**
   * ann's day: 1 CPU all day, {@code waited} CPU-hours waited for the limit and, when {@code hours}
   * is not negative, that many hours with work waiting (a row kept before those were counted has
   * none).
   */
  private static Day annDay(String date, double waited, double hours) {
    LocalDate d = LocalDate.parse(date);
    double[] atLimit =
        hours < 0 ? new double[] {waited / 24, 0} : new double[] {waited / 24, 0, hours * H};
    return new Day(
        d,
        d.atStartOfDay(UTC).toEpochSecond(),
        DAY,
        Map.of("ann", new double[] {1, 0, 0, 0}),
        atLimit,
        Map.of("ann", new double[] {24 * H, 12 * H, waited * H, 1}));
  }

  private static JsonNode data(QosReport r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UsageJson.write(r, out);
    return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
  }

  /** The value and lines of {@code preset}'s "At the limit" card. */
  private static List<String> limitCard(JsonNode data, String preset) {
    for (JsonNode c : data.at("/answers/" + preset + "/cards")) {
      if (c.get("id").asText().equals("limit")) {
        List<String> out = new java.util.ArrayList<>(List.of(c.get("value").asText()));
        c.get("lines").forEach(l -> out.add(l.asText()));
        return out;
      }
    }
    throw new AssertionError("no limit card");
  }

  // Both rows: 19 Oct to 20 Nov is 32 days, 768 h; ann 24 + 24 and cyd 96: 144 CPU-hours, on
  // average 144 / 768 = 0.1875 CPUs of 10 (1.875 %, shown 2 %); cyd 96 / 144 = 66.7 %, shown 67 %.
  private static final String USE =
      " (2026-10-19 00:00 UTC to 2026-11-20 00:00 UTC): q used on average 0.19 of its 10 CPUs"
          + " (2 %); cyd used the most CPU-hours (67 %).";

  @Test
  void theLongPeriodsSayTheHoursOfTheirCards() throws Exception {
    // 19 Oct: 1 h with work waiting, 20 Oct: 2 h, 17 Nov in the window: 24 h; 27 h in all.
    // Waited: 2 + 2 + 192 = 196 CPU-hours.
    QosReport r =
        report(T - 3 * DAY)
            .withArchive(List.of(annDay("2026-10-19", 2, 1), annDay("2026-10-20", 2, 2)));
    JsonNode data = data(r);
    String waited = " Jobs waited 196 CPU-hours for the QoS limit, with work waiting in 27 h.";
    assertEquals(
        "Last 90 days, as far as the data goes" + USE + waited, data.at("/summaries/90d").asText());
    assertEquals(
        "Last 365 days, as far as the data goes" + USE + waited, data.at("/summaries/1y").asText());
    assertEquals("All" + USE + waited, data.at("/summaries/all").asText());
    for (String preset : List.of("90d", "1y", "all")) {
      // The same figures as the card beside it.
      assertEquals(
          List.of("27 h with work waiting", "196 CPU-hours waited for the QoS limit"),
          limitCard(data, preset).subList(0, 2));
    }
  }

  @Test
  void aRowKeptBeforeTheHoursWereCountedLimitsThemToTheDaysAfterIt() throws Exception {
    // 19 Oct kept no hours: they count from 20 Oct 00:00, 2 + 24 = 26 h; 19 Oct had 2 CPU-hours
    // waiting, so 1 day with work waiting before; the CPU-hours still count it: 196.
    QosReport r =
        report(T - 3 * DAY)
            .withArchive(List.of(annDay("2026-10-19", 2, -1), annDay("2026-10-20", 2, 2)));
    JsonNode data = data(r);
    assertEquals(
        "Last 90 days, as far as the data goes"
            + USE
            + " Jobs waited 196 CPU-hours for the QoS limit, with work waiting in 26 h of"
            + " 2026-10-20 00:00 UTC to 2026-11-20 00:00 UTC (before it, counted by day: 1 day with"
            + " work waiting).",
        data.at("/summaries/90d").asText());
    // The card says the same part of the period.
    assertEquals(
        List.of(
            "26 h with work waiting",
            "196 CPU-hours waited for the QoS limit",
            "Hours of 20 Oct 00:00 UTC – 20 Nov 00:00 UTC; before: 1 day with work waiting"),
        limitCard(data, "90d").subList(0, 3));
  }

  @Test
  void nothingOrAlmostNothingWaiting() throws Exception {
    // cyd eligible at its start, ann's rows with nothing waited: 0 CPU-hours, 0 h.
    QosReport r =
        report(T - 2 * DAY)
            .withArchive(List.of(annDay("2026-10-19", 0, 0), annDay("2026-10-20", 0, 0)));
    assertEquals(
        "Last 90 days, as far as the data goes" + USE + " No job waited for the QoS limit.",
        data(r).at("/summaries/90d").asText());
    // 19 Oct: 0.001 CPU-hours waited, in 1 h: too little to print with two decimals, yet an hour
    // with work waiting, as the card counts it.
    QosReport little =
        report(T - 2 * DAY)
            .withArchive(List.of(annDay("2026-10-19", 0.001, 1), annDay("2026-10-20", 0, 0)));
    assertEquals(
        "Last 90 days, as far as the data goes"
            + USE
            + " Jobs waited under 0.01 CPU-hours for the QoS limit, with work waiting in 1 h.",
        data(little).at("/summaries/90d").asText());
  }

  @Test
  void theSentencesReadTheFiguresTheyAreGiven() {
    // The figures of the rows that keep their hours (27 h), given with the report whose 19 Oct
    // kept none (it would count 26 h): the sentence says what it is given, as the cards are.
    QosReport kept =
        report(T - 3 * DAY)
            .withArchive(List.of(annDay("2026-10-19", 2, 1), annDay("2026-10-20", 2, 2)));
    QosReport old =
        report(T - 3 * DAY)
            .withArchive(List.of(annDay("2026-10-19", 2, -1), annDay("2026-10-20", 2, 2)));
    String s = Summaries.byPreset(old, PresetFigures.of(kept)).get("90d");
    assertEquals(
        "Jobs waited 196 CPU-hours for the QoS limit, with work waiting in 27 h.",
        s.substring(s.indexOf("Jobs waited")));
  }
}
