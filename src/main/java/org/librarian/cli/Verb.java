package org.librarian.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.librarian.config.ConfigException;
import org.librarian.config.Overrides;
import org.librarian.config.Settings;
import org.librarian.pipeline.Context;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the context it runs in, picocli's two streams, and the exit code of
 * a workflow that says whether it worked. One level only; options are shared through mixins.
 */
abstract class Verb implements Callable<Integer> {
  @ParentCommand LibrarianCommand parent;
  @Spec CommandSpec spec;

  /** The environment, working directory, clock and command runner of this invocation. */
  final Context context() {
    return parent.context;
  }

  /**
   * The settings of {@code --config} (or the default file) and the environment; no flags over them.
   */
  final Settings settings(ConfigOption config) throws ConfigException {
    return config.load(context(), Overrides.NONE);
  }

  final PrintWriter out() {
    return spec.commandLine().getOut();
  }

  final PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** {@link ExitCode#OK} when the workflow worked, else {@link ExitCode#FAILURE}. */
  static int exitCode(boolean ok) {
    return ok ? ExitCode.OK : ExitCode.FAILURE;
  }
}
