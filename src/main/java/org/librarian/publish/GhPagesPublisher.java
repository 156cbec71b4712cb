package org.librarian.publish;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandException;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;

/**
 * Publishes a site directory to a branch (gh-pages) of a git repository, through the system git, in
 * a temporary bare repository of its own: the user's working tree, index and current branch are
 * never touched. The branch gets the site plus {@code .nojekyll}, keeps its {@code CNAME}, and by
 * default holds a single commit that each publish replaces (push with lease); with keepHistory each
 * publish adds a commit. An unchanged site makes no commit. A push that loses a race with another
 * pusher is retried from a fresh fetch, up to {@link #ATTEMPTS} times.
 *
 * <p>A rewrite (the privacy settings changed) makes a new root commit with the site and the
 * branch's {@code CNAME} only, force-pushed, so that no earlier commit is reachable from the
 * branch; before the push, the temporary repository drops the fetched commit, its reflogs and every
 * unreachable object, so it holds nothing of what was published before. A remote that is a local
 * bare repository is pruned the same way after the push; a hosted one (GitHub) keeps the old
 * commits until its host purges them.
 */
public final class GhPagesPublisher {
  public static final int ATTEMPTS = 3;

  /**
   * What a publish did: the new commit (null when nothing changed), whether the branch was new, and
   * how many tries it took.
   */
  public record Result(
      String commit, boolean created, int attempts, boolean rewritten, boolean remotePruned) {
    public Result(String commit, boolean created, int attempts) {
      this(commit, created, attempts, false, false);
    }

    public boolean changed() {
      return commit != null;
    }
  }

  private final CommandRunner runner;
  private final String git;
  private final Duration timeout;
  private final Map<String, String> env;

  /**
   * @param env extra environment for git (identity when the user has none configured, no prompts)
   */
  public GhPagesPublisher(
      CommandRunner runner, String git, Duration timeout, Map<String, String> env) {
    this.runner = runner;
    this.git = git;
    this.timeout = timeout;
    Map<String, String> e = new HashMap<>(env);
    e.put("GIT_TERMINAL_PROMPT", "0");
    this.env = Map.copyOf(e);
  }

  /**
   * @param preserve files that the branch keeps from its previous commit when the site lacks them
   *     (the data and charts of a QoS whose update failed)
   * @param rewrite make a new root commit and force-push it: nothing published before stays
   *     reachable
   */
  public Result publish(
      Path site,
      String repo,
      String branch,
      boolean keepHistory,
      String message,
      Set<String> preserve,
      boolean rewrite)
      throws DeployException {
    if (repo.strip().startsWith("-") || branch.startsWith("-")) {
      throw new DeployException(
          "'"
              + (repo.strip().startsWith("-") ? repo : branch)
              + "' looks like an option, not a repository or branch; nothing was run");
    }
    Path work;
    try {
      sweepTemporaryDirectories();
      work = Files.createTempDirectory(TEMP_PREFIX + ProcessHandle.current().pid() + "-");
    } catch (IOException e) {
      throw new DeployException("cannot create a temporary directory: " + e.getMessage());
    }
    try {
      String gitDir = work.resolve("repo.git").toString();
      Path stage = work.resolve("stage");
      git("prepare a temporary repository", List.of("init", "-q", "--bare", gitDir));
      for (int attempt = 1; ; attempt++) {
        String old = remoteHead(gitDir, repo, branch);
        if (old != null) {
          git(
              "fetch " + branch + " from " + repo,
              List.of(
                  "--git-dir=" + gitDir,
                  "fetch",
                  "-q",
                  "--no-tags",
                  "--depth=1",
                  "--",
                  repo,
                  "+refs/heads/" + branch + ":refs/librarian/old"));
          old =
              git(
                      "read the fetched commit",
                      List.of("--git-dir=" + gitDir, "rev-parse", "refs/librarian/old"))
                  .strip();
        }
        // Files kept from the old commit would carry the old names: a rewrite keeps CNAME only.
        String tree = stage(site, stage, gitDir, old, rewrite ? Set.of() : preserve);
        if (!rewrite
            && old != null
            && tree.equals(
                git(
                        "read the published tree",
                        List.of("--git-dir=" + gitDir, "rev-parse", old + "^{tree}"))
                    .strip())) {
          return new Result(null, false, attempt);
        }
        List<String> commitTree =
            new ArrayList<>(List.of("--git-dir=" + gitDir, "commit-tree", tree, "-m", message));
        if (keepHistory && old != null && !rewrite) {
          commitTree.addAll(List.of("-p", old));
        }
        String commit = git("commit the site", commitTree).strip();
        if (rewrite && old != null) {
          forgetOld(gitDir, commit);
        }
        List<String> push =
            new ArrayList<>(List.of("--git-dir=" + gitDir, "push", "-q", "--porcelain"));
        if (!keepHistory || rewrite) {
          push.add("--force-with-lease=refs/heads/" + branch + ":" + (old == null ? "" : old));
        }
        push.addAll(List.of("--", repo, commit + ":refs/heads/" + branch));
        CommandResult pushed = run(push);
        if (pushed.ok()) {
          boolean pruned = rewrite && old != null && pruneLocalRemote(repo);
          return new Result(commit, old == null, attempt, rewrite && old != null, pruned);
        }
        String why = pushed.stderr() + pushed.stdout();
        boolean lostRace =
            why.contains("[rejected]")
                || why.contains("stale info")
                || why.contains("non-fast-forward")
                || why.contains("fetch first")
                || why.contains("cannot lock ref");
        if (!lostRace) {
          throw new DeployException("git push to " + repo + " failed: " + pushed.firstErrorLine());
        }
        if (attempt == ATTEMPTS) {
          throw new DeployException(
              "git push to "
                  + repo
                  + " was rejected "
                  + ATTEMPTS
                  + " times because others pushed to "
                  + branch
                  + " meanwhile; try again later");
        }
      }
    } finally {
      deleteTree(work);
    }
  }

  /**
   * Leaves in the temporary repository only what the new commit needs: the fetched commit's ref,
   * every reflog and every object no ref reaches are gone (and with them every old file).
   */
  private void forgetOld(String gitDir, String commit) throws DeployException {
    git(
        "keep the new commit",
        List.of("--git-dir=" + gitDir, "update-ref", "refs/librarian/new", commit));
    git(
        "drop the fetched commit",
        List.of("--git-dir=" + gitDir, "update-ref", "-d", "refs/librarian/old"));
    git(
        "expire the reflogs",
        List.of("--git-dir=" + gitDir, "reflog", "expire", "--expire=now", "--all"));
    git("prune the old objects", List.of("--git-dir=" + gitDir, "gc", "-q", "--prune=now"));
  }

  /**
   * After a rewrite: when the remote is a bare repository on this machine, expires its reflogs and
   * prunes what no ref reaches, so the old commits are gone from it too. Returns whether it did.
   */
  private boolean pruneLocalRemote(String repo) throws DeployException {
    Path local;
    try {
      local = Path.of(repo);
    } catch (InvalidPathException e) {
      return false;
    }
    if (repo.contains(":") || !Files.isDirectory(local)) {
      return false;
    }
    String gitDir = "--git-dir=" + local.toAbsolutePath();
    CommandResult bare = run(List.of(gitDir, "rev-parse", "--is-bare-repository"));
    if (!bare.ok() || !bare.stdout().strip().equals("true")) {
      return false;
    }
    git(
        "expire the reflogs of " + repo,
        List.of(gitDir, "reflog", "expire", "--expire=now", "--all"));
    git("prune the old objects of " + repo, List.of(gitDir, "gc", "-q", "--prune=now"));
    return true;
  }

  /** The commit the branch points at, or null when it does not exist. */
  private String remoteHead(String gitDir, String repo, String branch) throws DeployException {
    CommandResult r =
        run(
            List.of(
                "--git-dir=" + gitDir, "ls-remote", "--heads", "--", repo, "refs/heads/" + branch));
    if (!r.ok()) {
      throw new DeployException("cannot reach " + repo + ": " + r.firstErrorLine());
    }
    for (String line : r.stdout().split("\n")) {
      String[] parts = line.split("\t");
      if (parts.length == 2 && parts[1].equals("refs/heads/" + branch)) {
        return parts[0];
      }
    }
    return null;
  }

  /**
   * Copies the site into the stage, adds .nojekyll and the kept files, and returns the tree's id.
   */
  private String stage(Path site, Path stage, String gitDir, String old, Set<String> preserve)
      throws DeployException {
    try {
      deleteTree(stage);
      copyTree(site, stage);
      Files.writeString(stage.resolve(".nojekyll"), "");
    } catch (IOException e) {
      throw new DeployException("cannot copy " + site + ": " + e.getMessage());
    }
    String workTree = "--work-tree=" + stage;
    git("reset the index", List.of("--git-dir=" + gitDir, "read-tree", "--empty"));
    if (old != null) {
      Set<String> published =
          Set.of(
              git(
                      "list the published files",
                      List.of("--git-dir=" + gitDir, "ls-tree", "--name-only", old))
                  .split("\n"));
      List<String> keep = new ArrayList<>();
      for (String name : Stream.concat(Stream.of("CNAME"), preserve.stream()).distinct().toList()) {
        if (published.contains(name) && !Files.exists(stage.resolve(name))) {
          keep.add(name);
        }
      }
      if (!keep.isEmpty()) {
        List<String> checkout =
            new ArrayList<>(List.of("--git-dir=" + gitDir, workTree, "checkout", old, "--"));
        checkout.addAll(keep);
        git("keep " + String.join(", ", keep), checkout);
      }
    }
    git("stage the site", List.of("--git-dir=" + gitDir, workTree, "add", "-A", "."));
    return git("record the site", List.of("--git-dir=" + gitDir, "write-tree")).strip();
  }

  private String git(String what, List<String> args) throws DeployException {
    CommandResult r = run(args);
    if (!r.ok()) {
      throw new DeployException("git could not " + what + ": " + r.firstErrorLine());
    }
    return r.stdout();
  }

  private CommandResult run(List<String> args) throws DeployException {
    List<String> argv = new ArrayList<>();
    argv.add(git);
    argv.addAll(args);
    try {
      return runner.run(new Command(argv, env, timeout, null));
    } catch (CommandException e) {
      throw new DeployException(e.getMessage());
    }
  }

  /** Copies a site, leaving out the temporary files of writes in progress. */
  static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (!dir.equals(from) && dir.getFileName().toString().startsWith(".")) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            String name = file.getFileName().toString();
            if (attrs.isRegularFile() && !(name.startsWith(".") && name.endsWith(".tmp"))) {
              Files.copy(
                  file,
                  to.resolve(from.relativize(file).toString()),
                  StandardCopyOption.REPLACE_EXISTING);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Temporary repositories are named with this, the process id and a random part. */
  static final String TEMP_PREFIX = "librarian-deploy-";

  /** Removes the temporary repositories that killed runs left behind (their process is gone). */
  static int sweepTemporaryDirectories() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    int removed = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, TEMP_PREFIX + "*")) {
      for (Path dir : dirs) {
        String rest = dir.getFileName().toString().substring(TEMP_PREFIX.length());
        int dash = rest.indexOf('-');
        if (dash <= 0
            || !rest.substring(0, dash).chars().allMatch(Character::isDigit)
            || dash > 9) {
          continue;
        }
        if (ProcessHandle.of(Long.parseLong(rest.substring(0, dash))).isEmpty()) {
          deleteTree(dir);
          removed++;
        }
      }
    } catch (IOException e) {
      // Nothing to sweep.
    }
    return removed;
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A leftover temporary directory is harmless.
    }
  }
}
