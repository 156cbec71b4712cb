package org.librarian.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.librarian.config.Settings;
import org.librarian.pipeline.Context;
import org.librarian.slurm.Executables;
import org.librarian.slurm.SlurmPrograms;
import org.librarian.watchdog.Watchdog;

/**
 * {@code librarian watchdog} as a workflow: one pass of the {@link Watchdog} as this user, each
 * line printed and (unless a dry run) logged, then the collector's jobs that wait for a limit noted
 * in the site's status.json.
 */
public final class WatchdogRun {
  private WatchdogRun() {}

  /** Runs one pass; the watchdog's exit code (0: nothing to do or all healed, 1: a step failed). */
  public static int run(
      Settings settings, Context context, Watchdog.Asked asked, Path log, PrintWriter out)
      throws InterruptedException {
    String me =
        context
            .env()
            .getOrDefault(
                "USER", context.env().getOrDefault("LOGNAME", System.getProperty("user.name")));
    RunLog logger = new RunLog(log, RunLog.MAX_BYTES, context.clock(), settings.zone());
    Watchdog watchdog =
        new Watchdog(
            context.runner(),
            programs(settings.sacct()),
            me,
            asked,
            d -> Thread.sleep(d.toMillis()),
            line -> {
              out.println(line);
              if (!asked.dryRun()) {
                logger.line("watchdog: " + line);
              }
            });
    int code = watchdog.run();
    List<Watchdog.Waiting> waiting =
        watchdog.waitingForLimits(context.clock().instant(), settings.runInterval());
    if (!asked.dryRun()) {
      // The page shows it from status.json (the local site, and the published one after the next
      // run).
      try {
        RunStatus.noteWaiting(
            settings.output().resolve(RunStatus.FILE),
            waiting.stream()
                .map(
                    w ->
                        new RunStatus.Waiting(
                            w.id(),
                            w.name(),
                            w.reason(),
                            w.eligible(),
                            w.waited().getSeconds(),
                            w.message()))
                .toList(),
            settings.zone());
      } catch (IOException e) {
        logger.line(
            "watchdog: cannot note the waiting jobs in " + RunStatus.FILE + ": " + e.getMessage());
      }
    }
    return code;
  }

  /** The Slurm programs: beside sacct when it is configured by path, else by name on PATH. */
  static Watchdog.Programs programs(String sacct) {
    return new Watchdog.Programs(
        Executables.beside(sacct, SlurmPrograms.SQUEUE),
        Executables.beside(sacct, SlurmPrograms.SCONTROL),
        Executables.beside(sacct, SlurmPrograms.SCANCEL),
        Executables.beside(sacct, SlurmPrograms.SCRONTAB),
        Duration.ofMinutes(1));
  }
}
