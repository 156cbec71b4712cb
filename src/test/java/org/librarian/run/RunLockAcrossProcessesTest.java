package org.librarian.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;

/**
 * The run lock between two real processes, which is where it matters: an OS file lock is per
 * process, so one JVM taking it twice proves nothing. Regression: the holder read the lock file
 * through a second descriptor, and closing that descriptor silently released the lock.
 */
class RunLockAcrossProcessesTest {
  @TempDir Path tmp;

  /** Starts a JVM that takes the lock; returns it once it said "held" or "busy". */
  Process holder(Path lock, String[] said) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // The test's own JVM starts the holder: there is no librarian program to run for it.
    Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
        LockHolder.class.getName(), lock.toString())).redirectErrorStream(true).start();
    said[0] = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    return p;
  }

  @Test
  void aLockHeldByAnotherProcessIsNotTakenAndARunSaysSo() throws Exception {
    Path lock = tmp.resolve("state/run.lock");
    Files.createDirectories(lock.getParent());
    Files.writeString(lock, "pid=1 host=old started=earlier\n");  // what a killed run leaves
    String[] said = new String[1];
    Process first = holder(lock, said);
    try {
      assertEquals("held", said[0]);
      assertNull(RunLock.tryAcquire(lock, "this test"), "the other process holds the lock");
      Process second = holder(lock, said);
      assertEquals("busy", said[0]);
      second.getOutputStream().close();
      second.waitFor(30, TimeUnit.SECONDS);

      Files.writeString(tmp.resolve("librarian.yaml"), "output: site\nstate_dir: state\nlog_dir: logs\nqos:\n  - name: avery\n");
      Cli.Run run = new Cli(tmp).run("run", "--no-plots");
      assertEquals(0, run.code(), run.err());
      assertTrue(run.out().startsWith("another librarian run is still going (pid=" + first.pid() + " holder)"),
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
}
