package org.librarian.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.ProcessCommandRunner;

/**
 * The packaged jar's {@code run}, killed with SIGKILL at random moments (reading sacct, drawing,
 * writing, pushing): after each kill the local site and the published branch hold only whole
 * files, and every QoS's JSON has all its charts beside it; the next run finishes, removes what
 * the killed ones left (temporary files in the site, in STATE_DIR/tmp and their temporary
 * repositories), and publishes what it wrote.
 */
class FaultInjectionIT {
  @TempDir Path tmp;
  final ProcessCommandRunner runner = new ProcessCommandRunner();
  final ObjectMapper json = new ObjectMapper();
  final Path jar = Path.of("target/librarian.jar").toAbsolutePath();
  final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

  CommandResult sh(Path dir, String... argv) throws Exception {
    List<String> all = new ArrayList<>(List.of("env", "-C", dir.toString()));
    all.addAll(List.of(argv));
    return runner.run(Command.of(all, Duration.ofMinutes(2)));
  }

  @Test
  void killedAtRandomMomentsTheSiteStaysWholeAndTheNextRunCleansUp() throws Exception {
    // Two QoS of the demo month, as one sacct answer; the fake sacct takes a moment, as a real one does.
    assertEquals(0, sh(tmp, java.toString(), "-jar", jar.toString(), "demo", "--out", "demo", "--no-plots",
        "--now", "2026-11-28T12:00:00-05:00").exitCode());
    List<String> a = Files.readAllLines(tmp.resolve("demo/sample/sacct_avery.txt"));
    List<String> b = Files.readAllLines(tmp.resolve("demo/sample/sacct_avery-b.txt"));
    List<String> both = new ArrayList<>(a);
    both.addAll(b.subList(1, b.size()));
    Path answer = Files.write(tmp.resolve("answer.txt"), both);
    Path sacct = tmp.resolve("sacct");
    Files.writeString(sacct, "#!/bin/sh\nsleep 0.3\ncat '" + answer + "'\n");
    Files.setPosixFilePermissions(sacct, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path remote = tmp.resolve("remote.git");
    assertEquals(0, sh(tmp, "git", "init", "-q", "--bare", remote.toString()).exitCode());
    Path config = Files.writeString(tmp.resolve("librarian.yaml"), String.join("\n", "timezone: America/New_York",
        "output: site", "state_dir: state", "log_dir: logs", "sacct: " + sacct, "qos:", "  - name: avery",
        "    limits: {cpus: 430, gpus: 39, memory_gb: 3359}", "  - name: avery-b", "    limits: {cpus: 3870}",
        "deploy:", "  repo: " + remote, ""));
    Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));

    Random random = new Random(20261129);
    for (int i = 0; i < 10; i++) {
      // The test starts the process itself, since it must kill it at a moment of its choosing.
      Process p = new ProcessBuilder(java.toString(), "-Djava.awt.headless=true", "-Djava.io.tmpdir=" + javaTmp,
          "-jar", jar.toString(), "run", "--config", config.toString()).directory(tmp.toFile())
          .redirectErrorStream(true).redirectOutput(tmp.resolve("killed-" + i + ".out").toFile()).start();
      boolean ended = p.waitFor(200 + random.nextInt(4000), TimeUnit.MILLISECONDS);
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      String when = "after kill " + i + (ended ? " (the run had ended)" : "");
      checkWhole(tmp.resolve("site"), when);
      checkPublished(remote, when);
    }

    CommandResult last = sh(tmp, java.toString(), "-Djava.awt.headless=true", "-Djava.io.tmpdir=" + javaTmp, "-jar",
        jar.toString(), "run", "--config", config.toString());
    assertEquals(0, last.exitCode(), last.stdout() + last.stderr());
    checkWhole(tmp.resolve("site"), "after the last run");
    try (Stream<Path> site = Files.list(tmp.resolve("site"))) {
      assertEquals(List.of(), site.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
    }
    try (Stream<Path> state = Files.list(tmp.resolve("state/tmp"))) {
      assertEquals(List.of(), state.toList());
    }
    try (Stream<Path> repos = Files.list(javaTmp)) {
      assertEquals(List.of(), repos.filter(f -> f.getFileName().toString().startsWith("librarian-deploy-")).toList());
    }
    for (String qos : List.of("avery", "avery-b")) {
      assertEquals(Files.readString(tmp.resolve("site/data_" + qos + ".json")),
          sh(tmp, "git", "--git-dir=" + remote, "show", "gh-pages:data_" + qos + ".json").stdout());
    }
  }

  /** Every JSON file parses, and a QoS's JSON has all its charts beside it. */
  void checkWhole(Path site, String when) throws Exception {
    if (!Files.isDirectory(site)) {
      return;
    }
    try (Stream<Path> files = Files.list(site)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".json")) {
          JsonNode node = json.readTree(f.toFile());
          assertTrue(node != null && node.isObject(), when + ": " + name + " is whole JSON");
        }
        if (name.startsWith("data_") && name.endsWith(".json")) {
          String qos = name.substring(5, name.length() - 5);
          for (String chart : List.of("NCPUS_" + qos + ".png", "MEMORY_" + qos + ".pdf", "report_" + qos + ".pdf")) {
            assertTrue(Files.isRegularFile(site.resolve(chart)), when + ": " + chart + " beside " + name);
          }
          byte[] pdf = Files.readAllBytes(site.resolve("report_" + qos + ".pdf"));
          assertTrue(new String(pdf, pdf.length - 8, 8, StandardCharsets.ISO_8859_1).contains("%%EOF"),
              when + ": report_" + qos + ".pdf is whole");
        }
      }
    }
  }

  /** What the branch holds, if it exists yet, is whole. */
  void checkPublished(Path remote, String when) throws Exception {
    CommandResult tree = sh(tmp, "git", "--git-dir=" + remote, "ls-tree", "--name-only", "gh-pages");
    if (tree.exitCode() != 0) {
      return;
    }
    for (String name : tree.stdout().lines().toList()) {
      if (name.endsWith(".json")) {
        String text = sh(tmp, "git", "--git-dir=" + remote, "show", "gh-pages:" + name).stdout();
        assertTrue(json.readTree(text).isObject(), when + ": published " + name + " is whole JSON");
      }
      assertFalse(name.endsWith(".tmp"), when + ": published " + name);
    }
  }

  /**
   * backfill, one sacct query a day over 30 days, killed with SIGKILL three times: the archive is
   * whole JSON after every kill, each new start resumes, and the history it ends with is the one an
   * uninterrupted backfill writes, byte for byte.
   */
  @Test
  void aKilledBackfillResumesAndEndsWithTheSameHistory() throws Exception {
    assertEquals(0, sh(tmp, java.toString(), "-jar", jar.toString(), "demo", "--out", "demo", "--no-plots",
        "--now", "2026-11-28T12:00:00-05:00").exitCode());
    Path sacct = tmp.resolve("sacct");
    Files.writeString(sacct, "#!/bin/sh\nsleep 0.2\ncat '" + tmp.resolve("demo/sample/sacct_avery.txt") + "'\n");
    Files.setPosixFilePermissions(sacct, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> backfill = List.of(java.toString(), "-Djava.awt.headless=true", "-jar", jar.toString(), "backfill",
        "--qos", "avery", "--since", "2026-10-29", "--chunk", "1d", "--now", "2026-11-28T12:00:00-05:00");
    for (String dir : List.of("whole", "killed")) {
      Files.createDirectories(tmp.resolve(dir));
      Files.writeString(tmp.resolve(dir).resolve("librarian.yaml"), String.join("\n", "timezone: America/New_York",
          "output: site", "state_dir: state", "sacct: " + sacct, "qos:", "  - name: avery",
          "    limits: {cpus: 430, gpus: 39, memory_gb: 3359}", ""));
    }
    List<String> whole = new ArrayList<>(List.of("env", "-C", tmp.resolve("whole").toString()));
    whole.addAll(backfill);
    CommandResult done = runner.run(Command.of(whole, Duration.ofMinutes(3)));
    assertEquals(0, done.exitCode(), done.stderr());

    Path killed = tmp.resolve("killed");
    Path archive = killed.resolve("state/history/default/avery.json");
    Random random = new Random(20261130);
    int resumed = 0;
    for (int i = 0; i < 3; i++) {
      Process p = new ProcessBuilder(backfill).directory(killed.toFile()).redirectErrorStream(true)
          .redirectOutput(killed.resolve("killed-" + i + ".out").toFile()).start();
      p.waitFor(1500 + random.nextInt(2500), TimeUnit.MILLISECONDS);
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      if (Files.exists(archive)) {
        JsonNode a = json.readTree(archive.toFile());
        assertTrue(a.get("days").isArray(), "after kill " + i);
      }
      resumed += Files.readString(killed.resolve("killed-" + i + ".out")).contains("resuming the backfill") ? 1 : 0;
    }
    List<String> last = new ArrayList<>(List.of("env", "-C", killed.toString()));
    last.addAll(backfill);
    CommandResult finished = runner.run(Command.of(last, Duration.ofMinutes(3)));
    assertEquals(0, finished.exitCode(), finished.stderr());
    assertTrue(resumed + (finished.stdout().contains("resuming the backfill") ? 1 : 0) >= 1, "some start resumed");
    assertEquals(Files.readString(tmp.resolve("whole/site/history_avery.json")),
        Files.readString(killed.resolve("site/history_avery.json")));
    assertFalse(json.readTree(archive.toFile()).has("backfill"), "finished: no progress left");
  }
}
