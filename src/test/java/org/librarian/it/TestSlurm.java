package org.librarian.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;
import org.librarian.slurm.ProcessCommandRunner;
import org.librarian.testing.Poll;

/**
 * The real one-node Slurm of scripts/slurm-testbed.sh as every Slurm integration test talks to it:
 * its programs through the one command runner, as root or as one of its Unix users (ann, bob, cyd),
 * every call with a timeout of two minutes; a test starts only when the controller answers; and
 * waits on it that poll once a second until a deadline.
 */
final class TestSlurm {
  final ProcessCommandRunner runner = new ProcessCommandRunner();

  /**
   * Fails at once, saying how to start it, when no Slurm answers; otherwise a fresh working
   * directory named {@code prefix}…, readable by the testbed's users (rwxr-xr-x).
   */
  Path workDir(String prefix) throws Exception {
    CommandResult ping = sh("scontrol", "ping");
    if (ping.exitCode() != 0) {
      fail("no Slurm: start it with scripts/slurm-testbed.sh up (" + ping.stderr().strip() + ")");
    }
    Path work = Files.createTempDirectory(prefix);
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    return work;
  }

  /** {@code argv} as root, within two minutes. */
  CommandResult sh(String... argv) throws Exception {
    return runner.run(Command.of(List.of(argv), Duration.ofMinutes(2)));
  }

  /** {@code argv} as {@code user} (runuser, with the user's HOME), within two minutes. */
  CommandResult as(String user, String... argv) throws Exception {
    List<String> full = new ArrayList<>(List.of("runuser", "-u", user, "--"));
    full.addAll(List.of(argv));
    return runner.run(
        new Command(
            full, Map.of("HOME", "/home/" + user, "USER", user), Duration.ofMinutes(2), null));
  }

  /**
   * sbatch as {@code user} with {@code args}, output to /dev/null, in /tmp; the job's id. A refused
   * submission fails the test.
   */
  String submit(String user, String... args) throws Exception {
    List<String> argv =
        new ArrayList<>(List.of("sbatch", "--parsable", "-o", "/dev/null", "-D", "/tmp"));
    argv.addAll(List.of(args));
    CommandResult r = as(user, argv.toArray(String[]::new));
    assertEquals(0, r.exitCode(), String.join(" ", argv) + ": " + r.stderr());
    String id = r.stdout().strip().split(";")[0];
    assertFalse(id.isEmpty());
    return id;
  }

  /** squeue's {@code format} field of job {@code id}, blank once the job has left the queue. */
  String squeue(String id, String format) throws Exception {
    return sh("squeue", "-h", "-j", id, "-o", format).stdout().strip();
  }

  /**
   * Polls {@code check} once a second (a pause inside a loop with a deadline: a poll, not a sleep);
   * after {@code limit} fails with what it waited for and the queue at that moment.
   */
  void waitUntil(Duration limit, String what, Poll.Check check) throws Exception {
    Poll.until(
        limit,
        Duration.ofSeconds(1),
        what,
        () -> "; squeue: " + sh("squeue", "-o", "%i %u %T %r %j").stdout(),
        check);
  }

  /** A runner through this one that keeps every command it runs, in order, in {@code calls}. */
  CommandRunner recordingInto(List<Command> calls) {
    return c -> {
      calls.add(c);
      return runner.run(c);
    };
  }
}
