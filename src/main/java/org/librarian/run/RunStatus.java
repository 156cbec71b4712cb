package org.librarian.run;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.librarian.common.AtomicFile;
import org.librarian.common.IsoTime;

/**
 * {@code status.json}: how the last run went, for people and for the dashboard's banner. Times are
 * ISO-8601 with the offset of the configured zone; durations in seconds.
 */
public final class RunStatus {
  public static final String FILE = "status.json";

  /** One QoS of a run: what sacct gave, or why it failed (then its previous data stays published). */
  public record QosRow(String qos, boolean ok, long rowsRead, long rowsSkipped, long jobs, int users,
      Integer sacctExitCode, String error) {}

  private RunStatus() {}

  public static void write(Path file, Instant started, Instant finished, String version, ZoneId zone,
      Duration interval, List<QosRow> rows) throws IOException {
    AtomicFile.write(file, out -> {
      try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeNumberField("schema_version", 1);
        g.writeBooleanField("ok", rows.stream().allMatch(QosRow::ok));
        g.writeStringField("started", IsoTime.of(started.getEpochSecond(), zone));
        g.writeStringField("finished", IsoTime.of(finished.getEpochSecond(), zone));
        g.writeNumberField("duration_seconds", Duration.between(started, finished).toMillis() / 1000.0);
        g.writeStringField("version", version);
        g.writeStringField("timezone", zone.getId());
        g.writeNumberField("run_interval_seconds", interval.getSeconds());
        g.writeStringField("next_run", IsoTime.of(started.plus(interval).getEpochSecond(), zone));
        g.writeArrayFieldStart("qos");
        for (QosRow r : rows) {
          g.writeStartObject();
          g.writeStringField("qos", r.qos());
          g.writeBooleanField("ok", r.ok());
          g.writeNumberField("rows_read", r.rowsRead());
          g.writeNumberField("rows_skipped", r.rowsSkipped());
          g.writeNumberField("jobs", r.jobs());
          g.writeNumberField("users", r.users());
          if (r.sacctExitCode() == null) {
            g.writeNullField("sacct_exit_code");
          } else {
            g.writeNumberField("sacct_exit_code", r.sacctExitCode());
          }
          g.writeStringField("error", r.error());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
    });
  }
}
