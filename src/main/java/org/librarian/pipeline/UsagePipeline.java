package org.librarian.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.librarian.config.QosSpec;
import org.librarian.config.Settings;
import org.librarian.output.AtomicFile;
import org.librarian.output.ChartFiles;
import org.librarian.output.UsageJson;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandException;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;
import org.librarian.slurm.Executables;
import org.librarian.slurm.QosLimitsLookup;
import org.librarian.slurm.SacctFormatException;
import org.librarian.slurm.SacctQuery;
import org.librarian.slurm.SacctReader;
import org.librarian.usage.BinGrid;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.UsageBinner;
import org.librarian.usage.UsageReport;

/**
 * sacct (or a saved sacct file) → job records → hourly usage → {@code data_<qos>.json}, for each QoS.
 * Messages go to {@code err}; one summary line per QoS to {@code out}.
 */
public final class UsagePipeline {
  private final Settings settings;
  private final CommandRunner runner;
  private final Map<String, String> env;
  private final PrintWriter out;
  private final PrintWriter err;
  private final String generator;

  public UsagePipeline(Settings settings, CommandRunner runner, Map<String, String> env, PrintWriter out,
      PrintWriter err, String generator) {
    this.settings = settings;
    this.runner = runner;
    this.env = env;
    this.out = out;
    this.err = err;
    this.generator = generator;
  }

  /** Parses every QoS of the settings; stops at the first failure. */
  public List<QosOutcome> run(ParseOptions options) throws PipelineException {
    if (settings.qos().isEmpty()) {
      throw new PipelineException("no QoS to report on: pass --qos NAME, or list them under 'qos:' in librarian.yaml");
    }
    if (options.sacctFile() != null && settings.qos().size() > 1) {
      throw new PipelineException("--sacct-file holds the output of one QoS; name exactly one with --qos");
    }
    if (!options.dryRun() && !options.plots().isEmpty()) {
      // While sacct runs there is time for a thorough warm-up; a saved file leaves none to spare.
      // (The command line may have started it already, while the configuration was read.)
      ChartFiles.warmUp(options.sacctFile() == null);
    }
    List<QosOutcome> outcomes = new ArrayList<>();
    for (QosSpec qos : settings.qos()) {
      QosOutcome o = parse(qos, options);
      if (o != null) {
        outcomes.add(o);
      }
    }
    return outcomes;
  }

  BinGrid grid(ParseOptions options) {
    if (options.rangeStart() != null) {
      return BinGrid.fixed(options.rangeStart(), options.rangeEnd(), options.now(), settings.resolution(),
          settings.zone());
    }
    return BinGrid.rolling(options.now(), settings.window(), settings.resolution(), settings.zone());
  }

  /** Parses one QoS; null in a dry run. A failure leaves that QoS's previous files as they were. */
  public QosOutcome parse(QosSpec qos, ParseOptions options) throws PipelineException {
    long started = System.nanoTime();
    BinGrid grid = grid(options);
    Path json = settings.output().resolve(UsageJson.fileName(qos.name()));
    Instant queryEnd = options.rangeStart() != null ? Instant.ofEpochSecond(grid.end())
        : options.nowGiven() ? options.now() : null;
    SacctQuery query = new SacctQuery(settings.sacct(), qos.name(), Instant.ofEpochSecond(grid.start()), queryEnd,
        settings.zone(), settings.cluster(), settings.sacctTimeout());
    if (options.dryRun()) {
      if (options.sacctFile() != null) {
        out.println(qos.name() + ": would read " + options.sacctFile());
      } else {
        out.println(qos.name() + ": would run " + query.command().display());
      }
      if (qos.limits() == null) {
        out.println(qos.name() + ": would ask for limits: "
            + QosLimitsLookup.command(settings.sacctmgr(), qos.name(), settings.sacctTimeout()).display());
      }
      out.println(qos.name() + ": would write " + json);
      if (!options.plots().isEmpty()) {
        out.println(qos.name() + ": would write charts " + options.plots() + " into " + settings.output());
      }
      return null;
    }

    Path input = options.sacctFile();
    List<Path> temps = new ArrayList<>();
    Fetched fetched = null;
    try {
      if (input == null) {
        fetched = fetch(qos.name(), grid, query, options, temps);
        input = fetched.input();
      }
      SacctReader.Format format = new SacctReader.Format(
          options.sacctFile() != null ? options.delimiter() : SacctQuery.DELIMITER,
          options.sacctFile() != null ? options.fields() : null, settings.zone());
      long readStarted = System.nanoTime();
      SacctFileReader.Result read;
      try {
        read = SacctFileReader.read(input, format, grid, Runtime.getRuntime().availableProcessors());
      } catch (SacctFormatException e) {
        throw new PipelineException(input + ": " + e.getMessage());
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new PipelineException(input + ": not UTF-8 text");
      } catch (IOException e) {
        throw new PipelineException("cannot read " + input + ": " + e.getMessage(), e);
      }
      SacctReader.Stats stats = read.stats();
      UsageBinner binner = read.binner();
      for (SacctReader.Problem problem : stats.problems()) {
        err.println(qos.name() + ": skipped malformed row, " + problem);
      }
      if (stats.malformed() > stats.problems().size()) {
        err.println(qos.name() + ": ... and " + (stats.malformed() - stats.problems().size()) + " more malformed rows");
      }
      UsageReport report = binner.report();
      long readNanos = System.nanoTime() - readStarted;
      if (report.jobsSkipped() > 0) {
        err.println(qos.name() + ": skipped " + report.jobsSkipped()
            + " ended jobs with neither End nor ElapsedRaw");
      }
      QosLimits limits = qos.limits();
      String limitsSource = "config";
      if (limits == null) {
        limits = lookUpLimits(qos.name());
        limitsSource = limits == QosLimits.NONE ? "none" : "sacctmgr";
      }
      UsageJson.Metadata meta = new UsageJson.Metadata(qos.name(), settings.cluster(), generator,
          stats.rowsRead(), stats.malformed() + report.jobsSkipped(), limits, limitsSource);
      long writeStarted = System.nanoTime();
      AtomicFile.Content jsonContent = o -> UsageJson.write(report, meta, o);
      if (options.plots().isEmpty()) {
        try {
          AtomicFile.write(json, jsonContent);
        } catch (IOException e) {
          throw new PipelineException("cannot write " + json + ": " + e.getMessage(), e);
        }
      } else {
        // The JSON is written on one core while the charts start on the other.
        try {
          ChartFiles.write(settings.output(), report, limits, qos.name(), options.plots(), options.plotWidth(),
              options.plotHeight(), UsageJson.time(grid.now(), grid.zone()), Map.of(json, jsonContent));
        } catch (IOException e) {
          throw new PipelineException("cannot write the files of " + qos.name() + " into " + settings.output() + ": "
              + e.getMessage(), e);
        }
      }
      long writeNanos = System.nanoTime() - writeStarted;
      if (options.verbose()) {
        err.printf(Locale.ROOT, "%s: read and binned %d rows in %.2f s, wrote the JSON%s in %.2f s%n", qos.name(),
            stats.rowsRead(), readNanos / 1e9, options.plots().isEmpty() ? "" : " and the charts", writeNanos / 1e9);
      }
      if (fetched != null && fetched.cacheable()) {
        Path cache = SacctCache.file(settings.stateDir(), settings.cluster(), qos.name());
        try {
          SacctCache.write(cache, input, SacctReader.requestedFields(), settings.cluster(), qos.name(), grid.now(),
              grid.start());
        } catch (IOException e) {
          err.println(qos.name() + ": warning: cannot write the cache " + cache + ": " + e.getMessage()
              + "; the next run asks sacct for the whole window again");
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      QosOutcome outcome = new QosOutcome(qos.name(), report, stats, limits, limitsSource, json, seconds,
          fetched == null ? -1 : fetched.freshRows() != null ? fetched.freshRows() : stats.rowsRead(),
          fetched == null ? "file " + input : fetched.query());
      out.println(summary(outcome));
      return outcome;
    } finally {
      for (Path temp : temps) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // A leftover temporary file in /tmp is harmless.
        }
      }
    }
  }

  /** How long before the previous query an incremental one starts, for records that reach slurmdbd late. */
  static final long MARGIN_SECONDS = 3600;

  /**
   * What sacct gave for a QoS: the file to bin, how many rows an incremental query returned (null for a
   * full one: then every row read came from sacct), how it was asked, and whether the result may become
   * the next cache.
   */
  record Fetched(Path input, Long freshRows, String query, boolean cacheable) {}

  /**
   * Asks sacct only for jobs active since the previous run (less a margin) when a cache of the finished
   * jobs before that fits, and merges the two; else asks for the whole window. A replay (--now) or a
   * fixed range neither reads nor writes the cache.
   */
  private Fetched fetch(String qos, BinGrid grid, SacctQuery query, ParseOptions options, List<Path> temps)
      throws PipelineException {
    boolean cacheable = options.rangeStart() == null && !options.nowGiven();
    List<String> fields = SacctReader.requestedFields();
    Path cache = SacctCache.file(settings.stateDir(), settings.cluster(), qos);
    if (cacheable && !options.full()) {
      long queried = SacctCache.queried(cache, settings.cluster(), qos, fields);
      if (queried >= grid.start() && queried <= grid.now()) {
        Instant since = Instant.ofEpochSecond(Math.max(grid.start(), queried - MARGIN_SECONDS));
        Path fresh = runSacct(new SacctQuery(query.sacct(), qos, since, query.end(), query.zone(), query.cluster(),
            query.timeout()), options);
        temps.add(fresh);
        try {
          Map<String, String[]> rows = SacctCache.readFresh(fresh, fields);
          if (rows != null) {
            Path merged = Files.createTempFile("librarian-merged-", ".txt");
            temps.add(merged);
            java.util.Set<String> open = SacctCache.merge(cache, fields, rows, grid.start(), merged);
            if (open != null && rows.keySet().containsAll(open)) {
              return new Fetched(merged, (long) rows.size(), "incremental since " + UsageJson.time(since.getEpochSecond(),
                  settings.zone()), true);
            }
          }
        } catch (IOException e) {
          // Fall through to a full query.
        }
        if (options.verbose()) {
          err.println(qos + ": the cache does not fit this answer; asking sacct for the whole window");
        }
      } else if (options.verbose() && queried != -1) {
        err.println(qos + ": the cache is from outside the window; asking sacct for the whole window");
      }
    }
    Path full = runSacct(query, options);
    temps.add(full);
    return new Fetched(full, null, "full window", cacheable);
  }

  static String summary(QosOutcome o) {
    return String.format(Locale.ROOT,
        "%s: %d rows read, %d skipped, %d jobs, %d users, %.1f CPU-hours, %.1f GPU-hours, %.2f s%s",
        o.qos(), o.stats().rowsRead(), o.rowsSkipped(), o.report().jobsCounted(), o.report().users().size(),
        o.report().totalHours(Observable.NCPUS), o.report().totalHours(Observable.NGPUS), o.seconds(),
        o.sacctRows() < 0 ? "" : "; sacct returned " + o.sacctRows() + " rows (" + o.query() + ")");
  }

  private Path runSacct(SacctQuery query, ParseOptions options) throws PipelineException {
    if (Executables.find(settings.sacct(), env.get("PATH")).isEmpty()) {
      throw new PipelineException(settings.sacct().contains("/")
          ? settings.sacct() + " is not an executable file; check 'sacct:' in librarian.yaml"
          : settings.sacct() + " not found on PATH; is this a Slurm login node? Use --sacct-file to work from a saved file");
    }
    Path temp;
    try {
      temp = Files.createTempFile("librarian-sacct-", ".txt");
    } catch (IOException e) {
      throw new PipelineException("cannot create a temporary file: " + e.getMessage(), e);
    }
    Command command = query.command().withStdoutFile(temp);
    if (options.verbose() || options.debug()) {
      err.println(query.qos() + ": running " + command.display());
    }
    AtomicBoolean done = new AtomicBoolean();
    Thread progress = options.progress() ? startProgress(query.qos(), done) : null;
    CommandResult result;
    try {
      result = runner.run(command);
    } catch (CommandException e) {
      throw new PipelineException("sacct for " + query.qos() + ": " + e.getMessage(), e);
    } finally {
      done.set(true);
      if (progress != null) {
        progress.interrupt();
      }
    }
    if (!result.ok()) {
      throw new PipelineException("sacct for " + query.qos() + " failed (exit " + result.exitCode() + "): "
          + result.errorSummary(), result.exitCode());
    }
    if (options.debug()) {
      err.println("# " + command.display());
      try {
        err.print(Files.readString(temp, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new PipelineException("cannot read " + temp + ": " + e.getMessage(), e);
      }
      err.flush();
    }
    return temp;
  }

  private Thread startProgress(String qos, AtomicBoolean done) {
    long start = System.nanoTime();
    Thread t = new Thread(() -> {
      while (!done.get()) {
        synchronized (err) {
          err.printf(Locale.ROOT, "\r%s: waiting for sacct, %d s", qos, (System.nanoTime() - start) / 1_000_000_000L);
          err.flush();
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          break;
        }
      }
      err.print("\r\033[K");
      err.flush();
    }, "sacct-progress");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private QosLimits lookUpLimits(String qos) {
    if (Executables.find(settings.sacctmgr(), env.get("PATH")).isEmpty()) {
      err.println(qos + ": warning: " + settings.sacctmgr()
          + " not found, so no limit lines; give the limits under 'qos:' in librarian.yaml");
      return QosLimits.NONE;
    }
    Command command = QosLimitsLookup.command(settings.sacctmgr(), qos, settings.sacctTimeout());
    try {
      CommandResult result = runner.run(command);
      if (!result.ok()) {
        err.println(qos + ": warning: " + command.display() + " failed (exit " + result.exitCode() + "): "
            + result.errorSummary() + "; no limit lines");
        return QosLimits.NONE;
      }
      return QosLimitsLookup.parse(qos, result.stdout());
    } catch (CommandException | IllegalArgumentException e) {
      err.println(qos + ": warning: limits not read from sacctmgr: " + e.getMessage() + "; no limit lines");
      return QosLimits.NONE;
    }
  }
}
