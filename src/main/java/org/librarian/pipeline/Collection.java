package org.librarian.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.librarian.common.AtomicFile;
import org.librarian.common.IsoTime;
import org.librarian.config.ConfigException;
import org.librarian.config.QosSpec;
import org.librarian.config.Settings;
import org.librarian.output.QosFiles;
import org.librarian.output.UsageJson;
import org.librarian.publish.PublishedPrivacy;
import org.librarian.slurm.SacctException;
import org.librarian.slurm.SlurmLookups;
import org.librarian.slurm.SacctQuery;
import org.librarian.slurm.SacctReader;
import org.librarian.slurm.SacctSource;
import org.librarian.slurm.SqueuePending;
import org.librarian.output.HistoryJson;
import org.librarian.output.PseudonymStore;
import org.librarian.usage.UserNames;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DailyHistory;
import org.librarian.usage.ClusterNow;
import org.librarian.usage.DemandReport;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.JobRecord;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.QosUsage;
import org.librarian.usage.StepRecord;
import org.librarian.usage.UsageReport;

/**
 * What {@code parse}, {@code run} and {@code demo} share: one sacct answer (or saved file) for a set
 * of QoS → job records → a usage report per QoS → its JSON and charts. Each QoS's files are replaced
 * together or not at all, and a QoS that fails (sums too large, a file that cannot be written) fails
 * alone. One summary line per QoS to {@code out}; warnings to {@code err}.
 */
public final class Collection {
  /** The time frame: the rolling window up to {@code now}, or a fixed range; {@code replay} when --now was given. */
  public record Window(Instant now, boolean replay, Instant rangeStart, Instant rangeEnd) {
    public static Window rolling(Instant now) {
      return new Window(now, false, null, null);
    }
  }

  /** Where the records come from: sacct (file null), or a saved file with its delimiter and columns. */
  public record Source(Path file, String delimiter, List<String> fields, boolean full, Path squeueFile) {
    public static final Source SACCT = new Source(null, SacctQuery.DELIMITER, null, false, null);

    public Source(Path file, String delimiter, List<String> fields, boolean full) {
      this(file, delimiter, fields, full, null);
    }
  }

  /** Which charts to draw besides the JSON, and the PNG size. */
  public record Outputs(Set<QosFiles.Format> formats, int width, int height) {
    public static final Outputs JSON_ONLY = new Outputs(Set.of(), 1600, 900);
  }

  /**
   * How one QoS went: its report and counts, or why it failed (then its previous files stay); and why
   * its daily history was not updated, or null (its data files were still written).
   */
  public record Outcome(String qos, UsageReport report, long rowsRead, long rowsSkipped, List<String> problems, double seconds,
      String error, Integer sacctExitCode, String historyError) {
    public boolean ok() {
      return error == null;
    }

    /** Data and history both written. */
    public boolean complete() {
      return error == null && historyError == null;
    }

    public static Outcome failed(String qos, String error, Integer exitCode) {
      return new Outcome(qos, null, 0, 0, List.of(), 0, error, exitCode, null);
    }
  }

  /** Finished jobs are looked for among those that ended in the last day (sacct may record them late). */
  public static final long FINISHED_LOOKBACK = 86_400;
  private final Settings settings;
  /** Users of jobs_finished rules; their jobs that ended in the last day, after collect. */
  private final Set<String> watched;
  private List<JobRecord> finished = List.of();
  private final Context context;
  private final PrintWriter out;
  private final PrintWriter err;
  private final String generator;
  private final boolean debug;
  private final boolean verbose;
  /** Whether {@link #collect} merges its days into the archive of daily history (run, demo; parse only when asked). */
  private boolean writeHistory = true;

  public Collection(Settings settings, Context context, PrintWriter out, PrintWriter err, String generator, boolean debug,
      boolean verbose) {
    this.settings = settings;
    this.watched = settings.alerts().finishedJobUsers();
    this.context = context;
    this.out = out;
    this.err = err;
    this.generator = generator;
    this.debug = debug;
    this.verbose = verbose;
  }

  /**
   * Leaves the archive of daily history alone when {@code write} is false (a parse replaying a file).
   * When true, a zone that differs from an archive's is a usage error, said before anything is read.
   */
  public Collection writingHistory(boolean write) throws ConfigException, IOException {
    this.writeHistory = write;
    if (write) {
      for (QosSpec q : settings.qos()) {
        try {
          HistoryJson.checkZone(HistoryJson.archivePath(settings.stateDir(), settings.cluster(), q.name()), q.name(),
              settings.zone());
        } catch (HistoryJson.ZoneMismatchException e) {
          throw new ConfigException(e.getMessage());
        } catch (HistoryJson.BrokenArchiveException e) {
          // Kept aside and reported by the update, which fails this QoS alone.
        }
      }
    }
    return this;
  }

  /** The finished jobs of the users jobs_finished rules watch, found by the last {@link #collect}. */
  public List<JobRecord> finishedJobs() {
    return finished;
  }

  public BinGrid grid(Window w) {
    if (w.rangeStart() != null) {
      return BinGrid.fixed(w.rangeStart(), w.rangeEnd(), w.now(), settings.resolution(), settings.zone());
    }
    return BinGrid.rolling(w.now(), settings.window(), settings.resolution(), settings.zone());
  }

  private SacctQuery query(BinGrid grid, Window w, List<QosSpec> qos) {
    Instant end = w.rangeStart() != null ? Instant.ofEpochSecond(grid.end()) : w.replay() ? w.now() : null;
    return new SacctQuery(settings.sacct(), qos.stream().map(QosSpec::name).toList(),
        Instant.ofEpochSecond(grid.start()), end, settings.zone(), settings.cluster(), settings.sacctTimeout());
  }

  /** Prints what {@link #collect} would run and write. */
  public void dryRun(List<QosSpec> qos, Window w, Source source, Outputs outputs) {
    BinGrid grid = grid(w);
    String names = String.join(", ", qos.stream().map(QosSpec::name).toList());
    out.println(names + ": " + (source.file() != null ? "would read " + source.file()
        : "would run " + query(grid, w, qos).command().display()));
    for (QosSpec q : qos) {
      if (q.limits() == null) {
        out.println(q.name() + ": would ask for limits: "
            + lookups().limitsCommand(q.name()).display());
      }
      out.println(q.name() + ": would write " + settings.output().resolve(UsageJson.fileName(q.name())));
      if (!outputs.formats().isEmpty()) {
        out.println(q.name() + ": would write charts " + outputs.formats() + " into " + settings.output());
      }
    }
  }

  /**
   * Reads the records of every QoS in one pass and writes each QoS's files. A failure of the source
   * (sacct failed, the file cannot be read) throws: then nothing of any QoS was written.
   */
  /** What one pass over the source gave: the records per QoS, and how the reading went. */
  public record Read(UsageSink sink, SacctSource.Result<UsageSink> result) {}

  /** Reads the records of every QoS in one pass, binned on {@code grid}; writes nothing but the sacct cache. */
  public Read read(List<QosSpec> qos, Window w, Source source, BinGrid grid) throws SacctException, ConfigException {
    List<String> names = qos.stream().map(QosSpec::name).toList();
    UserNames userNames = userNames();
    Map<String, String> reasons = liveReasons(names, source);
    SacctSource.Result<UsageSink> result;
    if (source.file() != null) {
      // One set of the runs seen for every part of the file, so a run printed twice counts once.
      Set<String> runs = ConcurrentHashMap.newKeySet();
      SacctReader.Format format = new SacctReader.Format(source.delimiter(), source.fields(), settings.zone());
      boolean byColumn = names.size() > 1;
      if (byColumn && !hasQosColumn(source)) {
        throw new ConfigException("--sacct-file " + source.file() + " has no QOS column to tell " + names.size()
            + " QoS apart; name one with --qos");
      }
      result = SacctSource.readFile(source.file(), format, Runtime.getRuntime().availableProcessors(),
          () -> new UsageSink(new QosUsage(grid, names, byColumn, reasons, runs), watched, userNames), (a, b) -> {
            a.usage.merge(b.usage);
            a.finished.addAll(b.finished);
            return a;
          });
    } else {
      boolean cacheable = w.rangeStart() == null && !w.replay();
      SacctSource.Live live = new SacctSource.Live(settings.sacct(), context.env().get("PATH"), settings.zone(),
          settings.cluster(), settings.sacctTimeout(), settings.stateDir(), settings.reconcile());
      result = new SacctSource(context.runner(), err, debug, verbose, context.terminal() && !debug)
          .query(live, query(grid, w, qos), grid.start(), grid.now(), cacheable, source.full(),
              () -> new UsageSink(new QosUsage(grid, names, names.size() > 1, reasons), watched, userNames));
    }
    try {
      new PseudonymStore(settings.stateDir()).save(userNames);
    } catch (IOException e) {
      throw new SacctException("cannot save the pseudonyms' mapping in " + settings.stateDir() + ": " + e.getMessage(),
          null, e);
    }
    return new Read(result.records(), result);
  }

  /** The names published: real, or pseudonyms and "others" as privacy: in the config asks. */
  public UserNames userNames() throws SacctException {
    Settings.Privacy p = settings.privacy();
    if (!p.pseudonymize() && p.hideUsers().isEmpty()) {
      return UserNames.REAL;
    }
    try {
      return new PseudonymStore(settings.stateDir()).load(p.pseudonymize(), p.hideUsers());
    } catch (IOException e) {
      throw new SacctException("cannot read the pseudonyms' secret in " + settings.stateDir() + ": " + e.getMessage(),
          null, e);
    }
  }

  /**
   * The privacy settings' fingerprint and where the one each branch was published with is kept: a
   * branch published with other settings is rewritten by the next deploy.
   */
  public static PublishedPrivacy publishedPrivacy(Settings settings) {
    Settings.Privacy p = settings.privacy();
    PseudonymStore store = new PseudonymStore(settings.stateDir());
    return new PublishedPrivacy(store.publishedFile(),
        p.pseudonymize() || !p.hideUsers().isEmpty(), () -> store.fingerprint(p.pseudonymize(), p.hideUsers()));
  }

  public List<Outcome> collect(List<QosSpec> qos, Window w, Source source, Outputs outputs) throws SacctException,
      ConfigException {
    Gathered gathered = gather(qos, w, source, outputs);
    List<Outcome> outcomes = new ArrayList<>();
    for (QosSpec q : qos) {
      outcomes.add(write(q, gathered, outputs));
    }
    return outcomes;
  }

  /** What one pass over the source gave every QoS, before any of their files is written. */
  public record Gathered(UsageSink sink, SacctSource.Result<UsageSink> result, ClusterNow cluster, double readSeconds) {}

  /** Reads every QoS's records (sacct, squeue, sinfo) and writes nothing but the sacct cache. */
  public Gathered gather(List<QosSpec> qos, Window w, Source source, Outputs outputs) throws SacctException,
      ConfigException {
    long started = System.nanoTime();
    if (!outputs.formats().isEmpty()) {
      // Chart classes load (and, while sacct runs, compile) on the other core in the meantime.
      QosFiles.warmUp(source.file() == null);
    }
    Read read = read(qos, w, source, grid(w));
    List<String> names = qos.stream().map(QosSpec::name).toList();
    SacctSource.Result<UsageSink> result = read.result();
    UsageSink sink = read.sink();
    finished = List.copyOf(sink.finished);
    String prefix = String.join(",", names) + ": ";
    for (SacctReader.Problem problem : result.stats().problems()) {
      err.println(prefix + "skipped malformed row, " + problem);
    }
    long malformed = result.stats().malformed();
    if (malformed > result.stats().problems().size()) {
      err.println(prefix + "... and " + (malformed - result.stats().problems().size()) + " more malformed rows");
    }
    if (sink.usage.otherQos() > 0) {
      err.println(prefix + "passed over " + sink.usage.otherQos() + " rows of other QoS");
    }
    ClusterNow cluster = source.file() == null ? clusterNow(names, sink.usage) : null;
    return new Gathered(sink, result, cluster, (System.nanoTime() - started) / 1e9);
  }

  /** One QoS's report, limits and files from what {@link #gather} read; a failure here is this QoS's alone. */
  public Outcome write(QosSpec q, Gathered g, Outputs outputs) {
    ClusterNow cluster = g.cluster();
    ClusterNow mine = cluster == null ? null : new ClusterNow(cluster.at(), cluster.partitions().entrySet().stream()
        .filter(e -> g.sink().usage.partitions(q.name()).contains(e.getKey()))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
            LinkedHashMap::new)), cluster.error());
    return write(q, g.sink().usage, g.result(), outputs, g.readSeconds(), mine);
  }

  /**
   * squeue's live reason of each pending job: from --squeue-file, else (when sacct runs) one squeue call
   * for every QoS; a saved sacct file without a saved squeue file runs none. A failed squeue is a
   * warning: the reasons then come from sacct alone.
   */
  private Map<String, String> liveReasons(List<String> names, Source source) throws SacctException {
    if (source.squeueFile() != null) {
      try {
        return SqueuePending.parse(Files.readString(source.squeueFile()));
      } catch (IOException e) {
        throw new SacctException("cannot read " + source.squeueFile() + ": " + e.getMessage(), null, e);
      }
    }
    if (source.file() != null) {
      return Map.of();
    }
    return said(lookups().pendingReasons(names, debug));
  }

  /**
   * One sinfo call for the partitions the jobs of every QoS asked for: CPUs and nodes allocated, idle
   * and other. Failing, it is said in the JSON (and a warning); nothing else fails.
   */
  private ClusterNow clusterNow(List<String> names, QosUsage usage) {
    Set<String> partitions = new TreeSet<>();
    for (String q : names) {
      partitions.addAll(usage.partitions(q));
    }
    return said(lookups().partitions(partitions, context.clock().instant().getEpochSecond()));
  }

  private SlurmLookups lookups() {
    return new SlurmLookups(context.runner(), settings.sacct(), settings.sacctmgr(), context.env().get("PATH"),
        settings.cluster(), settings.sacctTimeout());
  }

  /** The answer's value, its warning and debug output printed to err. */
  private <T> T said(SlurmLookups.Answer<T> answer) {
    if (answer.warning() != null) {
      err.println(answer.warning());
    }
    if (answer.debug() != null) {
      err.print(answer.debug());
    }
    return answer.value();
  }

  private static boolean hasQosColumn(Source source) {
    if (source.fields() != null) {
      return SacctReader.hasQosColumn(source.fields());
    }
    try {
      return SacctReader.hasQosColumn(SacctReader.headerOf(source.file(), source.delimiter()));
    } catch (IOException e) {
      return false;
    }
  }

  /** One QoS: report, limits, files. Any failure here is this QoS's alone. */
  private Outcome write(QosSpec q, QosUsage usage, SacctSource.Result<UsageSink> result, Outputs outputs,
      double readSeconds, ClusterNow cluster) {
    long started = System.nanoTime();
    String name = q.name();
    UsageReport report;
    try {
      report = usage.report(name);
    } catch (ArithmeticException e) {
      return fail(name, "the usage sums of " + name + " are too large to count exactly (absurd rows?); nothing written");
    }
    if (usage.repeatedRows(name) > 0) {
      err.println(name + ": " + usage.repeatedRows(name) + " rows repeated a run already read (same JobID and Start);"
          + " each run counted once");
    }
    if (report.jobsSkipped() > 0) {
      err.println(name + ": skipped " + report.jobsSkipped() + " ended jobs with neither End nor ElapsedRaw");
    }
    QosLimits limits = q.limits();
    String limitsSource = "config";
    if (limits == null) {
      limits = lookUpLimits(name);
      limitsSource = limits == QosLimits.NONE ? "none" : "sacctmgr";
    }
    long rowsRead = usage.rows(name);
    long skipped = usage.malformedRows(name) + report.jobsSkipped();
    EfficiencyReport efficiency;
    try {
      efficiency = usage.efficiency(name);
    } catch (ArithmeticException e) {
      return fail(name, "the efficiency sums of " + name + " are too large to count exactly (absurd rows?); nothing written");
    }
    DemandReport demand;
    try {
      demand = usage.demand(name);
    } catch (ArithmeticException e) {
      return fail(name, "the waiting sums of " + name + " are too large to count exactly (absurd rows?); nothing written");
    }
    QosReport qosReport = new QosReport(name, report, demand, efficiency, null, limits, limitsSource, cluster,
        new QosReport.About(settings.cluster(), generator, rowsRead, skipped, settings.topUsers(),
            result.records().names.hidesAny()));
    if (Thread.currentThread().isInterrupted()) {
      // The run abandoned this step at its deadline and has published without it: write nothing now.
      return fail(name, "drawing " + name + " was abandoned; nothing written");
    }
    try {
      QosFiles.write(qosReport, settings.output(), outputs.formats(), outputs.width(), outputs.height());
    } catch (IOException | RuntimeException e) {
      return fail(name, "cannot write the files of " + name + " into " + settings.output() + ": " + e.getMessage()
          + "; its previous files stay as they were");
    }
    String historyError = null;
    try {
      if (writeHistory) {
        HistoryJson.update(HistoryJson.archivePath(settings.stateDir(), settings.cluster(), name),
            settings.output().resolve(HistoryJson.fileName(name)), name, settings.zone(),
            qosReport.daily(), limits, settings.cluster(), generator, report.grid().now(),
            HistoryJson.KEEP, result.records().names::ofStored);
      }
      new PseudonymStore(settings.stateDir()).save(result.records().names);
    } catch (IOException | RuntimeException e) {
      historyError = "the daily history of " + name + " was not updated: " + e.getMessage();
      err.println("librarian: " + historyError);
    }
    double seconds = readSeconds + (System.nanoTime() - started) / 1e9;
    // The first malformed rows that are this QoS's (or whose QoS could not be read), for status.json.
    boolean hideNames = result.records().names.changesNames();
    List<String> problems = result.stats().problems().stream()
        .filter(p -> usage.ownerOf(p.qos()) == null || usage.ownerOf(p.qos()).equals(name))
        .map(SacctReader.Problem::toString)
        .map(p -> hideNames ? p.replaceAll("User '.*' has", "User (not shown) has") : p).toList();
    Outcome o = new Outcome(name, report, rowsRead, skipped, problems, seconds, null, null, historyError);
    out.println(String.format(Locale.ROOT,
        "%s: %d rows read, %d skipped, %d jobs, %d users, %.1f CPU-hours, %.1f GPU-hours, %.2f s%s",
        name, rowsRead, skipped, report.jobsCounted(), report.users().size(), report.totalHours(Observable.NCPUS),
        report.totalHours(Observable.NGPUS), seconds,
        result.sacctRows() < 0 ? "" : "; sacct returned " + result.sacctRows() + " rows (" + result.how() + ")"));
    return o;
  }

  private Outcome fail(String qos, String message) {
    err.println("librarian: " + message);
    return Outcome.failed(qos, message, null);
  }

  public QosLimits lookUpLimits(String qos) {
    return said(lookups().limits(qos));
  }
}
