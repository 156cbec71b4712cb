package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.librarian.testing.Jobs;
import org.librarian.testing.Reports;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DailyHistory;
import org.librarian.usage.JobRecord;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;

/**
 * The four answer cards on a 12-hour window (UTC, hourly bins, 2026-11-20 00:00 to 12:00) of a QoS
 * limited to 10 CPUs:
 *
 * <ul>
 *   <li>ann: 8 CPUs 00:00-06:00 (48 CPU-hours held, 24 used) and 4 CPUs 06:00-12:00 (24 held, 24
 *       used);
 *   <li>bob: 2 CPUs 06:00-12:00 (12 held, 3 used);
 *   <li>cyd: 4 CPUs 09:00-11:00 (8 held, 8 used), eligible at 06:00 and held back by the QoS CPU
 *       limit: 3 h × 4 CPUs = 12 CPU-hours waited, 06:00-09:00.
 * </ul>
 */
class AnswersJsonTest {
  private static final long H = 3600;
  private static final long T0 = Instant.parse("2026-11-20T00:00:00Z").getEpochSecond();
  private static final Instant NOW = Instant.ofEpochSecond(T0 + 12 * H);
  private static QosReport report;
  private static JsonNode answers;
  private static JsonNode data;

  private static JobRecord job(
      String id,
      String user,
      double from,
      double to,
      long cpus,
      double usedHours,
      double eligible) {
    long start = T0 + Math.round(from * H);
    long end = T0 + Math.round(to * H);
    return Jobs.completed(
        id,
        user,
        start,
        end,
        cpus,
        Math.round(usedHours * H * 1000),
        T0 + Math.round(eligible * H));
  }

  @BeforeAll
  static void report() throws Exception {
    BinGrid grid =
        BinGrid.rolling(NOW, Duration.ofHours(12), Duration.ofHours(1), ZoneId.of("UTC"));
    List<JobRecord> jobs =
        List.of(
            job("1", "ann", 0, 6, 8, 24, 0),
            job("2", "ann", 6, 12, 4, 24, 6),
            job("3", "bob", 6, 12, 2, 3, 6),
            job("4", "cyd", 9, 11, 4, 8, 6));
    report = Reports.counted("q", grid, jobs, new QosLimits(10, 0, 0, 0));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UsageJson.write(report, out);
    data = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    answers = data.get("answers");
  }

  private static JsonNode card(String preset, String id) {
    for (JsonNode c : answers.at("/" + preset + "/cards")) {
      if (c.get("id").asText().equals(id)) {
        return c;
      }
    }
    throw new AssertionError(id + " not among the cards of " + preset);
  }

  /** Asserts the value and the lines of card {@code id} of {@code preset}; the card. */
  private static JsonNode assertCard(String preset, String id, String value, String lines) {
    JsonNode card = card(preset, id);
    assertEquals(value, card.get("value").asText());
    assertEquals(lines, lines(card));
    return card;
  }

  private static String lines(JsonNode card) {
    StringBuilder s = new StringBuilder();
    card.get("lines").forEach(l -> s.append(l.asText()).append('\n'));
    return s.toString();
  }

  @Test
  void usedAgainstThePeriodBefore() {
    // 6h = 06:00-12:00: ann 4 × 6 = 24, bob 2 × 6 = 12, cyd 4 × 2 = 8: 44 CPU-hours; of 10 CPUs ×
    // 6 h = 60: 73.3 %. The 6 hours before (00:00-06:00): ann 8 × 6 = 48. (44 - 48) / 48 = -8.3 %.
    PeriodFigures f =
        PeriodFigures.of(report, new AnswersJson.Period("x", T0 + 6 * H, T0 + 12 * H));
    assertEquals(44.0, f.total(), 1e-9);
    assertEquals(6.0, f.hours(), 1e-9);
    assertTrue(f.covered());
    JsonNode used =
        assertCard(
            "6h",
            "used",
            "44 CPU-hours",
            "73 % of the allocation (10 CPUs × 6 h)\n▼ 8 % vs the 6 hours before (48 CPU-hours)\n");
    assertEquals("ok", used.get("flag_class").asText());
    assertEquals("normal (50–90 %)", used.get("flag").asText());
    assertEquals("#chart-NCPUS", used.get("href").asText());
    assertEquals(
        "Last 6 hours: 20 Nov 06:00 UTC – 20 Nov 12:00 UTC", answers.at("/6h/period").asText());
  }

  @Test
  void aRiseIsAnUpArrow() {
    // 3h = 09:00-12:00: ann 4 × 3 = 12, bob 2 × 3 = 6, cyd 4 × 2 = 8: 26; 06:00-09:00: ann 12,
    // bob 6: 18. (26 - 18) / 18 = +44.4 %.
    PeriodFigures cur =
        PeriodFigures.of(report, new AnswersJson.Period("x", T0 + 9 * H, T0 + 12 * H));
    AnswersJson.Period before =
        new AnswersJson.Period("the 3 hours before", T0 + 6 * H, T0 + 9 * H);
    PeriodFigures prev = PeriodFigures.of(report, before);
    assertEquals(26.0, cur.total(), 1e-9);
    assertEquals(18.0, prev.total(), 1e-9);
    assertEquals(
        "▲ 44 % vs the 3 hours before (18 CPU-hours)",
        AnswerCards.change(cur, prev, before, ZoneId.of("UTC")));
  }

  @Test
  void aPeriodBeforeTheDataSaysSoInsteadOfAZero() {
    // 12h = the whole window: 48 + 24 + 12 + 8 = 92 CPU-hours of 10 × 12 = 120: 76.7 %. The 12
    // hours before start at 2026-11-19 12:00, before the data.
    JsonNode used =
        assertCard(
            "12h",
            "used",
            "92 CPU-hours",
            "77 % of the allocation (10 CPUs × 12 h)\n"
                + "No data before 20 Nov 00:00 UTC: no comparison with the 12 hours before.\n");
    // This month (from 1 Nov) reaches before the data: its figures are those from 20 Nov 00:00.
    JsonNode month = card("month", "used");
    assertEquals("92 CPU-hours", month.get("value").asText());
    assertTrue(
        lines(month)
            .contains(
                "No data before 20 Nov 00:00 UTC: the figures cover the period from there on."),
        lines(month));
    assertFalse(lines(month).contains("▲") || lines(month).contains("▼"), lines(month));
    assertEquals(
        "This month (from 1 Nov): 20 Nov 00:00 UTC – 20 Nov 12:00 UTC",
        answers.at("/month/period").asText());
  }

  @Test
  void waitingForTheLimit() {
    // cyd waited 06:00-09:00 with 4 CPUs: 3 h with work waiting, 12 CPU-hours; 3 of 6 h = 50 %,
    // at least 25 %: often.
    JsonNode limit =
        assertCard(
            "6h",
            "limit",
            "3 h with work waiting",
            "12 CPU-hours waited for the QoS limit\n" + "Waited most: cyd (12 CPU-hours)\n");
    assertEquals("high", limit.get("flag_class").asText());
    assertEquals("often at the limit (≥ 25 % of the hours)", limit.get("flag").asText());
  }

  @Test
  void idleShareOfTheJobsThatEndedInThePeriod() {
    // 12h (the whole window): held 48 + 24 + 12 + 8 = 92 CPU-hours, used 24 + 24 + 3 + 8 = 59:
    // idle 33 / 92 = 35.9 %; idle per user: ann 48 - 24 + 0 = 24, bob 12 - 3 = 9, cyd 0.
    JsonNode waste =
        assertCard(
            "12h",
            "waste",
            "36 % idle",
            "of the CPU time held sat idle\n"
                + "Most idle: ann (24 idle CPU-hours), bob (9 idle CPU-hours)\n"
                + "Jobs that ended 20 Nov 00:00 UTC – 20 Nov 12:00 UTC\n");
    assertEquals("ok", waste.get("flag_class").asText());
    assertEquals("efficiency fine (≥ 50 % used)", waste.get("flag").asText());
    // 6h (06:00-12:00): ann's first job ended at 06:00, not after it, so it is not counted:
    // held 24 + 12 + 8 = 44, used 24 + 3 + 8 = 35: idle 9 / 44 = 20.5 %, all of it bob's.
    JsonNode six =
        assertCard(
            "6h",
            "waste",
            "20 % idle",
            "of the CPU time held sat idle\n"
                + "Most idle: bob (9 idle CPU-hours)\n"
                + "Jobs that ended 20 Nov 06:00 UTC – 20 Nov 12:00 UTC\n");
    // The efficiency table's rows of 6h: ann 24 held, 24 used (100 %); bob 12, 3 (25 %), idle 9.
    assertEquals(
        "Jobs that ended 20 Nov 06:00 UTC – 20 Nov 12:00 UTC",
        answers.at("/6h/efficiency_period").asText());
    assertEquals(24.0, answers.at("/6h/users/ann/cpu_held_hours").asDouble(), 1e-9);
    assertEquals(1.0, answers.at("/6h/users/ann/cpu_efficiency").asDouble(), 1e-9);
    assertEquals(1, answers.at("/6h/users/ann/jobs").asInt());
    assertEquals(0.25, answers.at("/6h/users/bob/cpu_efficiency").asDouble(), 1e-9);
    assertEquals(9.0, answers.at("/6h/users/bob/idle_cpu_hours").asDouble(), 1e-9);
    // 12h: ann's two jobs, 72 held, 48 used: 66.67 %, 24 idle.
    assertEquals(2, answers.at("/12h/users/ann/jobs").asInt());
    assertEquals(0.6667, answers.at("/12h/users/ann/cpu_efficiency").asDouble(), 1e-9);
    assertEquals(24.0, answers.at("/12h/users/ann/idle_cpu_hours").asDouble(), 1e-9);
    // cyd waited 06:00-09:00 with 4 CPUs: 12 CPU-hours in 6h; from 08:00 on, 1 h × 4 = 4.
    assertEquals(12.0, answers.at("/6h/users/cyd/waited_cpu_hours").asDouble(), 1e-9);
    PeriodFigures late =
        PeriodFigures.of(report, new AnswersJson.Period("x", T0 + 8 * H, T0 + 12 * H));
    assertEquals(4.0, late.users().get("cyd")[DailyHistory.WAITED], 1e-9);
  }

  @Test
  void topThreeWithTheirShare() {
    // 6h: ann 24 / 44 = 54.5 %, bob 12 / 44 = 27.3 %, cyd 8 / 44 = 18.2 %.
    JsonNode top =
        assertCard(
            "6h",
            "top",
            "ann",
            "ann: 55 % (24 CPU-hours)\nbob: 27 % (12 CPU-hours)\ncyd: 18 % (8 CPU-hours)\n");
  }

  @Test
  void aMonthWithoutDataSaysSo() {
    // Last month is October; the data starts on 20 Nov 00:00: no figure at all, not zeros.
    assertEquals(
        "Last month (October): no data (the data starts 20 Nov 00:00 UTC)",
        answers.at("/last-month/period").asText());
    assertEquals("2026-10-01T00:00:00+00:00", answers.at("/last-month/from").asText());
    assertEquals("2026-11-01T00:00:00+00:00", answers.at("/last-month/to").asText());
    JsonNode used = card("last-month", "used");
    assertEquals("no data", used.get("value").asText());
    assertEquals("No data before 20 Nov 00:00 UTC: nothing to show here.\n", lines(used));
    assertEquals(
        "Last month (2026-10-01 00:00 UTC to 2026-11-01 00:00 UTC): no data; the data starts"
            + " 2026-11-20 00:00 UTC.",
        data.at("/summaries/last-month").asText());
    // This month: 20 Nov 00:00-12:00 of it is in the data, 92 CPU-hours averaging 92 / 12 = 7.67
    // CPUs of 10 (77 %).
    assertTrue(
        data.at("/summaries/month")
            .asText()
            .startsWith(
                "This month, as far as the data goes (2026-11-20 00:00 UTC to 2026-11-20 12:00"
                    + " UTC): q used on average 7.7 of its 10 CPUs (77 %)"),
        data.at("/summaries/month").asText());
  }
}
