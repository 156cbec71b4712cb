package org.librarian.watchdog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandException;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;
import org.librarian.slurm.CronSpec;
import org.librarian.slurm.ScontrolJob;
import org.librarian.slurm.SqueueJob;

/**
 * Heals the caller's jobs that Slurm requeued and held after a failed launch. A stuck scrontab job
 * is cancelled (which makes Slurm disable its scrontab entry) and its entry re-armed; an ordinary
 * job is left alone unless allJobs, then released and, if still stuck, cancelled. Deliberate holds
 * (JobHeldUser, JobHeldAdmin), running jobs and other users' jobs are never touched. Job ids are
 * never assumed to survive a scrontab rewrite: every step looks the job up again by name.
 */
public final class Watchdog {
  /** The Slurm programs, by name or path, and the timeout of each call. */
  public record Programs(
      String squeue, String scontrol, String scancel, String scrontab, Duration timeout) {}

  /**
   * What the pass was asked.
   *
   * @param allJobs heal ordinary (non-scrontab) jobs too
   * @param dryRun print the plan; change nothing
   * @param releaseWait the wait after a release before looking again
   * @param confirmWait how long to look for a re-armed entry's new cron job
   */
  public record Asked(
      boolean allJobs, boolean dryRun, Duration releaseWait, Duration confirmWait) {}

  /** Waits; tests pass one that does not. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final CommandRunner runner;
  private final Programs p;
  private final String me;
  private final Asked asked;
  private final Sleeper sleeper;
  private final Consumer<String> report;
  private List<SqueueJob> mine = List.of();

  /**
   * A cron job of the caller's that waits for a QoS or association limit, longer than its interval.
   */
  public record Waiting(
      String id, String name, String reason, Instant eligible, Duration waited, String message) {}

  public Watchdog(
      CommandRunner runner,
      Programs programs,
      String me,
      Asked asked,
      Sleeper sleeper,
      Consumer<String> report) {
    this.runner = runner;
    this.p = programs;
    this.me = me;
    this.asked = asked;
    this.sleeper = sleeper;
    this.report = report;
  }

  /** Returns 0 when there was nothing to do or everything was healed, 1 when an action failed. */
  public int run() throws InterruptedException {
    CommandResult listed = call(SqueueJob.mine(p.squeue(), p.timeout()));
    if (listed == null || !listed.ok()) {
      report.accept("squeue failed: " + (listed == null ? "did not run" : listed.errorSummary()));
      return 1;
    }
    List<SqueueJob> mine =
        SqueueJob.parse(listed.stdout()).stream().filter(j -> j.user().equals(me)).toList();
    this.mine = mine;
    List<SqueueJob> stuck = mine.stream().filter(SqueueJob::stuck).toList();
    if (stuck.isEmpty()) {
      report.accept("nothing to do: none of " + me + "'s " + mine.size() + " jobs is stuck");
      return 0;
    }
    boolean failed = false;
    for (SqueueJob job : stuck) {
      CommandResult shown = call(ScontrolJob.command(p.scontrol(), job.id(), p.timeout()));
      if (shown == null || !shown.ok()) {
        report.accept(
            "job "
                + job.id()
                + ": scontrol show job failed: "
                + (shown == null ? "did not run" : shown.errorSummary()));
        failed = true;
        continue;
      }
      ScontrolJob info = ScontrolJob.parse(shown.stdout());
      if (!info.user().isEmpty() && !info.user().equals(me)) {
        continue;
      }
      String what = "job " + job.id() + " (" + job.name() + ", " + job.reason() + ")";
      if (info.cronJob()) {
        failed |= !healCronJob(what, job, info);
      } else if (asked.allJobs()) {
        failed |= !healOrdinaryJob(what, job);
      } else {
        report.accept(
            what + " is stuck but is not a scrontab job; left alone (--all-jobs would release it)");
      }
    }
    return failed ? 1 : 0;
  }

  /**
   * The caller's cron jobs, as {@link #run()} listed them, that have waited for a QoS or
   * association limit ({@code QOSGrpCpuLimit}, {@code AssocGrpMemLimit}, ...) longer than the
   * interval of their own schedule ({@code fallback} when it cannot be read): a collector that runs
   * in the QoS it reports on stalls exactly when that QoS is full. Reported; nothing is changed.
   */
  public List<Waiting> waitingForLimits(Instant now, Duration fallback) {
    List<Waiting> waiting = new ArrayList<>();
    for (SqueueJob job : mine) {
      if (!job.state().equals("PENDING")
          || !(job.reason().startsWith("QOS") || job.reason().startsWith("Assoc"))) {
        continue;
      }
      CommandResult shown = call(ScontrolJob.command(p.scontrol(), job.id(), p.timeout()));
      if (shown == null || !shown.ok()) {
        continue;
      }
      ScontrolJob info = ScontrolJob.parse(shown.stdout());
      Instant eligible = info.time("EligibleTime");
      if (!info.cronJob() || eligible == null) {
        continue;
      }
      CronSpec cron = CronSpec.parse(info.crontabSpec());
      Duration interval = cron == null ? fallback : cron.longestGap();
      Duration waited = Duration.between(eligible, now);
      if (waited.compareTo(interval) > 0) {
        String message =
            "job "
                + job.id()
                + " ("
                + job.name()
                + ") has waited "
                + waited.toMinutes()
                + " min for a limit ("
                + job.reason()
                + "), longer than its "
                + interval.toMinutes()
                + "-minute interval: it runs in a QoS that is at its limit, so the dashboard stalls when the group"
                + " is at its limit; run it in a QoS outside the group's limit (see scrontab.example)";
        report.accept(message);
        waiting.add(new Waiting(job.id(), job.name(), job.reason(), eligible, waited, message));
      }
    }
    return waiting;
  }

  private boolean healCronJob(String what, SqueueJob job, ScontrolJob info)
      throws InterruptedException {
    Scrontab before = readScrontab(what);
    if (before == null) {
      return false;
    }
    // A queued cron job comes from an active entry: a disabled copy of the same name and schedule
    // is not it.
    List<Scrontab.Entry> matches =
        before.find(info.name(), info.crontabSpec()).stream().filter(e -> !e.disabled()).toList();
    if (matches.size() != 1) {
      report.accept(
          what
              + ": cannot tell which scrontab entry it comes from ("
              + matches.size()
              + " active entries match name '"
              + info.name()
              + "' and schedule '"
              + info.crontabSpec()
              + "'); cancelled nothing, re-armed nothing");
      return false;
    }
    Scrontab.Entry active = matches.get(0);
    if (asked.dryRun()) {
      report.accept(
          what
              + ": would cancel it, then re-arm its scrontab entry (lines "
              + lineNumbers(active)
              + ") and check that a new cron job is queued");
      return true;
    }
    if (!cancel(what, job.id(), true)) {
      return false;
    }
    Scrontab after = readScrontab(what);
    if (after == null) {
      return false;
    }
    List<Scrontab.Entry> now = after.find(info.name(), info.crontabSpec());
    // Slurm only prefixes the entry's lines, so it is the match on the same lines, if there is one.
    List<Scrontab.Entry> sameLines =
        now.stream().filter(e -> e.lines().equals(active.lines())).toList();
    if (sameLines.size() == 1) {
      now = sameLines;
    }
    if (now.size() != 1) {
      report.accept(
          what + ": after the cancel, " + now.size() + " scrontab entries match; re-armed nothing");
      return false;
    }
    Scrontab.Entry entry = now.get(0);
    if (entry.disabled()) {
      if (!writeScrontab(what, after.rearm(entry))) {
        return false;
      }
      report.accept(
          what + ": cancelled; re-armed its scrontab entry (lines " + lineNumbers(entry) + ")");
    } else {
      report.accept(what + ": cancelled; its scrontab entry is still active");
    }
    return confirmQueued(what, job.id(), info.name());
  }

  private boolean healOrdinaryJob(String what, SqueueJob job) throws InterruptedException {
    if (asked.dryRun()) {
      report.accept(
          what
              + ": would release it, wait "
              + asked.releaseWait().toSeconds()
              + " s, and cancel it if still stuck");
      return true;
    }
    CommandResult released =
        call(Command.of(List.of(p.scontrol(), "release", job.id()), p.timeout()));
    report.accept(
        what
            + ": scontrol release "
            + (released != null && released.ok()
                ? "done"
                : "failed: " + (released == null ? "did not run" : released.errorSummary())));
    sleeper.sleep(asked.releaseWait());
    CommandResult again = call(SqueueJob.one(p.squeue(), job.id(), p.timeout()));
    boolean stillStuck =
        again != null && SqueueJob.parse(again.stdout()).stream().anyMatch(SqueueJob::stuck);
    if (!stillStuck) {
      report.accept(what + ": no longer stuck after the release");
      return true;
    }
    return cancel(what + " still stuck after the release", job.id(), false);
  }

  private boolean cancel(String what, String id, boolean cron) {
    CommandResult r = call(Command.of(List.of(p.scancel(), id), p.timeout()));
    if (r != null && !r.ok() && cron && (r.stderr() + r.stdout()).contains("--cron")) {
      // Slurm with ScronParameters=explicit_scancel wants the flag for cron jobs.
      r = call(Command.of(List.of(p.scancel(), "--cron", id), p.timeout()));
    }
    if (r == null || !r.ok()) {
      report.accept(what + ": scancel failed: " + (r == null ? "did not run" : r.errorSummary()));
      return false;
    }
    if (!cron) {
      report.accept(what + ": cancelled");
    }
    return true;
  }

  private Scrontab readScrontab(String what) {
    CommandResult r = call(Command.of(List.of(p.scrontab(), "-l"), p.timeout()));
    if (r == null || !r.ok()) {
      report.accept(
          what + ": scrontab -l failed: " + (r == null ? "did not run" : r.errorSummary()));
      return null;
    }
    return Scrontab.parse(r.stdout());
  }

  private boolean writeScrontab(String what, String text) {
    Path file = null;
    try {
      file = Files.createTempFile("librarian-scrontab-", ".txt");
      Files.writeString(file, text, StandardCharsets.UTF_8);
      CommandResult r = call(Command.of(List.of(p.scrontab(), file.toString()), p.timeout()));
      if (r == null || !r.ok()) {
        report.accept(
            what
                + ": writing the scrontab back failed: "
                + (r == null ? "did not run" : r.errorSummary()));
        return false;
      }
      return true;
    } catch (IOException e) {
      report.accept(what + ": cannot write a temporary scrontab: " + e.getMessage());
      return false;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // A leftover file in the temporary directory is harmless.
        }
      }
    }
  }

  /**
   * Looks, a second apart, for a new job of the entry (another id, same name), until confirmWait
   * has passed on the clock or in the sleeper's seconds (so a test's sleeper that returns at once
   * ends it).
   */
  private boolean confirmQueued(String what, String oldId, String name)
      throws InterruptedException {
    long deadline = System.nanoTime() + asked.confirmWait().toNanos();
    Duration slept = Duration.ZERO;
    while (true) {
      CommandResult r = call(SqueueJob.mine(p.squeue(), p.timeout()));
      if (r != null && r.ok()) {
        for (SqueueJob j : SqueueJob.parse(r.stdout())) {
          if (j.user().equals(me) && j.name().equals(name) && !j.id().equals(oldId) && !j.stuck()) {
            report.accept(what + ": new cron job " + j.id() + " queued (" + j.state() + ")");
            return true;
          }
        }
      }
      if (System.nanoTime() >= deadline || slept.compareTo(asked.confirmWait()) >= 0) {
        report.accept(
            what
                + ": no new cron job for '"
                + name
                + "' appeared within "
                + asked.confirmWait().toSeconds()
                + " s");
        return false;
      }
      sleeper.sleep(Duration.ofSeconds(1));
      slept = slept.plusSeconds(1);
    }
  }

  private CommandResult call(Command command) {
    try {
      return runner.run(command);
    } catch (CommandException e) {
      report.accept(command.argv().get(0) + ": " + e.getMessage());
      return null;
    }
  }

  private static String lineNumbers(Scrontab.Entry e) {
    return (e.lines().get(0) + 1) + "-" + (e.lines().get(e.lines().size() - 1) + 1);
  }
}
