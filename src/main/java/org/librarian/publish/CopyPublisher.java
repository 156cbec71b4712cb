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
 * site does not have are left alone.
 */
public final class CopyPublisher {
  private final CommandRunner runner;
  private final boolean rsync;
  private final Duration timeout;

  public CopyPublisher(CommandRunner runner, boolean rsyncAvailable, Duration timeout) {
    this.runner = runner;
    this.rsync = rsyncAvailable;
    this.timeout = timeout;
  }

  /** The command that copies {@code site} to {@code target}; pure. */
  public static Command command(Path site, String target, boolean rsync, Duration timeout) throws IOException {
    List<String> argv = new ArrayList<>();
    if (rsync) {
      // The trailing slash copies the directory's contents, not the directory.
      argv.addAll(List.of("rsync", "-a", "--exclude=.*.tmp", site + "/", target));
    } else {
      argv.addAll(List.of("scp", "-r", "-p", "-q", "-B"));
      try (Stream<Path> entries = Files.list(site)) {
        entries.map(Path::toString).filter(p -> !p.endsWith(".tmp")).sorted().forEach(argv::add);
      }
      argv.add(target);
    }
    return Command.of(argv, timeout);
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
      throw new DeployException("copy to " + target + " failed (" + (rsync ? "rsync" : "scp") + " exit " + r.exitCode()
          + "): " + r.firstErrorLine());
    }
  }
}
