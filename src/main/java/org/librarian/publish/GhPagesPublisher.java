package org.librarian.publish;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
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
 */
public final class GhPagesPublisher {
  public static final int ATTEMPTS = 3;

  /** What a publish did: the new commit (null when nothing changed), whether the branch was new, and how many tries it took. */
  public record Result(String commit, boolean created, int attempts) {
    public boolean changed() {
      return commit != null;
    }
  }

  private final CommandRunner runner;
  private final String git;
  private final Duration timeout;
  private final Map<String, String> env;

  /** @param env extra environment for git (identity when the user has none configured, no prompts) */
  public GhPagesPublisher(CommandRunner runner, String git, Duration timeout, Map<String, String> env) {
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
   */
  public Result publish(Path site, String repo, String branch, boolean keepHistory, String message,
      Set<String> preserve) throws DeployException {
    if (repo.strip().startsWith("-") || branch.startsWith("-")) {
      throw new DeployException("'" + (repo.strip().startsWith("-") ? repo : branch)
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
          git("fetch " + branch + " from " + repo, List.of("--git-dir=" + gitDir, "fetch", "-q", "--no-tags",
              "--depth=1", "--", repo, "+refs/heads/" + branch + ":refs/librarian/old"));
          old = git("read the fetched commit", List.of("--git-dir=" + gitDir, "rev-parse", "refs/librarian/old")).strip();
        }
        String tree = stage(site, stage, gitDir, old, preserve);
        if (old != null && tree.equals(git("read the published tree",
            List.of("--git-dir=" + gitDir, "rev-parse", old + "^{tree}")).strip())) {
          return new Result(null, false, attempt);
        }
        List<String> commitTree = new ArrayList<>(List.of("--git-dir=" + gitDir, "commit-tree", tree, "-m", message));
        if (keepHistory && old != null) {
          commitTree.addAll(List.of("-p", old));
        }
        String commit = git("commit the site", commitTree).strip();
        List<String> push = new ArrayList<>(List.of("--git-dir=" + gitDir, "push", "-q", "--porcelain"));
        if (!keepHistory) {
          push.add("--force-with-lease=refs/heads/" + branch + ":" + (old == null ? "" : old));
        }
        push.addAll(List.of("--", repo, commit + ":refs/heads/" + branch));
        CommandResult pushed = run(push);
        if (pushed.ok()) {
          return new Result(commit, old == null, attempt);
        }
        String why = pushed.stderr() + pushed.stdout();
        boolean lostRace = why.contains("[rejected]") || why.contains("stale info") || why.contains("non-fast-forward")
            || why.contains("fetch first") || why.contains("cannot lock ref");
        if (!lostRace) {
          throw new DeployException("git push to " + repo + " failed: " + pushed.firstErrorLine());
        }
        if (attempt == ATTEMPTS) {
          throw new DeployException("git push to " + repo + " was rejected " + ATTEMPTS
              + " times because others pushed to " + branch + " meanwhile; try again later");
        }
      }
    } finally {
      deleteTree(work);
    }
  }

  /** The commit the branch points at, or null when it does not exist. */
  private String remoteHead(String gitDir, String repo, String branch) throws DeployException {
    CommandResult r = run(List.of("--git-dir=" + gitDir, "ls-remote", "--heads", "--", repo, "refs/heads/" + branch));
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

  /** Copies the site into the stage, adds .nojekyll and the kept files, and returns the tree's id. */
  private String stage(Path site, Path stage, String gitDir, String old, Set<String> preserve) throws DeployException {
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
      Set<String> published = Set.of(git("list the published files",
          List.of("--git-dir=" + gitDir, "ls-tree", "--name-only", old)).split("\n"));
      List<String> keep = new ArrayList<>();
      for (String name : Stream.concat(Stream.of("CNAME"), preserve.stream()).distinct().toList()) {
        if (published.contains(name) && !Files.exists(stage.resolve(name))) {
          keep.add(name);
        }
      }
      if (!keep.isEmpty()) {
        List<String> checkout = new ArrayList<>(List.of("--git-dir=" + gitDir, workTree, "checkout", old, "--"));
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
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (!dir.equals(from) && dir.getFileName().toString().startsWith(".")) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String name = file.getFileName().toString();
        if (attrs.isRegularFile() && !(name.startsWith(".") && name.endsWith(".tmp"))) {
          Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
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
    try (java.nio.file.DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, TEMP_PREFIX + "*")) {
      for (Path dir : dirs) {
        String rest = dir.getFileName().toString().substring(TEMP_PREFIX.length());
        int dash = rest.indexOf('-');
        if (dash <= 0 || !rest.substring(0, dash).chars().allMatch(Character::isDigit) || dash > 9) {
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
