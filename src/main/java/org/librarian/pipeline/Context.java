package org.librarian.pipeline;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.librarian.common.Ticker;
import org.librarian.slurm.CommandRunner;
import org.librarian.slurm.ProcessCommandRunner;

/**
 * What a command reads from the world: environment variables, working directory, the program
 * runner, the clock, whether standard error is a terminal (for progress), and the ticker deadlines
 * are measured in. Tests build their own.
 */
public record Context(
    Map<String, String> env,
    Path workingDir,
    CommandRunner runner,
    Clock clock,
    boolean terminal,
    Ticker ticker) {

  /** With the real ticker. */
  public Context(
      Map<String, String> env,
      Path workingDir,
      CommandRunner runner,
      Clock clock,
      boolean terminal) {
    this(env, workingDir, runner, clock, terminal, Ticker.SYSTEM);
  }

  public static Context system() {
    return new Context(
        System.getenv(),
        Path.of("").toAbsolutePath(),
        new ProcessCommandRunner(),
        Clock.systemUTC(),
        System.console() != null);
  }
}
