package org.librarian.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandException;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;

/**
 * Answers commands from a script and records what was asked, for fast unit tests of the Slurm
 * boundary.
 */
public final class FakeRunner implements CommandRunner {
  private final Function<Command, CommandResult> script;
  public final List<Command> calls = new ArrayList<>();

  public FakeRunner(Function<Command, CommandResult> script) {
    this.script = script;
  }

  /** A program's answer: exit 0, {@code stdout}, nothing on stderr. */
  public static CommandResult ok(String stdout) {
    return new CommandResult(0, stdout, "");
  }

  /** A program's answer: exit {@code code}, nothing on stdout, {@code stderr}. */
  public static CommandResult failed(int code, String stderr) {
    return new CommandResult(code, "", stderr);
  }

  /** Answers by program name (argv[0]'s file name). */
  public static FakeRunner byProgram(Map<String, CommandResult> answers) {
    return new FakeRunner(
        c -> {
          String name = Path.of(c.argv().get(0)).getFileName().toString();
          CommandResult r = answers.get(name);
          if (r == null) {
            throw new AssertionError("unexpected command " + c.display());
          }
          return r;
        });
  }

  @Override
  public CommandResult run(Command command) throws CommandException {
    calls.add(command);
    CommandResult result = script.apply(command);
    if (result == null) {
      throw new CommandException(
          command.argv().get(0) + " did not finish within 1 s and was stopped");
    }
    if (command.stdoutFile() != null) {
      try {
        Files.writeString(command.stdoutFile(), result.stdout(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new CommandResult(result.exitCode(), "", result.stderr());
    }
    return result;
  }
}
