package org.librarian.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;
import org.librarian.slurm.ProcessCommandRunner;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeRunner;
import org.librarian.testing.RunConfig;

/**
 * librarian run with avery's passphrase in STATE_DIR/privacy/passphrases: what reaches the
 * published branch (a local bare repository) is sealed, and status.json names no figure of avery.
 */
class RunPrivateTest {
  @TempDir Path tmp;
  Path remote;
  final ProcessCommandRunner real = new ProcessCommandRunner();
  final ObjectMapper json = new ObjectMapper();
  Path passphrases;

  @BeforeEach
  void setUp() throws Exception {
    remote = tmp.resolve("remote.git");
    git("git", "init", "-q", "--bare", remote.toString());
    RunConfig.parse()
        .zone("America/New_York")
        .qos("avery", "cpus: 48, gpus: 3, memory_gb: 200")
        .lines("deploy:", "  repo: " + remote)
        .writeTo(tmp);
    passphrases = Files.createDirectories(tmp.resolve("state/privacy")).resolve("passphrases");
    Files.writeString(passphrases, "avery otters sleep at noon\n");
    Files.setPosixFilePermissions(passphrases, PosixFilePermissions.fromString("rw-------"));
  }

  String git(String... args) throws Exception {
    CommandResult r = real.run(Command.of(List.of(args), Duration.ofMinutes(1)));
    assertEquals(0, r.exitCode(), r.stderr());
    return r.stdout();
  }

  List<String> publishedFiles() throws Exception {
    return List.of(
        git("git", "--git-dir=" + remote, "ls-tree", "-r", "--name-only", "gh-pages").split("\n"));
  }

  JsonNode publishedJson(String file) throws Exception {
    return json.readTree(git("git", "--git-dir=" + remote, "show", "gh-pages:" + file));
  }

  Cli.Run run(CommandRunner sacct) throws Exception {
    CommandRunner runner = c -> c.argv().get(0).equals("sacct") ? sacct.run(c) : real.run(c);
    return new Cli(tmp).programs("sacct").runner(runner).run("run", "--no-plots");
  }

  @Test
  void theBranchGetsOnlySealedFilesAndAFailedRunKeepsThem() throws Exception {
    String sacct =
        Files.readString(Path.of("src/test/resources/outputs/hand-small/input.sacct.txt"));
    Cli.Run ok = run(new FakeRunner(c -> new CommandResult(0, sacct, "")));
    assertEquals(0, ok.code(), ok.err());

    List<String> files = publishedFiles();
    List<String> sealed = files.stream().filter(f -> f.startsWith("private/")).toList();
    // data, history and jobs JSON (no charts: --no-plots), and the index.
    assertEquals(4, sealed.size(), files.toString());
    assertTrue(files.stream().noneMatch(f -> f.contains("avery")), files.toString());
    JsonNode entry = publishedJson("manifest.json").get("datasets").get(0);
    assertEquals("Private group 1", entry.get("qos").asText());
    assertTrue(entry.get("sealed").asText().endsWith("/index.sealed"));
    JsonNode row = publishedJson("status.json").get("qos").get(0);
    assertEquals("Private group 1", row.get("qos").asText());
    assertTrue(row.get("protected").asBoolean());
    assertFalse(row.has("rows_read") || row.has("jobs") || row.has("users"), row.toString());

    // sacct fails: the sealed files of the last good run stay published.
    Cli.Run down =
        run(
            new FakeRunner(
                c -> new CommandResult(1, "", "sacct: error: Problem talking to the database\n")));
    assertEquals(1, down.code());
    assertEquals(sealed, publishedFiles().stream().filter(f -> f.startsWith("private/")).toList());
    JsonNode failed = publishedJson("status.json").get("qos").get(0);
    assertEquals("the update failed (the reason is in run.log)", failed.get("error").asText());
    assertFalse(publishedJson("status.json").toString().contains("database"));

    // A passphrase file others may read stops the run before anything (exit 2).
    Files.setPosixFilePermissions(passphrases, PosixFilePermissions.fromString("rw-rw-r--"));
    String before = git("git", "--git-dir=" + remote, "rev-parse", "gh-pages");
    Cli.Run refused = run(new FakeRunner(c -> new CommandResult(0, sacct, "")));
    assertEquals(2, refused.code());
    assertTrue(refused.err().contains("chmod 600"), refused.err());
    assertEquals(before, git("git", "--git-dir=" + remote, "rev-parse", "gh-pages"));
  }
}
