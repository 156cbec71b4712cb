package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Jobs;
import org.librarian.testing.Reports;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DailyHistory.Day;
import org.librarian.usage.JobCounts;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.Request;

/**
 * The efficiency table's counted columns over the daily history: a 30-day hourly window (UTC, 21
 * Oct 00:00 to 20 Nov 00:00) with dan's three jobs, and before it two archived days of dan's jobs
 * kept with their {@link JobCounts}.
 *
 * <ul>
 *   <li>window: 22 Oct, 2 CPUs, 6 of 12 CPU-hours used, 50 % of its 12 h limit; 18 Nov, 1 CPU, 0.1
 *       of 2 used (5 %: low), timed out; 19 Nov, 4 CPUs though he asked for 1 (whole nodes), 4 of 4
 *       used, 1 h of its 1 h 15 min (80 %). No memory peaks: memory not known. So: 1 low, 1
 *       timeout, 1 whole-node, time {50.0, 80.0} %.
 *   <li>19 Oct: 3 jobs (24 CPU-hours held, 12 used), 1 low, memory {30.0, 70.0, 70.0} %, time
 *       {10.0, 20.0, 90.0} %.
 *   <li>20 Oct: 2 jobs (24 held, 12 used), both timed out, one on whole nodes; memory {40.0} %.
 * </ul>
 */
class PeriodJobCountsTest {
  private static final long H = 3600;
  private static final long DAY = 86_400;
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Instant NOW = Instant.parse("2026-11-20T00:00:00Z");
  private static final long T = NOW.getEpochSecond();
  private static QosReport report;

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

  @BeforeAll
  static void report() {
    BinGrid grid = BinGrid.rolling(NOW, Duration.ofDays(30), Duration.ofHours(1), UTC);
    long oct22 = T - 29 * DAY;
    long nov18 = T - 2 * DAY;
    report =
        Reports.counted(
            "q",
            grid,
            List.of(
                dan("4", JobState.COMPLETED, oct22, oct22 + 6 * H, 2, 12 * H, 6),
                dan("5", JobState.TIMEOUT, nov18, nov18 + 2 * H, 1, 2 * H, 0.1),
                dan("6", JobState.COMPLETED, nov18 + DAY, nov18 + DAY + H, 4, 75 * 60, 4)),
            new QosLimits(10, 0, 0, 0));
  }

  private static TreeMap<Integer, Long> tenths(long... pairs) {
    TreeMap<Integer, Long> m = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((int) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  /** dan's archived day: 1 CPU all day, 24 CPU-hours held and 12 used by {@code jobs} jobs. */
  private static Day danDay(String date, long jobs, Map<String, JobCounts> counts) {
    LocalDate d = LocalDate.parse(date);
    return new Day(
        d,
        d.atStartOfDay(UTC).toEpochSecond(),
        DAY,
        Map.of("dan", new double[] {1, 0, 0, 0}),
        new double[] {0, 0, 0},
        Map.of("dan", new double[] {24 * H, 12 * H, 0, jobs}),
        counts);
  }

  /** 19 Oct also ran 2 h on 1 GPU at 40 %: 7,200 GPU-seconds, 288,000 weighted; no GPU memory. */
  private static final JobCounts OCT19 =
      new JobCounts(
          1, 0, 0, tenths(300, 1, 700, 2), tenths(100, 1, 200, 1, 900, 1), 288_000, 7_200, -1);

  private static final JobCounts OCT20 = new JobCounts(0, 2, 1, tenths(400, 1), tenths());

  private static JsonNode answers(QosReport r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UsageJson.write(r, out);
    return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("answers");
  }

  private static List<Integer> ints(JsonNode n, String... names) {
    return java.util.Arrays.stream(names).map(k -> n.get(k).asInt()).toList();
  }

  @Test
  void ninetyDaysCountEveryColumnOverTheDaysAndTheWindow() throws Exception {
    QosReport r =
        report.withArchive(
            List.of(
                danDay("2026-10-19", 3, Map.of("dan", OCT19)),
                danDay("2026-10-20", 2, Map.of("dan", OCT20))));
    JsonNode ninety = answers(r).get("90d");
    JsonNode dan = ninety.at("/users/dan");
    // Jobs 3 + 2 + 3 = 8; low 1 + 0 + 1 = 2; timeouts 0 + 2 + 1 = 3; whole-node 0 + 1 + 1 = 2.
    assertEquals(
        List.of(8, 2, 3, 2), ints(dan, "jobs", "low_cpu_jobs", "timeouts", "exclusive_jobs"));
    // Memory {30, 40, 70, 70} %: nearest rank ⌈0.5 × 4⌉ = 2nd, 40.0 %. Time {10, 20, 50, 80, 90}
    // %: ⌈0.5 × 5⌉ = 3rd, 50.0 %.
    assertEquals(0.4, dan.get("mem_efficiency_p50").asDouble(), 1e-12);
    assertEquals(0.5, dan.get("time_efficiency_p50").asDouble(), 1e-12);
    // GPU: 19 Oct's 288,000 / 7,200 GPU-seconds = 40 %; the window's jobs had no GPUs. 7d: none.
    assertEquals(40.0, dan.get("gpu_util").asDouble(), 1e-12);
    assertTrue(dan.get("gpu_memory_max_gb").isNull());
    assertTrue(answers(r).at("/7d/users/dan/gpu_util").isNull());
    // The columns count over the whole period: no label of their own, the same words.
    assertTrue(ninety.get("details_label").isNull());
    assertEquals(
        "Jobs that ended 19 Oct 00:00 UTC – 20 Nov 00:00 UTC",
        ninety.get("details_period").asText());
    assertEquals(ninety.get("efficiency_period").asText(), ninety.get("details_period").asText());
    // 7d (13-20 Nov) is the window's alone, from the jobs themselves: time {80 %}.
    JsonNode week = answers(r).at("/7d/users/dan");
    assertEquals(
        List.of(2, 1, 1, 1), ints(week, "jobs", "low_cpu_jobs", "timeouts", "exclusive_jobs"));
    assertEquals(0.8, week.get("time_efficiency_p50").asDouble(), 1e-9);
  }

  @Test
  void aDayKeptWithoutTheCountsIsNotKnownAndTheColumnsSayFromWhen() throws Exception {
    // 19 Oct kept by an older librarian (held and used, no job counts): the columns count from
    // 20 Oct: low 0 + 1 = 1, timeouts 2 + 1 = 3, whole-node 1 + 1 = 2, memory {40} %, time {50,
    // 80} %: the 1st, 50 %.
    QosReport r =
        report.withArchive(
            List.of(danDay("2026-10-19", 3, null), danDay("2026-10-20", 2, Map.of("dan", OCT20))));
    JsonNode ninety = answers(r).get("90d");
    JsonNode dan = ninety.at("/users/dan");
    assertEquals(List.of(1, 3, 2), ints(dan, "low_cpu_jobs", "timeouts", "exclusive_jobs"));
    assertEquals(0.4, dan.get("mem_efficiency_p50").asDouble(), 1e-12);
    assertEquals(0.5, dan.get("time_efficiency_p50").asDouble(), 1e-12);
    // Held and used still go back to 19 Oct (8 jobs); the columns say which part they cover.
    assertEquals(8, dan.get("jobs").asInt());
    assertEquals(
        "Jobs that ended 19 Oct 00:00 UTC – 20 Nov 00:00 UTC",
        ninety.get("efficiency_period").asText());
    assertEquals("ended from 20 Oct 00:00 UTC", ninety.get("details_label").asText());
    assertEquals(
        "Jobs that ended 20 Oct 00:00 UTC – 20 Nov 00:00 UTC; before: days kept without these"
            + " counts",
        ninety.get("details_period").asText());
    PeriodFigures f = PeriodFigures.of(r, new AnswersJson.Period("x", T - 90 * DAY, T));
    assertEquals(T - 31 * DAY, f.detailsFrom());
  }

  @Test
  void theArchiveKeepsTheCountsAndReadsDaysWithoutThemAsNotKnown(@TempDir Path dir)
      throws Exception {
    Path archive = dir.resolve("state/q.json");
    Path site = dir.resolve("site/history_q.json");
    // eve's counts are published under dan's name: the site's copy adds them up. Her GPU jobs:
    // 7,200 GPU-seconds at 40 % (288,000), 3 GiB = 3,145,728 KiB at most.
    JobCounts eve =
        new JobCounts(0, 1, 0, tenths(300, 1), tenths(600, 2), 288_000, 7_200, 3_145_728);
    List<Day> fresh =
        List.of(
            danDay("2026-10-19", 3, Map.of("dan", OCT19, "eve", eve)),
            danDay("2026-10-20", 2, Map.of("dan", OCT20)),
            danDay("2026-10-21", 0, null));
    UnaryOperator<String> published = u -> "dan";
    HistoryArchiveWriter.update(
        archive,
        site,
        "q",
        UTC,
        fresh,
        new QosLimits(10, 0, 0, 0),
        null,
        "test",
        T,
        null,
        published);
    List<Day> back = HistoryArchiveReader.read(archive, "q", UTC).days();
    assertEquals(Map.of("dan", OCT19, "eve", eve), back.get(0).jobCounts());
    assertEquals(Map.of("dan", OCT20), back.get(1).jobCounts());
    assertNull(back.get(2).jobCounts());
    // The site's copy: dan + eve on 19 Oct: low 1, timeouts 1, memory {30 ×2, 70 ×2}, time {10,
    // 20, 60 ×2, 90}, GPU 288,000 + 288,000 over 7,200 + 7,200 s, memory eve's 3 GiB.
    JobCounts both = HistoryArchiveReader.read(site, "q", UTC).days().get(0).jobCounts().get("dan");
    assertEquals(
        new JobCounts(
            1,
            1,
            0,
            tenths(300, 2, 700, 2),
            tenths(100, 1, 200, 1, 600, 2, 900, 1),
            576_000,
            14_400,
            3_145_728),
        both);
    // As written: pairs of tenths and jobs per day, [] where none; known per day.
    ObjectMapper json = new ObjectMapper();
    ObjectNode file = (ObjectNode) json.readTree(archive.toFile());
    assertEquals("[[300,1,700,2],[400,1],[]]", file.at("/job_counts/memory_tenths/dan").toString());
    assertEquals("[true,true,false]", file.at("/job_counts/known").toString());
    assertEquals("[0,2,0]", file.at("/job_counts/timeouts/dan").toString());
    assertEquals("[7200,0,0]", file.at("/job_counts/gpu_seconds/eve").toString());
    assertEquals(40.0, back.get(0).jobCounts().get("eve").gpuUtilPercent(), 1e-12);
    // dan's days know no GPU memory: 0 in the file, -1 (not known) read back.
    assertEquals(-1, back.get(1).jobCounts().get("dan").gpuMemoryMaxKib());
    // The same file as an older librarian wrote it, without job_counts: every day not known.
    file.remove("job_counts");
    json.writeValue(archive.toFile(), file);
    for (Day d : HistoryArchiveReader.read(archive, "q", UTC).days()) {
      assertNull(d.jobCounts());
      assertEquals(24.0 * H, d.cpuSeconds().get("dan")[0], 1e-9);
    }
  }
}
