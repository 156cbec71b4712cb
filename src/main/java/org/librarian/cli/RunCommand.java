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
import org.librarian.common.AtomicFile;
import org.librarian.common.IsoTime;
import org.librarian.config.ConfigException;
import org.librarian.config.Overrides;
import org.librarian.config.QosSpec;
import org.librarian.config.Settings;
import org.librarian.config.SettingsLoader;
import org.librarian.notify.NotifyState;
import org.librarian.notify.Notifier;
import org.librarian.output.ChartFiles;
import org.librarian.output.UsageJson;
import org.librarian.publish.SiteDeployer;
import org.librarian.run.RunLock;
import org.librarian.run.RunLog;
import org.librarian.run.RunStatus;
import org.librarian.site.SiteAssembler;
import org.librarian.slurm.CommandException;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CronSpec;
import org.librarian.slurm.SacctException;
import org.librarian.slurm.SacctQuery;
import org.librarian.slurm.ScontrolJob;
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
    Collector.Outputs outputs = plots.outputs();
    Collector collector = new Collector(settings, context, out, err, version, false, false);
    RunLog log = new RunLog(settings.logDir().resolve("run.log"), RunLog.MAX_BYTES, context.clock(), settings.zone());
    SiteDeployer deployer = new SiteDeployer(context.runner(), context.env(), context.workingDir(), line -> {
      out.println(line);
      if (!dryRun) {
        log.line(line);
      }
    }, Collector.publishedPrivacy(settings));
    if (dryRun) {
      collector.dryRun(settings.qos(), Collector.Window.rolling(started), Collector.Source.SACCT, outputs);
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
    try (RunLock lock = RunLock.tryAcquire(lockFile, owner)) {
      if (lock == null) {
        String message = "another librarian run is still going (" + RunLock.holder(lockFile) + "); this one exits";
        out.println(message);
        log.line("run: " + message);
        return ExitCode.OK;
      }
      if (lock.previousHolder() != null) {
        String message = "the previous run (" + lock.previousHolder() + ") ended without releasing "
            + lockFile + "; taking it over";
        out.println(message);
        log.line("run: " + message);
      }
      return run(settings, collector, outputs, deployer, log, started, version);
    }
  }

  private int run(Settings settings, Collector collector, Collector.Outputs outputs, SiteDeployer deployer, RunLog log,
      Instant started, String version) throws IOException {
    Context context = parent.context;
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    log.line("run: started, " + version + ", " + settings.qos().size() + " QoS, output " + settings.output());
    int swept = AtomicFile.sweep(settings.output());
    if (swept > 0) {
      log.line("run: removed " + swept + " temporary files a killed run left in " + settings.output());
    }
    List<Collector.Outcome> outcomes;
    try {
      outcomes = collector.collect(settings.qos(), Collector.Window.rolling(started),
          new Collector.Source(null, SacctQuery.DELIMITER, null, fullOption.full), outputs);
    } catch (SacctException e) {
      outcomes = failAll(settings, e.getMessage(), e.exitCode());
    } catch (ConfigException | RuntimeException e) {
      // Whatever it is, the run goes on to say so in status.json and to keep the last good data published.
      outcomes = failAll(settings, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
    }
    List<RunStatus.QosRow> rows = new ArrayList<>();
    Set<String> preserve = new LinkedHashSet<>();
    for (Collector.Outcome o : outcomes) {
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
        preserve.addAll(ChartFiles.fileNames(o.qos()));
      }
    }
    Path status = settings.output().resolve(RunStatus.FILE);
    RunStatus.Job[] job = new RunStatus.Job[1];
    RunStatus.Schedule schedule = schedule(settings, started, job, log);
    try {
      Notifier.writeDigests(settings.alerts(), settings.output(), started.getEpochSecond());
    } catch (IOException | RuntimeException e) {
      err.println("librarian: the digests were not written: " + e.getMessage());
      log.line("digest: FAILED: " + e.getMessage());
    }
    SiteAssembler.assemble(settings.output(), schedule.interval(), started, settings.zone(), version);
    RunStatus.write(status, started, context.clock().instant(), version, settings.zone(), schedule, job[0], rows);
    log.line("site: written to " + settings.output());
    List<String> failures = deployer.deploy(settings.output(), settings.deploy(), started, settings.zone(), preserve,
        false);
    for (String f : failures) {
      err.println("librarian: deploy failed: " + f);
      log.line("deploy: FAILED: " + f);
    }
    boolean notified = notify(settings, collector, started, log);
    Instant finished = context.clock().instant();
    // Rewritten with the time the whole run took, deploy included; published by the next run.
    RunStatus.write(status, started, finished, version, settings.zone(), schedule, job[0], rows);
    long failedQos = rows.stream().filter(r -> !r.ok()).count();
    String summary = String.format(Locale.ROOT, "run: finished in %.1f s: %d of %d QoS updated, %d deploy failures",
        (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0, rows.size() - failedQos, rows.size(),
        failures.size());
    out.println(summary);
    log.line(summary);
    return failedQos == 0 && failures.isEmpty() && notified ? ExitCode.OK : ExitCode.FAILURE;
  }

  /**
   * After publishing: the alerts, finished jobs and digest that are due. A failed delivery makes the run
   * exit 1; what was published stays published, and the message stays due for the next run.
   */
  private boolean notify(Settings settings, Collector collector, Instant started, RunLog log) {
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
    org.librarian.slurm.Command command = ScontrolJob.command(WatchdogCommand.programs(settings.sacct()).scontrol(), id,
        Duration.ofSeconds(30));
    ScontrolJob self;
    try {
      CommandResult r = parent.context.runner().run(command);
      if (!r.ok()) {
        log.line("schedule: " + command.display() + " failed: " + r.errorSummary() + "; using run_interval");
        return RunStatus.Schedule.every(configured, started, "run_interval");
      }
      self = ScontrolJob.parse(r.stdout());
    } catch (CommandException e) {
      log.line("schedule: " + e.getMessage() + "; using run_interval");
      return RunStatus.Schedule.every(configured, started, "run_interval");
    }
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

  private static List<Collector.Outcome> failAll(Settings settings, String message, Integer exitCode) {
    List<Collector.Outcome> all = new ArrayList<>();
    for (QosSpec q : settings.qos()) {
      all.add(Collector.Outcome.failed(q.name(), message, exitCode));
    }
    return all;
  }
}
