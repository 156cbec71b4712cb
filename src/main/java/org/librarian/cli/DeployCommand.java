package org.librarian.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.librarian.config.ConfigException;
import org.librarian.config.DeploySettings;
import org.librarian.config.Overrides;
import org.librarian.config.Settings;
import org.librarian.pipeline.Collection;
import org.librarian.pipeline.Context;
import org.librarian.publish.SiteDeployer;
import org.librarian.site.PrivatePages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code librarian deploy}: a site directory to a git branch and the copy_to targets. */
@Command(
    name = "deploy",
    header = "Publish a site to a gh-pages branch and to copy_to targets.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Publishes a site directory to a branch (default gh-pages) of a git repository, through the "
          + "system git in a temporary repository of its own, so your working tree and branch stay as "
          + "they are. The branch holds one commit, replaced each time, unless --keep-history. Then "
          + "copies the site to each deploy.copy_to target of the config (rsync -a, else scp -r). Your "
          + "SSH keys and git config apply."
    })
final class DeployCommand extends Verb {
  @Option(
      names = "--site",
      paramLabel = "DIR",
      description = "the site to publish; default: 'output' of the config, else ./site")
  String site;

  @Option(
      names = "--repo",
      paramLabel = "PATH_OR_URL",
      description =
          "the repository; default: deploy.repo of the config, else the origin of the repository here")
  String repo;

  @Option(
      names = "--branch",
      paramLabel = "NAME",
      description = "the branch; default: deploy.branch of the config, else gh-pages")
  String branch;

  @Option(
      names = "--keep-history",
      description = "add a commit per publish instead of replacing the branch's single commit")
  boolean keepHistory;

  @Mixin ConfigOption configOption;

  @Option(names = "--dry-run", description = "say where the site would go; change nothing")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    Context context = context();
    Settings settings =
        configOption.load(context, new Overrides(null, null, null, site, null, List.of()));
    Path dir = settings.output();
    if (!Files.isRegularFile(dir.resolve("index.html"))) {
      throw new ConfigException(
          dir + " is not a site (no index.html); build one with librarian parse, run or site");
    }
    PrivatePages.of(settings).refuseUnsealed(dir);
    DeploySettings d = settings.deploy();
    if (branch != null
        && (!branch.matches("[A-Za-z0-9_][A-Za-z0-9._/-]*") || branch.contains(".."))) {
      throw new ConfigException("--branch: '" + branch + "' is not a usable branch name");
    }
    if (repo != null && repo.strip().startsWith("-")) {
      throw new ConfigException("--repo: '" + repo + "' looks like an option, not a repository");
    }
    DeploySettings effective =
        new DeploySettings(
            repo != null ? repo : d.repo() != null ? d.repo() : SiteDeployer.ORIGIN,
            branch != null ? branch : d.branch(),
            keepHistory || d.keepHistory(),
            d.copyTo(),
            d.git(),
            d.timeout());
    List<String> failures =
        new SiteDeployer(
                context.runner(),
                context.env(),
                context.workingDir(),
                out()::println,
                Collection.publishedPrivacy(settings))
            .deploy(
                dir,
                effective,
                context.clock().instant().truncatedTo(ChronoUnit.SECONDS),
                settings.zone(),
                Set.of(),
                dryRun);
    for (String f : failures) {
      err().println("librarian: deploy failed: " + f);
    }
    return exitCode(failures.isEmpty());
  }
}
