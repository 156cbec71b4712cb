package org.librarian.publish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.librarian.common.IsoTime;
import org.librarian.config.DeploySettings;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandException;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;
import org.librarian.slurm.Executables;

/**
 * Publishes a site to every destination of the deploy settings: the git branch, then each copy_to
 * target. A failing destination is reported and does not stop the others.
 */
public final class SiteDeployer {
  /** The repository value that means "origin of the repository librarian runs in". */
  public static final String ORIGIN = "origin";

  private final CommandRunner runner;
  private final Map<String, String> env;
  private final Path workingDir;
  private final Consumer<String> report;
  private final PublishedPrivacy privacy;

  /**
   * @param report receives one line per destination published (or, in a dry run, that would be)
   */
  public SiteDeployer(
      CommandRunner runner, Map<String, String> env, Path workingDir, Consumer<String> report) {
    this(runner, env, workingDir, report, PublishedPrivacy.NONE);
  }

  /**
   * @param privacy the privacy settings' fingerprint now and per branch last published: a change
   *     rewrites the branch
   */
  public SiteDeployer(
      CommandRunner runner,
      Map<String, String> env,
      Path workingDir,
      Consumer<String> report,
      PublishedPrivacy privacy) {
    this.runner = runner;
    this.env = env;
    this.workingDir = workingDir;
    this.report = report;
    this.privacy = privacy;
  }

  /** Publishes and returns the failures, one message each; empty when every destination worked. */
  public List<String> deploy(
      Path site, DeploySettings d, Instant now, ZoneId zone, Set<String> preserve, boolean dryRun) {
    List<String> failures = new ArrayList<>();
    if (d.repo() != null) {
      try {
        String repo = repository(d);
        boolean rewrite = mustRewrite(repo, d.branch());
        if (dryRun) {
          report.accept(
              "deploy: would publish "
                  + site
                  + " to branch "
                  + d.branch()
                  + " of "
                  + repo
                  + (rewrite
                      ? " (privacy settings changed: as a new single commit, no earlier commit kept)"
                      : d.keepHistory() ? " (keeping history)" : " (one commit, replaced)"));
        } else {
          GhPagesPublisher publisher =
              new GhPagesPublisher(runner, d.git(), d.timeout(), identity(d));
          String message = "Update usage dashboard " + IsoTime.of(now.getEpochSecond(), zone);
          GhPagesPublisher.Result r =
              publisher.publish(
                  site, repo, d.branch(), d.keepHistory(), message, preserve, rewrite);
          if (r.rewritten()) {
            report.accept(
                "deploy: the privacy settings changed, so "
                    + d.branch()
                    + " of "
                    + repo
                    + " was rewritten: one new commit, force-pushed; no earlier commit is reachable from it"
                    + (r.remotePruned()
                        ? " and the old ones were pruned from " + repo
                        : "; copies made before (clones, forks, caches, the host's own) still hold them"));
          }
          try {
            privacy.record(repo, d.branch());
          } catch (IOException e) {
            failures.add(
                "published, but cannot record the privacy settings it was published with: "
                    + e.getMessage());
          }
          report.accept(
              "deploy: "
                  + (r.changed()
                      ? (r.created() ? "created " : "updated ")
                          + d.branch()
                          + " of "
                          + repo
                          + " at "
                          + r.commit().substring(0, 12)
                          + (r.attempts() > 1 ? " (after " + r.attempts() + " attempts)" : "")
                      : d.branch() + " of " + repo + " already shows this site; no commit"));
        }
      } catch (DeployException e) {
        failures.add(e.getMessage());
      }
    }
    boolean rsync = Executables.find("rsync", env.get("PATH")).isPresent();
    CopyPublisher copier = new CopyPublisher(runner, rsync, d.timeout());
    for (String target : d.copyTo()) {
      if (dryRun) {
        report.accept(
            "deploy: would copy " + site + " to " + target + " with " + (rsync ? "rsync" : "scp"));
        continue;
      }
      try {
        copier.copy(site, target);
        report.accept("deploy: copied to " + target);
      } catch (DeployException e) {
        failures.add(e.getMessage());
      }
    }
    return failures;
  }

  private boolean mustRewrite(String repo, String branch) throws DeployException {
    try {
      return privacy.mustRewrite(repo, branch);
    } catch (IOException e) {
      throw new DeployException(
          "cannot tell which privacy settings "
              + branch
              + " of "
              + repo
              + " was published with: "
              + e.getMessage()
              + "; nothing was published");
    }
  }

  /**
   * The configured repository; "origin" is the origin remote of the repository in the working
   * directory.
   */
  String repository(DeploySettings d) throws DeployException {
    if (!d.repo().equals(ORIGIN)) {
      Path local = workingDir.resolve(d.repo());
      return !d.repo().contains(":") && Files.isDirectory(local) ? local.toString() : d.repo();
    }
    CommandResult r =
        call(
            List.of(d.git(), "-C", workingDir.toString(), "remote", "get-url", "origin"),
            d.timeout());
    if (!r.ok() || r.stdout().isBlank()) {
      throw new DeployException(
          workingDir
              + " is not in a git repository with an 'origin' remote; set deploy.repo in "
              + "librarian.yaml (or pass --repo to librarian deploy)");
    }
    return r.stdout().strip();
  }

  /**
   * The user's git identity applies; without one (common under scrontab), commits are signed as
   * librarian.
   */
  private Map<String, String> identity(DeploySettings d) throws DeployException {
    Map<String, String> e = new HashMap<>();
    CommandResult r =
        call(
            List.of(d.git(), "-C", workingDir.toString(), "config", "--get", "user.email"),
            d.timeout());
    if (!r.ok() || r.stdout().isBlank()) {
      e.put("GIT_AUTHOR_NAME", "librarian");
      e.put("GIT_AUTHOR_EMAIL", "librarian@localhost");
      e.put("GIT_COMMITTER_NAME", "librarian");
      e.put("GIT_COMMITTER_EMAIL", "librarian@localhost");
    }
    return e;
  }

  private CommandResult call(List<String> argv, Duration timeout) throws DeployException {
    try {
      return runner.run(Command.of(argv, timeout));
    } catch (CommandException e) {
      throw new DeployException(e.getMessage());
    }
  }
}
