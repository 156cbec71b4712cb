package org.librarian.run;

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
import org.librarian.common.AtomicFile;
import org.librarian.common.IsoTime;
import org.librarian.config.QosSpec;
import org.librarian.config.Settings;
import org.librarian.notify.Notifier;
import org.librarian.pipeline.Collection;
import org.librarian.pipeline.Context;
import org.librarian.publish.SiteDeployer;
import org.librarian.site.GroupIndex;
import org.librarian.site.PrivatePages;
import org.librarian.site.SiteAssembler;
import org.librarian.slurm.SacctException;
import org.librarian.slurm.SacctQuery;

/**
 * The scheduled run behind {@code librarian run}: under the run lock and within the run's deadline,
 * collect every QoS, assemble the site with status.json, publish it, notify, and log one line per
 * step to run.log. A QoS that fails keeps its previous data published.
 */
public final class ScheduledRun {
  private final Settings settings;
  private final Context context;
  private final PrintWriter out;
  private final PrintWriter err;
  private final String version;
  private final Collection collector;
  private final RunLog log;
  private final Instant started;
  private final PrivatePages pages;

  public ScheduledRun(
      Settings settings, Context context, PrintWriter out, PrintWriter err, String version)
      throws org.librarian.config.ConfigException {
    this.pages = PrivatePages.of(settings);
    this.settings = settings;
    this.context = context;
    this.out = out;
    this.err = err;
    this.version = version;
    this.started = context.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    this.collector = new Collection(settings, context, out, err, version, false, false);
    this.log =
        new RunLog(
            settings.logDir().resolve("run.log"),
            RunLog.MAX_BYTES,
            context.clock(),
            settings.zone());
  }

  private SiteDeployer deployer(boolean dryRun) {
    return new SiteDeployer(
        context.runner(),
        context.env(),
        context.workingDir(),
        line -> {
          out.println(line);
          if (!dryRun) {
            log.line(line);
          }
        },
        Collection.publishedPrivacy(settings));
  }

  /** Says what a run would run, write and publish; changes nothing. */
  public void dryRun(Collection.Outputs outputs) {
    collector.dryRun(
        settings.qos(), Collection.Window.rolling(started), Collection.Source.SACCT, outputs);
    out.println("would write the site and " + RunStatus.FILE + " into " + settings.output());
    for (String problem :
        deployer(true)
            .deploy(
                settings.output(), settings.deploy(), started, settings.zone(), Set.of(), true)) {
      err.println("librarian: deploy would fail: " + problem);
    }
  }

  /** Runs once; false when anything failed (then the exit code is 1). */
  public boolean run(Collection.Outputs outputs, boolean full) throws IOException {
    SiteDeployer deployer = deployer(false);
    Path lockFile = settings.stateDir().resolve("run.lock");
    String owner =
        "pid="
            + ProcessHandle.current().pid()
            + " host="
            + context.env().getOrDefault("HOSTNAME", "?")
            + " started="
            + IsoTime.of(started, settings.zone());
    RunSchedule.Found schedule = RunSchedule.of(settings, context, started, log);
    Duration interval = schedule.schedule().interval();
    var deadline = new RunDeadline(settings.runDeadline(interval), interval, context.ticker());
    RunLock taken;
    try {
      taken = RunLock.tryAcquire(lockFile, owner);
    } catch (IOException e) {
      throw new IOException(
          "cannot take the run lock "
              + lockFile
              + " (is "
              + settings.stateDir()
              + " writable, with space left?): "
              + e,
          e);
    }
    try (RunLock lock = taken) {
      if (lock == null) {
        return lockTaken(lockFile, interval, deployer, deadline);
      }
      if (lock.previousHolder() != null) {
        String message =
            "the previous run ("
                + lock.previousHolder()
                + ") ended without releasing "
                + lockFile
                + "; taking it over";
        out.println(message);
        log.line("run: " + message);
      }
      return collectAndPublish(outputs, full, deployer, schedule, deadline);
    }
  }

  /**
   * Another run holds the lock. Held for up to two intervals, it is still going: exit 0. Held
   * longer, it is stuck: say so in run.log and status.json (the page shows a banner), publish that,
   * let the alerts see it, and exit 1.
   */
  private boolean lockTaken(
      Path lockFile, Duration interval, SiteDeployer deployer, RunDeadline deadline)
      throws IOException {
    String holder = RunLock.holder(lockFile);
    Instant since = RunLock.heldSince(lockFile);
    if (since == null
        || Duration.between(since, started).compareTo(interval.multipliedBy(2)) <= 0) {
      String message = "another librarian run is still going (" + holder + "); this one exits";
      out.println(message);
      log.line("run: " + message);
      return true;
    }
    String message =
        String.format(
            Locale.ROOT,
            "the run lock %s has been held since %s (%d min, more than two run"
                + " intervals of %d min) by %s: that run is stuck; end it and the next run takes over",
            lockFile,
            IsoTime.of(since, settings.zone()),
            Duration.between(since, started).toMinutes(),
            interval.toMinutes(),
            holder);
    err.println("librarian: " + message);
    log.line("run: STUCK: " + message);
    RunStatus.noteLockStuck(
        settings.output().resolve(RunStatus.FILE), since, holder, settings.zone());
    publish(deployer, deadline, Set.of());
    notifyWithin(deadline);
    return false;
  }

  private boolean collectAndPublish(
      Collection.Outputs outputs,
      boolean full,
      SiteDeployer deployer,
      RunSchedule.Found schedule,
      RunDeadline deadline)
      throws IOException {
    log.line(
        "run: started, "
            + version
            + ", "
            + settings.qos().size()
            + " QoS, output "
            + settings.output()
            + ", deadline "
            + deadline.deadline().getSeconds()
            + " s");
    int swept = AtomicFile.sweep(settings.output());
    if (swept > 0) {
      log.line(
          "run: removed " + swept + " temporary files a killed run left in " + settings.output());
    }
    List<Collection.Outcome> outcomes = collect(outputs, full, deadline);
    List<RunStatus.QosRow> rows = new ArrayList<>();
    Set<String> preserve = new LinkedHashSet<>();
    for (Collection.Outcome o : outcomes) {
      if (o.ok()) {
        rows.add(
            new RunStatus.QosRow(
                o.qos(),
                true,
                o.rowsRead(),
                o.rowsSkipped(),
                o.jobsCounted(),
                o.users(),
                0,
                null,
                o.problems()));
        log.line(
            "parse "
                + String.format(
                    Locale.ROOT,
                    "%s: %d rows read, %d skipped, %d jobs, %.2f s",
                    o.qos(),
                    o.rowsRead(),
                    o.rowsSkipped(),
                    o.jobsCounted(),
                    o.seconds()));
      } else {
        err.println(
            "librarian: " + o.error() + "; the previous data of " + o.qos() + " stays published");
        rows.add(
            new RunStatus.QosRow(
                o.qos(), false, 0, 0, 0, 0, o.sacctExitCode(), o.error(), List.of()));
        log.line("parse " + o.qos() + ": FAILED: " + o.error());
        preserve.addAll(pages.keptOnFailure(o.qos()));
      }
    }
    try {
      Notifier.writeDigests(settings.alerts(), settings.output(), started.getEpochSecond());
    } catch (IOException | RuntimeException e) {
      err.println("librarian: the digests were not written: " + e.getMessage());
      log.line("digest: FAILED: " + e.getMessage());
    }
    RunStatus.Schedule when = schedule.schedule();
    Path kept = GroupIndex.summaries(settings.stateDir());
    SiteAssembler.assemble(
        settings.output(), when.interval(), started, settings.zone(), version, pages, kept);
    writeStatus(context.clock().instant(), when, schedule.job(), rows, deadline);
    log.line("site: written to " + settings.output());
    List<String> failures = publish(deployer, deadline, preserve);
    boolean notified = notifyWithin(deadline);
    Instant finished = context.clock().instant();
    // Rewritten with the time the whole run took, deploy included; published by the next run.
    writeStatus(finished, when, schedule.job(), rows, deadline);
    long failedQos = rows.stream().filter(r -> !r.ok()).count();
    // A history not updated (kept aside, another zone) fails the run, though the QoS's data was
    // published.
    long historyFailures = 0;
    for (Collection.Outcome o : outcomes) {
      if (o.historyError() != null) {
        log.line("history " + o.qos() + ": FAILED: " + o.historyError());
        historyFailures++;
      }
    }
    List<String> abandoned = deadline.abandoned();
    String summary =
        String.format(
            Locale.ROOT,
            "run: finished in %.1f s: %d of %d QoS updated, %d deploy failures%s",
            (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0,
            rows.size() - failedQos,
            rows.size(),
            failures.size(),
            abandoned.isEmpty()
                ? ""
                : ", abandoned at the deadline: " + String.join(", ", abandoned));
    out.println(summary);
    log.line(summary);
    return failedQos == 0
        && historyFailures == 0
        && failures.isEmpty()
        && notified
        && abandoned.isEmpty();
  }

  /**
   * Reads every QoS, then draws each within the deadline; a failure is said in the QoS's outcome.
   */
  private List<Collection.Outcome> collect(
      Collection.Outputs outputs, boolean full, RunDeadline deadline) {
    Collection.Gathered gathered;
    try {
      gathered =
          deadline.step(
              "collect",
              () ->
                  collector.gather(
                      settings.qos(),
                      Collection.Window.rolling(started),
                      new Collection.Source(null, SacctQuery.DELIMITER, null, full),
                      outputs));
    } catch (RunDeadline.Abandoned e) {
      log.line("collect: ABANDONED: " + e.getMessage());
      return failAll(e.getMessage(), null);
    } catch (SacctException e) {
      return failAll(e.getMessage(), e.exitCode());
    } catch (Exception e) {
      // Whatever it is, the run says so in status.json and keeps the last good data published.
      return failAll(e.getClass().getSimpleName() + ": " + e.getMessage(), null);
    }
    List<Collection.Outcome> outcomes =
        collector.writeAll(
            collector.groups(settings.qos(), gathered),
            gathered,
            outputs,
            (q, write) -> {
              try {
                return deadline.step("draw " + q.name(), write);
              } catch (RunDeadline.Abandoned e) {
                log.line("draw " + q.name() + ": ABANDONED: " + e.getMessage());
                return Collection.Outcome.failed(q.name(), e.getMessage(), null);
              }
            });
    collector.archive(gathered); // a failure is said on stderr; the next run appends the rest
    return outcomes;
  }

  /** Deploys within the run's deadline; returns the failures (an abandoned deploy is one). */
  private void writeStatus(
      Instant finished,
      RunStatus.Schedule when,
      RunStatus.Job job,
      List<RunStatus.QosRow> rows,
      RunDeadline deadline)
      throws IOException {
    RunStatus.write(
        settings.output().resolve(RunStatus.FILE),
        started,
        finished,
        version,
        settings.zone(),
        when,
        job,
        RunStatus.sealed(rows, pages.labels()),
        deadline.abandoned(),
        deadline.deadline());
  }

  private List<String> publish(SiteDeployer deployer, RunDeadline deadline, Set<String> preserve) {
    List<String> failures;
    try {
      failures =
          deadline.publish(
              "deploy",
              () ->
                  deployer.deploy(
                      settings.output(),
                      settings.deploy(),
                      started,
                      settings.zone(),
                      preserve,
                      false));
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

  /**
   * Notifies within the run's deadline; a notify still going then is abandoned (what was published
   * stays).
   */
  private boolean notifyWithin(RunDeadline deadline) {
    try {
      return deadline.publish(
          "notify",
          () ->
              NotifyRun.afterPublish(
                  settings, context, started, collector.finishedJobs(), log, out, err));
    } catch (RunDeadline.Abandoned e) {
      err.println("librarian: " + e.getMessage());
      log.line("notify: ABANDONED: " + e.getMessage());
      return false;
    } catch (Exception e) {
      err.println("librarian: notify failed: " + e.getMessage());
      log.line("notify: FAILED: " + e.getMessage());
      return false;
    }
  }

  private List<Collection.Outcome> failAll(String message, Integer exitCode) {
    List<Collection.Outcome> all = new ArrayList<>();
    for (QosSpec q : settings.qos()) {
      all.add(Collection.Outcome.failed(q.name(), message, exitCode));
    }
    if (all.isEmpty()) { // groups found in the rows: none was read
      all.add(Collection.Outcome.failed("all", message, exitCode));
    }
    return all;
  }
}
