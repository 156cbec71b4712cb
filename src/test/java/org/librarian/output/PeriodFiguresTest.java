package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Jobs;
import org.librarian.testing.Reports;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DailyHistory;
import org.librarian.usage.DailyHistory.Day;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.Request;

/**
 * The figures of each preset on a 30-day hourly window (UTC, 2026-10-21 00:00 to 2026-11-20 00:00)
 * of a QoS limited to 10 CPUs, and before it the daily history:
 *
 * <ul>
 *   <li>ann: 4 CPUs 21 Oct 00:00-22 Oct 00:00: 96 CPU-hours held, 24 used (in 30d, not in 7d);
 *   <li>bob: 2 CPUs 18 Nov 00:00-19 Nov 00:00: 48 held, 36 used;
 *   <li>cyd: 8 CPUs 18 Nov 00:00-12:00: 96 held, 96 used; eligible 17 Nov 00:00 and held back by
 *       the QoS CPU limit: 24 h × 8 CPUs = 192 CPU-hours waited;
 *   <li>archived days 19 and 20 Oct: ann 1 CPU all day (24 CPU-hours), her jobs that ended held 24
 *       CPU-hours and used 12, and she waited 2 CPU-hours (1 job); a day of 10 Oct, not joined to
 *       them (11-18 Oct missing), with 100 CPUs all day, which no period may count.
 * </ul>
 */
class PeriodFiguresTest {
  private static final long H = 3600;
  private static final long DAY = 86_400;
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Instant NOW = Instant.parse("2026-11-20T00:00:00Z");
  private static final long T = NOW.getEpochSecond();
  private static QosReport report;

  private static JobRecord job(
      String id, String user, long start, long end, long cpus, double usedHours, long eligible) {
    return Jobs.completed(id, user, start, end, cpus, Math.round(usedHours * H * 1000), eligible);
  }

  @BeforeAll
  static void report() {
    BinGrid grid = BinGrid.rolling(NOW, Duration.ofDays(30), Duration.ofHours(1), UTC);
    long oct21 = T - 30 * DAY;
    long nov18 = T - 2 * DAY;
    List<JobRecord> jobs =
        List.of(
            job("1", "ann", oct21, oct21 + DAY, 4, 24, oct21),
            job("2", "bob", nov18, nov18 + DAY, 2, 36, nov18),
            job("3", "cyd", nov18, nov18 + 12 * H, 8, 96, nov18 - DAY));
    report = Reports.counted("q", grid, jobs, new QosLimits(10, 0, 0, 0));
  }

  /** An archived day of ann's: 1 CPU all day; with {@code counted}, 24 held, 12 used, 2 waited. */
  private static Day annDay(String date, double cpus, boolean counted) {
    LocalDate d = LocalDate.parse(date);
    return new Day(
        d,
        d.atStartOfDay(UTC).toEpochSecond(),
        DAY,
        Map.of("ann", new double[] {cpus, 0, 0, 0}),
        new double[] {2.0 / 24, 0},
        counted ? Map.of("ann", new double[] {24 * H, 12 * H, 2 * H, 1}) : null);
  }

  private static JsonNode answers(QosReport r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UsageJson.write(r, out);
    return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("answers");
  }

  private static JsonNode summaries(QosReport r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UsageJson.write(r, out);
    return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("summaries");
  }

  private static String card(JsonNode preset, String id) {
    for (JsonNode c : preset.get("cards")) {
      if (c.get("id").asText().equals(id)) {
        StringBuilder s = new StringBuilder(c.get("value").asText());
        c.get("lines").forEach(l -> s.append('\n').append(l.asText()));
        return s.toString();
      }
    }
    throw new AssertionError(id);
  }

  @Test
  void sevenAndThirtyDaysCountTheirOwnJobs() throws Exception {
    JsonNode a = answers(report);
    // 7d (13-20 Nov): bob 48 held, 36 used; cyd 96, 96: 144 held, 132 used, idle 12 / 144 = 8.3 %.
    assertEquals(
        "8 % idle\nof the CPU time held sat idle\nMost idle: bob (12 idle CPU-hours)\n"
            + "Jobs that ended 13 Nov 00:00 UTC – 20 Nov 00:00 UTC",
        card(a.get("7d"), "waste"));
    // 30d adds ann's 96 held, 24 used: 240 held, 156 used, idle 84 / 240 = 35 %; ann 72 idle.
    assertEquals(
        "35 % idle\nof the CPU time held sat idle\n"
            + "Most idle: ann (72 idle CPU-hours), bob (12 idle CPU-hours)\n"
            + "Jobs that ended 21 Oct 00:00 UTC – 20 Nov 00:00 UTC",
        card(a.get("30d"), "waste"));
    assertEquals(0.25, a.at("/30d/users/ann/cpu_efficiency").asDouble(), 1e-9);
    assertEquals(72.0, a.at("/30d/users/ann/idle_cpu_hours").asDouble(), 1e-9);
    assertEquals(0.0, a.at("/7d/users/ann/cpu_held_hours").asDouble(), 1e-9);
    // cyd's wait, 17 Nov 00:00 to 18 Nov 00:00 with 8 CPUs: 192 CPU-hours in both.
    assertEquals(192.0, a.at("/7d/users/cyd/waited_cpu_hours").asDouble(), 1e-9);
    assertEquals(192.0, a.at("/30d/users/cyd/waited_cpu_hours").asDouble(), 1e-9);
  }

  @Test
  void ninetyDaysAndAYearReachIntoTheDailyRows() throws Exception {
    QosReport r =
        report.withArchive(
            List.of(
                annDay("2026-10-10", 100, true),
                annDay("2026-10-19", 1, true),
                annDay("2026-10-20", 1, true)));
    JsonNode a = answers(r);
    for (String preset : List.of("90d", "1y")) {
      JsonNode p = a.get(preset);
      // The rows join the window from 19 Oct on; 10 Oct is cut off by the gap.
      assertEquals(
          (preset.equals("90d") ? "Last 90 days" : "Last 365 days")
              + ": 19 Oct 00:00 UTC – 20 Nov 00:00 UTC",
          p.get("period").asText());
      // ann: 24 + 24 from the rows and 4 × 24 = 96 in the window: 144 CPU-hours; bob 48; cyd 96.
      assertEquals(144.0, p.at("/users/ann/cpu_hours").asDouble(), 1e-9);
      // Held 24 + 24 + 96 = 144, used 12 + 12 + 24 = 48, waited 2 + 2 = 4 CPU-hours, 3 jobs.
      assertEquals(144.0, p.at("/users/ann/cpu_held_hours").asDouble(), 1e-9);
      assertEquals(48.0, p.at("/users/ann/cpu_used_hours").asDouble(), 1e-9);
      assertEquals(4.0, p.at("/users/ann/waited_cpu_hours").asDouble(), 1e-9);
      assertEquals(3, p.at("/users/ann/jobs").asInt());
      // All held: 144 + 48 + 96 = 288; used 48 + 36 + 96 = 180: idle 108 / 288 = 37.5 %.
      assertEquals(
          "38 % idle\nof the CPU time held sat idle\n"
              + "Most idle: ann (96 idle CPU-hours), bob (12 idle CPU-hours)\n"
              + "Jobs that ended 19 Oct 00:00 UTC – 20 Nov 00:00 UTC",
          card(p, "waste"));
    }
    // Waited: 2 + 2 CPU-hours on the archived days, 192 in the window: 196; 2 days with waiting.
    PeriodFigures f = PeriodFigures.of(r, new AnswersJson.Period("x", T - 90 * DAY, T));
    assertEquals(196.0, f.waitedCpuHours(), 1e-9);
    assertEquals(2, f.daysWaiting());
    assertEquals(
        "All (from 10 Oct 2026): 19 Oct 00:00 UTC – 20 Nov 00:00 UTC",
        a.at("/all/period").asText());
    // The sentence of 90d says the same period: 19 Oct to 20 Nov is 32 days, 768 h; 144 + 48 + 96
    // = 288 CPU-hours: on average 288 / 768 = 0.375 CPUs of 10 (3.75 %, shown 4 %); ann 144 of
    // 288 = 50 %; waited 196 CPU-hours. The rows keep no hours with work waiting: those count
    // from 21 Oct (cyd's 24 h of 17 Nov), and 19 and 20 Oct are 2 days with work waiting.
    assertEquals(
        "Last 90 days, as far as the data goes (2026-10-19 00:00 UTC to 2026-11-20 00:00 UTC): q"
            + " used on average 0.38 of its 10 CPUs (4 %); ann used the most CPU-hours (50 %)."
            + " Jobs waited 196 CPU-hours for the QoS limit, with work waiting in 24 h of"
            + " 2026-10-21 00:00 UTC to 2026-11-20 00:00 UTC (before it, counted by day: 2 days"
            + " with work waiting).",
        summaries(r).get("90d").asText());
  }

  @Test
  void aDayCountsByItsOverlapButItsJobsOnlyWhenWhollyInside() {
    QosReport r =
        report.withArchive(List.of(annDay("2026-10-19", 1, true), annDay("2026-10-20", 1, true)));
    long noon = LocalDate.parse("2026-10-19").atStartOfDay(UTC).toEpochSecond() + 12 * H;
    PeriodFigures f = PeriodFigures.of(r, new AnswersJson.Period("x", noon, T));
    // 19 Oct from noon: half of its 24 CPU-hours, then 24 on 20 Oct and 96 in the window: 132.
    assertEquals(132.0, f.cpuHours().get("ann"), 1e-9);
    // Waited: half of 2, then 2: 3 CPU-hours. Held only of 20 Oct and the window: 24 + 96 = 120.
    assertEquals(3.0, f.users().get("ann")[DailyHistory.WAITED], 1e-9);
    assertEquals(120.0, f.users().get("ann")[DailyHistory.HELD], 1e-9);
    assertEquals(noon, f.dataFrom());
    assertEquals(noon + 12 * H, f.efficiencyFrom());
    assertEquals(false, f.efficiencyGap());
  }

  @Test
  void rowsKeptBeforeTheFieldsSayNoEfficiencyDataRatherThanAWrongNumber() throws Exception {
    QosReport r =
        report.withArchive(List.of(annDay("2026-10-19", 1, false), annDay("2026-10-20", 1, true)));
    JsonNode p = answers(r).get("90d");
    // The CPU-hours still go back to 19 Oct (ann 24 + 24 + 96 = 144) ...
    assertEquals(144.0, p.at("/users/ann/cpu_hours").asDouble(), 1e-9);
    // ... held and used only from 20 Oct: ann 24 + 96 = 120 held, 12 + 24 = 36 used, 2 waited.
    assertEquals(120.0, p.at("/users/ann/cpu_held_hours").asDouble(), 1e-9);
    assertEquals(36.0, p.at("/users/ann/cpu_used_hours").asDouble(), 1e-9);
    assertEquals(2.0, p.at("/users/ann/waited_cpu_hours").asDouble(), 1e-9);
    assertEquals(
        "Jobs that ended 20 Oct 00:00 UTC – 20 Nov 00:00 UTC"
            + " (no efficiency data before 20 Oct 00:00 UTC)",
        p.get("efficiency_period").asText());
  }

  @Test
  void theWindowsDaysCountHeldUsedAndWaitedPerUser() {
    Map<LocalDate, Day> days = new java.util.HashMap<>();
    report.daily().forEach(d -> days.put(d.date(), d));
    // 17 Nov: cyd waited all day with 8 CPUs: 8 × 86,400 = 691,200 CPU-seconds.
    assertEquals(691_200, days.get(LocalDate.parse("2026-11-17")).cpuSeconds().get("cyd")[2], 1e-6);
    // 18 Nov: bob's job ended at 19 Nov 00:00, the day's end, so it is the 18th's: 48 × 3,600 =
    // 172,800 held, 36 × 3,600 = 129,600 used, 1 job; cyd's 96 × 3,600 = 345,600 held and used.
    assertArrayEquals(
        new double[] {172_800, 129_600, 0, 1},
        days.get(LocalDate.parse("2026-11-18")).cpuSeconds().get("bob"),
        1e-6);
    assertArrayEquals(
        new double[] {345_600, 345_600, 0, 1},
        days.get(LocalDate.parse("2026-11-18")).cpuSeconds().get("cyd"),
        1e-6);
  }

  @Test
  void theHistoryFileKeepsTheFieldsAndReadsOldFilesWithoutThem(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("q.json");
    HistoryArchive a =
        new HistoryArchive(
            "q",
            UTC,
            List.of(annDay("2026-10-19", 1, false), annDay("2026-10-20", 1, true)),
            List.of(),
            null);
    try (var out = Files.newOutputStream(file)) {
      HistoryJson.write(a, null, "test", T, out);
    }
    List<Day> back = HistoryArchiveReader.read(file, "q", UTC).days();
    assertNull(back.get(0).cpuSeconds());
    // 24 h held = 86,400 CPU-seconds, 12 h used = 43,200, 2 h waited = 7,200, 1 job.
    assertArrayEquals(
        new double[] {86_400, 43_200, 7_200, 1}, back.get(1).cpuSeconds().get("ann"), 1e-9);
    // The same file as written before the fields: every day reads as not counted.
    ObjectMapper json = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode old =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(file.toFile());
    old.remove("cpu_seconds");
    json.writeValue(file.toFile(), old);
    List<Day> older = HistoryArchiveReader.read(file, "q", UTC).days();
    assertNull(older.get(1).cpuSeconds());
    assertEquals(24.0, older.get(1).users().get("ann")[0] * 24, 1e-9);
    PeriodFigures f =
        PeriodFigures.of(report.withArchive(older), new AnswersJson.Period("x", T - 90 * DAY, T));
    // No row has the fields: efficiency from the window's first whole day, 21 Oct.
    assertEquals(T - 30 * DAY, f.efficiencyFrom());
    // ann's held CPU-hours are then her window's job alone: 96.
    assertEquals(96.0, f.users().get("ann")[DailyHistory.HELD], 1e-9);
  }

  /**
   * dan's job of {@code cpus} CPUs (asked for 1) from start to end, its time limit and CPU time.
   */
  private static JobRecord dan(
      String id, JobState state, long start, long end, long cpus, long limit, double usedHours) {
    return Jobs.ended(
        id,
        "dan",
        state,
        new Request(start, cpus, 0, 0, "None"),
        new JobRecord.Detail("", limit, 1, 1),
        start,
        end,
        cpus,
        0,
        Math.round(usedHours * H * 1000));
  }

  /**
   * dan's three jobs: on 22 Oct 00:00-06:00, 2 CPUs, 6 of 12 CPU-hours used (50 %), limit 12 h
   * (time 50 %); on 18 Nov 00:00-02:00, 1 CPU, 0.1 of 2 used (5 %: low), timed out at its 2 h
   * limit; on 19 Nov 00:00-01:00, 4 CPUs though he asked for 1 (whole nodes), 4 of 4 used, limit 1
   * h 15 min (time 1 h ÷ 1.25 h = 80 %).
   */
  @Test
  void everyColumnOfTheEfficiencyTableIsThePeriods() throws Exception {
    BinGrid grid = BinGrid.rolling(NOW, Duration.ofDays(30), Duration.ofHours(1), UTC);
    long oct22 = T - 29 * DAY;
    long nov18 = T - 2 * DAY;
    QosReport r =
        Reports.counted(
            "q",
            grid,
            List.of(
                dan("4", JobState.COMPLETED, oct22, oct22 + 6 * H, 2, 12 * H, 6),
                dan("5", JobState.TIMEOUT, nov18, nov18 + 2 * H, 1, 2 * H, 0.1),
                dan("6", JobState.COMPLETED, nov18 + DAY, nov18 + DAY + H, 4, 75 * 60, 4)),
            new QosLimits(10, 0, 0, 0));
    JsonNode a = answers(r);
    // 7d: jobs 5 and 6: 1 under 25 % CPU, 1 timeout (out of the time median), 1 on whole nodes;
    // time median of {80 %}.
    JsonNode week = a.at("/7d/users/dan");
    assertEquals(
        List.of(2, 1, 1, 1), ints(week, "jobs", "low_cpu_jobs", "timeouts", "exclusive_jobs"));
    assertEquals(0.8, week.get("time_efficiency_p50").asDouble(), 1e-9);
    // Memory: none of the jobs has a step with its peak: null, not 0.
    assertTrue(week.get("mem_efficiency_p50").isNull());
    // 30d adds job 4: time median of {50 %, 80 %}, nearest rank ⌈0.5 × 2⌉ = 1st: 50 %.
    JsonNode month = a.at("/30d/users/dan");
    assertEquals(
        List.of(3, 1, 1, 1), ints(month, "jobs", "low_cpu_jobs", "timeouts", "exclusive_jobs"));
    assertEquals(0.5, month.get("time_efficiency_p50").asDouble(), 1e-9);
    assertTrue(a.at("/30d/details_label").isNull());
    assertEquals(a.at("/30d/efficiency_period").asText(), a.at("/30d/details_period").asText());
    // 90d, with daily rows from 19 Oct kept without job counts (as an older librarian kept
    // them): held and used go back to 19 Oct, these columns only to the hourly window's start,
    // 21 Oct 00:00, and the headers say so.
    JsonNode ninety =
        answers(
                r.withArchive(
                    List.of(annDay("2026-10-19", 1, true), annDay("2026-10-20", 1, true))))
            .get("90d");
    assertEquals("ended from 21 Oct 00:00 UTC", ninety.get("details_label").asText());
    assertEquals(
        "Jobs that ended 21 Oct 00:00 UTC – 20 Nov 00:00 UTC; before: days kept without these"
            + " counts",
        ninety.get("details_period").asText());
    assertEquals(1, ninety.at("/users/dan/low_cpu_jobs").asInt());
  }

  private static List<Integer> ints(JsonNode n, String... names) {
    return java.util.Arrays.stream(names).map(k -> n.get(k).asInt()).toList();
  }

  /** ann's day, with {@code hours} hours at the limit kept (2 CPU-hours waited in them). */
  private static Day annDayWithHours(String date, double hours) {
    Day d = annDay(date, 1, true);
    return new Day(
        d.date(),
        d.start(),
        d.seconds(),
        d.users(),
        new double[] {2.0 / 24, 0, hours * H},
        d.cpuSeconds());
  }

  private static List<String> limitCard(QosReport r, String preset) throws Exception {
    for (JsonNode c : answers(r).get(preset).get("cards")) {
      if (c.get("id").asText().equals("limit")) {
        List<String> out = new java.util.ArrayList<>(List.of(c.get("value").asText()));
        c.get("lines").forEach(l -> out.add(l.asText()));
        out.add(c.get("flag").asText());
        return out;
      }
    }
    throw new AssertionError("no limit card");
  }

  @Test
  void theHoursAtTheLimitReachIntoTheDailyRowsThatKeepThem() throws Exception {
    // 19 Oct: 1 h at the limit, 20 Oct: 2 h, then cyd's 24 h (17 Nov) in the hourly window: 27 h
    // over 19 Oct - 20 Nov (32 days, 768 h): 27 / 768 = 3.5 %, under 25 %: "sometimes".
    QosReport r =
        report.withArchive(
            List.of(annDayWithHours("2026-10-19", 1), annDayWithHours("2026-10-20", 2)));
    assertEquals(
        List.of(
            "27 h with work waiting",
            "196 CPU-hours waited for the QoS limit",
            "Waited most: cyd (192 CPU-hours), ann (4 CPU-hours)",
            "sometimes at the limit (< 25 % of the hours)"),
        limitCard(r, "90d"));
    // 19 Oct kept without its hours: they count from 20 Oct, 2 + 24 = 26 h, and the card says
    // so, with 19 Oct's waiting as a day with work waiting.
    QosReport older =
        report.withArchive(
            List.of(annDay("2026-10-19", 1, true), annDayWithHours("2026-10-20", 2)));
    PeriodFigures f = PeriodFigures.of(older, new AnswersJson.Period("x", T - 90 * DAY, T));
    assertEquals(26.0, f.hoursWaiting(), 1e-9);
    assertEquals(T - 31 * DAY, f.hoursFrom());
    assertEquals(1, f.daysWaiting());
    assertEquals(
        "Hours of 20 Oct 00:00 UTC – 20 Nov 00:00 UTC; before: 1 day with work waiting",
        limitCard(older, "90d").get(2));
  }

  @Test
  void theHistoryFileKeepsTheHoursAtTheLimitAndReadsDaysWithout(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("q.json");
    HistoryArchive a =
        new HistoryArchive(
            "q",
            UTC,
            List.of(annDay("2026-10-19", 1, true), annDayWithHours("2026-10-20", 2)),
            List.of(),
            null);
    try (var out = Files.newOutputStream(file)) {
      HistoryJson.write(a, null, "test", T, out);
    }
    List<Day> back = HistoryArchiveReader.read(file, "q", UTC).days();
    // 19 Oct: CPUs and GPUs waiting only; 20 Oct: and 2 h = 7,200 s at the limit.
    assertEquals(2, back.get(0).waitingAtLimit().length);
    assertEquals(7_200, back.get(1).waitingAtLimit()[DailyHistory.WAITING_SECONDS], 1e-9);
  }

  @Test
  void aDayOfTheWindowKeepsItsHoursAtTheLimit() {
    Map<LocalDate, Day> days = new java.util.HashMap<>();
    report.daily().forEach(d -> days.put(d.date(), d));
    // 17 Nov: cyd's 8 CPUs waited every hour of it: 24 × 3,600 = 86,400 s; 16 Nov: none.
    assertEquals(86_400, days.get(LocalDate.parse("2026-11-17")).waitingAtLimit()[2], 1e-9);
    assertEquals(0, days.get(LocalDate.parse("2026-11-16")).waitingAtLimit()[2], 1e-9);
  }
}
