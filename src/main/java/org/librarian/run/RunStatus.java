package org.librarian.run;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.librarian.common.AtomicFile;
import org.librarian.common.IsoTime;

/**
 * {@code status.json}: how the last run went, for people and for the dashboard's banner. Times are
 * ISO-8601 with the offset of the configured zone; durations in seconds.
 */
public final class RunStatus {
  public static final String FILE = "status.json";

  /**
   * One QoS of a run: what sacct gave, or why it failed (then its previous data stays published).
   */
  public record QosRow(
      String qos,
      boolean ok,
      long rowsRead,
      long rowsSkipped,
      long jobs,
      int users,
      Integer sacctExitCode,
      String error,
      List<String> problems) {}

  /**
   * When the run is expected: every {@code interval} (the longest gap of the cron schedule, or
   * run_interval), next at {@code next}; {@code source} says where that came from.
   */
  public record Schedule(Duration interval, Instant next, String source) {
    public static Schedule every(Duration interval, Instant started, String source) {
      return new Schedule(interval, started.plus(interval), source);
    }
  }

  /**
   * The run's own Slurm job, when it runs as one: how long it waited after it could first start
   * (Eligible to Start), which is long when its QoS was at its limit.
   */
  public record Job(String id, String crontabSpec, Instant eligible, Instant start) {
    public long waitedSeconds() {
      return eligible == null || start == null
          ? 0
          : Math.max(0, Duration.between(eligible, start).getSeconds());
    }
  }

  /** A cron job of the collector that waits for a limit, as the watchdog found it. */
  public record Waiting(
      String job,
      String name,
      String reason,
      Instant eligible,
      long waitedSeconds,
      String message) {}

  private RunStatus() {}

  /**
   * The rows as status.json may show them when some groups are published sealed: such a group's row
   * keeps only its label and whether it worked (its figures, reasons and rows stay in run.log);
   * rowsRead -1 marks it.
   */
  public static List<QosRow> sealed(List<QosRow> rows, Map<String, String> labels) {
    return rows.stream()
        .map(
            r ->
                labels.containsKey(r.qos())
                    ? new QosRow(
                        labels.get(r.qos()),
                        r.ok(),
                        -1,
                        0,
                        0,
                        0,
                        null,
                        r.ok() ? null : "the update failed (the reason is in run.log)",
                        List.of())
                    : r)
        .toList();
  }

  /**
   * @param abandoned the steps abandoned at the run's deadline (then {@code ok} is false and {@code
   *     error} says so)
   * @param deadline the run's deadline, or null when it had none
   */
  public static void write(
      Path file,
      Instant started,
      Instant finished,
      String version,
      ZoneId zone,
      Schedule schedule,
      Job job,
      List<QosRow> rows,
      List<String> abandoned,
      Duration deadline)
      throws IOException {
    Duration interval = schedule.interval();
    AtomicFile.write(
        file,
        out -> {
          try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("schema_version", 1);
            g.writeBooleanField("ok", rows.stream().allMatch(QosRow::ok) && abandoned.isEmpty());
            g.writeStringField("started", IsoTime.of(started.getEpochSecond(), zone));
            g.writeStringField("finished", IsoTime.of(finished.getEpochSecond(), zone));
            g.writeNumberField(
                "duration_seconds", Duration.between(started, finished).toMillis() / 1000.0);
            g.writeStringField("version", version);
            g.writeStringField("timezone", zone.getId());
            g.writeNumberField("run_interval_seconds", interval.getSeconds());
            g.writeStringField("next_run", IsoTime.of(schedule.next(), zone));
            g.writeStringField("schedule_source", schedule.source());
            if (deadline != null) {
              g.writeNumberField("deadline_seconds", deadline.getSeconds());
            }
            g.writeFieldName("abandoned");
            g.writeArray(abandoned.toArray(String[]::new), 0, abandoned.size());
            if (!abandoned.isEmpty()) {
              g.writeStringField(
                  "error",
                  "abandoned at the run's deadline of "
                      + (deadline == null ? "?" : deadline.getSeconds())
                      + " s: "
                      + String.join(", ", abandoned));
            }
            if (job != null) {
              g.writeObjectFieldStart("job");
              g.writeStringField("id", job.id());
              g.writeStringField("crontab_spec", job.crontabSpec());
              g.writeStringField(
                  "eligible", job.eligible() == null ? null : IsoTime.of(job.eligible(), zone));
              g.writeStringField(
                  "start", job.start() == null ? null : IsoTime.of(job.start(), zone));
              g.writeNumberField("waited_seconds", job.waitedSeconds());
              g.writeEndObject();
            }
            g.writeArrayFieldStart("qos");
            for (QosRow r : rows) {
              g.writeStartObject();
              g.writeStringField("qos", r.qos());
              g.writeBooleanField("ok", r.ok());
              if (r.rowsRead() < 0) {
                g.writeBooleanField("protected", true);
              } else {
                g.writeNumberField("rows_read", r.rowsRead());
                g.writeNumberField("rows_skipped", r.rowsSkipped());
                g.writeNumberField("jobs", r.jobs());
                g.writeNumberField("users", r.users());
              }
              g.writeObjectField("sacct_exit_code", r.sacctExitCode()); // a number, or null
              g.writeStringField("error", r.error());
              g.writeFieldName("problems");
              g.writeArray(r.problems().toArray(String[]::new), 0, r.problems().size());
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
          }
        });
  }

  /**
   * Notes in an existing {@code status.json} which of the collector's cron jobs wait for a limit
   * ({@code collector_waiting}, shown by the page), or removes the note when none does. A site
   * without a status.json is left alone.
   */
  public static void noteWaiting(Path file, List<Waiting> waiting, ZoneId zone) throws IOException {
    if (!Files.isRegularFile(file)) {
      return;
    }
    ObjectMapper mapper = new ObjectMapper();
    JsonNode read = mapper.readTree(file.toFile());
    if (!(read instanceof ObjectNode status)) {
      return;
    }
    if (waiting.isEmpty() && !status.has("collector_waiting")) {
      return;
    }
    status.remove("collector_waiting");
    if (!waiting.isEmpty()) {
      ArrayNode list = status.putArray("collector_waiting");
      for (Waiting w : waiting) {
        list.addObject()
            .put("job", w.job())
            .put("name", w.name())
            .put("reason", w.reason())
            .put("eligible", IsoTime.of(w.eligible(), zone))
            .put("waited_seconds", w.waitedSeconds())
            .put("message", w.message());
      }
    }
    AtomicFile.write(file, out -> mapper.writerWithDefaultPrettyPrinter().writeValue(out, status));
  }

  /**
   * Notes in {@code status.json} that the run lock has been held since {@code since} by a run that
   * looks stuck ({@code lock_stuck_since}, {@code lock_holder}; the page shows a banner); the next
   * run that takes the lock writes a status.json without them. A site without a status.json gets
   * one with just these fields.
   */
  public static void noteLockStuck(Path file, Instant since, String holder, ZoneId zone)
      throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode status = mapper.createObjectNode();
    if (Files.isRegularFile(file)) {
      try {
        if (mapper.readTree(file.toFile()) instanceof ObjectNode read) {
          status = read;
        }
      } catch (IOException e) {
        // An unreadable status.json is replaced by the note.
      }
    }
    status.put("lock_stuck_since", IsoTime.of(since, zone));
    status.put("lock_holder", holder);
    ObjectNode written = status;
    AtomicFile.write(file, out -> mapper.writerWithDefaultPrettyPrinter().writeValue(out, written));
  }
}
