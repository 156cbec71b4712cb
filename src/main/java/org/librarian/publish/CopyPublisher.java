package org.librarian.publish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandException;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;

/**
 * Copies a site to a destination such as {@code host:~/public_html/usage/} (or a local directory):
 * {@code rsync -a} when rsync is available, else {@code scp -r}. Files at the destination that the
 * site does not have are left alone. With rsync, the files land together at the end of the transfer
 * ({@code --delay-updates}), so a copy killed before then leaves the previous site in place, and
 * the hidden {@code .NAME.XXXXXX} parts a killed rsync leaves beside a site file, and the {@code
 * .~tmp~} directories where it stages the files it has finished, are removed by the next copy (in
 * its delete pass, which rsync runs after the staged files are moved into place); scp writes each
 * file in place.
 *
 * @param rsync whether rsync is available (else scp is used)
 * @param timeout the time one copy may take
 */
public record CopyPublisher(CommandRunner runner, boolean rsync, Duration timeout) {
  /** The command that copies {@code site} to {@code target}; pure. */
  public static Command command(Path site, String target, boolean rsync, Duration timeout)
      throws IOException {
    List<String> argv = new ArrayList<>();
    if (rsync) {
      // The trailing slash copies the directory's contents, not the directory.
      argv.addAll(List.of("rsync", "-a", "--delay-updates", "--delete-after", "--exclude=.*.tmp"));
      // The staging directories of a killed copy: rsync reuses what it needs of them and, without
      // this, keeps the rest (and the directory) for ever.
      argv.add("--filter=R .~tmp~/***");
      // --delete-after may remove only what a killed rsync left beside one of the site's files; all
      // else is protected.
      try (Stream<Path> files = Files.walk(site)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          Path relative = site.relativize(f);
          String name = relative.getFileName().toString();
          if (!(name.startsWith(".") && name.endsWith(".tmp"))) {
            String parent = relative.getParent() == null ? "" : relative.getParent() + "/";
            argv.add("--filter=R /" + literal(parent + "." + name) + ".??????");
          }
        }
      }
      argv.addAll(List.of("--filter=P *", site + "/", target));
    } else {
      argv.addAll(List.of("scp", "-r", "-p", "-q", "-B"));
      try (Stream<Path> entries = Files.list(site)) {
        entries.map(Path::toString).filter(p -> !p.endsWith(".tmp")).sorted().forEach(argv::add);
      }
      argv.add(target);
    }
    return Command.of(argv, timeout);
  }

  /** A name as an rsync filter pattern that matches only itself. */
  static String literal(String name) {
    return name.replaceAll("([\\\\*?\\[])", "\\\\$1");
  }

  public void copy(Path site, String target) throws DeployException {
    CommandResult r;
    try {
      r = runner.run(command(site, target, rsync, timeout));
    } catch (IOException e) {
      throw new DeployException("cannot list " + site + ": " + e.getMessage());
    } catch (CommandException e) {
      throw new DeployException("copy to " + target + ": " + e.getMessage());
    }
    if (!r.ok()) {
      throw new DeployException(
          "copy to "
              + target
              + " failed ("
              + (rsync ? "rsync" : "scp")
              + " exit "
              + r.exitCode()
              + "): "
              + r.firstErrorLine());
    }
  }
}
