package org.librarian.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.librarian.usage.DailyHistory;
import org.librarian.usage.DailyHistory.Day;
import org.librarian.usage.JobCounts;
import org.librarian.usage.Observable;

/**
 * Reads a {@link HistoryJson} file back into a {@link HistoryArchive}, and says where a QoS's
 * archive lives. An absent file is an empty history; a file that is there but empty, cut short or
 * not an archive is a {@link BrokenArchiveException}, never an empty history. Reading writes
 * nothing; only {@link #keepAside} moves a file.
 */
public final class HistoryArchiveReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HistoryArchiveReader() {}

  /** The archive of a QoS in STATE_DIR (per cluster, as its data differs by cluster). */
  public static Path archivePath(Path stateDir, String cluster, String qos) {
    return stateDir
        .resolve("history")
        .resolve(cluster == null ? "default" : cluster)
        .resolve(qos + ".json");
  }

  /**
   * Throws {@link ZoneMismatchException} when the archive exists and keeps another zone than {@code
   * zone}; {@link BrokenArchiveException} when it cannot be read. Writes nothing.
   */
  public static void checkZone(Path archive, String qos, ZoneId zone) throws IOException {
    HistoryArchive a = read(archive, qos, zone);
    if (!a.zone().equals(zone)) {
      throw new ZoneMismatchException(archive, a.zone(), zone);
    }
  }

  /**
   * Moves a broken archive aside, to {@code <name>.broken-<UTC time>} beside it, so that nothing
   * replaces it; returns where it went.
   */
  public static Path keepAside(Path archive, long now) throws IOException {
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .format(Instant.ofEpochSecond(now).atOffset(ZoneOffset.UTC));
    Path aside = archive.resolveSibling(archive.getFileName() + ".broken-" + stamp);
    for (int n = 1; Files.exists(aside); n++) {
      aside = archive.resolveSibling(archive.getFileName() + ".broken-" + stamp + "-" + n);
    }
    Files.move(archive, aside, StandardCopyOption.ATOMIC_MOVE);
    return aside;
  }

  /**
   * Reads an archive; an absent file is an empty one. Throws {@link BrokenArchiveException} when
   * the file is there but empty, cut short or not an archive (an empty file is not an empty
   * history).
   */
  public static HistoryArchive read(Path file, String qos, ZoneId zone) throws IOException {
    if (!Files.exists(file)) {
      return HistoryArchive.empty(qos, zone);
    }
    if (!Files.isRegularFile(file)) {
      throw new BrokenArchiveException(file + " is not a regular file", null);
    }
    if (Files.size(file) == 0) {
      throw new BrokenArchiveException(file + " is empty (0 bytes)", null);
    }
    try {
      return parse(file, qos, zone);
    } catch (BrokenArchiveException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new BrokenArchiveException(
          file + " is not a readable history (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Day {@code i}'s CPU-seconds held, used and waited per user, or null where the file has none for
   * it (an archive written before they were counted, or a day marked not known).
   */
  private static Map<String, double[]> cpuSeconds(JsonNode c, int i) {
    if (!c.path("known").path(i).asBoolean(false)) {
      return null;
    }
    Map<String, double[]> users = new LinkedHashMap<>();
    for (int k = 0; k < HistoryJson.CPU_SECONDS.length; k++) {
      int index = k;
      c.path(HistoryJson.CPU_SECONDS[k])
          .fields()
          .forEachRemaining(
              e -> {
                double v = e.getValue().path(i).asDouble();
                if (v != 0) {
                  users.computeIfAbsent(e.getKey(), u -> new double[4])[index] = v;
                }
              });
    }
    return users;
  }

  /**
   * Day {@code i}'s {@link JobCounts} per user, or null where the file has none for it (an archive
   * written before they were counted, or a day marked not known): not known, never none.
   */
  private static Map<String, JobCounts> jobCounts(JsonNode c, int i) {
    if (!c.path("known").path(i).asBoolean(false)) {
      return null;
    }
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, List<TreeMap<Integer, Long>>> tenths = new TreeMap<>();
    for (int k = 0; k < HistoryJson.JOB_COUNTS.length; k++) {
      int index = k;
      c.path(HistoryJson.JOB_COUNTS[k])
          .fields()
          .forEachRemaining(
              e -> {
                long v = e.getValue().path(i).asLong();
                if (v != 0) {
                  counts.computeIfAbsent(e.getKey(), u -> new long[6])[index] = v;
                }
              });
    }
    for (int k = 0; k < HistoryJson.TENTHS.length; k++) {
      int index = k;
      c.path(HistoryJson.TENTHS[k])
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode pairs = e.getValue().path(i);
                for (int p = 0; p + 1 < pairs.size(); p += 2) {
                  tenths
                      .computeIfAbsent(e.getKey(), u -> List.of(new TreeMap<>(), new TreeMap<>()))
                      .get(index)
                      .merge(pairs.get(p).asInt(), pairs.get(p + 1).asLong(), Long::sum);
                }
              });
    }
    Map<String, JobCounts> users = new LinkedHashMap<>();
    TreeSet<String> names = new TreeSet<>(counts.keySet());
    names.addAll(tenths.keySet());
    for (String u : names) {
      long[] n = counts.getOrDefault(u, new long[6]);
      List<TreeMap<Integer, Long>> t =
          tenths.getOrDefault(u, List.of(new TreeMap<>(), new TreeMap<>()));
      users.put(
          u, new JobCounts(n[0], n[1], n[2], t.get(0), t.get(1), n[3], n[4], n[5] > 0 ? n[5] : -1));
    }
    return users;
  }

  private static HistoryArchive parse(Path file, String qos, ZoneId zone) throws IOException {
    JsonNode h = JSON.readTree(file.toFile());
    if (h == null
        || !h.isObject()
        || !h.path("metadata").path("timezone").isTextual()
        || !h.path("days").isArray()
        || h.path("day_starts").size() != h.path("days").size()
        || h.path("hours").size() != h.path("days").size()) {
      throw new BrokenArchiveException(
          file
              + " is not a history archive (no metadata.timezone, or days, day_starts"
              + " and hours that do not match)",
          null);
    }
    ZoneId archived = ZoneId.of(h.path("metadata").path("timezone").asText(zone.getId()));
    JsonNode dates = h.path("days");
    JsonNode starts = h.path("day_starts");
    JsonNode hours = h.path("hours");
    JsonNode obs = h.path("observables");
    JsonNode waiting = h.path("waiting_at_limit");
    JsonNode cpuSeconds = h.path("cpu_seconds");
    List<Day> days = new ArrayList<>();
    for (int i = 0; i < dates.size(); i++) {
      Map<String, double[]> users = new LinkedHashMap<>();
      for (JsonNode u : h.path("users")) {
        double[] avg = new double[DailyHistory.OBSERVABLES];
        boolean any = false;
        for (Observable o : Observable.values()) {
          JsonNode s = obs.path(o.name()).path(u.asText());
          avg[o.ordinal()] = s.isArray() ? s.get(i).asDouble() : 0;
          any |= avg[o.ordinal()] != 0;
        }
        if (any) {
          users.put(u.asText(), avg);
        }
      }
      double[] wait = null;
      JsonNode wc = waiting.path("NCPUS").path(i);
      if (wc.isNumber()) {
        JsonNode seconds = waiting.path("seconds").path(i);
        wait =
            seconds.isNumber()
                ? new double[] {
                  wc.asDouble(), waiting.path("NGPUS").path(i).asDouble(), seconds.asDouble()
                }
                : new double[] {wc.asDouble(), waiting.path("NGPUS").path(i).asDouble()};
      }
      days.add(
          new Day(
              LocalDate.parse(dates.get(i).asText()),
              OffsetDateTime.parse(starts.get(i).asText()).toEpochSecond(),
              Math.round(hours.get(i).asDouble() * 3600),
              users,
              wait,
              cpuSeconds(cpuSeconds, i),
              jobCounts(h.path("job_counts"), i)));
    }
    List<HistoryArchive.Limit> limits = new ArrayList<>();
    for (JsonNode l : h.path("limits")) {
      limits.add(
          new HistoryArchive.Limit(
              LocalDate.parse(l.path("from").asText()),
              new double[] {
                l.path("NCPUS").asDouble(),
                l.path("NGPUS").asDouble(),
                l.path("MEMORY").asDouble(),
                l.path("NJOBS").asDouble()
              }));
    }
    JsonNode b = h.path("backfill");
    HistoryArchive.Backfill backfill =
        b.isObject()
            ? new HistoryArchive.Backfill(
                LocalDate.parse(b.path("since").asText()),
                LocalDate.parse(b.path("until").asText()),
                LocalDate.parse(b.path("next").asText()))
            : null;
    return new HistoryArchive(qos, archived, days, limits, backfill);
  }
}
