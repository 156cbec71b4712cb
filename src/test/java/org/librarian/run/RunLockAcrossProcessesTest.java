package org.librarian.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.notify.ReceiverAccess;
import org.librarian.testing.Cli;
import org.librarian.testing.RunConfig;

/**
 * The run lock between two real processes, which is where it matters: an OS file lock is per
 * process, so one JVM taking it twice proves nothing. Regression: the holder read the lock file
 * through a second descriptor, and closing that descriptor silently released the lock.
 */
class RunLockAcrossProcessesTest {
  @TempDir Path tmp;

  /** Starts a JVM that takes the lock; returns it once it said "held" or "busy". */
  Process holder(Path lock, String[] said, String... owner) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // The test's own JVM starts the holder: there is no librarian program to run for it.
    List<String> argv =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                lock.toString()));
    argv.addAll(List.of(owner));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    said[0] =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    return p;
  }

  @Test
  void aLockHeldByAnotherProcessIsNotTakenAndARunSaysSo() throws Exception {
    Path lock = tmp.resolve("state/run.lock");
    Files.createDirectories(lock.getParent());
    Files.writeString(lock, "pid=1 host=old started=earlier\n"); // what a killed run leaves
    String[] said = new String[1];
    Process first = holder(lock, said);
    try {
      assertEquals("held", said[0]);
      assertNull(RunLock.tryAcquire(lock, "this test"), "the other process holds the lock");
      Process second = holder(lock, said);
      assertEquals("busy", said[0]);
      second.getOutputStream().close();
      second.waitFor(30, TimeUnit.SECONDS);

      Files.writeString(
          tmp.resolve("librarian.yaml"),
          "output: site\nstate_dir: state\nlog_dir: logs\nqos:\n  - name: avery\n");
      Cli.Run run = new Cli(tmp).run("run", "--no-plots");
      assertEquals(0, run.code(), run.err());
      assertTrue(
          run.out()
              .startsWith("another librarian run is still going (pid=" + first.pid() + " holder)"),
          run.out());
    } finally {
      first.getOutputStream().close();
      assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    }
    // Released when its holder ended: taken at once, with no "killed run" left to report.
    try (RunLock mine = RunLock.tryAcquire(lock, "this test")) {
      assertNotNull(mine);
      assertNull(mine.previousHolder());
    }
  }

  /**
   * A run stuck since 11:39 (a hung step of a build without a deadline): at 11:59, 20 min later, it
   * may still be going (exit 0); at 12:00, 21 min, more than two 10-minute intervals, it is stuck:
   * exit 1, status.json and run.log say since when, and the stale alert goes out.
   */
  @Test
  void aLockHeldLongerThanTwoIntervalsIsReportedNotSkippedSilently() throws Exception {
    Path lock = tmp.resolve("state/run.lock");
    Files.createDirectories(lock.getParent());
    Files.createDirectories(tmp.resolve("site"));
    // What the last good run (11:20) left: the stale rule reads it.
    Files.writeString(
        tmp.resolve("site/status.json"),
        "{\"schema_version\": 1, \"ok\": true, \"started\":"
            + " \"2026-11-20T11:20:00+00:00\", \"finished\": \"2026-11-20T11:20:30+00:00\", \"run_interval_seconds\": 600,"
            + " \"qos\": []}\n");
    try (ReceiverAccess receiver = new ReceiverAccess()) {
      RunConfig.site()
          .lines("run_interval: 10m", "qos:", "  - name: avery")
          .webhook("ops", receiver.url("/hook"))
          .lines("  rules:", "    - {when: stale, channels: [ops]}")
          .writeTo(tmp);
      String[] said = new String[1];
      Process stuck = holder(lock, said, "started=2026-11-20T11:39:00+00:00");
      try {
        assertEquals("held", said[0]);
        Cli.Run going =
            new Cli(tmp).clock(Instant.parse("2026-11-20T11:59:00Z")).run("run", "--no-plots");
        assertEquals(0, going.code(), going.err());
        assertTrue(going.out().startsWith("another librarian run is still going"), going.out());
        assertEquals(List.of(), receiver.texts());

        Cli.Run late =
            new Cli(tmp).clock(Instant.parse("2026-11-20T12:00:00Z")).run("run", "--no-plots");
        assertEquals(1, late.code(), late.out());
        assertTrue(
            late.err()
                .contains(
                    "has been held since 2026-11-20T11:39:00+00:00 (21 min, more than two run"
                        + " intervals of 10 min) by pid="
                        + stuck.pid()
                        + " holder"),
            late.err());
        JsonNode status = new ObjectMapper().readTree(tmp.resolve("site/status.json").toFile());
        assertEquals("2026-11-20T11:39:00+00:00", status.get("lock_stuck_since").asText());
        assertEquals(
            "2026-11-20T11:20:30+00:00",
            status.get("finished").asText(),
            "the last run's record stays");
        assertTrue(
            Files.readString(tmp.resolve("logs/run.log")).contains("run: STUCK: the run lock"));
        // The last data is from 11:20:30, 39.5 min before noon: more than three intervals.
        assertEquals(1, receiver.texts().size(), receiver.texts().toString());
        assertTrue(receiver.texts().get(0).contains("stale"), receiver.texts().toString());
      } finally {
        stuck.getOutputStream().close();
        assertTrue(stuck.waitFor(30, TimeUnit.SECONDS));
      }
    }
  }
}
