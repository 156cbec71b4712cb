package org.librarian.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.librarian.config.ConfigException;
import org.librarian.config.QosSpec;
import org.librarian.config.Settings;
import org.librarian.output.PseudonymStore;
import org.librarian.slurm.SacctException;
import org.librarian.slurm.SacctQuery;
import org.librarian.slurm.SacctReader;
import org.librarian.slurm.SacctSource;
import org.librarian.slurm.SlurmLookups;
import org.librarian.slurm.SqueuePending;
import org.librarian.usage.BinGrid;
import org.librarian.usage.FinishedRuns;
import org.librarian.usage.GroupBy;
import org.librarian.usage.QosUsage;
import org.librarian.usage.SeenRuns;
import org.librarian.usage.UserNames;

/**
 * The reading half of a collection: one sacct answer (or saved file) for a set of QoS, with
 * squeue's live reasons, into job records per QoS; and the Slurm lookups beside it, whose warnings
 * go to err.
 */
final class RecordReader {
  private final Settings settings;
  private final Context context;
  private final PrintWriter err;
  private final boolean debug;
  private final boolean verbose;

  /** Users of jobs_finished rules, whose finished jobs the sink keeps. */
  private final Set<String> watched;

  RecordReader(
      Settings settings, Context context, PrintWriter err, boolean debug, boolean verbose) {
    this.settings = settings;
    this.context = context;
    this.err = err;
    this.debug = debug;
    this.verbose = verbose;
    this.watched = settings.alerts().finishedJobUsers();
  }

  BinGrid grid(Collection.Window w) {
    if (w.rangeStart() != null) {
      return BinGrid.fixed(
          w.rangeStart(), w.rangeEnd(), w.now(), settings.resolution(), settings.zone());
    }
    return BinGrid.rolling(w.now(), settings.window(), settings.resolution(), settings.zone());
  }

  SacctQuery query(BinGrid grid, Collection.Window w, List<QosSpec> qos) {
    Instant end =
        w.rangeStart() != null ? Instant.ofEpochSecond(grid.end()) : w.replay() ? w.now() : null;
    return new SacctQuery(
        settings.sacct(),
        qos.stream().map(QosSpec::name).toList(),
        Instant.ofEpochSecond(grid.start()),
        end,
        settings.zone(),
        settings.cluster(),
        settings.sacctTimeout(),
        settings.groups());
  }

  /**
   * Reads the records of every QoS in one pass, binned on {@code grid}; writes nothing but the
   * sacct cache.
   */
  Collection.Read read(
      List<QosSpec> qos, Collection.Window w, Collection.Source source, BinGrid grid)
      throws SacctException, ConfigException {
    List<String> names = qos.stream().map(QosSpec::name).toList();
    UserNames userNames = userNames();
    GroupBy by = settings.groups();
    Map<String, String> reasons = liveReasons(squeueQos(names), source);
    boolean split = names.size() > 1 || by.open() || by.key() == GroupBy.Key.ACCOUNT;
    SacctSource.Result<UsageSink> result;
    if (source.file() != null) {
      // One set of the runs seen for every part of the file, so a run printed twice counts once.
      SeenRuns runs = new SeenRuns();
      SacctReader.Format format =
          new SacctReader.Format(source.delimiter(), source.fields(), settings.zone());
      boolean byColumn = split;
      if (byColumn && by.key() == GroupBy.Key.ACCOUNT && !hasColumn(source, "Account")) {
        throw new ConfigException(
            "--sacct-file " + source.file() + " has no Account column to tell accounts apart");
      }
      if (byColumn && by.key() == GroupBy.Key.QOS && !hasQosColumn(source)) {
        throw new ConfigException(
            "--sacct-file "
                + source.file()
                + " has no QOS column to tell "
                + (by.open() ? "every QoS" : names.size() + " QoS")
                + " apart; name one with --qos");
      }
      result =
          SacctSource.readFile(
              source.file(),
              format,
              partsOf(by),
              () ->
                  new UsageSink(
                      new QosUsage(
                          grid,
                          names,
                          byColumn,
                          reasons,
                          runs,
                          by,
                          lanesOf(by, names, partsOf(by))),
                      watched,
                      userNames,
                      archiveRuns(grid)),
              (a, b) -> {
                a.usage.merge(b.usage);
                a.finished.addAll(b.finished);
                if (a.archive != null) {
                  a.archive.merge(b.archive);
                }
                return a;
              });
      QosUsage usage = result.records().usage;
      if (by.key() == GroupBy.Key.QOS && !by.open()) {
        notNamedInTheFile(names, source, usage.named(), usage.qosSeen());
      }
    } else {
      boolean cacheable = w.rangeStart() == null && !w.replay();
      SacctSource.Live live =
          new SacctSource.Live(
              settings.sacct(),
              context.env().get("PATH"),
              settings.zone(),
              settings.cluster(),
              settings.sacctTimeout(),
              settings.stateDir(),
              settings.reconcile());
      result =
          new SacctSource(context.runner(), err, debug, verbose, context.terminal() && !debug)
              .query(
                  live,
                  query(grid, w, qos),
                  grid.start(),
                  grid.now(),
                  cacheable,
                  source.full(),
                  () ->
                      new UsageSink(
                          new QosUsage(
                              grid,
                              names,
                              split,
                              reasons,
                              new SeenRuns(),
                              by,
                              lanesOf(by, names, 1)),
                          watched,
                          userNames,
                          archiveRuns(grid)));
    }
    result.records().usage.endOfRecords();
    try {
      new PseudonymStore(settings.stateDir()).save(userNames);
    } catch (IOException e) {
      throw new SacctException(
          "cannot save the pseudonyms' mapping in " + settings.stateDir() + ": " + e.getMessage(),
          null,
          e);
    }
    return new Collection.Read(result.records(), result);
  }

  /**
   * How many parts a large saved file is read in: one per core, except for a centre (groups found
   * in the rows). Each part holds every user's bins until the parts merge, since every user has
   * rows in every part; at a centre's scale that doubled the largest part of the heap (20,000
   * users: about 0.9 GB a part), for a reading that is a small share of the run.
   */
  static int partsOf(GroupBy by) {
    return by.open() ? 1 : Runtime.getRuntime().availableProcessors();
  }

  /**
   * On how many lanes the groups' records are counted ({@link QosUsage}): one per core when the
   * input is read in one part and there are many groups (found in the rows, or several named), else
   * the reading thread's own. At 5 M rows and 2,000 groups the counting was three quarters of the
   * reading, on one thread.
   */
  static int lanesOf(GroupBy by, List<String> named, int parts) {
    return parts == 1 && (by.open() || named.size() > 1)
        ? Runtime.getRuntime().availableProcessors()
        : 1;
  }

  /**
   * The QoS to ask squeue about for these groups: squeue filters by QoS only, so for accounts, or
   * groups found in the rows, none (every pending job).
   */
  List<String> squeueQos(List<String> groups) {
    GroupBy by = settings.groups();
    return by.key() == GroupBy.Key.QOS && !by.open() ? groups : List.of();
  }

  /** Whether a group is an account. */
  boolean byAccount() {
    return settings.groups().key() == GroupBy.Key.ACCOUNT;
  }

  /** A gatherer of finished runs when the job archive is on, else null. */
  private FinishedRuns archiveRuns(BinGrid grid) {
    return settings.archive() == null ? null : new FinishedRuns(grid.start(), grid.now());
  }

  /** The names published: real, or pseudonyms and "others" as privacy: in the config asks. */
  UserNames userNames() throws SacctException {
    Settings.Privacy p = settings.privacy();
    if (!p.pseudonymize() && p.hideUsers().isEmpty()) {
      return UserNames.REAL;
    }
    try {
      return new PseudonymStore(settings.stateDir()).load(p.pseudonymize(), p.hideUsers());
    } catch (IOException e) {
      throw new SacctException(
          "cannot read the pseudonyms' secret in " + settings.stateDir() + ": " + e.getMessage(),
          null,
          e);
    }
  }

  /**
   * squeue's live reason of each pending job: from --squeue-file, else (when sacct runs) one squeue
   * call for every QoS; a saved sacct file without a saved squeue file runs none. A failed squeue
   * is a warning: the reasons then come from sacct alone.
   */
  private Map<String, String> liveReasons(List<String> names, Collection.Source source)
      throws SacctException {
    if (source.squeueFile() != null) {
      try {
        return SqueuePending.parse(Files.readString(source.squeueFile()));
      } catch (IOException e) {
        throw new SacctException(
            "cannot read " + source.squeueFile() + ": " + e.getMessage(), null, e);
      }
    }
    if (source.file() != null) {
      return Map.of();
    }
    return said(lookups().pendingReasons(names, debug));
  }

  SlurmLookups lookups() {
    return new SlurmLookups(
        context.runner(),
        settings.sacct(),
        settings.sacctmgr(),
        context.env().get("PATH"),
        settings.cluster(),
        settings.sacctTimeout());
  }

  /** The answer's value, its warning and debug output printed to err. */
  <T> T said(SlurmLookups.Answer<T> answer) {
    return said(answer, err);
  }

  /** The answer's value, its warning and debug output printed to {@code err}. */
  static <T> T said(SlurmLookups.Answer<T> answer, PrintWriter err) {
    if (answer.warning() != null) {
      err.println(answer.warning());
    }
    if (answer.debug() != null) {
      err.print(answer.debug());
    }
    return answer.value();
  }

  /**
   * A saved file whose QOS column never names a QoS asked for: a wrong --qos would count every job
   * of the file for it (one QoS) or nothing at all (several), so it is refused, naming what the
   * file holds. A file whose rows carry no QoS at all is taken as it is.
   */
  private static void notNamedInTheFile(
      List<String> names, Collection.Source source, Set<String> named, Set<String> seen)
      throws ConfigException {
    if (seen.isEmpty() || !hasQosColumn(source)) {
      return;
    }
    List<String> missing = names.stream().filter(q -> !named.contains(q)).toList();
    if (!missing.isEmpty()) {
      throw new ConfigException(
          "--sacct-file "
              + source.file()
              + ": its QOS column never names "
              + String.join(" or ", missing.stream().map(q -> "'" + q + "'").toList())
              + "; it holds "
              + String.join(", ", seen)
              + (seen.size() >= 20 ? ", ..." : "")
              + " (name one of those with --qos)");
    }
  }

  private static boolean hasColumn(Collection.Source source, String name) {
    try {
      List<String> fields =
          source.fields() != null
              ? source.fields()
              : SacctReader.headerOf(source.file(), source.delimiter());
      return fields.stream().anyMatch(f -> f.strip().equalsIgnoreCase(name));
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean hasQosColumn(Collection.Source source) {
    if (source.fields() != null) {
      return SacctReader.hasQosColumn(source.fields());
    }
    try {
      return SacctReader.hasQosColumn(SacctReader.headerOf(source.file(), source.delimiter()));
    } catch (IOException e) {
      return false;
    }
  }
}
