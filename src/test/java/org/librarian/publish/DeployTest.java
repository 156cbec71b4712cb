package org.librarian.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;
import org.librarian.slurm.ProcessCommandRunner;
import org.librarian.testing.Cli;

/** librarian deploy with the real git against a local bare repository. */
class DeployTest {
  @TempDir Path tmp;
  Path remote;
  Path site;
  final CommandRunner git = new ProcessCommandRunner();

  @BeforeEach
  void setUp() throws Exception {
    remote = tmp.resolve("remote.git");
    git(tmp, "init", "-q", "--bare", remote.toString());
    site = Files.createDirectories(tmp.resolve("site"));
    Files.writeString(site.resolve("index.html"), "<p>usage</p>\n");
    Files.writeString(site.resolve("data_avery.json"), "{\"v\": 1}\n");
    Files.writeString(site.resolve(".data_avery.json.123.tmp"), "half-written");
  }

  @Test
  void firstDeployCreatesTheBranchWithTheSiteAndNojekyll() throws Exception {
    Cli.Run run = deploy();
    assertEquals(0, run.code(), run.err());
    assertTrue(
        run.out().matches("deploy: created gh-pages of .*remote.git at [0-9a-f]{12}\n"), run.out());
    assertEquals(List.of(".nojekyll", "data_avery.json", "index.html"), files("gh-pages"));
    assertEquals(
        "Update usage dashboard 2026-11-20T07:30:00-05:00",
        remoteGit("log", "--format=%s", "gh-pages").strip());
    assertEquals("{\"v\": 1}\n", remoteGit("show", "gh-pages:data_avery.json"));
  }

  @Test
  void theSameSiteAgainMakesNoCommit() throws Exception {
    deploy();
    String first = head();
    Cli.Run again = deploy();
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("already shows this site; no commit"), again.out());
    assertEquals(first, head());
  }

  @Test
  void aChangedSiteReplacesTheSingleCommit() throws Exception {
    deploy();
    String first = head();
    Files.writeString(site.resolve("data_avery.json"), "{\"v\": 2}\n");
    Cli.Run run = deploy();
    assertTrue(run.out().startsWith("deploy: updated gh-pages"), run.out());
    assertNotEquals(first, head());
    assertEquals("1", remoteGit("rev-list", "--count", "gh-pages").strip());
    assertEquals("{\"v\": 2}\n", remoteGit("show", "gh-pages:data_avery.json"));
  }

  @Test
  void keepHistoryAddsACommitPerChange() throws Exception {
    for (int v = 1; v <= 3; v++) {
      Files.writeString(site.resolve("data_avery.json"), "{\"v\": " + v + "}\n");
      assertEquals(0, deploy("--keep-history").code());
    }
    assertEquals("3", remoteGit("rev-list", "--count", "gh-pages").strip());
  }

  @Test
  void aConcurrentPushIsSurvivedByRetryingFromAFreshFetch() throws Exception {
    deploy();
    Path other = clone("other");
    AtomicBoolean raced = new AtomicBoolean();
    CommandRunner racing = racing(other, raced);
    Files.writeString(site.resolve("data_avery.json"), "{\"v\": 2}\n");
    Cli.Run run = cli().runner(racing).run("deploy", "--site", "site", "--repo", remote.toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(raced.get());
    assertTrue(run.out().contains("(after 2 attempts)"), run.out());
    assertEquals("1", remoteGit("rev-list", "--count", "gh-pages").strip());
    assertEquals("{\"v\": 2}\n", remoteGit("show", "gh-pages:data_avery.json"));
  }

  @Test
  void aConcurrentPushIsKeptUnderKeepHistory() throws Exception {
    deploy("--keep-history");
    Path other = clone("other");
    AtomicBoolean raced = new AtomicBoolean();
    CommandRunner racing = racing(other, raced);
    Files.writeString(site.resolve("data_avery.json"), "{\"v\": 2}\n");
    Cli.Run run =
        cli()
            .runner(racing)
            .run("deploy", "--site", "site", "--repo", remote.toString(), "--keep-history");
    assertEquals(0, run.code(), run.err());
    assertEquals(
        List.of(
            "Update usage dashboard 2026-11-20T07:30:00-05:00",
            "theirs",
            "Update usage dashboard 2026-11-20T07:30:00-05:00"),
        remoteGit("log", "--format=%s", "gh-pages").strip().lines().toList());
  }

  @Test
  void aCnameOnTheBranchIsKept() throws Exception {
    deploy();
    Path other = clone("other");
    gitOk(other, "checkout", "-q", "gh-pages");
    Files.writeString(other.resolve("CNAME"), "usage.example.org\n");
    gitOk(other, "add", "CNAME");
    commitAs(other, "other", "domain");
    gitOk(other, "push", "-q", "origin", "gh-pages");
    Files.writeString(site.resolve("data_avery.json"), "{\"v\": 2}\n");
    assertEquals(0, deploy().code());
    assertEquals(List.of(".nojekyll", "CNAME", "data_avery.json", "index.html"), files("gh-pages"));
    assertEquals("usage.example.org\n", remoteGit("show", "gh-pages:CNAME"));
  }

  @Test
  void theUsersWorkingTreeAndBranchAreUntouched() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    gitOk(work, "init", "-q", "-b", "main");
    Files.writeString(work.resolve("notes.txt"), "mine\n");
    gitOk(work, "add", "notes.txt");
    commitAs(work, "me", "mine");
    gitOk(work, "remote", "add", "origin", remote.toString());
    Files.writeString(work.resolve("notes.txt"), "mine, edited\n");
    Files.writeString(work.resolve("untracked.txt"), "new\n");
    String statusBefore = gitOk(work, "status", "--porcelain");
    String headBefore = gitOk(work, "rev-parse", "HEAD");

    Cli.Run run =
        new Cli(work)
            .runner(git)
            .env("PATH", System.getenv("PATH"))
            .env("LIBRARIAN_TIMEZONE", "America/New_York")
            .run("deploy", "--site", site.toString());
    assertEquals(0, run.code(), run.err());
    assertEquals(List.of(".nojekyll", "data_avery.json", "index.html"), files("gh-pages"));
    assertEquals(statusBefore, gitOk(work, "status", "--porcelain"));
    assertEquals(headBefore, gitOk(work, "rev-parse", "HEAD"));
    assertEquals("main\n", gitOk(work, "branch", "--show-current"));
    assertEquals("", gitOk(work, "branch", "--list", "gh-pages"));
    assertEquals("mine, edited\n", Files.readString(work.resolve("notes.txt")));
  }

  @Test
  void aRepositoryThatLooksLikeAGitOptionRunsNothing() throws Exception {
    Path marker = tmp.resolve("injected");
    List<Command> calls = new ArrayList<>();
    CommandRunner recording =
        c -> {
          calls.add(c);
          return git.run(c);
        };
    Cli.Run run =
        new Cli(tmp)
            .runner(recording)
            .env("PATH", System.getenv("PATH"))
            .run("deploy", "--site", "site", "--repo", "--upload-pack=touch " + marker);
    assertEquals(2, run.code(), run.err());
    assertTrue(
        run.err().contains("--repo: '--upload-pack=touch " + marker + "' looks like an option"),
        run.err());
    assertEquals(List.of(), calls);
    assertEquals(
        2,
        cli()
            .run("deploy", "--site", "site", "--repo", remote.toString(), "--branch", "-f")
            .code());
    // The publisher refuses it too, whoever calls it, and puts "--" before the repository where git
    // takes it.
    GhPagesPublisher publisher =
        new GhPagesPublisher(recording, "git", Duration.ofMinutes(1), Map.of());
    DeployException e =
        Assertions.assertThrows(
            DeployException.class,
            () ->
                publisher.publish(
                    site,
                    "--upload-pack=touch " + marker,
                    "gh-pages",
                    false,
                    "m",
                    Set.of(),
                    false));
    assertTrue(e.getMessage().contains("looks like an option"), e.getMessage());
    assertEquals(List.of(), calls);
    assertTrue(!Files.exists(marker));
    publisher.publish(site, remote.toString(), "gh-pages", false, "m", Set.of(), false);
    for (Command c : calls) {
      int at = c.argv().indexOf(remote.toString());
      if (at >= 0) {
        assertEquals("--", c.argv().get(at - 1), c.display());
      }
    }
  }

  @Test
  void anUnreachableRepositoryFailsWithAClearMessage() {
    Cli.Run run =
        cli().run("deploy", "--site", "site", "--repo", tmp.resolve("no-such.git").toString());
    assertEquals(1, run.code());
    assertTrue(
        run.err()
            .startsWith(
                "librarian: deploy failed: cannot reach "
                    + tmp.resolve("no-such.git")
                    + ": fatal: "),
        run.err());
  }

  @Test
  void copyToTargetsGetTheSiteAndOneFailureDoesNotStopTheOthers() throws Exception {
    Path www = tmp.resolve("www");
    Files.writeString(
        tmp.resolve("librarian.yaml"),
        "deploy:\n  copy_to:\n    - " + tmp.resolve("missing/deeper/") + "/\n    - " + www + "/\n");
    Cli.Run run = cli().run("deploy", "--site", "site");
    assertEquals(1, run.code(), run.out());
    assertTrue(
        run.err()
            .contains(
                "librarian: deploy failed: copy to "
                    + tmp.resolve("missing/deeper")
                    + "/ failed (rsync exit"),
        run.err());
    assertEquals("{\"v\": 1}\n", Files.readString(www.resolve("data_avery.json")));
    assertTrue(Files.isRegularFile(www.resolve("index.html")));
    assertTrue(run.out().contains("deploy: copied to " + www + "/"), run.out());
  }

  /**
   * #24: a copy killed with SIGKILL left rsync's hidden part-file in the target, and every later
   * copy kept it.
   */
  @Test
  void whatAKilledCopyLeftIsRemovedByTheNextAndTheUsersFilesStay() throws Exception {
    Path www = Files.createDirectories(tmp.resolve("www"));
    Files.createDirectories(site.resolve("sample"));
    Files.writeString(site.resolve("sample/sacct [x].txt"), "JobID|User\n");
    Files.writeString(www.resolve(".data_avery.json.Ab12Cd"), "{\"v\": ");
    Files.createDirectories(www.resolve("sample"));
    Files.writeString(www.resolve("sample/.sacct [x].txt.q9Z0aa"), "Job");
    Files.createDirectories(www.resolve(".~tmp~"));
    Files.writeString(www.resolve(".~tmp~/index.html"), "<p>usage</p>\n");
    for (String mine :
        List.of(
            "mine.txt", ".htaccess", ".notes.backup", ".index.html.bak", "sample/.x.txt.Ab12Cd")) {
      Files.writeString(www.resolve(mine), "the user's own file\n");
    }
    Files.writeString(tmp.resolve("librarian.yaml"), "deploy:\n  copy_to:\n    - " + www + "/\n");
    Cli.Run run = cli().run("deploy", "--site", "site", "--repo", remote.toString());
    assertEquals(0, run.code(), run.err());
    try (var left = Files.walk(www)) {
      assertEquals(
          List.of(
              ".htaccess",
              ".index.html.bak",
              ".notes.backup",
              "data_avery.json",
              "index.html",
              "mine.txt",
              "sample/.x.txt.Ab12Cd",
              "sample/sacct [x].txt"),
          left.filter(Files::isRegularFile)
              .map(f -> www.relativize(f).toString())
              .sorted()
              .toList());
    }
    assertEquals("{\"v\": 1}\n", Files.readString(www.resolve("data_avery.json")));
    assertEquals("the user's own file\n", Files.readString(www.resolve(".notes.backup")));
  }

  /**
   * FaultInjectionIT once found {@code sample/.~tmp~} in the target after a later copy had
   * completed: the copy was killed after rsync had staged a file there, and the next copy, which
   * had nothing new to send for that file, left the staged one and its directory in place.
   */
  @Test
  void aStagingDirectoryAKilledCopyLeftIsRemovedByTheNextCopy() throws Exception {
    Path www = Files.createDirectories(tmp.resolve("www"));
    Files.createDirectories(site.resolve("sample"));
    Files.writeString(site.resolve("sample/sacct.txt"), "JobID|User\n");
    Files.createDirectories(www.resolve("sample/.~tmp~"));
    Files.writeString(www.resolve("sample/.~tmp~/sacct.txt"), "JobID|User\n");
    Files.createDirectories(www.resolve(".~tmp~"));
    Files.writeString(www.resolve(".~tmp~/data_old.json"), "{\"v\": 0}\n");
    Files.writeString(www.resolve("mine.txt"), "the user's own file\n");
    Files.writeString(tmp.resolve("librarian.yaml"), "deploy:\n  copy_to:\n    - " + www + "/\n");
    // The first copy sends every file; the second has nothing new for sample/sacct.txt.
    for (int copy = 1; copy <= 2; copy++) {
      if (copy == 2) {
        Files.createDirectories(www.resolve("sample/.~tmp~"));
        Files.writeString(www.resolve("sample/.~tmp~/sacct.txt"), "JobID|User\n");
      }
      Cli.Run run = cli().run("deploy", "--site", "site", "--repo", remote.toString());
      assertEquals(0, run.code(), run.err());
      try (var left = Files.walk(www)) {
        assertEquals(
            List.of("", "data_avery.json", "index.html", "mine.txt", "sample", "sample/sacct.txt"),
            left.map(f -> www.relativize(f).toString()).sorted().toList(),
            "after copy " + copy);
      }
    }
    assertEquals("JobID|User\n", Files.readString(www.resolve("sample/sacct.txt")));
  }

  @Test
  void copyCommandsAreArgumentLists() throws Exception {
    Command rsync =
        CopyPublisher.command(site, "host:~/public_html/usage/", true, Duration.ofMinutes(1));
    assertEquals(
        List.of(
            "rsync",
            "-a",
            "--delay-updates",
            "--delete-after",
            "--exclude=.*.tmp",
            "--filter=R .~tmp~/***",
            "--filter=R /.data_avery.json.??????",
            "--filter=R /.index.html.??????",
            "--filter=P *",
            site + "/",
            "host:~/public_html/usage/"),
        rsync.argv());
    Command scp =
        CopyPublisher.command(site, "host:~/public_html/usage/", false, Duration.ofMinutes(1));
    assertEquals(
        List.of(
            "scp",
            "-r",
            "-p",
            "-q",
            "-B",
            site.resolve("data_avery.json").toString(),
            site.resolve("index.html").toString(),
            "host:~/public_html/usage/"),
        scp.argv());
  }

  // ---- privacy: a change of the settings rewrites the branch ----------------------------------

  /** Every object of a repository, reachable or not, as text. */
  String allObjects(Path gitDir) throws Exception {
    return gitOk(tmp, "--git-dir=" + gitDir, "cat-file", "--batch-all-objects", "--batch");
  }

  /**
   * Runs git for real; at each push, what the pushing repository holds (all its objects) and its
   * unreachable ones.
   */
  CommandRunner watchingPushes(List<String> pushedFrom) {
    return c -> {
      if (c.argv().contains("push")) {
        String gitDir =
            c.argv().stream()
                .filter(a -> a.startsWith("--git-dir="))
                .findFirst()
                .orElseThrow()
                .substring("--git-dir=".length());
        try {
          pushedFrom.add(
              allObjects(Path.of(gitDir))
                  + "\nUNREACHABLE:"
                  + gitOk(
                      tmp,
                      "--git-dir=" + gitDir,
                      "fsck",
                      "--unreachable",
                      "--no-reflogs",
                      "--no-progress"));
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
      return git.run(c);
    };
  }

  /**
   * Reported: with keep_history, turning pseudonyms on left every real name in the branch's history
   * (and the numbers, the same before and after, give the mapping away).
   */
  @Test
  void turningPseudonymsOnRewritesTheKeptHistory() throws Exception {
    Files.writeString(tmp.resolve("librarian.yaml"), "state_dir: state\n");
    for (int v = 1; v <= 2; v++) {
      Files.writeString(
          site.resolve("data_avery.json"), "{\"users\": [\"zebulon\"], \"v\": " + v + "}\n");
      assertEquals(0, deploy("--keep-history").code());
    }
    assertEquals("2", remoteGit("rev-list", "--count", "gh-pages").strip());
    assertTrue(allObjects(remote).contains("zebulon"));

    Files.writeString(
        tmp.resolve("librarian.yaml"), "state_dir: state\nprivacy:\n  pseudonymize: true\n");
    Files.writeString(site.resolve("data_avery.json"), "{\"users\": [\"user-7f3a\"], \"v\": 2}\n");
    List<String> pushedFrom = new ArrayList<>();
    Cli.Run run = deployWith(watchingPushes(pushedFrom), "--keep-history");
    assertEquals(0, run.code(), run.err());
    assertTrue(
        run.out()
            .contains(
                "the privacy settings changed, so gh-pages of "
                    + remote
                    + " was rewritten: one new"
                    + " commit, force-pushed; no earlier commit is reachable from it and the old ones were pruned from "),
        run.out());
    assertEquals("1", remoteGit("rev-list", "--count", "gh-pages").strip());
    assertEquals(
        "{\"users\": [\"user-7f3a\"], \"v\": 2}\n", remoteGit("show", "gh-pages:data_avery.json"));
    assertEquals(1, pushedFrom.size());
    assertFalse(
        pushedFrom.get(0).contains("zebulon"),
        "the repository pushed from still holds the old site");
    assertTrue(pushedFrom.get(0).endsWith("UNREACHABLE:"), pushedFrom.get(0));
    assertFalse(allObjects(remote).contains("zebulon"), "the remote still holds the old site");
    assertEquals("", remoteGit("fsck", "--unreachable", "--no-reflogs", "--no-progress").strip());
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(tmp.resolve("state/privacy/published.tsv"))));

    // The same settings again: an ordinary publish, the history kept from the new root on.
    Files.writeString(site.resolve("data_avery.json"), "{\"users\": [\"user-7f3a\"], \"v\": 3}\n");
    Cli.Run next = deploy("--keep-history");
    assertEquals(0, next.code(), next.err());
    assertFalse(next.out().contains("rewritten"), next.out());
    assertEquals("2", remoteGit("rev-list", "--count", "gh-pages").strip());
  }

  /**
   * Reported: without keep_history, the commits replaced before pseudonyms were turned on stayed as
   * unreachable objects in the repository. Turning hide_users on later rewrites the branch again.
   */
  @Test
  void replacedCommitsWithRealNamesLeaveNoObjectBehind() throws Exception {
    Files.writeString(tmp.resolve("librarian.yaml"), "state_dir: state\n");
    Files.writeString(tmp.resolve("site/CNAME"), "usage.example.org\n");
    for (int v = 1; v <= 2; v++) {
      Files.writeString(
          site.resolve("data_avery.json"),
          "{\"users\": [\"zebulon\", \"quixote\"], \"v\": " + v + "}\n");
      assertEquals(0, deploy().code());
    }
    assertTrue(allObjects(remote).contains("zebulon"));
    Files.writeString(
        tmp.resolve("librarian.yaml"), "state_dir: state\nprivacy:\n  pseudonymize: true\n");
    Files.writeString(
        site.resolve("data_avery.json"), "{\"users\": [\"user-7f3a\", \"user-0b1c\"]}\n");
    List<String> pushedFrom = new ArrayList<>();
    Cli.Run run = deployWith(watchingPushes(pushedFrom));
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("was rewritten"), run.out());
    assertFalse(pushedFrom.get(0).contains("zebulon"));
    assertFalse(allObjects(remote).contains("zebulon"), "the remote still holds the old site");
    assertEquals(List.of(".nojekyll", "CNAME", "data_avery.json", "index.html"), files("gh-pages"));

    // hide_users changes the settings again: rewritten once more, and nothing of user-0b1c stays.
    Files.writeString(
        tmp.resolve("librarian.yaml"),
        "state_dir: state\nprivacy:\n  pseudonymize: true\n  hide_users: [quixote]\n");
    Files.writeString(site.resolve("data_avery.json"), "{\"users\": [\"user-7f3a\"]}\n");
    Cli.Run hidden = deploy();
    assertTrue(hidden.out().contains("was rewritten"), hidden.out());
    assertFalse(
        allObjects(remote).contains("user-0b1c"),
        "the remote still holds the hidden user's pseudonym");
  }

  Cli.Run deployWith(CommandRunner runner, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("deploy", "--site", "site", "--repo", remote.toString()));
    args.addAll(List.of(extra));
    return cli().runner(runner).run(args.toArray(String[]::new));
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** Runs git for real, but lets someone else publish between our fetch and our first push. */
  CommandRunner racing(Path other, AtomicBoolean raced) {
    return c -> {
      if (c.argv().contains("push") && raced.compareAndSet(false, true)) {
        try {
          gitOk(other, "checkout", "-q", "gh-pages");
          Files.writeString(other.resolve("theirs.txt"), "theirs\n");
          gitOk(other, "add", "theirs.txt");
          commitAs(other, "other", "theirs");
          gitOk(other, "push", "-q", "origin", "gh-pages");
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
      return git.run(c);
    };
  }

  Cli cli() {
    // The deploy runs with git's real environment (HOME and all), like a user's shell.
    return new Cli(tmp)
        .runner(git)
        .env("PATH", System.getenv("PATH"))
        .env("LIBRARIAN_TIMEZONE", "America/New_York");
  }

  Cli.Run deploy(String... extra) {
    List<String> args =
        new ArrayList<>(List.of("deploy", "--site", "site", "--repo", remote.toString()));
    args.addAll(List.of(extra));
    return cli().run(args.toArray(String[]::new));
  }

  Path clone(String name) throws Exception {
    Path dir = tmp.resolve(name);
    git(tmp, "clone", "-q", remote.toString(), dir.toString());
    return dir;
  }

  String head() throws Exception {
    return remoteGit("rev-parse", "gh-pages").strip();
  }

  List<String> files(String branch) throws Exception {
    return remoteGit("ls-tree", "--name-only", branch).strip().lines().toList();
  }

  String remoteGit(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("--git-dir=" + remote));
    argv.addAll(List.of(args));
    return gitOk(tmp, argv.toArray(String[]::new));
  }

  /** Commits what is staged in dir as someone else (name@example.org). */
  void commitAs(Path dir, String name, String message) throws Exception {
    gitOk(
        dir,
        "-c",
        "user.name=" + name,
        "-c",
        "user.email=" + name + "@example.org",
        "commit",
        "-q",
        "-m",
        message);
  }

  String gitOk(Path dir, String... args) throws Exception {
    CommandResult r = git(dir, args);
    assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.stderr());
    return r.stdout();
  }

  CommandResult git(Path dir, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
    argv.addAll(List.of(args));
    return git.run(Command.of(argv, Duration.ofMinutes(1)));
  }
}
