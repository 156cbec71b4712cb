package org.librarian.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.librarian.pipeline.Collection;
import org.librarian.pipeline.Context;
import org.librarian.config.ConfigException;
import org.librarian.config.DurationText;
import org.librarian.config.Overrides;
import org.librarian.config.QosSpec;
import org.librarian.config.Settings;
import org.librarian.config.SettingsLoader;
import org.librarian.output.HistoryJson;
import org.librarian.site.SiteAssembler;
import org.librarian.slurm.SacctException;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DailyHistory;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosUsage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code librarian backfill}: the daily history of a QoS from sacct, a chunk at a time, or from a saved file. */
@Command(name = "backfill", header = "Fill the daily history of a QoS from sacct (or a saved file).",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Fills the archive of daily per-user averages (STATE_DIR/history/<cluster>/<qos>.json) from --since "
          + "to --until, one sacct query per chunk (7 days by default), and writes history_<qos>.json into the "
          + "site. A job running across chunks is counted once: each chunk counts only its own days. "
          + "Interrupted, it resumes where it stopped when run again with the same --since and --until. "
          + "Days of the archive outside the range are kept, and so are the whole days it already has inside it"
          + " unless --replace. With --sacct-file it reads that file instead."
    })
final class BackfillCommand implements Callable<Integer> {
  @ParentCommand LibrarianCommand parent;
  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;

  @Option(names = "--qos", paramLabel = "QOS", required = true, description = "the QoS")
  String qos;

  @Option(names = "--since", paramLabel = "DATE", required = true, description = "first day (in the configured zone)")
  String since;

  @Option(names = "--until", paramLabel = "DATE", description = "last day, included (default: today, up to now)")
  String until;

  @Option(names = "--chunk", paramLabel = "DURATION", defaultValue = "7d",
      description = "days per sacct query, 1d to 366d (default: ${DEFAULT-VALUE}); smaller when slurmdbd refuses wide ranges")
  String chunk;

  @Option(names = "--sacct-file", paramLabel = "FILE", description = "read saved sacct -P output (with a header) instead")
  Path sacctFile;

  @Option(names = "--replace", description = "recompute the days of the range that the archive already has, and replace"
      + " them (without it, those days are kept and only missing or partial days are filled)")
  boolean replace;

  @Option(names = "--max-gap", paramLabel = "DURATION", defaultValue = "731d",
      description = "refuse a --since more than this before the archive's first day (or today, for a new archive),"
          + " 1d to 3660d (default: ${DEFAULT-VALUE}); --force goes further back")
  String maxGap;

  @Option(names = "--force", description = "allow a --since further back than --max-gap (never before 2000-01-01)")
  boolean force;

  @Option(names = "--now", paramLabel = "TIME", description = "pretend the current time is TIME (ISO-8601)")
  String now;

  @Option(names = "--out", paramLabel = "DIR", description = "the site to write history_<qos>.json into (default: output of the config)")
  String out;

  @Override
  public Integer call() throws Exception {
    Context context = parent.context;
    Settings settings = new SettingsLoader(context.env(), context.workingDir()).load(configOption.config,
        new Overrides(null, null, null, out, null, List.of(qos)));
    ZoneId zone = settings.zone();
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant at = now != null ? TimeArguments.instant("--now", now, zone)
        : context.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    LocalDate today = at.atZone(zone).toLocalDate();
    LocalDate first = date("--since", since);
    LocalDate last = until == null ? today : date("--until", until);
    if (last.isBefore(first)) {
      throw new ConfigException("--until " + last + " is before --since " + first);
    }
    if (first.isBefore(EARLIEST)) {
      throw new ConfigException("--since " + first + " is before " + EARLIEST + ": no Slurm cluster kept accounting"
          + " then; check the date");
    }
    if (first.isAfter(today)) {
      throw new ConfigException("--since " + first + " is after today (" + today + " in " + zone + ")");
    }
    LocalDate end = (last.isAfter(today) ? today : last).plusDays(1);
    Duration step = DurationText.parse("--chunk", chunk, Duration.ofDays(1), Duration.ofDays(366));
    if (step.getSeconds() % 86_400 != 0) {
      throw new ConfigException("--chunk " + chunk + " must be whole days, such as 1d or 7d");
    }
    Path file = sacctFile == null ? null : context.workingDir().resolve(sacctFile);
    if (file != null && !Files.isRegularFile(file)) {
      throw new ConfigException("--sacct-file " + sacctFile + ": no such file");
    }
    QosSpec spec = settings.qos().get(0);
    String generator = "librarian " + LibrarianCommand.version();
    Collection collector = new Collection(settings, context, o, err, generator, false, false);
    QosLimits limits = spec.limits() != null ? spec.limits() : collector.lookUpLimits(qos);
    Path archive = HistoryJson.archivePath(settings.stateDir(), settings.cluster(), qos);
    Path site = settings.output().resolve(HistoryJson.fileName(qos));
    HistoryJson.Archive archived;
    try {
      archived = HistoryJson.read(archive, qos, zone);
    } catch (HistoryJson.BrokenArchiveException e) {
      Path aside = HistoryJson.keepAside(archive, at.getEpochSecond());
      err.println("librarian: " + e.getMessage() + "; kept aside as " + aside + ", not replaced; nothing backfilled"
          + " (put it back once repaired; run again to start a new archive)");
      return ExitCode.FAILURE;
    }
    if (!archived.zone().equals(zone)) {
      throw new ConfigException(new HistoryJson.ZoneMismatchException(archive, archived.zone(), zone).getMessage());
    }
    Duration gap = DurationText.parse("--max-gap", maxGap, Duration.ofDays(1), Duration.ofDays(3660));
    LocalDate reference = archived.days().isEmpty() ? today : archived.days().get(0).date();
    if (!force && first.isBefore(reference.minusDays(gap.toDays()))) {
      throw new ConfigException("--since " + first + " is more than " + gap.toDays() + " days before "
          + (archived.days().isEmpty() ? "today (" + today + ")" : "the archive's first day (" + reference + ")")
          + "; check the date, or pass --force (or a larger --max-gap) to go that far back");
    }
    // Days the archive already has whole are kept unless --replace: sacct may have forgotten their jobs.
    java.util.Set<LocalDate> whole = new java.util.HashSet<>();
    if (!replace) {
      for (DailyHistory.Day d : archived.days()) {
        long length = d.date().plusDays(1).atStartOfDay(zone).toEpochSecond() - d.date().atStartOfDay(zone).toEpochSecond();
        if (d.seconds() == length) {
          whole.add(d.date());
        }
      }
    }
    HistoryJson.Backfill progress = archived.backfill();
    LocalDate from = first;
    if (progress != null && progress.since().equals(first) && progress.until().equals(end)) {
      from = progress.next();
      o.println(qos + ": resuming the backfill of " + first + " to " + end.minusDays(1) + " at " + from);
    }
    long days = step.toDays();
    int chunks = file != null ? 1 : (int) ((ChronoUnit.DAYS.between(from, end) + days - 1) / days);
    int n = 0;
    for (LocalDate a = from; a.isBefore(end); a = file != null ? end : a.plusDays(days)) {
      LocalDate b = file != null || a.plusDays(days).isAfter(end) ? end : a.plusDays(days);
      n++;
      Instant start = a.atStartOfDay(zone).toInstant();
      Instant stop = b.atStartOfDay(zone).toInstant();
      BinGrid grid = BinGrid.fixed(start, stop, at, Duration.ofDays(1), zone);
      Collection.Source source = file == null ? Collection.Source.SACCT
          : new Collection.Source(file, "|", null, false, null);
      Collection.Read read;
      try {
        read = collector.read(List.of(spec), new Collection.Window(at, true, start, stop), source, grid);
      } catch (SacctException e) {
        String why = e.getMessage();
        if (why != null && why.contains("Too wide of a date range")) {
          err.println("librarian: slurmdbd refuses a query of " + days + " days (its MaxQueryTimeRange): run again"
              + " with a smaller --chunk, such as --chunk 1d; the days done so far are kept and it resumes at " + a);
        } else {
          err.println("librarian: " + why + "; the days done so far are kept, and running the same command again"
              + " resumes at " + a);
        }
        return ExitCode.FAILURE;
      }
      QosUsage usage = read.sink().usage;
      List<DailyHistory.Day> got = DailyHistory.days(usage.report(qos), usage.demand(qos)).stream()
          .filter(d -> !whole.contains(d.date())).toList();
      boolean done = !b.isBefore(end);
      HistoryJson.update(archive, site, qos, zone, got, limits, settings.cluster(), generator, at.getEpochSecond(),
          done ? null : new HistoryJson.Backfill(first, end, b), read.sink().names::ofStored);
      new org.librarian.output.PseudonymStore(settings.stateDir()).save(read.sink().names);
      if (context.terminal() || file != null || done) {
        err.println(String.format(Locale.ROOT, "%s: %d/%d %s to %s: %d days, %d rows", qos, n, chunks, a,
            b.minusDays(1), got.size(), usage.rows(qos)));
      }
    }
    SiteAssembler.assemble(settings.output(), settings.runInterval(), at, zone, generator);
    o.println(qos + ": history from " + first + " to " + end.minusDays(1) + " (" + zone + ") in " + site);
    return ExitCode.OK;
  }

  /** No --since before this: no cluster kept Slurm accounting then, so it is a typo. */
  static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

  private static LocalDate date(String option, String text) throws ConfigException {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeException e) {
      throw new ConfigException(option + ": '" + text + "' is not a date such as 2025-10-15");
    }
  }
}
