package org.librarian.pipeline;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.librarian.slurm.CommandRunner;
import org.librarian.slurm.ProcessCommandRunner;

/**
 * What a command reads from the world: environment variables, working directory, the program
 * runner, the clock, and whether standard error is a terminal (for progress). Tests build their
 * own.
 */
public record Context(
    Map<String, String> env, Path workingDir, CommandRunner runner, Clock clock, boolean terminal) {

  public static Context system() {
    return new Context(
        System.getenv(),
        Path.of("").toAbsolutePath(),
        new ProcessCommandRunner(),
        Clock.systemUTC(),
        System.console() != null);
  }
}
