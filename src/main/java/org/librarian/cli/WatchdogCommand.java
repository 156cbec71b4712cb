package org.librarian.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.librarian.config.DurationText;
import org.librarian.config.Overrides;
import org.librarian.config.Settings;
import org.librarian.pipeline.Context;
import org.librarian.run.RunLog;
import org.librarian.run.RunStatus;
import org.librarian.slurm.Executables;
import org.librarian.slurm.SlurmPrograms;
import org.librarian.watchdog.Watchdog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code librarian watchdog}: heal this user's scrontab jobs that Slurm left requeued and held. */
@Command(
    name = "watchdog",
    header = "Heal your scrontab jobs that Slurm left 'launch failed requeued held'.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Finds your pending jobs that Slurm requeued and held after a failed launch ('launch failed "
          + "requeued held', 'user env retrieval failed requeued held'). A stuck scrontab job is "
          + "cancelled (Slurm then disables its scrontab lines with '#DISABLED: ') and its entry is "
          + "re-armed: exactly those lines are switched back on with 'scrontab FILE', and a new cron "
          + "job is checked for. Jobs held on purpose (JobHeldUser, JobHeldAdmin), running jobs and "
          + "other users' jobs are never touched; ordinary jobs only with --all-jobs. Exit 0: nothing "
          + "to do or all healed; 1: an action failed."
    })
final class WatchdogCommand extends Verb {
  @Option(
      names = "--all-jobs",
      description =
          "also heal ordinary (non-scrontab) jobs: scontrol release, then scancel if still stuck")
  boolean allJobs;

  @Option(names = "--dry-run", description = "print the plan; change nothing")
  boolean dryRun;

  @Option(
      names = "--release-wait",
      paramLabel = "DURATION",
      description =
          "wait after a release before looking again (default: watchdog.release_wait, else 5s)")
  String releaseWait;

  @Option(
      names = "--confirm-wait",
      paramLabel = "DURATION",
      defaultValue = "20s",
      description =
          "how long to look for the re-armed entry's new cron job (default: ${DEFAULT-VALUE})")
  String confirmWait;

  @Option(
      names = "--log",
      paramLabel = "FILE",
      description = "log file; default: LOG_DIR/watchdog.log (log_dir in the config)")
  Path log;

  @Mixin ConfigOption configOption;

  @Override
  public Integer call() throws Exception {
    Context context = context();
    PrintWriter out = out();
    Settings settings = configOption.load(context, Overrides.NONE);
    Duration wait =
        releaseWait == null
            ? settings.releaseWait()
            : DurationText.parse("--release-wait", releaseWait);
    Duration confirm = DurationText.parse("--confirm-wait", confirmWait);
    String me =
        context
            .env()
            .getOrDefault(
                "USER", context.env().getOrDefault("LOGNAME", System.getProperty("user.name")));
    Path logFile =
        log != null ? context.workingDir().resolve(log) : settings.logDir().resolve("watchdog.log");
    RunLog logger = new RunLog(logFile, RunLog.MAX_BYTES, context.clock(), settings.zone());
    Watchdog watchdog =
        new Watchdog(
            context.runner(),
            programs(settings.sacct()),
            me,
            allJobs,
            dryRun,
            wait,
            confirm,
            d -> Thread.sleep(d.toMillis()),
            line -> {
              out.println(line);
              if (!dryRun) {
                logger.line("watchdog: " + line);
              }
            });
    int code = watchdog.run();
    List<Watchdog.Waiting> waiting =
        watchdog.waitingForLimits(context.clock().instant(), settings.runInterval());
    if (!dryRun) {
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
