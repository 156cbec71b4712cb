package org.librarian.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.librarian.config.ConfigException;
import org.librarian.config.QosSpec;
import org.librarian.config.Settings;
import org.librarian.output.BrokenArchiveException;
import org.librarian.output.BudgetSamples;
import org.librarian.output.HistoryArchiveReader;
import org.librarian.output.JobArchive;
import org.librarian.output.PseudonymStore;
import org.librarian.output.QosFiles;
import org.librarian.output.ZoneMismatchException;
import org.librarian.publish.PublishedPrivacy;
import org.librarian.site.PrivatePages;
import org.librarian.slurm.SacctException;
import org.librarian.slurm.SacctQuery;
import org.librarian.slurm.SacctReader;
import org.librarian.slurm.SacctSource;
import org.librarian.usage.BinGrid;
import org.librarian.usage.ClusterNow;
import org.librarian.usage.GroupBy;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.QosUsage;

/**
 * What {@code parse}, {@code run} and {@code demo} share: one sacct answer (or saved file) for a
 * set of QoS → job records → a usage report per QoS → its JSON and charts. Each QoS's files are
 * replaced together or not at all, and a QoS that fails (sums too large, a file that cannot be
 * written) fails alone. One summary line per QoS to {@code out}; warnings to {@code err}.
 */
public final class Collection {
  /**
   * The time frame: the rolling window up to {@code now}, or a fixed range; {@code replay} when
   * --now was given.
   */
  public record Window(Instant now, boolean replay, Instant rangeStart, Instant rangeEnd) {
    public static Window rolling(Instant now) {
      return new Window(now, false, null, null);
    }
  }

  /**
   * Where the records come from: sacct (file null), or a saved file with its delimiter and columns.
   */
  public record Source(
      Path file,
      String delimiter,
      List<String> fields,
      boolean full,
      Path squeueFile,
      Path assocMgrFile) {
    public static final Source SACCT = new Source(null, SacctQuery.DELIMITER, null, false, null);

    public Source(Path file, String delimiter, List<String> fields, boolean full) {
      this(file, delimiter, fields, full, null);
    }

    public Source(Path file, String delimiter, List<String> fields, boolean full, Path squeueFile) {
      this(file, delimiter, fields, full, squeueFile, null);
    }
  }

  /** Which charts to draw besides the JSON, and the PNG size. */
  public record Outputs(Set<QosFiles.Format> formats, int width, int height) {
    public static final Outputs JSON_ONLY = new Outputs(Set.of(), 1600, 900);
  }

  /**
   * How one QoS went: its counts (not its report, which a centre's run would otherwise hold for
   * every group until the last is written), or why it failed (then its previous files stay); and
   * why its daily history was not updated, or null (its data files were still written).
   */
  public record Outcome(
      String qos,
      long jobsCounted,
      int users,
      long rowsRead,
      long rowsSkipped,
      List<String> problems,
      double seconds,
      String error,
      Integer sacctExitCode,
      String historyError) {
    public boolean ok() {
      return error == null;
    }

    /** Data and history both written. */
    public boolean complete() {
      return error == null && historyError == null;
    }

    public static Outcome failed(String qos, String error, Integer exitCode) {
      return new Outcome(qos, 0, 0, 0, 0, List.of(), 0, error, exitCode, null);
    }
  }

  /**
   * Finished jobs are looked for among those that ended in the last day (sacct may record them
   * late).
   */
  public static final long FINISHED_LOOKBACK = 86_400;

  private final Settings settings;

  /** The users' jobs that ended in the last day, of jobs_finished rules' users, after collect. */
  private List<UsageSink.FinishedJob> finished = List.of();

  private final Context context;
  private final PrintWriter out;
  private final PrintWriter err;
  private final String generator;
  private final RecordReader reader;
  private final boolean debug;

  /**
   * Whether {@link #collect} merges its days into the archive of daily history (run, demo; parse
   * only when asked).
   */
  private boolean writeHistory = true;

  public Collection(
      Settings settings,
      Context context,
      PrintWriter out,
      PrintWriter err,
      String generator,
      boolean debug,
      boolean verbose) {
    this.settings = settings;
    this.context = context;
    this.out = out;
    this.err = err;
    this.generator = generator;
    this.reader = new RecordReader(settings, context, err, debug, verbose);
    this.debug = debug;
  }

  /** What one pass over the source gave: the records per QoS, and how the reading went. */
  public record Read(UsageSink sink, SacctSource.Result<UsageSink> result) {}

  /**
   * Reads the records of every QoS in one pass, binned on {@code grid}; writes nothing but the
   * sacct cache.
   */
  public Read read(List<QosSpec> qos, Window w, Source source, BinGrid grid)
      throws SacctException, ConfigException {
    return reader.read(qos, w, source, grid);
  }

  /**
   * Leaves the archive of daily history alone when {@code write} is false (a parse replaying a
   * file). When true, a zone that differs from an archive's is a usage error, said before anything
   * is read.
   */
  public Collection writingHistory(boolean write) throws ConfigException, IOException {
    this.writeHistory = write;
    if (write) {
      for (QosSpec q : settings.qos()) {
        try {
          HistoryArchiveReader.checkZone(
              HistoryArchiveReader.archivePath(settings.stateDir(), settings.cluster(), q.name()),
              q.name(),
              settings.zone());
        } catch (ZoneMismatchException e) {
          throw new ConfigException(e.getMessage());
        } catch (BrokenArchiveException e) {
          // Kept aside and reported by the update, which fails this QoS alone.
        }
      }
    }
    return this;
  }

  /**
   * The finished jobs of the users jobs_finished rules watch, found by the last {@link #collect}.
   */
  public List<UsageSink.FinishedJob> finishedJobs() {
    return finished;
  }

  /** Prints what {@link #collect} would run and write. */
  public void dryRun(List<QosSpec> qos, Window w, Source source, Outputs outputs) {
    DryRun.print(settings, reader, out, qos, w, source, outputs);
  }

  /**
   * The privacy settings' fingerprint and where the one each branch was published with is kept: a
   * branch published with other settings is rewritten by the next deploy.
   */
  public static PublishedPrivacy publishedPrivacy(Settings settings) {
    Settings.Privacy p = settings.privacy();
    PseudonymStore store = new PseudonymStore(settings.stateDir());
    Path passphrases =
        p.passphrases() != null
            ? p.passphrases()
            : settings.stateDir().resolve("privacy").resolve("passphrases");
    return new PublishedPrivacy(
        store.publishedFile(),
        p.pseudonymize() || !p.hideUsers().isEmpty() || Files.exists(passphrases),
        () ->
            store.fingerprint(p.pseudonymize(), p.hideUsers())
                + PrivatePages.fingerprint(settings));
  }

  /**
   * Reads the records of every QoS in one pass and writes each QoS's files. A failure of the source
   * (sacct failed, the file cannot be read) throws: then nothing of any QoS was written.
   */
  public List<Outcome> collect(List<QosSpec> qos, Window w, Source source, Outputs outputs)
      throws SacctException, ConfigException {
    Gathered gathered = gather(qos, w, source, outputs);
    List<Outcome> outcomes = writeAll(groups(qos, gathered), gathered, outputs, GroupStep.DIRECT);
    archiveError = archive(gathered);
    return outcomes;
  }

  /**
   * How each group's writing is run: {@link #DIRECT}ly, or (a scheduled run) as a step within the
   * run's deadline, which turns a step that fails or is abandoned into that group's failed outcome.
   */
  public interface GroupStep {
    GroupStep DIRECT = (q, write) -> write.call();

    Outcome run(QosSpec q, Callable<Outcome> write) throws Exception;
  }

  /**
   * Writes each group's files, on as many threads as there are cores ({@link InOrder}): the
   * outcomes, the lines on out and err and the job archive's days come in the groups' order, as on
   * one thread.
   */
  public List<Outcome> writeAll(List<QosSpec> groups, Gathered g, Outputs outputs, GroupStep step) {
    JobArchive.GroupDays[] days = new JobArchive.GroupDays[groups.size()];
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < groups.size(); i++) {
      index.put(groups.get(i).name(), i);
    }
    List<Outcome> outcomes =
        InOrder.run(
            groups,
            Runtime.getRuntime().availableProcessors(),
            out,
            err,
            q ->
                (o, e) -> {
                  try {
                    return step.run(
                        q,
                        () ->
                            write(
                                q,
                                g,
                                outputs,
                                o,
                                e,
                                r -> days[index.get(q.name())] = groupDaysOf(r)));
                  } catch (Exception x) {
                    String why = x.getClass().getSimpleName() + ": " + x.getMessage();
                    e.println("librarian: " + q.name() + ": " + why);
                    return Outcome.failed(q.name(), why, null);
                  }
                },
            q -> Outcome.failed(q.name(), "writing " + q.name() + " was interrupted", null));
    for (JobArchive.GroupDays d : days) {
      if (d != null) {
        written.add(d);
      }
    }
    return outcomes;
  }

  /**
   * The daily rows of the groups whose files were written, for the job archive: only when the
   * settings name one, and only the rows, so a centre's run does not hold every group's report.
   */
  private final List<JobArchive.GroupDays> written =
      Collections.synchronizedList(new ArrayList<>());

  private String archiveError;

  /** Why the last {@link #collect} could not update the job archive, or null. */
  public String archiveError() {
    return archiveError;
  }

  /**
   * Appends to the job archive (when the settings name one) the finished runs {@code g} read and
   * the whole days of the reports written since; returns why it could not, or null.
   */
  public String archive(Gathered g) {
    List<JobArchive.GroupDays> reports;
    synchronized (written) {
      reports = List.copyOf(written);
    }
    return ArchiveStep.append(
        settings, g.sink().archive, reports, context.clock().instant(), out, err);
  }

  /**
   * What one pass over the source gave every QoS, before any of their files is written; {@code
   * budgets}: their GrpTRESMins budgets and samples; {@code limits}: the limits of those the
   * configuration gives none, from one sacctmgr call for all of them.
   */
  public record Gathered(
      UsageSink sink,
      SacctSource.Result<UsageSink> result,
      ClusterNow cluster,
      double readSeconds,
      BudgetInputs budgets,
      SlurmNow slurm,
      GroupLimits limits) {}

  /** Reads every QoS's records (sacct, squeue, sinfo) and writes nothing but the sacct cache. */
  public Gathered gather(List<QosSpec> qos, Window w, Source source, Outputs outputs)
      throws SacctException, ConfigException {
    long started = System.nanoTime();
    if (!outputs.formats().isEmpty()) {
      // Chart classes load (and, while sacct runs, compile) on the other core in the meantime.
      QosFiles.warmUp(source.file() == null);
    }
    Read read = reader.read(qos, w, source, reader.grid(w));
    SacctSource.Result<UsageSink> result = read.result();
    UsageSink sink = read.sink();
    List<String> names = sink.usage.groups();
    finished = List.copyOf(sink.finished);
    String prefix =
        settings.groups().open()
            ? "every " + settings.groups().key().label + ": "
            : String.join(",", names) + ": ";
    for (SacctReader.Problem problem : result.stats().problems()) {
      err.println(prefix + "skipped malformed row, " + problem);
    }
    long malformed = result.stats().malformed();
    if (malformed > result.stats().problems().size()) {
      err.println(
          prefix
              + "... and "
              + (malformed - result.stats().problems().size())
              + " more malformed rows");
    }
    if (sink.usage.otherQos() > 0) {
      err.println(prefix + "passed over " + sink.usage.otherQos() + " rows of other QoS");
    }
    ClusterNow cluster = source.file() == null ? clusterNow(names, sink.usage) : null;
    BudgetInputs budgets =
        source.assocMgrFile() != null
            ? BudgetInputs.replay(source.assocMgrFile(), names, w.now())
            : source.file() == null && !w.replay()
                ? BudgetInputs.live(
                    reader.lookups(),
                    reader,
                    names,
                    sink.usage,
                    BudgetSamples.path(settings.stateDir(), settings.cluster()),
                    w.now(),
                    debug,
                    err)
                : BudgetInputs.NONE;
    long at = context.clock().instant().getEpochSecond();
    SlurmNow slurm =
        source.file() == null && !w.replay() && w.rangeStart() == null
            ? SlurmNow.ask(reader, names, sink.usage, at, budgets.any())
            : SlurmNow.none(at);
    return new Gathered(
        sink, result, cluster, (System.nanoTime() - started) / 1e9, budgets, slurm, limits());
  }

  /** The daily rows of a report whose files were written, when the job archive is on; else null. */
  private JobArchive.GroupDays groupDaysOf(QosReport r) {
    return settings.archive() != null ? JobArchive.GroupDays.of(r) : null;
  }

  /**
   * One QoS's report, limits and files from what {@link #gather} read, its lines to {@code out} and
   * {@code err}; a failure here is this QoS's alone.
   */
  private Outcome write(
      QosSpec q,
      Gathered g,
      Outputs outputs,
      PrintWriter out,
      PrintWriter err,
      Consumer<QosReport> onWritten) {
    ClusterNow cluster = g.cluster();
    ClusterNow mine =
        cluster == null
            ? null
            : new ClusterNow(
                cluster.at(),
                cluster.partitions().entrySet().stream()
                    .filter(e -> g.sink().usage.partitions(q.name()).contains(e.getKey()))
                    .collect(
                        Collectors.toMap(
                            Map.Entry::getKey,
                            Map.Entry::getValue,
                            (a, b) -> a,
                            LinkedHashMap::new)),
                cluster.error());
    try {
      return new QosWriter(
              settings, out, err, generator, writeHistory, group -> g.limits().of(group, err))
          .onWritten(onWritten)
          .write(
              q,
              g.sink().usage,
              g.result(),
              outputs,
              g.readSeconds(),
              mine,
              r ->
                  g.budgets()
                      .addTo(
                          g.slurm().addTo(r, g.sink().usage, g.sink().names),
                          settings.zone(),
                          g.slurm().decay()));
    } finally {
      // Nothing reads a group's counts once its files are written.
      g.sink().usage.release(q.name());
    }
  }

  /**
   * One sinfo call for the partitions the jobs of every QoS asked for: CPUs and nodes allocated,
   * idle and other. Failing, it is said in the JSON (and a warning); nothing else fails.
   */
  private ClusterNow clusterNow(List<String> names, QosUsage usage) {
    Set<String> partitions = new TreeSet<>();
    for (String q : names) {
      partitions.addAll(usage.partitions(q));
    }
    return reader.said(
        reader.lookups().partitions(partitions, context.clock().instant().getEpochSecond()));
  }

  /** A group's limits from Slurm: a QoS's, or an account's own association's. */
  public QosLimits lookUpLimits(String qos) {
    return limits().of(qos);
  }

  /** The limits of groups without them in the configuration, asked of sacctmgr at most once. */
  private GroupLimits limits() {
    return new GroupLimits(reader, settings.groups().key() == GroupBy.Key.ACCOUNT);
  }

  /** The groups to write: see {@link GroupList#of}. */
  public List<QosSpec> groups(List<QosSpec> named, Gathered g) {
    return GroupList.of(settings, named, g.sink().usage, err);
  }
}
