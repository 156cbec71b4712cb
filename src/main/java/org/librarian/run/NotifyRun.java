package org.librarian.run;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.librarian.config.Settings;
import org.librarian.notify.Delivery;
import org.librarian.notify.Notifier;
import org.librarian.notify.NotifyState;
import org.librarian.pipeline.Context;
import org.librarian.pipeline.UsageSink;
import org.librarian.usage.EfficiencyCounter;
import org.librarian.usage.JobRecord;

/**
 * One notify, as {@code notify} and {@code run} do it: evaluates and delivers under
 * STATE_DIR/notify.lock.
 */
public final class NotifyRun {
  private NotifyRun() {}

  /**
   * Returns false when a delivery failed. Another notify holding the lock is not a failure: this
   * one says so and does nothing.
   */
  public static boolean run(
      Settings settings,
      Path site,
      Instant at,
      boolean dryRun,
      List<NotifyState.FinishedJob> finished,
      Context context,
      PrintWriter out,
      PrintWriter err)
      throws Exception {
    Notifier notifier =
        new Notifier(
            settings.alerts(),
            site,
            settings.stateDir(),
            settings.zone(),
            Delivery.standard(context.env(), settings.alerts().limits()),
            out);
    Path lockFile = settings.stateDir().resolve("notify.lock");
    try (RunLock lock =
        dryRun ? null : RunLock.tryAcquire(lockFile, "pid=" + ProcessHandle.current().pid())) {
      if (!dryRun && lock == null) {
        out.println(
            "another notify is still going (" + RunLock.holder(lockFile) + "); this one exits");
        return true;
      }
      Notifier.Result r = notifier.notify(at.getEpochSecond(), dryRun, finished);
      for (String note : r.notes()) {
        err.println("note: " + note);
      }
      for (String f : r.failures()) {
        err.println("librarian: not delivered: " + f);
      }
      if (dryRun) {
        out.println(
            r.due().isEmpty() ? "nothing is due" : r.due().size() + " messages would be sent");
      } else {
        out.println(
            "notify: "
                + r.sent()
                + " sent, "
                + r.failures().size()
                + " failed, "
                + r.due().size()
                + " still due");
      }
      return r.ok();
    }
  }

  /**
   * After publishing: the alerts, finished jobs and digest that are due. A failed delivery makes
   * the run exit 1; what was published stays published, and the message stays due for the next run.
   */
  static boolean afterPublish(
      Settings settings,
      Context context,
      Instant started,
      List<UsageSink.FinishedJob> seen,
      RunLog log,
      PrintWriter out,
      PrintWriter err) {
    if (!settings.alerts().any()) {
      return true;
    }
    // Only when a jobs_finished rule watches someone: the first run that does learns what is there.
    List<NotifyState.FinishedJob> finished =
        settings.alerts().finishedJobUsers().isEmpty() ? null : new ArrayList<>();
    for (UsageSink.FinishedJob f : seen) {
      JobRecord j = f.job();
      finished.add(
          new NotifyState.FinishedJob(
              j.user(),
              j.qos(),
              j.jobId(),
              j.state().name(),
              j.elapsedSeconds() == JobRecord.UNKNOWN ? j.end() - j.start() : j.elapsedSeconds(),
              j.end(),
              j.name(),
              EfficiencyCounter.efficiencyLine(j, f.peakMemoryKib())));
    }
    StringWriter said = new StringWriter();
    StringWriter problems = new StringWriter();
    boolean ok;
    try {
      ok =
          run(
              settings,
              settings.output(),
              started,
              false,
              finished,
              context,
              new PrintWriter(said, true),
              new PrintWriter(problems, true));
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
    return ok;
  }
}
