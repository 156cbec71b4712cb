package org.librarian.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.librarian.config.QosSpec;
import org.librarian.config.Settings;
import org.librarian.output.ChartDigest;
import org.librarian.output.HistoryArchive;
import org.librarian.output.HistoryArchiveReader;
import org.librarian.output.HistoryArchiveWriter;
import org.librarian.output.HistoryJson;
import org.librarian.output.PseudonymStore;
import org.librarian.output.QosFiles;
import org.librarian.slurm.SacctReader;
import org.librarian.slurm.SacctSource;
import org.librarian.usage.ClusterNow;
import org.librarian.usage.DailyHistory;
import org.librarian.usage.DemandReport;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.QosUsage;
import org.librarian.usage.UsageReport;

/**
 * The writing half of a collection: one QoS's report from the records read, its limits, its files
 * (replaced together or not at all) and its daily history. Any failure here is this QoS's alone.
 */
final class QosWriter {
  private final Settings settings;
  private final PrintWriter out;
  private final PrintWriter err;
  private final String generator;
  private final boolean writeHistory;

  /** The QoS's limits when the config has none (sacctmgr). */
  private final Function<String, QosLimits> limitsLookup;

  QosWriter(
      Settings settings,
      PrintWriter out,
      PrintWriter err,
      String generator,
      boolean writeHistory,
      Function<String, QosLimits> limitsLookup) {
    this.settings = settings;
    this.out = out;
    this.err = err;
    this.generator = generator;
    this.writeHistory = writeHistory;
    this.limitsLookup = limitsLookup;
  }

  /** Given each report whose files were written (for the job archive). */
  private Consumer<QosReport> onWritten = r -> {};

  QosWriter onWritten(Consumer<QosReport> action) {
    this.onWritten = action;
    return this;
  }

  /**
   * One QoS: report, limits, files; {@code extras} adds what Slurm said besides sacct. Any failure
   * here is this QoS's alone.
   */
  Collection.Outcome write(
      QosSpec q,
      QosUsage usage,
      SacctSource.Result<UsageSink> result,
      Collection.Outputs outputs,
      double readSeconds,
      ClusterNow cluster,
      UnaryOperator<QosReport> extras) {
    long started = System.nanoTime();
    String name = q.name();
    UsageReport report = exactly(() -> usage.report(name));
    if (report == null) {
      return tooLarge(name, "usage");
    }
    if (usage.repeatedRows(name) > 0) {
      err.println(
          name
              + ": "
              + usage.repeatedRows(name)
              + " rows repeated a run already read (same JobID and Start);"
              + " each run counted once");
    }
    if (report.jobsSkipped() > 0) {
      err.println(
          name
              + ": skipped "
              + report.jobsSkipped()
              + " ended jobs with neither End nor ElapsedRaw");
    }
    QosLimits limits = q.limits();
    String limitsSource = "config";
    if (limits == null) {
      limits = limitsLookup.apply(name);
      limitsSource = limits == QosLimits.NONE ? "none" : "sacctmgr";
    }
    long rowsRead = usage.rows(name);
    long skipped = usage.malformedRows(name) + report.jobsSkipped();
    EfficiencyReport efficiency =
        exactly(() -> usage.efficiency(name).withRightSizeMinJobs(settings.rightSizeMinJobs()));
    if (efficiency == null) {
      return tooLarge(name, "efficiency");
    }
    DemandReport demand = exactly(() -> usage.demand(name));
    if (demand == null) {
      return tooLarge(name, "waiting");
    }
    QosReport qosReport =
        new QosReport(
            name,
            report,
            demand,
            efficiency,
            null,
            limits,
            limitsSource,
            cluster,
            new QosReport.About(
                settings.cluster(),
                generator,
                rowsRead,
                skipped,
                settings.topUsers(),
                result.records().names.hidesAny()),
            null,
            null,
            null,
            null,
            null);
    qosReport = extras.apply(qosReport);
    if (writeHistory) {
      qosReport = qosReport.withArchive(archivedDays(name, result.records().names::ofStored));
    }
    if (Thread.currentThread().isInterrupted()) {
      // The run abandoned this step at its deadline and has published without it: write nothing
      // now.
      return fail(name, "drawing " + name + " was abandoned; nothing written");
    }
    try {
      QosFiles.write(
          qosReport,
          settings.output(),
          outputs.formats(),
          outputs.width(),
          outputs.height(),
          new ChartDigest.Redraw(
              ChartDigest.path(settings.stateDir(), settings.cluster(), name),
              settings.chartsEvery()));
    } catch (IOException | RuntimeException e) {
      return fail(
          name,
          "cannot write the files of "
              + name
              + " into "
              + settings.output()
              + ": "
              + e.getMessage()
              + "; its previous files stay as they were");
    }
    onWritten.accept(qosReport);
    String historyError = null;
    try {
      if (writeHistory) {
        HistoryArchiveWriter.update(
            HistoryArchiveReader.archivePath(settings.stateDir(), settings.cluster(), name),
            settings.output().resolve(HistoryJson.fileName(name)),
            name,
            settings.zone(),
            qosReport.daily(),
            limits,
            settings.cluster(),
            generator,
            report.grid().now(),
            HistoryArchiveWriter.KEEP,
            result.records().names::ofStored);
      }
      // Groups are written on several threads; the names' one file is saved by one at a time.
      synchronized (result.records().names) {
        new PseudonymStore(settings.stateDir()).save(result.records().names);
      }
    } catch (IOException | RuntimeException e) {
      historyError = "the daily history of " + name + " was not updated: " + e.getMessage();
      err.println("librarian: " + historyError);
    }
    double seconds = readSeconds + (System.nanoTime() - started) / 1e9;
    // The first malformed rows that are this QoS's (or whose QoS could not be read), for
    // status.json.
    boolean hideNames = result.records().names.changesNames();
    List<String> problems =
        result.stats().problems().stream()
            .filter(p -> usage.ownerOf(p.qos()) == null || usage.ownerOf(p.qos()).equals(name))
            .map(SacctReader.Problem::toString)
            .map(p -> hideNames ? p.replaceAll("User '.*' has", "User (not shown) has") : p)
            .toList();
    Collection.Outcome o =
        new Collection.Outcome(
            name,
            report.jobsCounted(),
            report.users().size(),
            rowsRead,
            skipped,
            problems,
            seconds,
            null,
            null,
            historyError);
    out.println(
        String.format(
            Locale.ROOT,
            "%s: %d rows read, %d skipped, %d jobs, %d users, %.1f CPU-hours, %.1f GPU-hours, %.2f s%s",
            name,
            rowsRead,
            skipped,
            report.jobsCounted(),
            report.users().size(),
            report.totalHours(Observable.NCPUS),
            report.totalHours(Observable.NGPUS),
            seconds,
            result.sacctRows() < 0
                ? ""
                : "; sacct returned " + result.sacctRows() + " rows (" + result.how() + ")"));
    return o;
  }

  /** What {@code sums} gives, or null when its sums do not fit in a long. */
  private static <T> T exactly(Supplier<T> sums) {
    try {
      return sums.get();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** The failure of a QoS whose {@code kind} sums (usage, efficiency, waiting) overflowed. */
  private Collection.Outcome tooLarge(String qos, String kind) {
    return fail(
        qos,
        "the "
            + kind
            + " sums of "
            + qos
            + " are too large to count exactly (absurd rows?); nothing written");
  }

  /**
   * The days the QoS's history archive kept, under their published names, for the periods longer
   * than the window; none when the archive is absent, broken or in another zone (the history update
   * after the files says so).
   */
  private List<DailyHistory.Day> archivedDays(String qos, UnaryOperator<String> published) {
    try {
      HistoryArchive a =
          HistoryArchiveReader.read(
              HistoryArchiveReader.archivePath(settings.stateDir(), settings.cluster(), qos),
              qos,
              settings.zone());
      return a.zone().equals(settings.zone())
          ? HistoryArchiveWriter.renamed(a.days(), published)
          : List.of();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  private Collection.Outcome fail(String qos, String message) {
    err.println("librarian: " + message);
    return Collection.Outcome.failed(qos, message, null);
  }
}
