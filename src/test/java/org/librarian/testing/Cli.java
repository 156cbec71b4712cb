package org.librarian.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.librarian.cli.LibrarianCommand;
import org.librarian.common.Ticker;
import org.librarian.pipeline.Context;
import org.librarian.slurm.CommandRunner;

/**
 * Runs the CLI in-process with StringWriters, a chosen environment, working directory and runner.
 */
public final class Cli {
  public record Run(int code, String out, String err) {}

  private final Path workingDir;
  private final Map<String, String> env = new HashMap<>();
  private CommandRunner runner =
      new FakeRunner(
          c -> {
            throw new AssertionError("no command expected, got " + c.display());
          });

  private Instant now = Instant.parse("2026-11-20T12:30:00Z");
  private Ticker ticker = Ticker.SYSTEM;

  /**
   * The replay of the groups corpus (src/test/resources/groups/): no plots, the 6 hours to
   * 2026-11-20 12:30 UTC in hourly bins.
   */
  public static final List<String> GROUPS_REPLAY =
      List.of(
          "--no-plots",
          "--now",
          "2026-11-20T12:30:00Z",
          "--timezone",
          "UTC",
          "--window",
          "6h",
          "--resolution",
          "1h");

  public Cli(Path workingDir) {
    this.workingDir = workingDir;
    env.put("PATH", "");
    // State (lock, cache, logs) goes under the test's own directory, never the real home.
    env.put("HOME", workingDir.toString());
  }

  /**
   * A CLI in dir whose sacct is the given accounting, both at {@code now}: sacct's clock is set
   * too.
   */
  public static Cli withSacct(Path dir, FakeAccounting sacct, Instant now) throws IOException {
    sacct.now = now;
    return new Cli(dir).programs("sacct").runner(sacct).clock(now);
  }

  /**
   * {@code librarian demo --out site --no-plots} in {@code dir} at {@code now}: the site's
   * directory, dir/site. A demo that fails fails the test.
   */
  public static Path demoSite(Path dir, Instant now) {
    Path site = dir.resolve("site");
    Run demo = new Cli(dir).clock(now).run("demo", "--out", site.toString(), "--no-plots");
    if (demo.code() != 0) {
      throw new AssertionError("demo exited " + demo.code() + ": " + demo.err());
    }
    return site;
  }

  public Cli runner(CommandRunner r) {
    this.runner = r;
    return this;
  }

  /**
   * The ticker the command's deadlines (a run's run_deadline) are measured in; default the real
   * one.
   */
  public Cli ticker(Ticker t) {
    this.ticker = t;
    return this;
  }

  /** The instant the command's clock shows (default 2026-11-20T12:30:00Z). */
  public Cli clock(Instant instant) {
    this.now = instant;
    return this;
  }

  public Cli env(String key, String value) {
    env.put(key, value);
    return this;
  }

  /**
   * Puts empty executables with these names on PATH, so the lookup finds them; the runner answers.
   */
  public Cli programs(String... names) throws IOException {
    Path bin = Files.createDirectories(workingDir.resolve("bin"));
    for (String name : names) {
      Path p = bin.resolve(name);
      Files.writeString(p, "#!/bin/sh\nexit 99\n");
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    env.put("PATH", bin.toString());
    return this;
  }

  /** {@code librarian notify --config config --site site --now now}, then {@code more}. */
  public Run notify(Path config, Path site, String now, String... more) {
    return run(
        List.of("notify", "--config", config.toString(), "--site", site.toString(), "--now", now),
        more);
  }

  /** The command {@code args}, then {@code more}: a test's usual arguments, then its own. */
  public Run run(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return run(all.toArray(String[]::new));
  }

  public Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Context context =
        new Context(
            Map.copyOf(env), workingDir, runner, Clock.fixed(now, ZoneOffset.UTC), false, ticker);
    int code = LibrarianCommand.execute(context, new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }
}
