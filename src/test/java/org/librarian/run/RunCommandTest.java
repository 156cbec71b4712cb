package org.librarian.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.output.ArchiveQuery;
import org.librarian.publish.GhPagesPublisherAccess;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandException;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;
import org.librarian.slurm.ProcessCommandRunner;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeRunner;
import org.librarian.testing.RunConfig;

/** librarian run with a fake sacct and the real git against a local bare repository. */
class RunCommandTest {
  static final Path HAND = Path.of("src/test/resources/outputs/hand-small/input.sacct.txt");

  @TempDir Path tmp;
  Path remote;
  String sacctOutput;
  final ProcessCommandRunner real = new ProcessCommandRunner();
  final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void setUp() throws Exception {
    remote = tmp.resolve("remote.git");
    real.run(
        Command.of(
            List.of("git", "init", "-q", "--bare", remote.toString()), Duration.ofMinutes(1)));
    sacctOutput = Files.readString(HAND);
    RunConfig.site()
        .zone("America/New_York")
        .qos("avery", "cpus: 48, gpus: 3, memory_gb: 200")
        .lines("deploy:", "  repo: " + remote)
        .writeTo(tmp);
  }

  /** sacct answers from the script; everything else (git) runs for real. */
  CommandRunner runner(CommandRunner sacct) {
    return c -> c.argv().get(0).equals("sacct") ? sacct.run(c) : real.run(c);
  }

  Cli.Run run(CommandRunner sacct, String... extra) throws Exception {
    String[] args = new String[extra.length + 2];
    args[0] = "run";
    args[1] = "--no-plots";
    System.arraycopy(extra, 0, args, 2, extra.length);
    return new Cli(tmp).programs("sacct").runner(runner(sacct)).run(args);
  }

  CommandRunner sacctOk() {
    return new FakeRunner(c -> new CommandResult(0, sacctOutput, ""));
  }

  CommandRunner sacctDown() {
    return new FakeRunner(
        c ->
            new CommandResult(
                1, "", "sacct: error: Problem talking to the database: Connection refused\n"));
  }

  String published(String file) throws Exception {
    CommandResult r =
        real.run(
            Command.of(
                List.of("git", "--git-dir=" + remote, "show", "gh-pages:" + file),
                Duration.ofMinutes(1)));
    assertEquals(0, r.exitCode(), r.stderr());
    return r.stdout();
  }

  @Test
  void aRunParsesBuildsTheSiteWritesStatusAndPublishes() throws Exception {
    Cli.Run run = run(sacctOk());
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("deploy: created gh-pages of " + remote), run.out());
    assertTrue(run.out().contains("run: finished in "), run.out());
    assertTrue(run.out().contains("1 of 1 QoS updated, 0 deploy failures"), run.out());
    Path site = tmp.resolve("site");
    JsonNode status = json.readTree(site.resolve("status.json").toFile());
    assertTrue(status.get("ok").asBoolean());
    assertEquals("2026-11-20T07:30:00-05:00", status.get("started").asText());
    assertEquals("2026-11-20T07:40:00-05:00", status.get("next_run").asText());
    assertEquals(600, status.get("run_interval_seconds").asInt());
    JsonNode row = status.get("qos").get(0);
    assertEquals("avery", row.get("qos").asText());
    assertEquals(
        7, row.get("rows_read").asInt(), "the hand-small file has 7 data rows under its header");
    assertEquals(0, row.get("sacct_exit_code").asInt());
    assertTrue(row.get("error").isNull());
    assertEquals(Files.readString(site.resolve("data_avery.json")), published("data_avery.json"));
    assertEquals(Files.readString(site.resolve("status.json")), published("status.json"));
    assertTrue(published("manifest.json").contains("\"data_avery.json\""));
    List<String> log = Files.readAllLines(tmp.resolve("logs/run.log"));
    assertTrue(
        log.get(0).startsWith("2026-11-20T07:30:00-05:00 run: started, librarian "), log.get(0));
    assertTrue(
        log.stream().anyMatch(l -> l.contains("parse avery: 7 rows read, 1 skipped, 3 jobs")),
        log.toString());
    assertTrue(
        log.stream().anyMatch(l -> l.contains("deploy: created gh-pages of " + remote)),
        log.toString());
    assertTrue(log.get(log.size() - 1).contains("run: finished in "), log.toString());
  }

  @Test
  void aRunWithAnArchiveAppendsEachFinishedJobOnce() throws Exception {
    // hand-small's finished jobs: 1 (ann, COMPLETED), 4 (dave, CANCELLED before it started) and 6
    // (eve, TIMEOUT); 2_3 still runs, 3 waits, 7 is malformed. The second run adds nothing.
    for (int i = 0; i < 2; i++) {
      Cli.Run run = run(sacctOk(), "--archive", "arch");
      assertEquals(0, run.code(), run.err());
      assertTrue(run.out().contains("archive: " + (i == 0 ? 3 : 0) + " finished jobs"), run.out());
    }
    assertEquals(
        List.of(
            List.of("1", "ann", "21600"), List.of("4", "dave", "0"), List.of("6", "eve", "16200")),
        ArchiveQuery.run(
                tmp.resolve("arch"),
                "SELECT job_id, user_name, cpu_seconds FROM jobs ORDER BY job_id")
            .rows(),
        "ann: 4 CPUs × 5400 s; eve: 2 CPUs × 8100 s");
  }

  @Test
  void whenSacctFailsThePreviousDataStaysAndOnlyTheStatusChanges() throws Exception {
    assertEquals(0, run(sacctOk()).code());
    Path data = tmp.resolve("site/data_avery.json");
    byte[] before = Files.readAllBytes(data);
    String publishedBefore = published("data_avery.json");

    Cli.Run failed = run(sacctDown());
    assertEquals(1, failed.code());
    assertTrue(
        failed
            .err()
            .contains(
                "sacct for avery failed (exit 1): sacct: error: Problem talking to the database"),
        failed.err());
    assertTrue(failed.err().contains("the previous data of avery stays published"), failed.err());
    assertArrayEquals(before, Files.readAllBytes(data));
    assertEquals(publishedBefore, published("data_avery.json"));
    JsonNode status = json.readTree(published("status.json"));
    assertFalse(status.get("ok").asBoolean());
    assertEquals(1, status.get("qos").get(0).get("sacct_exit_code").asInt());
    assertTrue(
        status.get("qos").get(0).get("error").asText().contains("Problem talking to the database"));
    assertTrue(
        Files.readString(tmp.resolve("logs/run.log"))
            .contains("parse avery: FAILED: sacct for avery failed"));
  }

  @Test
  void aRunWithoutTheOldFilesStillKeepsThePublishedDataOfAFailedQos() throws Exception {
    assertEquals(0, run(sacctOk()).code());
    String publishedBefore = published("data_avery.json");
    // A new machine, or a cleaned output directory: the data exists only on the branch.
    GhPagesPublisherAccess.deleteTree(tmp.resolve("site"));
    assertEquals(1, run(sacctDown()).code());
    assertEquals(publishedBefore, published("data_avery.json"));
    assertFalse(json.readTree(published("status.json")).get("ok").asBoolean());
  }

  @Test
  void aRunThatFindsAnotherStillGoingExitsAtOnce() throws Exception {
    CountDownLatch inSacct = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CommandRunner slow =
        c -> {
          inSacct.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            throw new CommandException("interrupted", e);
          }
          return sacctOk().run(c);
        };
    CompletableFuture<Cli.Run> first =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return run(slow);
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
    assertTrue(inSacct.await(30, TimeUnit.SECONDS));
    Cli.Run second = run(sacctOk());
    release.countDown();
    assertEquals(0, second.code());
    assertTrue(
        second
            .out()
            .startsWith(
                "another librarian run is still going (pid=" + ProcessHandle.current().pid()),
        second.out());
    Cli.Run firstRun = first.get(60, TimeUnit.SECONDS);
    assertEquals(0, firstRun.code(), firstRun.err());
    assertEquals(
        "",
        Files.readString(tmp.resolve("state/run.lock")),
        "a finished run leaves the lock empty");
  }

  @Test
  void aLockLeftByAKilledRunIsTakenOver() throws Exception {
    Files.createDirectories(tmp.resolve("state"));
    Files.writeString(
        tmp.resolve("state/run.lock"), "pid=999999 host=node1 started=2026-11-20T07:20:00-05:00\n");
    Cli.Run run = run(sacctOk());
    assertEquals(0, run.code(), run.err());
    assertTrue(
        run.out()
            .startsWith(
                "the previous run (pid=999999 host=node1 started=2026-11-20T07:20:00-05:00) ended "
                    + "without releasing "
                    + tmp.resolve("state/run.lock")
                    + "; taking it over"),
        run.out());
  }

  @Test
  void dryRunChangesNothing() throws Exception {
    FakeRunner sacct =
        new FakeRunner(
            c -> {
              throw new AssertionError("dry run ran " + c.display());
            });
    Cli.Run run = run(sacct, "--dry-run");
    assertEquals(0, run.code(), run.err());
    assertTrue(
        run.out().contains("avery: would run SLURM_TIME_FORMAT=%s TZ=America/New_York sacct"),
        run.out());
    assertTrue(
        run.out().contains("would write the site and status.json into " + tmp.resolve("site")),
        run.out());
    assertTrue(
        run.out()
            .contains(
                "deploy: would publish "
                    + tmp.resolve("site")
                    + " to branch gh-pages of "
                    + remote),
        run.out());
    assertFalse(Files.exists(tmp.resolve("site")));
    assertFalse(Files.exists(tmp.resolve("state")));
    assertFalse(Files.exists(tmp.resolve("logs")));
  }

  @Test
  void theLogMovesAsideWhenItGrowsTooLarge() throws Exception {
    Path file = tmp.resolve("logs/run.log");
    RunLog log =
        new RunLog(
            file,
            200,
            Clock.fixed(Instant.parse("2026-11-20T12:30:00Z"), ZoneOffset.UTC),
            ZoneId.of("America/New_York"));
    for (int i = 0; i < 20; i++) {
      assertTrue(log.line("step " + i + " of a run that logs a fair amount"));
    }
    assertTrue(Files.size(file) <= 200 + 80, "the current log stays near its bound");
    assertTrue(Files.exists(file.resolveSibling("run.log.1")));
    assertTrue(
        Files.readString(file)
            .endsWith("2026-11-20T07:30:00-05:00 step 19 of a run that logs a fair amount\n"));
  }
}
