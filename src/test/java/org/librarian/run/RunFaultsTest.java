package org.librarian.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;
import org.librarian.slurm.ProcessCommandRunner;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeAccounting;
import org.librarian.testing.RunConfig;

/**
 * librarian run against a fake accounting database that answers --starttime, --qos and --duplicates
 * as sacct does, and that can fail in the ways a real one was seen to. Two QoS; the jobs, in UTC on
 * 2026-11-20 (H = an hour):
 *
 * <pre>
 * avery    100  ann  4 CPUs  10:00-11:00 COMPLETED                            4 CPU-hours
 * avery    101  ann  8 CPUs  08:00-09:00 REQUEUED, then 09:30-11:30 COMPLETED 8 + 16 CPU-hours
 * avery-b  200  bob  2 CPUs  06:00-     RUNNING                               2 × (now - 06:00)
 * </pre>
 */
class RunFaultsTest {
  static final long DAY = Instant.parse("2026-11-20T00:00:00Z").getEpochSecond();
  static final long H = 3600;
  static final Instant NOON = Instant.parse("2026-11-20T12:00:00Z");

  @TempDir Path tmp;
  final ObjectMapper json = new ObjectMapper();
  final FakeAccounting sacct = new FakeAccounting();

  @BeforeEach
  void setUp() throws Exception {
    sacct
        .add("100", "ann", "avery", "COMPLETED", DAY + 10 * H, DAY + 11 * H, 4)
        .add("101", "ann", "avery", "REQUEUED", DAY + 8 * H, DAY + 9 * H, 8)
        .add("101", "ann", "avery", "COMPLETED", DAY + 9 * H + H / 2, DAY + 11 * H + H / 2, 8)
        .add("200", "bob", "avery-b", "COMPLETED", DAY + 6 * H, -1, 2);
    RunConfig.avery48().lines("  - name: avery-b", "    limits: {cpus: 64}").writeTo(tmp);
  }

  Cli.Run run(Instant at, String... extra) throws Exception {
    sacct.now = at;
    List<String> args = new ArrayList<>(List.of("run", "--no-plots"));
    args.addAll(List.of(extra));
    return Cli.withSacct(tmp, sacct, at).run(args.toArray(String[]::new));
  }

  /** A run at {@code at} whose output says which query it made: {@code query}. */
  void runSaying(Instant at, String query) throws Exception {
    Cli.Run run = run(at);
    assertTrue(run.out().contains(query), run.out());
  }

  double cpuHours(String qos, String user) throws Exception {
    JsonNode totals =
        json.readTree(tmp.resolve("site/data_" + qos + ".json").toFile()).get("totals").get(user);
    return totals == null ? 0 : totals.get("cpu_hours").asDouble();
  }

  JsonNode status() throws Exception {
    return json.readTree(tmp.resolve("site/status.json").toFile());
  }

  @Test
  void twoQosCostOneSacctCallPerRunAndEveryRunOfARequeuedJobCounts() throws Exception {
    Cli.Run first = run(NOON);
    assertEquals(0, first.code(), first.err());
    assertEquals(1, sacct.calls.size());
    assertTrue(
        sacct.calls.get(0).argv().containsAll(List.of("--qos=avery,avery-b", "--duplicates")));
    assertEquals(4 + 8 + 16, cpuHours("avery", "ann"), 1e-9);
    assertEquals(12, cpuHours("avery-b", "bob"), 1e-9);
    assertTrue(first.out().contains("(full window)"), first.out());

    // Ten minutes later: one incremental call; run 1 of job 101 (ended 09:00, before the query's
    // 11:00 start) comes from the cache, run 2 from sacct: both count, neither twice.
    Cli.Run second = run(NOON.plus(Duration.ofMinutes(10)));
    assertEquals(0, second.code(), second.err());
    assertEquals(2, sacct.calls.size());
    assertTrue(
        sacct.calls.get(1).argv().contains("--starttime=2026-11-20T11:00:00"),
        sacct.calls.get(1).display());
    assertTrue(
        second.out().contains("(incremental since 2026-11-20T11:00:00+00:00)"), second.out());
    assertEquals(28, cpuHours("avery", "ann"), 1e-9);
    assertEquals(2 * (6 + 10 / 60.0), cpuHours("avery-b", "bob"), 0.0005);
  }

  @Test
  void aFirstRunWhoseSacctPrintedOnlyItsHeaderIsNotCachedAndTheNextRecovers() throws Exception {
    sacct.mode = FakeAccounting.Mode.HEADER_ONLY;
    assertEquals(0, run(NOON).code());
    assertEquals(0, cpuHours("avery", "ann"));
    sacct.mode = FakeAccounting.Mode.OK;
    runSaying(NOON.plus(Duration.ofMinutes(10)), "(full window)");
    assertEquals(28, cpuHours("avery", "ann"), 1e-9);
    runSaying(NOON.plus(Duration.ofMinutes(20)), "(incremental since ");
    assertEquals(28, cpuHours("avery", "ann"), 1e-9);
  }

  @Test
  void aFullQueryIsMadeOnceTheReconcilePeriodHasPassed() throws Exception {
    run(NOON);
    assertTrue(run(NOON.plus(Duration.ofMinutes(10))).out().contains("(incremental since "));
    // A job that slurmdbd recorded late: it ended long before the incremental query's start.
    sacct.add("102", "cyd", "avery", "COMPLETED", DAY + H, DAY + 2 * H, 1);
    assertTrue(run(NOON.plus(Duration.ofMinutes(20))).out().contains("(incremental since "));
    assertEquals(0, cpuHours("avery", "cyd"), "not seen by the incremental query");
    runSaying(NOON.plus(Duration.ofDays(1)), "(full window)");
    assertEquals(1, cpuHours("avery", "cyd"), 1e-9);
  }

  @Test
  void outputCutShortFailsTheRunAndKeepsThePreviousData() throws Exception {
    run(NOON);
    failsKeepingTheData("site/data_avery.json", FakeAccounting.Mode.CUT_SHORT, 10, "cut short");
    assertFalse(status().get("ok").asBoolean());
    assertTrue(status().get("qos").get(1).get("error").asText().contains("cut short"));
  }

  @Test
  void aHangingOrGarbledSacctFailsTheRunAndKeepsThePreviousData() throws Exception {
    run(NOON);
    String file = "site/data_avery-b.json";
    failsKeepingTheData(
        file, FakeAccounting.Mode.HANG, 10, "did not finish within 600 s and was stopped");
    Cli.Run garbled =
        failsKeepingTheData(file, FakeAccounting.Mode.GARBAGE, 20, "sacct's output: line ");
    assertFalse(garbled.err().contains("\tat "), garbled.err());
    sacct.mode = FakeAccounting.Mode.OK;
    Cli.Run back = run(NOON.plus(Duration.ofMinutes(30)));
    assertEquals(0, back.code(), back.err());
    assertEquals(28, cpuHours("avery", "ann"), 1e-9);
  }

  /**
   * A run minutes after NOON with sacct in the given mode: exit 1 with the message, and the
   * published file as it was before.
   */
  private Cli.Run failsKeepingTheData(
      String file, FakeAccounting.Mode mode, int minutes, String msg) throws Exception {
    String before = Files.readString(tmp.resolve(file));
    sacct.mode = mode;
    Cli.Run run = run(NOON.plus(Duration.ofMinutes(minutes)));
    assertEquals(1, run.code());
    assertTrue(run.err().contains(msg), run.err());
    assertEquals(before, Files.readString(tmp.resolve(file)));
    return run;
  }

  @Test
  void anEmptyAnswerIsAFailureNotAnEmptyDataset() throws Exception {
    sacct.mode = FakeAccounting.Mode.NOTHING;
    Cli.Run run = run(NOON);
    assertEquals(1, run.code());
    assertTrue(run.err().contains("the input is empty"), run.err());
    assertFalse(Files.exists(tmp.resolve("site/data_avery.json")));
  }

  @Test
  void anAbsurdRowIsSkippedWithItsLineAndTheRestCounts() throws Exception {
    sacct.extra.add(
        "300|300|eve|lab|avery|COMPLETED|"
            + DAY
            + "|"
            + DAY
            + "|"
            + (DAY + H)
            + "|3600|"
            + Long.MAX_VALUE
            + "|1|1G|cpu=1");
    Cli.Run run = run(NOON);
    assertEquals(0, run.code(), run.err());
    assertTrue(
        run.err().contains("skipped malformed row, line 6: more than any job can hold"), run.err());
    assertEquals(28, cpuHours("avery", "ann"), 1e-9);
    assertEquals(1, status().get("qos").get(0).get("rows_skipped").asInt());
    // status.json names the QoS and the row, and the page shows it.
    assertTrue(
        status().at("/qos/0/problems/0").asText().startsWith("line 6: more than any job can hold"),
        status().toString());
    assertEquals(0, status().at("/qos/1/problems").size());
  }

  @Test
  void sumsTooLargeForALongFailThatQosAloneWithoutATrace() throws Exception {
    // Five runs of 1 PiB each for 25 days: every row is within bounds, their memory sum is not.
    for (int i = 0; i < 5; i++) {
      sacct.runs.add(
          new FakeAccounting.Run(
              "40" + i,
              "eve",
              "avery",
              "COMPLETED",
              DAY - 25 * 24 * H,
              DAY - 25 * 24 * H,
              DAY,
              1,
              "1024T"));
    }
    Cli.Run run = run(NOON);
    assertEquals(1, run.code());
    assertTrue(run.err().contains("the usage sums of avery are too large"), run.err());
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    assertFalse(Files.exists(tmp.resolve("site/data_avery.json")));
    assertEquals(12, cpuHours("avery-b", "bob"), 1e-9);
    JsonNode qos = status().get("qos");
    assertFalse(qos.get(0).get("ok").asBoolean());
    assertTrue(qos.get(0).get("error").asText().contains("too large"));
    assertTrue(qos.get(1).get("ok").asBoolean());
    assertTrue(
        Files.readString(tmp.resolve("logs/run.log"))
            .contains("parse avery: FAILED: the usage sums"));
  }

  @Test
  void noTemporaryFilesAreLeftAndThoseOfKilledRunsAreSwept() throws Exception {
    Path stateTmp = Files.createDirectories(tmp.resolve("state/tmp"));
    // A dead process's leftovers (no process has id 999999999) and a live one's (this JVM's).
    Path dead = Files.writeString(stateTmp.resolve(".sacct.999999999.123.tmp"), "x");
    Path live =
        Files.writeString(
            stateTmp.resolve(".sacct." + ProcessHandle.current().pid() + ".1.tmp"), "x");
    Path siteDead =
        Files.writeString(
            Files.createDirectories(tmp.resolve("site"))
                .resolve(".data_avery.json.999999999.5.tmp"),
            "x");
    sacct.mode = FakeAccounting.Mode.DOWN;
    assertEquals(1, run(NOON).code());
    assertFalse(Files.exists(dead));
    assertFalse(Files.exists(siteDead));
    assertTrue(Files.exists(live));
    Files.delete(live);
    try (Stream<Path> left = Files.list(stateTmp)) {
      assertEquals(List.of(), left.toList(), "a failed sacct call leaves no file");
    }
    sacct.mode = FakeAccounting.Mode.OK;
    assertEquals(0, run(NOON).code());
    try (Stream<Path> left = Files.list(stateTmp)) {
      assertEquals(List.of(), left.toList());
    }
    try (Stream<Path> site = Files.list(tmp.resolve("site"))) {
      assertNull(
          site.filter(p -> p.getFileName().toString().endsWith(".tmp")).findFirst().orElse(null));
    }
  }

  @Test
  void underScrontabTheScheduleComesFromTheJobsOwnCronSpecAndALateStartIsLogged() throws Exception {
    // The run's own job, as scontrol shows it with SLURM_TIME_FORMAT=%s: eligible at 11:40, started
    // at noon.
    String self =
        "JobId=77 JobName=librarian-run UserId=ann(1001) QOS=avery JobState=RUNNING Reason=None CronJob=Yes"
            + " CrontabSpec=\"5,35 * * * *\" SubmitTime="
            + (NOON.getEpochSecond() - 1500)
            + " EligibleTime="
            + (NOON.getEpochSecond() - 1200)
            + " StartTime="
            + NOON.getEpochSecond()
            + " EndTime=Unknown\n";
    List<String> asked = new ArrayList<>();
    CommandRunner slurm =
        c -> {
          if (c.argv().get(0).endsWith("scontrol")) {
            asked.add(c.display());
            return new CommandResult(0, self, "");
          }
          return sacct.run(c);
        };
    sacct.now = NOON;
    // The run as Slurm job 77, its sacct and scontrol answered as above.
    Cli asJob77 =
        new Cli(tmp).programs("sacct").runner(slurm).clock(NOON).env("SLURM_JOB_ID", "77");
    Cli.Run run = asJob77.run("run", "--no-plots");
    assertEquals(0, run.code(), run.err());
    assertEquals(List.of("SLURM_TIME_FORMAT=%s scontrol show job -o 77"), asked);
    JsonNode status = status();
    // Runs at :05 and :35: the longest gap is 30 min, and after noon the next is 12:05.
    assertEquals(1800, status.get("run_interval_seconds").asInt());
    assertEquals("2026-11-20T12:05:00+00:00", status.get("next_run").asText());
    assertEquals("crontab 5,35 * * * *", status.get("schedule_source").asText());
    assertEquals(1200, status.at("/job/waited_seconds").asInt());
    assertEquals(
        1800,
        json.readTree(tmp.resolve("site/manifest.json").toFile())
            .get("run_interval_seconds")
            .asInt());
    assertFalse(
        Files.readString(tmp.resolve("logs/run.log")).contains("this run waited"),
        "20 min is within 30");

    // run_interval in the configuration wins over the cron spec; a 20-minute wait is then a late
    // start.
    Files.writeString(
        tmp.resolve("librarian.yaml"),
        Files.readString(tmp.resolve("librarian.yaml")) + "run_interval: 10m\n");
    run = asJob77.run("run", "--no-plots");
    assertEquals(0, run.code(), run.err());
    assertEquals(600, status().get("run_interval_seconds").asInt());
    assertEquals("run_interval", status().get("schedule_source").asText());
    assertTrue(
        Files.readString(tmp.resolve("logs/run.log"))
            .contains("run: this run waited 20 min after it could have" + " started"),
        Files.readString(tmp.resolve("logs/run.log")));
  }

  /** Runs mount or umount as root (tests run as root in CI); fails the test when it cannot. */
  void mount(String... argv) throws Exception {
    List<String> all = new ArrayList<>(List.of(argv));
    CommandResult r = new ProcessCommandRunner().run(Command.of(all, Duration.ofMinutes(1)));
    assertEquals(0, r.exitCode(), String.join(" ", argv) + ": " + r.stderr());
  }

  @Test
  void aFullDiskKeepsThePreviousSiteWholeAndTheRunExits1NamingTheDisk() throws Exception {
    Path site = Files.createDirectories(tmp.resolve("site"));
    mount("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", site.toString());
    try {
      assertEquals(0, run(NOON).code());
      String before = Files.readString(site.resolve("data_avery.json"));
      String statusBefore = Files.readString(site.resolve("status.json"));
      // Fill what is left of the 2 MiB.
      try (OutputStream filler = Files.newOutputStream(site.resolve("filler"))) {
        byte[] block = new byte[4096];
        while (true) {
          filler.write(block);
          filler.flush();
        }
      } catch (IOException full) {
        assertTrue(full.getMessage().contains("No space left on device"), full.getMessage());
      }
      Cli.Run run = run(NOON.plus(Duration.ofMinutes(10)));
      assertEquals(1, run.code(), run.out() + run.err());
      assertTrue(run.err().contains("No space left on device"), run.err());
      assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
      assertEquals(before, Files.readString(site.resolve("data_avery.json")));
      assertEquals(statusBefore, Files.readString(site.resolve("status.json")));
      try (Stream<Path> left = Files.list(site)) {
        assertEquals(
            List.of(), left.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
      }
    } finally {
      mount("umount", site.toString());
    }
  }

  @Test
  void aReadOnlyStateDirectoryExits1WithAClearMessageAndNoTrace() throws Exception {
    Path state = Files.createDirectories(tmp.resolve("state"));
    // chmod does not stop root: a read-only file system does.
    mount("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", state.toString());
    try {
      mount("mount", "-o", "remount,ro", state.toString());
      Cli.Run run = run(NOON);
      assertEquals(1, run.code(), run.out() + run.err());
      assertTrue(
          run.err().contains("cannot take the run lock " + state.resolve("run.lock")), run.err());
      assertTrue(run.err().contains("Read-only file system"), run.err());
      assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    } finally {
      mount("umount", state.toString());
    }
  }
}
