package org.librarian.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.librarian.common.IsoTime;
import org.librarian.usage.DailyHistory;
import org.librarian.usage.DailyHistory.Day;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;

/**
 * {@code history_<qos>.json}, which is also the archive kept in STATE_DIR: per-user daily averages
 * (2 decimals) over local days, each day's length in hours, the CPUs and GPUs waiting for the QoS
 * limit, and the limits as they were. A user whose series of an observable is all zero is left out
 * of that observable (read it as zeros), which keeps a year of 300 users small.
 */
public final class HistoryJson {
  public static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] KEYS = {"cpu_hours", "gpu_hours", "mem_gb_hours", "job_hours"};

  /** A limit from a day on: CPUs, GPUs, GB, jobs (0 = none). */
  public record Limit(LocalDate from, double[] values) {
    boolean same(QosLimits l) {
      return values[0] == l.cpus()
          && values[1] == l.gpus()
          && values[2] == l.memoryGb()
          && values[3] == l.jobs();
    }
  }

  /** Where a backfill got to: the range it fills and the first day still to do. */
  public record Backfill(LocalDate since, LocalDate until, LocalDate next) {}

  /** Pass to {@link #update} to leave an unfinished backfill's progress as it is. */
  public static final Backfill KEEP = new Backfill(LocalDate.MIN, LocalDate.MIN, LocalDate.MIN);

  /** The archive: its zone, days, limits, and an unfinished backfill (or null). */
  public record Archive(
      String qos, ZoneId zone, List<Day> days, List<Limit> limits, Backfill backfill) {
    public static Archive empty(String qos, ZoneId zone) {
      return new Archive(qos, zone, List.of(), List.of(), null);
    }

    /** The limits with {@code current} appended from {@code day} when it differs from the last. */
    public List<Limit> limitsWith(QosLimits current, LocalDate day) {
      List<Limit> all = new ArrayList<>(limits);
      if (current != null && (all.isEmpty() || !all.get(all.size() - 1).same(current))) {
        all.add(
            new Limit(
                all.isEmpty() && !days.isEmpty() ? days.get(0).date() : day,
                new double[] {current.cpus(), current.gpus(), current.memoryGb(), current.jobs()}));
      }
      return all;
    }
  }

  private HistoryJson() {}

  /**
   * An archive that exists but cannot be trusted: empty (0 bytes), cut short, or not an archive.
   */
  public static final class BrokenArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    public BrokenArchiveException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** An archive kept in another zone than this run's: its days are other days. */
  public static final class ZoneMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    public ZoneMismatchException(Path archive, ZoneId archived, ZoneId wanted) {
      super(
          archive
              + " keeps its days in "
              + archived
              + ", and this run's time zone is "
              + wanted
              + "; set 'timezone: "
              + archived
              + "' (or --timezone "
              + archived
              + ") to keep adding to it, or move it away to start a new"
              + " history in "
              + wanted);
    }
  }

  /**
   * Throws {@link ZoneMismatchException} when the archive exists and keeps another zone than {@code
   * zone}; {@link BrokenArchiveException} when it cannot be read. Writes nothing.
   */
  public static void checkZone(Path archive, String qos, ZoneId zone) throws IOException {
    Archive a = read(archive, qos, zone);
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
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .format(java.time.Instant.ofEpochSecond(now).atOffset(java.time.ZoneOffset.UTC));
    Path aside = archive.resolveSibling(archive.getFileName() + ".broken-" + stamp);
    for (int n = 1; Files.exists(aside); n++) {
      aside = archive.resolveSibling(archive.getFileName() + ".broken-" + stamp + "-" + n);
    }
    Files.move(archive, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return aside;
  }

  public static String fileName(String qos) {
    return "history_" + qos + ".json";
  }

  /** The archive of a QoS in STATE_DIR (per cluster, as its data differs by cluster). */
  public static Path archivePath(Path stateDir, String cluster, String qos) {
    return stateDir
        .resolve("history")
        .resolve(cluster == null ? "default" : cluster)
        .resolve(qos + ".json");
  }

  /**
   * Reads an archive; an absent file is an empty one. Throws {@link BrokenArchiveException} when
   * the file is there but empty, cut short or not an archive (an empty file is not an empty
   * history).
   */
  public static Archive read(Path file, String qos, ZoneId zone) throws IOException {
    if (!Files.exists(file)) {
      return Archive.empty(qos, zone);
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

  private static Archive parse(Path file, String qos, ZoneId zone) throws IOException {
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
        wait = new double[] {wc.asDouble(), waiting.path("NGPUS").path(i).asDouble()};
      }
      days.add(
          new Day(
              LocalDate.parse(dates.get(i).asText()),
              java.time.OffsetDateTime.parse(starts.get(i).asText()).toEpochSecond(),
              Math.round(hours.get(i).asDouble() * 3600),
              users,
              wait));
    }
    List<Limit> limits = new ArrayList<>();
    for (JsonNode l : h.path("limits")) {
      limits.add(
          new Limit(
              LocalDate.parse(l.path("from").asText()),
              new double[] {
                l.path("NCPUS").asDouble(),
                l.path("NGPUS").asDouble(),
                l.path("MEMORY").asDouble(),
                l.path("NJOBS").asDouble()
              }));
    }
    JsonNode b = h.path("backfill");
    Backfill backfill =
        b.isObject()
            ? new Backfill(
                LocalDate.parse(b.path("since").asText()),
                LocalDate.parse(b.path("until").asText()),
                LocalDate.parse(b.path("next").asText()))
            : null;
    return new Archive(qos, archived, days, limits, backfill);
  }

  public static void write(
      Archive a, String cluster, String generator, long lastUpdated, OutputStream out)
      throws IOException {
    List<Day> days = a.days();
    ZoneId zone = a.zone();
    // Users by CPU-hours over the whole archive, largest first.
    Map<String, double[]> totals = new LinkedHashMap<>();
    for (Day d : days) {
      double h = d.seconds() / 3600.0;
      d.users()
          .forEach(
              (u, avg) -> {
                double[] t = totals.computeIfAbsent(u, k -> new double[DailyHistory.OBSERVABLES]);
                for (int i = 0; i < t.length; i++) {
                  t[i] += round(avg[i]) * h;
                }
              });
    }
    List<String> users = new ArrayList<>(totals.keySet());
    users.sort(
        Comparator.comparingDouble((String u) -> -totals.get(u)[0])
            .thenComparing(Comparator.naturalOrder()));
    try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField("schema_version", SCHEMA_VERSION);
      g.writeObjectFieldStart("metadata");
      g.writeStringField("qos", a.qos());
      g.writeStringField("timezone", zone.getId());
      g.writeStringField("resolution", "1d");
      g.writeStringField("first_day", days.isEmpty() ? null : days.get(0).date().toString());
      g.writeStringField(
          "last_day", days.isEmpty() ? null : days.get(days.size() - 1).date().toString());
      g.writeStringField("last_updated", IsoTime.of(lastUpdated, zone));
      g.writeStringField("cluster", cluster);
      g.writeStringField("generator", generator);
      g.writeEndObject();
      g.writeArrayFieldStart("days");
      for (Day d : days) {
        g.writeString(d.date().toString());
      }
      g.writeEndArray();
      g.writeArrayFieldStart("day_starts");
      for (Day d : days) {
        g.writeString(IsoTime.of(d.start(), zone));
      }
      g.writeEndArray();
      g.writeArrayFieldStart("hours");
      for (Day d : days) {
        g.writeNumber(Math.round(d.seconds() / 36.0) / 100.0);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("users");
      for (String u : users) {
        g.writeString(u);
      }
      g.writeEndArray();
      g.writeObjectFieldStart("observables");
      for (Observable o : Observable.values()) {
        g.writeObjectFieldStart(o.name());
        for (String u : users) {
          if (totals.get(u)[o.ordinal()] == 0) {
            continue;
          }
          g.writeArrayFieldStart(u);
          for (Day d : days) {
            double[] avg = d.users().get(u);
            writeNumber(g, avg == null ? 0 : round(avg[o.ordinal()]));
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeObjectFieldStart("totals");
      for (String u : users) {
        g.writeObjectFieldStart(u);
        for (int i = 0; i < KEYS.length; i++) {
          writeNumber(g, KEYS[i], Math.round(totals.get(u)[i] * 1000) / 1000.0);
        }
        g.writeEndObject();
      }
      g.writeEndObject();
      if (days.stream().anyMatch(d -> d.waitingAtLimit() != null)) {
        g.writeObjectFieldStart("waiting_at_limit");
        for (int k = 0; k < 2; k++) {
          g.writeArrayFieldStart(k == 0 ? "NCPUS" : "NGPUS");
          for (Day d : days) {
            if (d.waitingAtLimit() == null) {
              g.writeNull();
            } else {
              writeNumber(g, round(d.waitingAtLimit()[k]));
            }
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeArrayFieldStart("limits");
      for (Limit l : a.limits()) {
        g.writeStartObject();
        g.writeStringField("from", l.from().toString());
        for (Observable o : Observable.values()) {
          writeNumber(g, o.name(), l.values()[o.ordinal()]);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      if (a.backfill() != null) {
        g.writeObjectFieldStart("backfill");
        g.writeStringField("since", a.backfill().since().toString());
        g.writeStringField("until", a.backfill().until().toString());
        g.writeStringField("next", a.backfill().next().toString());
        g.writeEndObject();
      }
      g.writeEndObject();
    }
  }

  /**
   * Merges {@code fresh} days into the archive at {@code archive} and writes it there and to {@code
   * siteFile}, each atomically. Throws {@link ZoneMismatchException} when the archive was kept in
   * another zone (its days would not be the same days), and {@link BrokenArchiveException} when it
   * is empty, cut short or unreadable, after moving it aside ({@link #keepAside}); then nothing is
   * written. {@code published}: the name each user of the archive is published under in the site's
   * copy (days archived before pseudonyms were asked for still hold real names), or null for a user
   * left out of it (hidden users: the archive in STATE_DIR keeps their older days, the site's copy
   * never).
   */
  public static Archive update(
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
      java.util.function.UnaryOperator<String> published)
      throws IOException {
    Archive old;
    try {
      old = read(archive, qos, zone);
    } catch (BrokenArchiveException e) {
      Path aside = keepAside(archive, now);
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
    LocalDate today = java.time.Instant.ofEpochSecond(now).atZone(zone).toLocalDate();
    List<Limit> limitsNow =
        new Archive(qos, zone, days, old.limits(), null).limitsWith(limits, today);
    Archive merged =
        new Archive(qos, zone, days, limitsNow, progress == KEEP ? old.backfill() : progress);
    Files.createDirectories(archive.getParent());
    Archive written = merged;
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    write(written, cluster, generator, now, bytes);
    org.librarian.common.AtomicFile.write(archive, o -> bytes.writeTo(o));
    if (siteFile != null) {
      Files.createDirectories(siteFile.getParent());
      // The site's copy says nothing of an unfinished backfill: that is the archive's business.
      java.io.ByteArrayOutputStream site = new java.io.ByteArrayOutputStream();
      write(
          new Archive(qos, zone, renamed(days, published), merged.limits(), null),
          cluster,
          generator,
          now,
          site);
      org.librarian.common.AtomicFile.write(siteFile, o -> site.writeTo(o));
    }
    return merged;
  }

  /**
   * The days with users renamed; users that get one name are added up, those that get null left
   * out.
   */
  static List<Day> renamed(List<Day> days, java.util.function.UnaryOperator<String> name) {
    List<Day> out = new ArrayList<>();
    for (Day d : days) {
      Map<String, double[]> users = new LinkedHashMap<>();
      d.users()
          .forEach(
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
      out.add(new Day(d.date(), d.start(), d.seconds(), users, d.waitingAtLimit()));
    }
    return out;
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** Whole numbers without ".0": most days of most users are 0, and a year of them adds up. */
  private static void writeNumber(JsonGenerator g, double v) throws IOException {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      g.writeNumber((long) v);
    } else {
      g.writeNumber(v);
    }
  }

  private static void writeNumber(JsonGenerator g, String name, double v) throws IOException {
    g.writeFieldName(name);
    writeNumber(g, v);
  }
}
