package org.librarian.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.ProcessCommandRunner;

/**
 * scripts/librarian with the packaged jar, as users and scrontab start it: from any directory, exit
 * codes kept.
 */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("scripts/librarian").toAbsolutePath();

  @TempDir Path dir;

  private CommandResult run(Map<String, String> env, String... args) throws Exception {
    List<String> argv =
        new ArrayList<>(List.of("env", "-C", dir.toString(), "bash", LAUNCHER.toString()));
    argv.addAll(List.of(args));
    return new ProcessCommandRunner().run(new Command(argv, env, Duration.ofMinutes(3), null));
  }

  @Test
  void runsTheJarFromAnyDirectoryAndKeepsItsExitCodes() throws Exception {
    Path sample = Path.of("src/test/resources/outputs/hand-small/input.sacct.txt").toAbsolutePath();
    CommandResult parse =
        run(
            Map.of("LIBRARIAN_JAVA_OPTS", "-Xmx256m"),
            "parse",
            "--qos",
            "avery",
            "--sacct-file",
            sample.toString(),
            "--out",
            "site",
            "--timezone",
            "UTC",
            "--now",
            "2026-11-20T17:30:00Z",
            "--no-plots");
    assertEquals(0, parse.exitCode(), parse.stdout() + parse.stderr());
    assertTrue(
        parse.stdout().startsWith("avery: 7 rows read, 1 skipped, 3 jobs, 3 users"),
        parse.stdout());
    assertTrue(
        Files.isRegularFile(dir.resolve("site/data_avery.json")),
        "relative paths are the caller's directory's");
    assertEquals(
        2, run(Map.of(), "parse", "--qos", "avery", "--sacct-file", "no-such-file").exitCode());
    CommandResult missing =
        run(Map.of("LIBRARIAN_JAR", dir.resolve("none.jar").toString()), "--version");
    assertEquals(1, missing.exitCode());
    assertTrue(missing.stderr().contains("none.jar not found; build it with"), missing.stderr());
  }

  @Test
  void aCollectorNamedInTheOptionsReplacesTheSerialOne() throws Exception {
    Path serial = dir.resolve("serial.log");
    CommandResult plain =
        run(Map.of("LIBRARIAN_JAVA_OPTS", "-Xmx256m -Xlog:gc:file=" + serial), "--version");
    assertEquals(0, plain.exitCode(), plain.stderr());
    assertTrue(Files.readString(serial).contains("Using Serial"), Files.readString(serial));
    // Both collectors on one command line would be refused by the JVM.
    Path g1 = dir.resolve("g1.log");
    CommandResult named =
        run(
            Map.of("LIBRARIAN_JAVA_OPTS", "-Xmx256m -XX:+UseG1GC -Xlog:gc:file=" + g1),
            "--version");
    assertEquals(0, named.exitCode(), named.stderr());
    assertTrue(Files.readString(g1).contains("Using G1"), Files.readString(g1));
  }
}
