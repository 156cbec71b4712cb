package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;
import org.librarian.testing.RealTestbed;

/**
 * The job archive written by {@code parse --archive} and read back by DuckDB itself: every finished
 * job once, CPU-hours equal to the JSON's, nothing archived twice, each run of a requeued job, the
 * efficiency figures from the steps, whole days of the daily history, and no half-written file.
 */
class JobArchiveTest {
  @TempDir Path dir;

  private Cli.Run parseRealTestbed() {
    return RealTestbed.parse(dir, "--window", "1d", "--resolution", "1h", "--archive", "arch");
  }

  /** Rows of {@code sql} over the archive's views, each a list of strings. */
  private List<List<String>> query(String sql) throws Exception {
    return ArchiveQuery.run(dir.resolve("arch"), sql).rows();
  }

  @Test
  void theRealTestbedCaseIsArchivedOnceWithTheJsonsCpuHours() throws Exception {
    Cli.Run run = parseRealTestbed();
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("archive: 12 finished jobs and 0 user-days appended"), run.out());
    // 12 allocation rows, all ended in a final state: 6 that ran (9, 10, 27, 28, 45, 46) and 6 het
    // components that never started (13+0 … 49+1, Start None), each once.
    assertEquals(
        List.of(List.of("12", "12", "6")),
        query(
            "SELECT count(*), count(DISTINCT (job_id, start_time)), count(start_time) FROM jobs"));
    // ann: 8 CPUs × (79 + 87 + 80) s = 1968 CPU-seconds = 0.547 CPU-h; cyd: 1 × (76 + 84 + 77) =
    // 237 CPU-seconds = 0.066 CPU-h (the README's hand-worked totals).
    assertEquals(
        List.of(List.of("ann", "1968"), List.of("cyd", "237")),
        query("SELECT user_name, sum(cpu_seconds) FROM jobs GROUP BY ALL ORDER BY ALL"));
    JsonNode totals =
        new ObjectMapper().readTree(dir.resolve("out/data_avery-b.json").toFile()).get("totals");
    for (List<String> row :
        query("SELECT user_name, round(sum(cpu_seconds) / 3600, 3) FROM jobs GROUP BY ALL")) {
      assertEquals(
          totals.get(row.get(0)).get("cpu_hours").asDouble(),
          Double.parseDouble(row.get(1)),
          1e-9,
          row.get(0));
    }
    // Job 10 as sacct gave it: submitted 1795402488 (2026-11-23T02:54:48Z), started a second later,
    // 79 s, 16 GB = 16 × 1024³ = 17179869184 bytes.
    assertEquals(
        List.of(
            List.of(
                "avery-lab",
                "avery-b",
                "CANCELLED",
                "2026-11-23T02:54:48Z",
                "2026-11-23T02:54:49Z",
                "2026-11-23T02:56:08Z",
                "79",
                "8",
                "17179869184",
                "2026-11",
                "1")),
        query(
            "SELECT account, qos, state, submit_time, start_time, end_time, elapsed_seconds, cpus,"
                + " memory_bytes, month, schema_version FROM jobs WHERE job_id = '10'"));
    // The input has no Eligible and no TotalCPU: no wait, no CPU time used.
    assertEquals(
        List.of(List.of("0", "0")),
        query("SELECT count(wait_seconds), count(cpu_used_seconds) FROM jobs"));
  }

  @Test
  void runningTwiceArchivesNothingTwice() throws Exception {
    assertEquals(0, parseRealTestbed().code());
    Cli.Run again = parseRealTestbed();
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("archive: 0 finished jobs"), again.out());
    assertEquals(
        List.of(List.of("12", "12")),
        query("SELECT count(*), count(DISTINCT (job_id, start_time)) FROM jobs"));
    assertEquals(1, parquetFiles().size(), parquetFiles().toString());
  }

  private static final String HEADER =
      "JobID|JobIDRaw|User|Account|QOS|State|Submit|Eligible|Start|End|ElapsedRaw|NCPUS|NNodes"
          + "|ReqMem|AllocTRES|TotalCPU|MaxRSS|Partition";

  private Cli.Run parse(String name, List<String> rows, String window) throws Exception {
    List<String> lines = new ArrayList<>(List.of(HEADER));
    lines.addAll(rows);
    Path file = Files.write(dir.resolve(name), lines);
    return new Cli(dir)
        .run(
            "parse",
            "--sacct-file",
            file.toString(),
            "--out",
            "out",
            "--no-plots",
            "--qos",
            "gpu",
            "--now",
            "2026-11-20T12:30:00Z",
            "--timezone",
            "UTC",
            "--window",
            window,
            "--archive",
            "arch");
  }

  @Test
  void aRequeuedJobsRunsAreEachArchivedWithTheirStepsFigures() throws Exception {
    // Job 100 ran, was requeued (NODE_FAIL), and ran again: two runs, two Starts. Its second run's
    // steps used 2 h 30 min of CPU and peaked at 3 GiB (the larger of 1 GiB and 3 GiB).
    List<String> rows =
        List.of(
            "100|100|ann|lab|gpu|NODE_FAIL|2026-11-20T00:00:00|2026-11-20T00:00:00"
                + "|2026-11-20T01:00:00|2026-11-20T02:00:00|3600|4|1|8G"
                + "|billing=4,cpu=4,gres/gpu=1,mem=8G,node=1|00:10:00||a100",
            "100|100|ann|lab|gpu|COMPLETED|2026-11-20T00:00:00|2026-11-20T02:05:00"
                + "|2026-11-20T03:00:00|2026-11-20T05:00:00|7200|4|1|8G"
                + "|billing=4,cpu=4,gres/gpu=1,mem=8G,node=1|||a100",
            "100.batch|100.batch||lab||COMPLETED|||2026-11-20T03:00:00|2026-11-20T05:00:00|7200|4|1"
                + "||cpu=4|01:30:00|1G|",
            "100.0|100.0||lab||COMPLETED|||2026-11-20T03:00:00|2026-11-20T05:00:00|7200|4|1"
                + "||cpu=4|01:00:00|3G|",
            "101|101|bob|lab|gpu|RUNNING|2026-11-20T10:00:00|2026-11-20T10:00:00"
                + "|2026-11-20T10:00:00|Unknown|9000|2|1|4G|billing=2,cpu=2,mem=4G,node=1|||cpu");
    Cli.Run run = parse("requeue.txt", rows, "1d");
    assertEquals(0, run.code(), run.err());
    // The running job 101 is not finished: it waits for a later run.
    assertEquals(
        List.of(
            List.of(
                "100",
                "NODE_FAIL",
                "2026-11-20T01:00:00Z",
                "3600",
                "3600",
                "14400",
                "3600",
                "600.0",
                ""),
            List.of(
                "100",
                "COMPLETED",
                "2026-11-20T03:00:00Z",
                "3300",
                "7200",
                "28800",
                "7200",
                "9000.0",
                "3221225472")),
        query(
            "SELECT job_id, state, start_time, wait_seconds, elapsed_seconds, cpu_seconds,"
                + " gpu_seconds, cpu_used_seconds, peak_memory_bytes FROM jobs ORDER BY start_time"));
    // wait: 01:00 − 00:00 = 3600 s and 03:00 − 02:05 = 3300 s; CPU time: the first run's own
    // TotalCPU
    // (10 min = 600 s), the second's steps 1:30:00 + 1:00:00 = 9000 s; CPU-seconds 4 × 3600 and
    // 4 × 7200; peak 3 GiB = 3 × 1024³ = 3221225472 bytes.
    assertEquals(
        List.of(List.of("a100", "lab")), query("SELECT DISTINCT partition, account FROM jobs"));

    // docs/archive.md's idle CPU-hours: (14400 − 600) + (28800 − 9000) = 33600 CPU-seconds held and
    // not used = 9.3 CPU-hours; efficiency 9600 / 43200 = 22.2 %.
    assertEquals(
        List.of(List.of("ann", "9.3", "22.2", "2")),
        query(
            "SELECT user_name, round(sum(cpu_seconds - cpu_used_seconds) / 3600, 1),"
                + " round(100 * sum(cpu_used_seconds) / sum(cpu_seconds), 1), count(*) FROM jobs"
                + " WHERE cpu_used_seconds IS NOT NULL AND cpu_seconds > 0 GROUP BY user_name"));
    // The same answer again with the first run printed twice: nothing new.
    List<String> twice = new ArrayList<>(rows);
    twice.add(rows.get(0));
    Cli.Run again = parse("requeue.txt", twice, "1d");
    assertEquals(0, again.code(), again.err());
    assertEquals(List.of(List.of("2")), query("SELECT count(*) FROM jobs"));
  }

  @Test
  void wholeDaysOfTheDailyHistoryAreArchivedOncePerQosAndDay() throws Exception {
    // 2 days back from 12:30Z on the 20th: the 19th is the one whole day (the 18th's bins start at
    // 13:00, the 20th is not over). ann: 4 CPUs for 6 h of it = 4 × 21600 / 86400 = 1.0 CPU on
    // average, 0.25 jobs; 8 GB × 6 h / 24 h = 2.0 GB.
    List<String> rows =
        List.of(
            "200|200|ann|lab|gpu|COMPLETED|2026-11-19T00:00:00|2026-11-19T00:00:00"
                + "|2026-11-19T00:00:00|2026-11-19T06:00:00|21600|4|1|8G"
                + "|billing=4,cpu=4,mem=8G,node=1|||cpu");
    assertEquals(0, parse("day.txt", rows, "2d").code());
    assertEquals(
        List.of(
            List.of(
                "gpu",
                "2026-11-19",
                "86400",
                "UTC",
                "ann",
                "1.0",
                "0.0",
                "2.0",
                "0.25",
                "2026-11")),
        query(
            "SELECT qos, date, day_seconds, timezone, user_name, cpus, gpus, memory_gb, jobs, month"
                + " FROM daily"));
    assertEquals(0, parse("day.txt", rows, "2d").code());
    assertEquals(List.of(List.of("1")), query("SELECT count(*) FROM daily"));
  }

  @Test
  void aWriteKilledHalfwayLeavesNothingVisibleAndIsSweptByTheNextRun() throws Exception {
    // What a writer killed during its COPY leaves: a hidden temporary file of a process that is no
    // longer running, half a Parquet file.
    Process gone = new ProcessBuilder("true").start();
    assertEquals(0, gone.waitFor());
    Path month = Files.createDirectories(dir.resolve("arch/jobs/month=2026-11"));
    Path half = month.resolve(".part-x.parquet." + gone.pid() + ".1.tmp");
    Files.write(half, new byte[] {'P', 'A', 'R', '1', 0, 0, 0});
    // Readers' globs pass it over: the archive reads as empty, not broken.
    assertEquals(List.of(List.of("0")), query("SELECT count(*) FROM jobs"));
    assertEquals(0, parseRealTestbed().code());
    assertFalse(Files.exists(half));
    assertEquals(List.of(List.of("12")), query("SELECT count(*) FROM jobs"));
    // Every visible file is whole: DuckDB reads each alone.
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      for (Path f : parquetFiles()) {
        try (ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM read_parquet(" + JobArchive.literal(f.toString()) + ")")) {
          assertTrue(r.next());
          assertEquals(12, r.getLong(1));
        }
      }
    }
    try (Stream<Path> all = Files.walk(dir.resolve("arch"))) {
      assertEquals(
          List.of(), all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
    }
  }

  @Test
  void noArchiveIsWrittenUnlessAsked() throws Exception {
    Cli.Run run = RealTestbed.parse(dir);
    assertEquals(0, run.code(), run.err());
    assertFalse(run.out().contains("archive:"), run.out());
    try (Stream<Path> all = Files.walk(dir)) {
      assertNull(all.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElse(null));
    }
  }

  private List<Path> parquetFiles() throws Exception {
    try (Stream<Path> all = Files.walk(dir.resolve("arch"))) {
      return all.filter(p -> p.getFileName().toString().matches("[^.].*\\.parquet"))
          .sorted()
          .toList();
    }
  }
}
