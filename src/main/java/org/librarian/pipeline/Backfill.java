package org.librarian.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.librarian.config.ConfigException;
import org.librarian.config.DurationText;
import org.librarian.config.QosSpec;
import org.librarian.config.Settings;
import org.librarian.output.BrokenArchiveException;
import org.librarian.output.HistoryArchive;
import org.librarian.output.HistoryArchiveReader;
import org.librarian.output.HistoryArchiveWriter;
import org.librarian.output.HistoryJson;
import org.librarian.output.PseudonymStore;
import org.librarian.output.ZoneMismatchException;
import org.librarian.site.GroupIndex;
import org.librarian.site.PrivatePages;
import org.librarian.site.SiteAssembler;
import org.librarian.slurm.SacctException;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DailyHistory;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosUsage;

/**
 * The daily history of one QoS (the only one in its settings) from --since to --until, one sacct
 * query (or the saved file) per chunk, merged into the archive in STATE_DIR and written into the
 * site. Each chunk's days are saved before the next is read, so an interrupted backfill resumes.
 *
 * @param out where the days written are said
 * @param err where warnings and failures are said
 * @param generator the program and version that writes the files
 */
public record Backfill(
    Settings settings, Context context, PrintWriter out, PrintWriter err, String generator) {
  /** No --since before this: no cluster kept Slurm accounting then, so it is a typo. */
  static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

  /**
   * The options as given: dates (ISO), durations ({@code 7d}), the saved file, or null where not
   * given.
   */
  public record Request(
      String since,
      String until,
      String chunk,
      Path sacctFile,
      boolean replace,
      String maxGap,
      boolean force) {}

  /**
   * Fills the history as of {@code at}; false when the archive is broken (kept aside) or sacct
   * failed (the days done so far are kept). Bad options throw {@link ConfigException}.
   */
  public boolean run(Request r, Instant at) throws ConfigException, IOException {
    ZoneId zone = settings.zone();
    LocalDate today = at.atZone(zone).toLocalDate();
    LocalDate first = date("--since", r.since());
    LocalDate last = r.until() == null ? today : date("--until", r.until());
    if (last.isBefore(first)) {
      throw new ConfigException("--until " + last + " is before --since " + first);
    }
    if (first.isBefore(EARLIEST)) {
      throw new ConfigException(
          "--since "
              + first
              + " is before "
              + EARLIEST
              + ": no Slurm cluster kept accounting"
              + " then; check the date");
    }
    if (first.isAfter(today)) {
      throw new ConfigException(
          "--since " + first + " is after today (" + today + " in " + zone + ")");
    }
    LocalDate end = (last.isAfter(today) ? today : last).plusDays(1);
    Duration step =
        DurationText.parse("--chunk", r.chunk(), Duration.ofDays(1), Duration.ofDays(366));
    if (step.getSeconds() % 86_400 != 0) {
      throw new ConfigException("--chunk " + r.chunk() + " must be whole days, such as 1d or 7d");
    }
    Path file = r.sacctFile() == null ? null : context.workingDir().resolve(r.sacctFile());
    if (file != null && !Files.isRegularFile(file)) {
      throw new ConfigException("--sacct-file " + r.sacctFile() + ": no such file");
    }
    PrivatePages pages = PrivatePages.of(settings);
    QosSpec spec = settings.qos().get(0);
    String qos = spec.name();
    Collection collector = new Collection(settings, context, out, err, generator, false, false);
    QosLimits limits = spec.limits() != null ? spec.limits() : collector.lookUpLimits(qos);
    Path archive = HistoryArchiveReader.archivePath(settings.stateDir(), settings.cluster(), qos);
    Path site = settings.output().resolve(HistoryJson.fileName(qos));
    HistoryArchive archived;
    try {
      archived = HistoryArchiveReader.read(archive, qos, zone);
    } catch (BrokenArchiveException e) {
      Path aside = HistoryArchiveReader.keepAside(archive, at.getEpochSecond());
      err.println(
          "librarian: "
              + e.getMessage()
              + "; kept aside as "
              + aside
              + ", not replaced; nothing backfilled"
              + " (put it back once repaired; run again to start a new archive)");
      return false;
    }
    if (!archived.zone().equals(zone)) {
      throw new ConfigException(
          new ZoneMismatchException(archive, archived.zone(), zone).getMessage());
    }
    Duration gap =
        DurationText.parse("--max-gap", r.maxGap(), Duration.ofDays(1), Duration.ofDays(3660));
    LocalDate reference = archived.days().isEmpty() ? today : archived.days().get(0).date();
    if (!r.force() && first.isBefore(reference.minusDays(gap.toDays()))) {
      throw new ConfigException(
          "--since "
              + first
              + " is more than "
              + gap.toDays()
              + " days before "
              + (archived.days().isEmpty()
                  ? "today (" + today + ")"
                  : "the archive's first day (" + reference + ")")
              + "; check the date, or pass --force (or a larger --max-gap) to go that far back");
    }
    // Days the archive already has whole are kept unless --replace: sacct may have forgotten their
    // jobs.
    Set<LocalDate> whole = new HashSet<>();
    if (!r.replace()) {
      for (DailyHistory.Day d : archived.days()) {
        long length =
            d.date().plusDays(1).atStartOfDay(zone).toEpochSecond()
                - d.date().atStartOfDay(zone).toEpochSecond();
        if (d.seconds() == length) {
          whole.add(d.date());
        }
      }
    }
    HistoryArchive.Backfill progress = archived.backfill();
    LocalDate from = first;
    if (progress != null && progress.since().equals(first) && progress.until().equals(end)) {
      from = progress.next();
      out.println(
          qos + ": resuming the backfill of " + first + " to " + end.minusDays(1) + " at " + from);
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
      Collection.Source source =
          file == null
              ? Collection.Source.SACCT
              : new Collection.Source(file, "|", null, false, null);
      Collection.Read read;
      try {
        read =
            collector.read(
                List.of(spec), new Collection.Window(at, true, start, stop), source, grid);
      } catch (SacctException e) {
        String why = e.getMessage();
        if (why != null && why.contains("Too wide of a date range")) {
          err.println(
              "librarian: slurmdbd refuses a query of "
                  + days
                  + " days (its MaxQueryTimeRange): run again"
                  + " with a smaller --chunk, such as --chunk 1d; the days done so far are kept and it resumes at "
                  + a);
        } else {
          err.println(
              "librarian: "
                  + why
                  + "; the days done so far are kept, and running the same command again"
                  + " resumes at "
                  + a);
        }
        return false;
      }
      QosUsage usage = read.sink().usage;
      List<DailyHistory.Day> got =
          DailyHistory.days(usage.report(qos), usage.demand(qos), usage.efficiency(qos)).stream()
              .filter(d -> !whole.contains(d.date()))
              .toList();
      boolean done = !b.isBefore(end);
      HistoryArchiveWriter.update(
          archive,
          site,
          qos,
          zone,
          got,
          limits,
          settings.cluster(),
          generator,
          at.getEpochSecond(),
          done ? null : new HistoryArchive.Backfill(first, end, b),
          read.sink().names::ofStored);
      new PseudonymStore(settings.stateDir()).save(read.sink().names);
      if (context.terminal() || file != null || done) {
        err.println(
            String.format(
                Locale.ROOT,
                "%s: %d/%d %s to %s: %d days, %d rows",
                qos,
                n,
                chunks,
                a,
                b.minusDays(1),
                got.size(),
                usage.rows(qos)));
      }
    }
    SiteAssembler.assemble(
        settings.output(),
        settings.runInterval(),
        at,
        zone,
        generator,
        pages,
        GroupIndex.summaries(settings.stateDir()));
    out.println(
        qos + ": history from " + first + " to " + end.minusDays(1) + " (" + zone + ") in " + site);
    return true;
  }

  private static LocalDate date(String option, String text) throws ConfigException {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeException e) {
      throw new ConfigException(option + ": '" + text + "' is not a date such as 2025-10-15");
    }
  }
}
