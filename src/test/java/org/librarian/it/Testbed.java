package org.librarian.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
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

/**
 * The real one-node Slurm as the Slurm integration tests use it: its programs run through the one
 * runner with a timeout of 2 minutes, jobs are submitted as a user by sbatch, and a test starts
 * only when the controller answers.
 */
final class Testbed {
  final ProcessCommandRunner runner = new ProcessCommandRunner();

  /** {@code argv} run as it is, within 2 minutes. */
  CommandResult sh(String... argv) throws Exception {
    return runner.run(Command.of(List.of(argv), Duration.ofMinutes(2)));
  }

  /**
   * Fails the test, saying how to start Slurm, unless {@code scontrol ping} answers; then a new
   * working directory whose name starts with {@code prefix}.
   */
  Path start(String prefix) throws Exception {
    CommandResult ping = sh("scontrol", "ping");
    if (ping.exitCode() != 0) {
      fail("no Slurm: start it with scripts/slurm-testbed.sh up (" + ping.stderr().strip() + ")");
    }
    return Files.createTempDirectory(prefix);
  }

  /** {@link #start}, with a directory the jobs' users can read (rwxr-xr-x). */
  Path startReadable(String prefix) throws Exception {
    Path work = start(prefix);
    readable(work);
    return work;
  }

  static void readable(Path dir) throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * {@code sbatch --parsable -o /dev/null -D /tmp} and {@code args} as {@code user} (in a login
   * environment of theirs); the job's id. A refused submission fails the test.
   */
  String submit(String user, String... args) throws Exception {
    List<String> argv =
        new ArrayList<>(List.of("sbatch", "--parsable", "-o", "/dev/null", "-D", "/tmp"));
    argv.addAll(List.of(args));
    List<String> full = new ArrayList<>(List.of("runuser", "-u", user, "--"));
    full.addAll(argv);
    CommandResult r =
        runner.run(
            new Command(
                full, Map.of("HOME", "/home/" + user, "USER", user), Duration.ofMinutes(2), null));
    assertEquals(0, r.exitCode(), String.join(" ", argv) + ": " + r.stderr());
    String id = r.stdout().strip().split(";")[0];
    assertFalse(id.isEmpty());
    return id;
  }

  /** A runner through this one that keeps every command it runs, in order, in {@code calls}. */
  CommandRunner recordingInto(List<Command> calls) {
    return c -> {
      calls.add(c);
      return runner.run(c);
    };
  }
}
