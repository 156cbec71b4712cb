package org.librarian.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.librarian.config.DurationText;
import org.librarian.config.Settings;
import org.librarian.pipeline.Context;
import org.librarian.run.WatchdogRun;
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
    Settings settings = settings(configOption);
    Context context = context();
    Duration wait =
        releaseWait == null
            ? settings.releaseWait()
            : DurationText.parse("--release-wait", releaseWait);
    Duration confirm = DurationText.parse("--confirm-wait", confirmWait);
    Path logFile =
        log != null ? context.workingDir().resolve(log) : settings.logDir().resolve("watchdog.log");
    return WatchdogRun.run(
        settings, context, new Watchdog.Asked(allJobs, dryRun, wait, confirm), logFile, out());
  }
}
