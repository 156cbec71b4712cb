package org.librarian.config;

import java.time.Duration;
import java.util.List;

/**
 * Where {@code run} publishes the site.
 *
 * @param repo a git repository path or URL, or null: no git publishing
 * @param branch the branch that receives the site (gh-pages)
 * @param keepHistory keep one commit per run instead of replacing the branch's single commit
 * @param copyTo rsync/scp destinations such as {@code host:~/public_html/usage/}
 * @param git the git program
 * @param timeout the limit for each git, rsync or scp call
 */
public record DeploySettings(
    String repo,
    String branch,
    boolean keepHistory,
    List<String> copyTo,
    String git,
    Duration timeout) {
  public static final DeploySettings NONE =
      new DeploySettings(null, "gh-pages", false, List.of(), "git", Duration.ofMinutes(5));
}
