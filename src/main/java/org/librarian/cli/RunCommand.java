package org.librarian.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.librarian.pipeline.Collection;
import org.librarian.pipeline.Context;
import org.librarian.common.AtomicFile;
import org.librarian.common.IsoTime;
import org.librarian.config.ConfigException;
import org.librarian.config.Overrides;
import org.librarian.config.QosSpec;
import org.librarian.config.Settings;
import org.librarian.config.SettingsLoader;
import org.librarian.notify.NotifyState;
import org.librarian.notify.Notifier;
import org.librarian.output.QosFiles;
import org.librarian.output.UsageJson;
import org.librarian.publish.SiteDeployer;
import org.librarian.run.RunDeadline;
import org.librarian.run.RunLock;
import org.librarian.run.RunLog;
import org.librarian.run.RunStatus;
import org.librarian.site.SiteAssembler;
import org.librarian.slurm.CronSpec;
import org.librarian.slurm.SacctException;
import org.librarian.slurm.SacctQuery;
import org.librarian.slurm.ScontrolJob;
import org.librarian.slurm.SlurmLookups;
import org.librarian.usage.JobRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code librarian run}: the scrontab entry point — parse every QoS, build the site, publish it. */
@Command(name = "run", header = "The scrontab entry: parse every QoS, build the site, publish it.",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Parses every QoS of the config, builds the site with status.json, and publishes it to the "
          + "deploy destinations of the config. Meant for scrontab every 10 minutes (see "
          + "scrontab.example). Only one run at a time: a run that finds another still going exits 0 at "
          + "once. When sacct fails for a QoS, its previous data stays published and status.json (shown "
          + "by the dashboard) says why; the exit code is then 1. Logs one line per step to "
          + "LOG_DIR/run.log (log_dir in the config)."
    })
final class RunCommand implements Callable<Integer> {
  @ParentCommand LibrarianCommand parent;
  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;
  @Mixin PlotOptions plots;
  @Mixin FullOption fullOption;

  @Option(names = "--dry-run", description = "say what would be run, written and published; change nothing")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    Context context = parent.context;
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Settings settings = new SettingsLoader(context.env(), context.workingDir()).load(configOption.config, Overrides.NONE);
    if (settings.qos().isEmpty()) {
      throw new ConfigException("no QoS to report on: list them under 'qos:' in "
          + (settings.source() == null ? "librarian.yaml" : settings.source()));
    }
    String version = "librarian " + LibrarianCommand.version();
    Instant started = context.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    Collection.Outputs outputs = plots.outputs();
    Collection collector = new Collection(settings, context, out, err, version, false, false);
    RunLog log = new RunLog(settings.logDir().resolve("run.log"), RunLog.MAX_BYTES, context.clock(), settings.zone());
    SiteDeployer deployer = new SiteDeployer(context.runner(), context.env(), context.workingDir(), line -> {
      out.println(line);
      if (!dryRun) {
        log.line(line);
      }
    }, Collection.publishedPrivacy(settings));
    if (dryRun) {
      collector.dryRun(settings.qos(), Collection.Window.rolling(started), Collection.Source.SACCT, outputs);
      out.println("would write the site and " + RunStatus.FILE + " into " + settings.output());
      for (String problem : deployer.deploy(settings.output(), settings.deploy(), started, settings.zone(), Set.of(),
          true)) {
        err.println("librarian: deploy would fail: " + problem);
      }
      return ExitCode.OK;
    }

    Path lockFile = settings.stateDir().resolve("run.lock");
    String owner = "pid=" + ProcessHandle.current().pid() + " host=" + context.env().getOrDefault("HOSTNAME", "?")
        + " started=" + IsoTime.of(started, settings.zone());
    RunStatus.Job[] job = new RunStatus.Job[1];
    RunStatus.Schedule schedule = schedule(settings, started, job, log);
    RunDeadline deadline = new RunDeadline(settings.runDeadline(schedule.interval()), schedule.interval());
    RunLock taken;
    try {
      taken = RunLock.tryAcquire(lockFile, owner);
    } catch (IOException e) {
      throw new IOException("cannot take the run lock " + lockFile + " (is " + settings.stateDir()
          + " writable, with space left?): " + e, e);
    }
    try (RunLock lock = taken) {
      if (lock == null) {
        return lockTaken(settings, lockFile, schedule.interval(), deployer, deadline, collector, log, started);
      }
      if (lock.previousHolder() != null) {
        String message = "the previous run (" + lock.previousHolder() + ") ended without releasing "
            + lockFile + "; taking it over";
        out.println(message);
        log.line("run: " + message);
      }
      return run(settings, collector, outputs, deployer, log, started, version, schedule, job[0], deadline);
    }
  }

  /**
   * Another run holds the lock. Held for up to two intervals, it is still going: exit 0. Held longer,
   * it is stuck: say so in run.log and status.json (the page shows a banner), publish that, let the
   * alerts see it, and exit 1.
   */
  private int lockTaken(Settings settings, Path lockFile, Duration interval, SiteDeployer deployer,
      RunDeadline deadline, Collection collector, RunLog log, Instant now) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String holder = RunLock.holder(lockFile);
    Instant since = RunLock.heldSince(lockFile);
    if (since == null || Duration.between(since, now).compareTo(interval.multipliedBy(2)) <= 0) {
      String message = "another librarian run is still going (" + holder + "); this one exits";
      out.println(message);
      log.line("run: " + message);
      return ExitCode.OK;
    }
    String message = String.format(Locale.ROOT, "the run lock %s has been held since %s (%d min, more than two run"
        + " intervals of %d min) by %s: that run is stuck; end it and the next run takes over", lockFile,
        IsoTime.of(since, settings.zone()), Duration.between(since, now).toMinutes(), interval.toMinutes(), holder);
    err.println("librarian: " + message);
    log.line("run: STUCK: " + message);
    RunStatus.noteLockStuck(settings.output().resolve(RunStatus.FILE), since, holder, settings.zone());
    publish(settings, deployer, deadline, now, Set.of(), log);
    notifyWithin(deadline, settings, collector, now, log);
    return ExitCode.FAILURE;
  }

  private int run(Settings settings, Collection collector, Collection.Outputs outputs, SiteDeployer deployer, RunLog log,
      Instant started, String version, RunStatus.Schedule schedule, RunStatus.Job job, RunDeadline deadline)
      throws IOException {
    Context context = parent.context;
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    log.line("run: started, " + version + ", " + settings.qos().size() + " QoS, output " + settings.output()
        + ", deadline " + deadline.deadline().getSeconds() + " s");
    int swept = AtomicFile.sweep(settings.output());
    if (swept > 0) {
      log.line("run: removed " + swept + " temporary files a killed run left in " + settings.output());
    }
    List<Collection.Outcome> outcomes = new ArrayList<>();
    Collection.Gathered gathered = null;
    try {
      gathered = deadline.step("collect", () -> collector.gather(settings.qos(), Collection.Window.rolling(started),
          new Collection.Source(null, SacctQuery.DELIMITER, null, fullOption.full), outputs));
    } catch (RunDeadline.Abandoned e) {
      log.line("collect: ABANDONED: " + e.getMessage());
      outcomes = failAll(settings, e.getMessage(), null);
    } catch (SacctException e) {
      outcomes = failAll(settings, e.getMessage(), e.exitCode());
    } catch (Exception e) {
      // Whatever it is, the run goes on to say so in status.json and to keep the last good data published.
      outcomes = failAll(settings, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
    }
    if (gathered != null) {
      Collection.Gathered g = gathered;
      for (QosSpec q : settings.qos()) {
        try {
          outcomes.add(deadline.step("draw " + q.name(), () -> collector.write(q, g, outputs)));
        } catch (RunDeadline.Abandoned e) {
          log.line("draw " + q.name() + ": ABANDONED: " + e.getMessage());
          outcomes.add(Collection.Outcome.failed(q.name(), e.getMessage(), null));
        } catch (Exception e) {
          outcomes.add(Collection.Outcome.failed(q.name(), e.getClass().getSimpleName() + ": " + e.getMessage(), null));
        }
      }
    }
    List<RunStatus.QosRow> rows = new ArrayList<>();
    Set<String> preserve = new LinkedHashSet<>();
    for (Collection.Outcome o : outcomes) {
      if (o.ok()) {
        rows.add(new RunStatus.QosRow(o.qos(), true, o.rowsRead(), o.rowsSkipped(), o.report().jobsCounted(),
            o.report().users().size(), 0, null, o.problems()));
        log.line("parse " + String.format(Locale.ROOT, "%s: %d rows read, %d skipped, %d jobs, %.2f s", o.qos(),
            o.rowsRead(), o.rowsSkipped(), o.report().jobsCounted(), o.seconds()));
      } else {
        err.println("librarian: " + o.error() + "; the previous data of " + o.qos() + " stays published");
        rows.add(new RunStatus.QosRow(o.qos(), false, 0, 0, 0, 0, o.sacctExitCode(), o.error(), List.of()));
        log.line("parse " + o.qos() + ": FAILED: " + o.error());
        preserve.add(UsageJson.fileName(o.qos()));
        preserve.addAll(QosFiles.fileNames(o.qos()));
      }
    }
    Path status = settings.output().resolve(RunStatus.FILE);
    try {
      Notifier.writeDigests(settings.alerts(), settings.output(), started.getEpochSecond());
    } catch (IOException | RuntimeException e) {
      err.println("librarian: the digests were not written: " + e.getMessage());
      log.line("digest: FAILED: " + e.getMessage());
    }
    SiteAssembler.assemble(settings.output(), schedule.interval(), started, settings.zone(), version);
    RunStatus.write(status, started, context.clock().instant(), version, settings.zone(), schedule, job, rows,
        deadline.abandoned(), deadline.deadline());
    log.line("site: written to " + settings.output());
    List<String> failures = publish(settings, deployer, deadline, started, preserve, log);
    boolean notified = notifyWithin(deadline, settings, collector, started, log);
    Instant finished = context.clock().instant();
    // Rewritten with the time the whole run took, deploy included; published by the next run.
    RunStatus.write(status, started, finished, version, settings.zone(), schedule, job, rows, deadline.abandoned(),
        deadline.deadline());
    long failedQos = rows.stream().filter(r -> !r.ok()).count();
    // A history not updated (kept aside, another zone) fails the run, though the QoS's data was published.
    long historyFailures = 0;
    for (Collection.Outcome o : outcomes) {
      if (o.historyError() != null) {
        log.line("history " + o.qos() + ": FAILED: " + o.historyError());
        historyFailures++;
      }
    }
    List<String> abandoned = deadline.abandoned();
    String summary = String.format(Locale.ROOT, "run: finished in %.1f s: %d of %d QoS updated, %d deploy failures%s",
        (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0, rows.size() - failedQos, rows.size(),
        failures.size(), abandoned.isEmpty() ? "" : ", abandoned at the deadline: " + String.join(", ", abandoned));
    out.println(summary);
    log.line(summary);
    return failedQos == 0 && historyFailures == 0 && failures.isEmpty() && notified && abandoned.isEmpty()
        ? ExitCode.OK : ExitCode.FAILURE;
  }

  /** Deploys within the run's deadline; returns the failures (an abandoned deploy is one). */
  private List<String> publish(Settings settings, SiteDeployer deployer, RunDeadline deadline, Instant started,
      Set<String> preserve, RunLog log) {
    PrintWriter err = spec.commandLine().getErr();
    List<String> failures;
    try {
      failures = deadline.publish("deploy", () -> deployer.deploy(settings.output(), settings.deploy(), started,
          settings.zone(), preserve, false));
    } catch (RunDeadline.Abandoned e) {
      failures = List.of(e.getMessage());
    } catch (Exception e) {
      failures = List.of(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    for (String f : failures) {
      err.println("librarian: deploy failed: " + f);
      log.line("deploy: FAILED: " + f);
    }
    return failures;
  }

  /** Notifies within the run's deadline; a notify still going then is abandoned (what was published stays). */
  private boolean notifyWithin(RunDeadline deadline, Settings settings, Collection collector, Instant started,
      RunLog log) {
    try {
      return deadline.publish("notify", () -> notify(settings, collector, started, log));
    } catch (RunDeadline.Abandoned e) {
      spec.commandLine().getErr().println("librarian: " + e.getMessage());
      log.line("notify: ABANDONED: " + e.getMessage());
      return false;
    } catch (Exception e) {
      spec.commandLine().getErr().println("librarian: notify failed: " + e.getMessage());
      log.line("notify: FAILED: " + e.getMessage());
      return false;
    }
  }

  /**
   * After publishing: the alerts, finished jobs and digest that are due. A failed delivery makes the run
   * exit 1; what was published stays published, and the message stays due for the next run.
   */
  private boolean notify(Settings settings, Collection collector, Instant started, RunLog log) {
    if (!settings.alerts().any()) {
      return true;
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Only when a jobs_finished rule watches someone: the first run that does learns what is there.
    List<NotifyState.FinishedJob> finished = settings.alerts().finishedJobUsers().isEmpty() ? null : new ArrayList<>();
    for (JobRecord j : collector.finishedJobs()) {
      finished.add(new NotifyState.FinishedJob(j.user(), j.qos(), j.jobId(), j.state().name(),
          j.elapsedSeconds() == JobRecord.UNKNOWN ? j.end() - j.start() : j.elapsedSeconds(), j.end()));
    }
    java.io.StringWriter said = new java.io.StringWriter();
    java.io.StringWriter problems = new java.io.StringWriter();
    int code;
    try {
      code = NotifyCommand.run(settings, settings.output(), started, false, finished, parent.context,
          new PrintWriter(said, true), new PrintWriter(problems, true));
    } catch (Exception e) {
      err.println("librarian: notify failed: " + e.getMessage());
      log.line("notify: FAILED: " + e.getMessage());
      return false;
    }
    for (String line : said.toString().split("\n")) {
      if (!line.isBlank()) {
        out.println(line);
        log.line(line);
      }
    }
    for (String line : problems.toString().split("\n")) {
      if (!line.isBlank()) {
        err.println(line);
        log.line("notify: " + line);
      }
    }
    return code == ExitCode.OK;
  }

  /**
   * When runs are expected. Under scrontab ({@code SLURM_JOB_ID} set) the run reads its own job with
   * scontrol: its cron spec gives the schedule (unless run_interval is configured, which wins), and
   * its Eligible and Start times say how long it waited for its turn.
   */
  private RunStatus.Schedule schedule(Settings settings, Instant started, RunStatus.Job[] job, RunLog log) {
    Duration configured = settings.runInterval();
    String id = parent.context.env().get("SLURM_JOB_ID");
    if (id == null || !id.matches("[0-9]+")) {
      return RunStatus.Schedule.every(configured, started, "run_interval");
    }
    SlurmLookups.Answer<ScontrolJob> answer = new SlurmLookups(parent.context.runner(), settings.sacct(),
        settings.sacctmgr(), parent.context.env().get("PATH"), settings.cluster(), settings.sacctTimeout()).job(id);
    if (answer.value() == null) {
      log.line("schedule: " + answer.warning() + "; using run_interval");
      return RunStatus.Schedule.every(configured, started, "run_interval");
    }
    ScontrolJob self = answer.value();
    String spec = self.crontabSpec();
    job[0] = new RunStatus.Job(id, spec.isEmpty() ? null : spec, self.time("EligibleTime"), self.time("StartTime"));
    CronSpec cron = CronSpec.parse(spec);
    RunStatus.Schedule schedule = settings.runIntervalGiven() || cron == null
        ? RunStatus.Schedule.every(configured, started, "run_interval")
        : new RunStatus.Schedule(cron.longestGap(), cron.next(started, settings.zone()), "crontab " + spec);
    if (job[0].waitedSeconds() > schedule.interval().getSeconds()) {
      log.line("run: this run waited " + job[0].waitedSeconds() / 60 + " min after it could have started, longer"
          + " than its interval: run the cron entry in a QoS outside the group's limit (see scrontab.example)");
    }
    return schedule;
  }

  private static List<Collection.Outcome> failAll(Settings settings, String message, Integer exitCode) {
    List<Collection.Outcome> all = new ArrayList<>();
    for (QosSpec q : settings.qos()) {
      all.add(Collection.Outcome.failed(q.name(), message, exitCode));
    }
    return all;
  }
}
