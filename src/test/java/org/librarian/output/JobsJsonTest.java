package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Jobs;
import org.librarian.testing.Reports;
import org.librarian.usage.BinGrid;
import org.librarian.usage.EfficiencyCounter;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.Request;
import org.librarian.usage.StepRecord;
import org.librarian.usage.UsageBinner;

class JobsJsonTest {
  private static final long GIB = 1024 * 1024;

  /** 2026-11-20T12:00:00Z, 13:00 in Berlin (CET, +01:00). */
  private static final long NOW = 1_795_176_000L;

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /** A name with the delimiter sacct's -P uses, quotes, a script tag and an emoji. */
  private static final String HARD = "fit|\"x\" <script>alert(1)</script> \uD83D\uDE80_7";

  private static JobRecord job(
      String id,
      String user,
      String name,
      JobState state,
      long start,
      long end,
      long cpus,
      long memKib,
      long cpuMillis,
      long eligible,
      long limit) {
    return Jobs.ended(
        id,
        user,
        state,
        eligible == JobRecord.UNKNOWN ? null : new Request(eligible, cpus, 0, memKib, "", "p"),
        new JobRecord.Detail(name, limit, cpus, 1),
        start,
        end,
        cpus,
        memKib,
        cpuMillis);
  }

  /** ann's job of 1 CPU and 1 GiB, a limit of 60 s, no Eligible time. */
  private static JobRecord leftOut(
      String id, String name, JobState state, long start, long end, long cpuMillis) {
    return job(id, "ann", name, state, start, end, 1, GIB, cpuMillis, JobRecord.UNKNOWN, 60);
  }

  static QosReport report() {
    BinGrid grid =
        BinGrid.rolling(
            Instant.ofEpochSecond(NOW), Duration.ofDays(30), Duration.ofHours(1), BERLIN);
    EfficiencyCounter c = new EfficiencyCounter(grid.start(), grid.now());
    // 101: 4 CPUs for 3600 s (14400 CPU-s held), TotalCPU 5760 s: 0.4; limit 7200 s: 0.5; waited
    // 600 s (Start − Eligible); 2 GB peak of 8 GB: 0.25.
    c.add(
        job(
            "101",
            "ann",
            HARD,
            JobState.COMPLETED,
            NOW - 7200,
            NOW - 3600,
            4,
            8 * GIB,
            5_760_000,
            NOW - 7800,
            7200));
    c.add(new StepRecord("101", 0, 2 * GIB, Double.NaN));
    // 102: 2 CPUs for 3600 s (7200 CPU-s), TotalCPU 1800 s: 0.25; its whole limit of 3600 s: 1.0;
    // no Eligible: wait unknown; 3 GB peak of 4 GB: 0.75.
    c.add(
        job(
            "102",
            "bob",
            "align_17",
            JobState.TIMEOUT,
            NOW - 4000,
            NOW - 400,
            2,
            4 * GIB,
            1_800_000,
            JobRecord.UNKNOWN,
            3600));
    c.add(new StepRecord("102", 0, 3 * GIB, Double.NaN));
    // 103_2: an array task without a name: family "array 103"; 1 CPU for 60 s, TotalCPU 30 s: 0.5;
    // no limit and no step memory: both unknown; waited 0 s.
    c.add(
        job(
            "103_2",
            "bob",
            "",
            JobState.FAILED,
            NOW - 86_400,
            NOW - 86_340,
            1,
            GIB,
            30_000,
            NOW - 86_400,
            JobRecord.UNKNOWN));
    // Left out: one that ended 31 days ago (before the window), one still running, one with no CPU
    // figure at all (no TotalCPU, no steps).
    c.add(
        leftOut(
            "90", "old", JobState.COMPLETED, NOW - 31 * 86_400L - 60, NOW - 31 * 86_400L, 1000));
    c.add(leftOut("104", "run", JobState.RUNNING, NOW - 60, JobRecord.UNKNOWN, 1000));
    c.add(leftOut("105", "blind", JobState.COMPLETED, NOW - 120, NOW - 60, JobRecord.UNKNOWN));
    return Reports.of("q", new UsageBinner(grid).report(), c.report(), null, QosLimits.NONE);
  }

  private static String written(QosReport r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JobsJson.write(r, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyJobThatEndedOneRowALineLatestFirst() throws Exception {
    String text = written(report());
    List<String> lines = text.lines().toList();
    // The header line, then one line per job: 102 ended at 11:53:20Z (12:53:20 in Berlin), 101 at
    // 11:00Z (12:00), 103_2 a day earlier at 12:01Z (13:01).
    assertEquals(4, lines.size());
    assertEquals(
        "[\"102\",\"align_17\",\"bob\",\"align_#\",\"TIMEOUT\",null,3600,"
            + "\"2026-11-20T12:53:20+01:00\",1.0,0.25,0.75],",
        lines.get(1));
    assertEquals(
        "[\"101\",\"fit|\\\"x\\\" <script>alert(1)</script> \uD83D\uDE80_7\",\"ann\","
            + "\"fit|\\\"x\\\" <script>alert(1)</script> \uD83D\uDE80_#\",\"COMPLETED\",600,3600,"
            + "\"2026-11-20T12:00:00+01:00\",0.5,0.4,0.25],",
        lines.get(2));
    assertEquals(
        "[\"103_2\",\"\",\"bob\",\"array 103\",\"FAILED\",0,60,"
            + "\"2026-11-19T13:01:00+01:00\",null,0.5,null]]}",
        lines.get(3));
  }

  @Test
  void theHeaderNamesTheColumnsAndTheWindowAndTheNameReadsBackIntact() throws Exception {
    JsonNode d = new ObjectMapper().readTree(written(report()));
    assertEquals(1, d.get("schema_version").asInt());
    assertEquals("q", d.get("qos").asText());
    assertEquals("Europe/Berlin", d.get("timezone").asText());
    // 30 days of hours back from 13:00 (+01:00); the window crosses the end of summer time on 25
    // October, so its first hour is 14:00 (+02:00): 2026-10-21T12:00Z either way.
    assertEquals("2026-10-21T14:00:00+02:00", d.get("from").asText());
    assertEquals("2026-11-20T13:00:00+01:00", d.get("to").asText());
    assertEquals(JobsJson.COLUMNS.size(), d.get("columns").size());
    assertEquals("job_id", d.get("columns").get(0).asText());
    assertEquals("mem_efficiency", d.get("columns").get(10).asText());
    assertEquals(3, d.get("rows").size());
    assertEquals(HARD, d.get("rows").get(1).get(1).asText());
    assertTrue(
        d.get("sentence")
            .asText()
            .endsWith("the 3 jobs that ended, latest first (times in Europe/Berlin)."),
        d.get("sentence").asText());
  }

  @Test
  void writtenWithTheDataFileAndNotWithoutEfficiency(@TempDir Path dir) throws Exception {
    QosReport r = report();
    List<Path> written = QosFiles.write(r, dir, Set.of(), 800, 450);
    // The jobs file first, the data file (what the page reads) last.
    assertEquals(List.of(dir.resolve("jobs_q.json"), dir.resolve("data_q.json")), written);
    assertEquals(written(r), Files.readString(dir.resolve("jobs_q.json")));
    // Without efficiency figures (a saved file without TotalCPU): no jobs file, and none left over.
    QosReport bare = Reports.of("q", r.usage(), null, null, QosLimits.NONE);
    assertEquals(
        List.of(dir.resolve("data_q.json")), QosFiles.write(bare, dir, Set.of(), 800, 450));
    assertFalse(Files.exists(dir.resolve("jobs_q.json")));
  }
}
