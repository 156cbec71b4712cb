package org.librarian.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandException;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;

/**
 * The Slurm a budget is read from: sacct answered by a {@link FakeAccounting}; scontrol and
 * sacctmgr by the texts set here (recordings of slurm-recorded/, as a test edits them). Every call
 * but sacct's is kept in {@link #calls}.
 */
public final class BudgetSlurm implements CommandRunner {
  public final FakeAccounting sacct;
  public final List<Command> calls = new ArrayList<>();

  /** What {@code scontrol -o show assoc_mgr flags=qos} prints (and any other scontrol call). */
  public String qos;

  /** What {@code scontrol -o show assoc_mgr flags=assoc} prints. */
  public String assoc;

  /** What {@code scontrol show config} prints; when null, {@link #qos} is answered. */
  public String config;

  /** What {@code sacctmgr} prints for the QoS' flags and usage factor. */
  public String flags;

  public BudgetSlurm(FakeAccounting sacct) {
    this.sacct = sacct;
  }

  @Override
  public CommandResult run(Command c) throws CommandException {
    String program = Path.of(c.argv().get(0)).getFileName().toString();
    if (program.equals("sacct")) {
      return sacct.run(c);
    }
    calls.add(c);
    return switch (program) {
      case "scontrol" ->
          new CommandResult(
              0,
              config != null && c.argv().contains("config")
                  ? config
                  : c.argv().contains("flags=assoc") ? assoc : qos,
              "");
      case "sacctmgr" -> new CommandResult(0, flags, "");
      default -> throw new AssertionError("unexpected " + c.display());
    };
  }

  /** {@code librarian parse} with {@code args} in {@code dir} against this Slurm at {@code now}. */
  public Cli.Run parse(Path dir, Instant now, String... args) throws IOException {
    sacct.now = now;
    Cli.Run run =
        new Cli(dir).programs("sacct", "scontrol", "sacctmgr").runner(this).clock(now).run(args);
    assertEquals(0, run.code(), run.err());
    return run;
  }
}
