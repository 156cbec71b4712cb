package org.librarian.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.common.Ticker;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandException;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;
import org.librarian.slurm.ProcessCommandRunner;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeAccounting;
import org.librarian.testing.ManualTicker;
import org.librarian.testing.Poll;
import org.librarian.testing.RunConfig;

/**
 * A run's deadline (run_deadline, here 30 s; run_interval 1 min): a step that hangs is abandoned,
 * named in run.log and status.json, and the rest of the run still publishes. The runs' deadlines
 * are measured on a {@link ManualTicker} that the hanging step itself moves past 30 s, so nothing
 * waits for them; one test drives {@link RunDeadline} with the real ticker and a 1 s deadline to
 * see the hung step's thread abandoned. The jobs are those of {@link RunFaultsTest}: avery has 28
 * CPU-hours of ann's, avery-b 12 of bob's at noon.
 */
class RunDeadlineTest {
  static final long DAY = Instant.parse("2026-11-20T00:00:00Z").getEpochSecond();
  static final long H = 3600;
  static final Instant NOON = Instant.parse("2026-11-20T12:00:00Z");

  /** A hung run used to hang for ever; ending within this is what is asserted, not how fast. */
  static final Duration ENDS = Duration.ofMinutes(2);

  @TempDir Path tmp;
  final ObjectMapper json = new ObjectMapper();
  final FakeAccounting sacct = new FakeAccounting();

  /** Released when the test ends, so that the threads of abandoned steps end too. */
  final CountDownLatch hangUntil = new CountDownLatch(1);

  /** The time the runs' deadlines are measured in; 31 s is past run_deadline's 30 s. */
  final ManualTicker ticker = new ManualTicker();

  static final Duration PAST_THE_DEADLINE = Duration.ofSeconds(31);

  final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void setUp() {
    sacct
        .add("100", "ann", "avery", "COMPLETED", DAY + 10 * H, DAY + 11 * H, 4)
        .add("101", "ann", "avery", "REQUEUED", DAY + 8 * H, DAY + 9 * H, 8)
        .add("101", "ann", "avery", "COMPLETED", DAY + 9 * H + H / 2, DAY + 11 * H + H / 2, 8)
        .add("200", "bob", "avery-b", "COMPLETED", DAY + 6 * H, -1, 2);
    sacct.now = NOON;
  }

  @AfterEach
  void release() throws Exception {
    hangUntil.countDown();
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  void config(String... extra) throws Exception {
    RunConfig.site()
        .lines("run_interval: 1m", "run_deadline: 30s")
        .lines("qos:", "  - name: avery", "    limits: {cpus: 48}", "  - name: avery-b")
        .lines(extra)
        .writeTo(tmp);
  }

  JsonNode status() throws Exception {
    return json.readTree(tmp.resolve("site/status.json").toFile());
  }

  double cpuHours(String qos, String user) throws Exception {
    return json.readTree(tmp.resolve("site/data_" + qos + ".json").toFile())
        .at("/totals/" + user + "/cpu_hours")
        .asDouble();
  }

  /**
   * sacct answers; sacctmgr (asked for avery-b's limits, which the config does not give) never
   * does, and the run's deadline passes while it hangs: once the collect step and avery's, drawn at
   * the same time on the other core, have ended (on one core they end before avery-b starts).
   */
  CommandRunner sacctmgrHangs() {
    return c -> {
      if (c.argv().get(0).endsWith("sacctmgr")) {
        try {
          Poll.until(
              ENDS,
              Duration.ofMillis(20),
              "the collect step and avery's to end",
              () -> ": " + ticker.done() + " steps ended",
              () -> ticker.done() >= 2);
        } catch (Exception e) {
          throw new CommandException("avery was never drawn", e);
        }
        ticker.moveTo(PAST_THE_DEADLINE);
        try {
          hangUntil.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // as the real runner does
          throw new CommandException("interrupted", e);
        }
        return new CommandResult(1, "", "");
      }
      return sacct.run(c);
    };
  }

  @Test
  void hungDrawingOfOneQosIsAbandonedAndTheOthersArePublished() throws Exception {
    config();
    Cli.Run run =
        assertTimeoutPreemptively(
            ENDS,
            () ->
                new Cli(tmp)
                    .programs("sacct", "sacctmgr")
                    .runner(sacctmgrHangs())
                    .ticker(ticker)
                    .clock(NOON)
                    .run("run", "--no-plots"));
    assertEquals(1, run.code(), run.out() + run.err());
    assertEquals(28, cpuHours("avery", "ann"), 1e-9);
    assertFalse(
        Files.exists(tmp.resolve("site/data_avery-b.json")), "nothing half-drawn of avery-b");
    JsonNode status = status();
    assertEquals("[\"draw avery-b\"]", status.get("abandoned").toString());
    assertEquals(30, status.get("deadline_seconds").asInt());
    assertFalse(status.get("ok").asBoolean());
    assertTrue(status.at("/qos/0/ok").asBoolean());
    assertTrue(
        status.at("/qos/1/error").asText().contains("draw avery-b was abandoned"),
        status.toString());
    assertTrue(Files.readString(tmp.resolve("logs/run.log")).contains("draw avery-b: ABANDONED"));
    assertTrue(run.out().contains("abandoned at the deadline: draw avery-b"), run.out());
  }

  @Test
  void slowDripReceiverDoesNotHangTheRunAndTheSiteIsPublishedFirst() throws Exception {
    // A webhook that takes the connection and never answers.
    ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closing.add(silent);
    List<Socket> held = new ArrayList<>();
    Thread accept =
        new Thread(
            () -> {
              try {
                while (true) {
                  held.add(silent.accept());
                  // notify is waiting for an answer that never comes: its deadline passes.
                  ticker.moveTo(PAST_THE_DEADLINE);
                }
              } catch (Exception e) {
                // closed at the end of the test
              }
            });
    accept.setDaemon(true);
    accept.start();
    Path remote = tmp.resolve("remote.git");
    CommandResult init =
        new ProcessCommandRunner()
            .run(Command.of(List.of("git", "init", "-q", "--bare", remote.toString()), ENDS));
    assertEquals(0, init.exitCode(), init.stderr());
    config(
        "    limits: {cpus: 64}",
        "deploy:",
        "  repo: " + remote,
        "alerts:",
        "  channels:",
        "    ops: {type: webhook, url: \"http://127.0.0.1:" + silent.getLocalPort() + "/hook\"}",
        "  rules:",
        "    - {when: usage_above, observable: NCPUS, percent: 5, for: 1h, channels: [ops]}");
    // git is real (a local bare repository); sacct is the fake.
    ProcessCommandRunner real = new ProcessCommandRunner();
    CommandRunner runner = c -> c.argv().get(0).endsWith("sacct") ? sacct.run(c) : real.run(c);
    Cli cli =
        new Cli(tmp)
            .programs("sacct")
            .runner(runner)
            .ticker(ticker)
            .clock(NOON)
            .env("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"));
    Cli.Run run = assertTimeoutPreemptively(ENDS, () -> cli.run("run", "--no-plots"));
    assertEquals(1, run.code(), run.out() + run.err());
    assertEquals("[\"notify\"]", status().get("abandoned").toString());
    assertTrue(
        run.err()
            .contains("notify was abandoned: it did not end within the run's deadline of 30 s"),
        run.err());
    assertTrue(Files.readString(tmp.resolve("logs/run.log")).contains("notify: ABANDONED"));
    CommandResult published =
        real.run(
            Command.of(
                List.of("git", "--git-dir=" + remote, "show", "gh-pages:data_avery.json"), ENDS));
    assertEquals(0, published.exitCode(), published.stderr());
    assertEquals(
        28, json.readTree(published.stdout()).at("/totals/ann/cpu_hours").asDouble(), 1e-9);
    for (Socket s : held) {
      s.close();
    }
  }

  /**
   * Past the deadline a collecting step is not started, a publishing one may still use the time to
   * the end of the interval (here 60 s), and one that runs past that is abandoned too.
   */
  @Test
  void pastTheDeadlinePublishingHasUntilTheEndOfTheInterval() throws Exception {
    RunDeadline deadline = new RunDeadline(Duration.ofSeconds(30), Duration.ofSeconds(60), ticker);
    assertEquals("read", deadline.step("collect avery", () -> "read"));
    ticker.moveTo(PAST_THE_DEADLINE);
    assertThrows(
        RunDeadline.Abandoned.class,
        () -> deadline.step("draw avery", () -> fail("a step past the deadline does not start")));
    assertEquals("pushed", deadline.publish("deploy", () -> "pushed"));
    RunDeadline.Abandoned late =
        assertThrows(
            RunDeadline.Abandoned.class,
            () ->
                deadline.publish(
                    "notify",
                    () -> {
                      ticker.moveTo(Duration.ofSeconds(61)); // past the end of the interval
                      hangUntil.await();
                      return "never";
                    }));
    assertEquals(
        "notify was abandoned: it did not end within the run's deadline of 30 s",
        late.getMessage());
    assertEquals(List.of("draw avery", "notify"), deadline.abandoned());
  }

  /**
   * The real ticker and a real deadline of 1 s: the step still hanging then is abandoned and its
   * thread interrupted. Nothing here depends on how long that takes (only that it happens, within a
   * generous 2 minutes for the interrupt to arrive).
   */
  @Test
  void atARealDeadlineTheHungStepsThreadIsInterrupted() throws Exception {
    RunDeadline deadline =
        new RunDeadline(Duration.ofSeconds(1), Duration.ofMinutes(10), Ticker.SYSTEM);
    CountDownLatch interrupted = new CountDownLatch(1);
    RunDeadline.Abandoned e =
        assertThrows(
            RunDeadline.Abandoned.class,
            () ->
                deadline.step(
                    "draw avery",
                    () -> {
                      try {
                        hangUntil.await();
                      } catch (InterruptedException x) {
                        interrupted.countDown();
                      }
                      return null;
                    }));
    assertEquals(
        "draw avery was abandoned: it did not end within the run's deadline of 1 s",
        e.getMessage());
    assertTrue(
        interrupted.await(2, TimeUnit.MINUTES), "the abandoned step's thread was interrupted");
    assertEquals(List.of("draw avery"), deadline.abandoned());
  }
}
