package org.librarian.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandException;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;

/**
 * sacct as an accounting database answers it (TZ=UTC only): the runs of jobs in the asked QoS that
 * were pending, running or ended at or after {@code --starttime}; without {@code --duplicates},
 * only the latest run of each job id. Counts its calls, and can misbehave on purpose ({@link
 * #mode}).
 */
public final class FakeAccounting implements CommandRunner {
  public static final String HEADER = SacctRow.HEADER;

  /** How the next answers go wrong. */
  public enum Mode {
    OK,
    HEADER_ONLY,
    CUT_SHORT,
    DOWN,
    NOTHING,
    HANG,
    GARBAGE,
    TOO_WIDE
  }

  /** One run of a job; {@code end} -1 while it runs, {@code start} -1 while it waits. */
  public record Run(
      String id,
      String user,
      String qos,
      String state,
      long submit,
      long start,
      long end,
      long cpus,
      String mem) {}

  public final List<Run> runs = new ArrayList<>();
  public final List<Command> calls = new ArrayList<>();
  public Instant now;
  public Mode mode = Mode.OK;

  /** From this call on (1 = the first), slurmdbd is down: an interrupted backfill. */
  public int downFromCall = Integer.MAX_VALUE;

  /** Extra lines added to every answer (absurd rows). */
  public final List<String> extra = new ArrayList<>();

  public FakeAccounting add(
      String id, String user, String qos, String state, long start, long end, long cpus) {
    runs.add(new Run(id, user, qos, state, start, start, end, cpus, cpus + "G"));
    return this;
  }

  @Override
  public CommandResult run(Command c) throws CommandException {
    if (!c.argv().get(0).endsWith("sacct")) {
      throw new AssertionError("not sacct: " + c.display());
    }
    calls.add(c);
    if (mode == Mode.HANG) {
      // What the real runner reports when it stopped a program at its timeout.
      throw new CommandException(
          c.argv().get(0)
              + " did not finish within "
              + c.timeout().toSeconds()
              + " s and was stopped");
    }
    if (mode == Mode.GARBAGE) {
      byte[] noise = new byte[4096];
      new SplittableRandom(5).nextBytes(noise);
      noise[noise.length - 1] =
          '\n'; // complete lines of noise: what is read is garbage, not cut short
      try {
        Files.write(c.stdoutFile(), noise);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new CommandResult(0, "", "");
    }
    if (mode == Mode.TOO_WIDE) {
      // What slurmdbd answers past its MaxQueryTimeRange.
      return new CommandResult(1, "", "sacct: error: Too wide of a date range in query\n");
    }
    if (mode == Mode.DOWN || calls.size() >= downFromCall) {
      return new CommandResult(
          1, "", "sacct: error: Problem talking to the database: Connection refused\n");
    }
    String since = option(c, "--starttime=");
    long s = LocalDateTime.parse(since).toEpochSecond(ZoneOffset.UTC);
    List<String> qos = Arrays.asList(option(c, "--qos=").split(","));
    boolean duplicates = c.argv().contains("--duplicates");
    long t = now.getEpochSecond();
    Map<String, Run> latest = new LinkedHashMap<>();
    for (Run r : runs) {
      if (r.submit() <= t && qos.contains(r.qos())) {
        latest.put(duplicates ? r.id() + "@" + r.start() : r.id(), r);
      }
    }
    StringBuilder out = new StringBuilder();
    if (mode != Mode.HEADER_ONLY) {
      for (Run r : latest.values()) {
        boolean started = r.start() >= 0 && r.start() <= t;
        boolean ended = started && r.end() >= 0 && r.end() <= t;
        if (ended && r.end() < s) {
          continue;
        }
        String state = !started ? "PENDING" : ended ? r.state() : "RUNNING";
        SacctRow row =
            new SacctRow(
                r.id(),
                r.id(),
                r.user(),
                "lab",
                r.qos(),
                state,
                r.submit(),
                started ? r.start() : "Unknown",
                ended ? r.end() : "Unknown",
                !started ? 0 : (ended ? r.end() : t) - r.start(),
                r.cpus(),
                r.mem(),
                started ? SacctRow.tres(r.cpus(), r.mem()) : "");
        out.append(row.line()).append('\n');
      }
      for (String line : extra) {
        out.append(line).append('\n');
      }
    }
    String text = mode == Mode.NOTHING ? "" : printed(c, out.toString());
    if (mode == Mode.CUT_SHORT) {
      text = text.substring(0, text.length() - 5);
    }
    try {
      Files.writeString(c.stdoutFile(), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new CommandResult(0, "", "");
  }

  /**
   * {@code rows} (lines of the usage columns, {@link #HEADER}, separated by '|') as sacct prints
   * them for {@code c}: under a header of the columns it asks for, each row padded with the empty
   * columns beyond the usage ones, separated by the delimiter it asks for.
   */
  public static String printed(Command c, String rows) {
    String format = option(c, "--format=");
    String pad = "|".repeat(format.split(",").length - HEADER.split("\\|").length);
    StringBuilder out = new StringBuilder(format.replace(',', '|')).append('\n');
    rows.lines().forEach(l -> out.append(l).append(pad).append('\n'));
    return out.toString().replace("|", option(c, "--delimiter="));
  }

  /** The value of {@code c}'s argument {@code prefix}, e.g. 10 of --format=10 for "--format=". */
  public static String option(Command c, String prefix) {
    return c.argv().stream()
        .filter(a -> a.startsWith(prefix))
        .findFirst()
        .orElseThrow()
        .substring(prefix.length());
  }
}
