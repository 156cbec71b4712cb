package org.librarian.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.ProcessCommandRunner;

/**
 * scripts/librarian with the packaged jar: the class-data archive it makes after the first parse,
 * uses afterwards, and never maps when it is damaged (a truncated archive makes a JVM die of SIGBUS).
 */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("scripts/librarian").toAbsolutePath();

  @TempDir Path dir;

  record Run(int code, String out) {
    /** The output without the seconds the parse took. */
    String untimed() {
      return out.replaceAll("[0-9.]+ s\\n", "N s\n");
    }
  }

  private Run run(String... args) throws Exception {
    return run(true, args);
  }

  private Run run(boolean cds, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    argv.addAll(List.of(args));
    CommandResult r = new ProcessCommandRunner().run(new Command(argv, Map.of("XDG_CACHE_HOME",
        dir.resolve("cache").toString(), "LIBRARIAN_CDS", cds ? "1" : "0", "LIBRARIAN_JAVA_OPTS", ""),
        Duration.ofMinutes(3), null));
    return new Run(r.exitCode(), r.stdout() + r.stderr());
  }

  private List<Path> archives() throws IOException {
    Path cache = dir.resolve("cache/librarian");
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cache)) {
      return files.sorted().toList();
    }
  }

  private Run parseSample() throws Exception {
    return parseSample(true);
  }

  private Run parseSample(boolean cds) throws Exception {
    Path sample = Path.of("src/test/resources/golden/hand-small/input.sacct.txt").toAbsolutePath();
    return run(cds, "parse", "--qos", "avery", "--sacct-file", sample.toString(), "--out", dir.resolve("site").toString(), "--timezone", "UTC",
        "--now", "2026-11-20T17:30:00Z", "--no-plots");
  }

  @Test
  void makesTheArchiveOnceUsesItAndDropsADamagedOne() throws Exception {
    Run version = run("--version");
    assertEquals(0, version.code(), version.out());
    assertEquals(List.of(), archives(), "a quick command makes no archive");
    Run failed = run("parse", "--qos", "avery", "--sacct-file", "no-such-file");
    assertEquals(2, failed.code(), failed.out());
    assertEquals(List.of(), archives(), "a failed command makes no archive");

    Run first = parseSample();
    assertEquals(0, first.code(), first.out());
    List<Path> made = archives();
    assertEquals(1, made.size(), made.toString());
    Path archive = made.get(0);
    // Named with its size, and nothing but the command's own output on the terminal.
    assertTrue(archive.getFileName().toString().endsWith("-" + Files.size(archive) + ".jsa"), archive.toString());
    assertTrue(first.out().startsWith("avery: "), first.out());
    assertFalse(first.out().contains("cds"), first.out());

    String json = Files.readString(dir.resolve("site/data_avery.json"));
    Run second = parseSample();
    assertEquals(0, second.code(), second.out());
    assertEquals(first.untimed(), second.untimed());
    assertEquals(json, Files.readString(dir.resolve("site/data_avery.json")));
    assertEquals(made, archives(), "the archive is used, not made again");

    // Truncated (as by a full disk): mapping it would crash the JVM. It is dropped and made again.
    try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    Run third = parseSample();
    assertEquals(0, third.code(), third.out());
    assertEquals(first.untimed(), third.untimed());
    List<Path> remade = archives();
    assertEquals(1, remade.size(), remade.toString());
    assertTrue(remade.get(0).getFileName().toString().endsWith("-" + Files.size(remade.get(0)) + ".jsa"));
  }

  @Test
  void switchedOffItMakesNone() throws Exception {
    Run run = parseSample(false);
    assertEquals(0, run.code(), run.out());
    assertTrue(run.out().startsWith("avery: "), run.out());
    assertEquals(List.of(), archives());
  }
}
