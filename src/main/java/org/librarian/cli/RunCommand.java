package org.librarian.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.librarian.config.Overrides;
import org.librarian.config.QosSpec;
import org.librarian.config.Settings;
import org.librarian.config.SettingsLoader;
import org.librarian.output.ChartFiles;
import org.librarian.output.UsageJson;
import org.librarian.pipeline.ParseOptions;
import org.librarian.pipeline.PipelineException;
import org.librarian.pipeline.QosOutcome;
import org.librarian.pipeline.UsagePipeline;
import org.librarian.publish.SiteDeployer;
import org.librarian.run.RunLock;
import org.librarian.run.RunLog;
import org.librarian.run.RunStatus;
import org.librarian.site.SiteAssembler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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
  static final long LOG_BYTES = 1 << 20;

  @ParentCommand LibrarianCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "configuration file; default: $LIBRARIAN_CONFIG, else ./librarian.yaml")
  Path config;

  @Option(names = "--no-plots", description = "skip the PNG/PDF charts")
  boolean noPlots;

  @Option(names = "--full", description = "ask sacct for the whole window, ignoring (and rebuilding) the cache of finished jobs")
  boolean full;

  @Option(names = "--dry-run", description = "say what would be run, written and published; change nothing")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    Context context = parent.context;
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!dryRun && !noPlots) {
      // Chart classes load and compile while the configuration is read and sacct runs.
      ChartFiles.warmUp(true);
    }
    Settings settings = new SettingsLoader(context.env(), context.workingDir()).load(config, Overrides.NONE);
    if (settings.qos().isEmpty()) {
      throw new org.librarian.config.ConfigException("no QoS to report on: list them under 'qos:' in "
          + (settings.source() == null ? "librarian.yaml" : settings.source()));
    }
    String version = "librarian " + LibrarianCommand.version();
    Instant started = context.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    ParseOptions options = new ParseOptions(started, false, null, null, null, "|", null, dryRun, false, false, false,
        noPlots ? Set.of() : EnumSet.allOf(ChartFiles.Format.class), 1600, 900, full);
    UsagePipeline pipeline = new UsagePipeline(settings, context.runner(), context.env(), out, err, version);
    RunLog log = new RunLog(settings.logDir().resolve("run.log"), LOG_BYTES, context.clock(), settings.zone());
    SiteDeployer deployer = new SiteDeployer(context.runner(), context.env(), context.workingDir(), line -> {
      out.println(line);
      if (!dryRun) {
        log.line(line);
      }
    });
    if (dryRun) {
      for (QosSpec qos : settings.qos()) {
        pipeline.parse(qos, options);
      }
      out.println("would write the site and " + RunStatus.FILE + " into " + settings.output());
      for (String problem : deployer.deploy(settings.output(), settings.deploy(), started, settings.zone(), Set.of(),
          true)) {
        err.println("librarian: deploy would fail: " + problem);
      }
      return 0;
    }

    Path lockFile = settings.stateDir().resolve("run.lock");
    String owner = "pid=" + ProcessHandle.current().pid() + " host=" + context.env().getOrDefault("HOSTNAME", "?")
        + " started=" + UsageJson.time(started.getEpochSecond(), settings.zone());
    try (RunLock lock = RunLock.tryAcquire(lockFile, owner)) {
      if (lock == null) {
        String message = "another librarian run is still going (" + RunLock.holder(lockFile) + "); this one exits";
        out.println(message);
        log.line("run: " + message);
        return 0;
      }
      if (lock.previousHolder() != null) {
        String message = "the previous run (" + lock.previousHolder() + ") ended without releasing "
            + lockFile + "; taking it over";
        out.println(message);
        log.line("run: " + message);
      }
      return run(settings, options, pipeline, deployer, log, started, version);
    }
  }

  private int run(Settings settings, ParseOptions options, UsagePipeline pipeline, SiteDeployer deployer, RunLog log,
      Instant started, String version) throws Exception {
    Context context = parent.context;
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    log.line("run: started, " + version + ", " + settings.qos().size() + " QoS, output " + settings.output());
    List<RunStatus.QosRow> rows = new ArrayList<>();
    Set<String> preserve = new LinkedHashSet<>();
    for (QosSpec qos : settings.qos()) {
      try {
        QosOutcome o = pipeline.parse(qos, options);
        rows.add(new RunStatus.QosRow(qos.name(), true, o.stats().rowsRead(), o.rowsSkipped(),
            o.report().jobsCounted(), o.report().users().size(), 0, null));
        log.line("parse " + String.format(Locale.ROOT, "%s: %d rows read, %d skipped, %d jobs, %.2f s", qos.name(),
            o.stats().rowsRead(), o.rowsSkipped(), o.report().jobsCounted(), o.seconds()));
      } catch (PipelineException e) {
        err.println("librarian: " + e.getMessage() + "; the previous data of " + qos.name() + " stays published");
        rows.add(new RunStatus.QosRow(qos.name(), false, 0, 0, 0, 0, e.exitCode(), e.getMessage()));
        log.line("parse " + qos.name() + ": FAILED: " + e.getMessage());
        preserve.add(UsageJson.fileName(qos.name()));
        preserve.addAll(ChartFiles.fileNames(qos.name()));
      }
    }
    SiteAssembler.assemble(settings.output(), settings.runInterval(), started, settings.zone(), version);
    Instant finished = context.clock().instant();
    RunStatus.write(settings.output().resolve(RunStatus.FILE), started, finished, version, settings.zone(),
        settings.runInterval(), rows);
    log.line("site: written to " + settings.output());
    List<String> failures = deployer.deploy(settings.output(), settings.deploy(), started, settings.zone(), preserve,
        false);
    for (String f : failures) {
      err.println("librarian: deploy failed: " + f);
      log.line("deploy: FAILED: " + f);
    }
    long failedQos = rows.stream().filter(r -> !r.ok()).count();
    String summary = String.format(Locale.ROOT, "run: finished in %.1f s: %d of %d QoS updated, %d deploy failures",
        (context.clock().millis() - started.toEpochMilli()) / 1000.0, rows.size() - failedQos, rows.size(),
        failures.size());
    out.println(summary);
    log.line(summary);
    return failedQos == 0 && failures.isEmpty() ? 0 : 1;
  }
}
