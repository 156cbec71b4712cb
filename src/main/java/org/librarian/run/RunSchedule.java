package org.librarian.run;

import java.time.Duration;
import java.time.Instant;
import org.librarian.config.Settings;
import org.librarian.pipeline.Context;
import org.librarian.slurm.CronSpec;
import org.librarian.slurm.ScontrolJob;
import org.librarian.slurm.SlurmLookups;

/**
 * When runs are expected. Under scrontab ({@code SLURM_JOB_ID} set) the run reads its own job with
 * scontrol: its cron spec gives the schedule (unless run_interval is configured, which wins), and
 * its Eligible and Start times say how long it waited for its turn.
 */
final class RunSchedule {
  /** The schedule, and the run's own Slurm job (null when not under Slurm or scontrol failed). */
  record Found(RunStatus.Schedule schedule, RunStatus.Job job) {}

  private RunSchedule() {}

  static Found of(Settings settings, Context context, Instant started, RunLog log) {
    Duration configured = settings.runInterval();
    RunStatus.Schedule fallback = RunStatus.Schedule.every(configured, started, "run_interval");
    String id = context.env().get("SLURM_JOB_ID");
    if (id == null || !id.matches("[0-9]+")) {
      return new Found(fallback, null);
    }
    SlurmLookups.Answer<ScontrolJob> answer =
        new SlurmLookups(
                context.runner(),
                settings.sacct(),
                settings.sacctmgr(),
                context.env().get("PATH"),
                settings.cluster(),
                settings.sacctTimeout())
            .job(id);
    if (answer.value() == null) {
      log.line("schedule: " + answer.warning() + "; using run_interval");
      return new Found(fallback, null);
    }
    ScontrolJob self = answer.value();
    String spec = self.crontabSpec();
    RunStatus.Job job =
        new RunStatus.Job(
            id, spec.isEmpty() ? null : spec, self.time("EligibleTime"), self.time("StartTime"));
    CronSpec cron = CronSpec.parse(spec);
    RunStatus.Schedule schedule =
        settings.runIntervalGiven() || cron == null
            ? fallback
            : new RunStatus.Schedule(
                cron.longestGap(), cron.next(started, settings.zone()), "crontab " + spec);
    if (job.waitedSeconds() > schedule.interval().getSeconds()) {
      log.line(
          "run: this run waited "
              + job.waitedSeconds() / 60
              + " min after it could have started, longer"
              + " than its interval: run the cron entry in a QoS outside the group's limit (see scrontab.example)");
    }
    return new Found(schedule, job);
  }
}
