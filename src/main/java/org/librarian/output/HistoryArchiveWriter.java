package org.librarian.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.librarian.common.AtomicFile;
import org.librarian.output.HistoryArchive.Backfill;
import org.librarian.output.HistoryArchive.Limit;
import org.librarian.usage.DailyHistory;
import org.librarian.usage.DailyHistory.Day;
import org.librarian.usage.JobCounts;
import org.librarian.usage.QosLimits;

/**
 * Merges fresh days into a QoS's history archive and writes the archive and the site's copy, each
 * atomically ({@link AtomicFile}): a run that fails leaves both files as they were. An archive that
 * is broken or kept in another zone is never replaced; a broken one is moved aside first.
 */
public final class HistoryArchiveWriter {
  /** Pass to {@link #update} to leave an unfinished backfill's progress as it is. */
  public static final Backfill KEEP = new Backfill(LocalDate.MIN, LocalDate.MIN, LocalDate.MIN);

  private HistoryArchiveWriter() {}

  /**
   * Merges {@code fresh} days into the archive at {@code archive} and writes it there and to {@code
   * siteFile}, each atomically. Throws {@link ZoneMismatchException} when the archive was kept in
   * another zone (its days would not be the same days), and {@link BrokenArchiveException} when it
   * is empty, cut short or unreadable, after moving it aside ({@link
   * HistoryArchiveReader#keepAside}); then nothing is written. {@code published}: the name each
   * user of the archive is published under in the site's copy (days archived before pseudonyms were
   * asked for still hold real names), or null for a user left out of it (hidden users: the archive
   * in STATE_DIR keeps their older days, the site's copy never).
   */
  public static HistoryArchive update(
      Path archive,
      Path siteFile,
      String qos,
      ZoneId zone,
      List<Day> fresh,
      QosLimits limits,
      String cluster,
      String generator,
      long now,
      Backfill progress,
      UnaryOperator<String> published)
      throws IOException {
    HistoryArchive old;
    try {
      old = HistoryArchiveReader.read(archive, qos, zone);
    } catch (BrokenArchiveException e) {
      Path aside = HistoryArchiveReader.keepAside(archive, now);
      throw new BrokenArchiveException(
          e.getMessage()
              + "; kept aside as "
              + aside.getFileName()
              + ", not replaced;"
              + " the history of "
              + qos
              + " was not updated (put it back once repaired, or rebuild it with backfill;"
              + " the next run starts a new archive)",
          e);
    }
    if (!old.zone().equals(zone)) {
      throw new ZoneMismatchException(archive, old.zone(), zone);
    }
    List<Day> days = DailyHistory.merge(old.days(), fresh);
    LocalDate today = Instant.ofEpochSecond(now).atZone(zone).toLocalDate();
    List<Limit> limitsNow =
        new HistoryArchive(qos, zone, days, old.limits(), null).limitsWith(limits, today);
    HistoryArchive merged =
        new HistoryArchive(
            qos, zone, days, limitsNow, progress == KEEP ? old.backfill() : progress);
    Files.createDirectories(archive.getParent());
    HistoryArchive written = merged;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    HistoryJson.write(written, cluster, generator, now, bytes);
    AtomicFile.write(archive, o -> bytes.writeTo(o));
    if (siteFile != null) {
      Files.createDirectories(siteFile.getParent());
      // The site's copy says nothing of an unfinished backfill: that is the archive's business.
      ByteArrayOutputStream site = new ByteArrayOutputStream();
      HistoryJson.write(
          new HistoryArchive(qos, zone, renamed(days, published), merged.limits(), null),
          cluster,
          generator,
          now,
          site);
      AtomicFile.write(siteFile, o -> site.writeTo(o));
    }
    return merged;
  }

  /**
   * The days with users renamed; users that get one name are added up, those that get null left
   * out.
   */
  public static List<Day> renamed(List<Day> days, UnaryOperator<String> name) {
    List<Day> out = new ArrayList<>();
    for (Day d : days) {
      Map<String, double[]> users = summed(d.users(), name);
      out.add(
          new Day(
              d.date(),
              d.start(),
              d.seconds(),
              users,
              d.waitingAtLimit(),
              d.cpuSeconds() == null ? null : summed(d.cpuSeconds(), name),
              d.jobCounts() == null ? null : summedCounts(d.jobCounts(), name)));
    }
    return out;
  }

  /** Per-user counts with users renamed: added up where two get one name, left out for null. */
  private static Map<String, JobCounts> summedCounts(
      Map<String, JobCounts> byUser, UnaryOperator<String> name) {
    Map<String, JobCounts> users = new LinkedHashMap<>();
    byUser.forEach(
        (u, c) -> {
          String published = name.apply(u);
          if (published != null) {
            users.merge(published, c, JobCounts::plus);
          }
        });
    return users;
  }

  /** Per-user values with users renamed: added up where two get one name, left out for null. */
  private static Map<String, double[]> summed(
      Map<String, double[]> byUser, UnaryOperator<String> name) {
    Map<String, double[]> users = new LinkedHashMap<>();
    byUser.forEach(
        (u, avg) -> {
          String published = name.apply(u);
          if (published == null) {
            return;
          }
          double[] sum = users.computeIfAbsent(published, k -> new double[avg.length]);
          for (int i = 0; i < avg.length; i++) {
            sum[i] += avg[i];
          }
        });
    return users;
  }
}
