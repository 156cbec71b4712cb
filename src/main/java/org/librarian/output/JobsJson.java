package org.librarian.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.librarian.common.AtomicFile;
import org.librarian.common.IsoTime;
import org.librarian.usage.BinGrid;
import org.librarian.usage.JobFamilies;
import org.librarian.usage.QosReport;

/**
 * Writes {@code jobs_<qos>.json}, the page's job drill-down: every job that ended in the window and
 * is counted for efficiency (the jobs of {@link JobFamilies}), latest first (ties by JobID). The
 * page loads it only when the drill-down is opened, so the data file stays small.
 *
 * <p>Compact: {@code columns} names the fields once and {@code rows} holds one array per job, one
 * line each: JobID, the name as read (JSON-escaped here; the page sets it as text, never as HTML),
 * user (as published: a pseudonym when the site uses them, which also drops the name), family,
 * state, wait (Start − Eligible) and elapsed in seconds (wait null when unknown), End in the data's
 * zone, and time, CPU and memory efficiency (fractions, 4 decimals, null when unknown). {@code
 * from} and {@code to} are the window (jobs that ended after {@code from}, by {@code to}); {@code
 * sentence} names it, how many jobs and the zone. Written only when the report has efficiency
 * figures.
 */
public final class JobsJson {
  public static final int SCHEMA_VERSION = 1;

  /** The fields of each row, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "job_id",
          "name",
          "user",
          "family",
          "state",
          "wait_seconds",
          "elapsed_seconds",
          "end",
          "time_efficiency",
          "cpu_efficiency",
          "mem_efficiency");

  private static final JsonFactory JSON = new JsonFactory();

  private JobsJson() {}

  public static String fileName(String qos) {
    return "jobs_" + qos + ".json";
  }

  /** The file to write beside the data file: none when the report has no efficiency figures. */
  static Map<Path, AtomicFile.Content> files(QosReport qos, Path dir) {
    if (qos.efficiency() == null) {
      return Map.of();
    }
    return Map.of(dir.resolve(fileName(qos.qos())), out -> write(qos, out));
  }

  private record Row(JobFamilies.Family family, JobFamilies.Job job) {}

  public static void write(QosReport qos, OutputStream out) throws IOException {
    BinGrid grid = qos.usage().grid();
    List<Row> rows = new ArrayList<>();
    for (JobFamilies.Family f : qos.families()) {
      for (JobFamilies.Job j : f.ended()) {
        rows.add(new Row(f, j));
      }
    }
    rows.sort(
        Comparator.comparingLong((Row r) -> -r.job().end()).thenComparing(r -> r.job().jobId()));
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField("schema_version", SCHEMA_VERSION);
      g.writeStringField("qos", qos.qos());
      g.writeStringField("timezone", grid.zone().getId());
      g.writeStringField("from", IsoTime.of(grid.start(), grid.zone()));
      g.writeStringField("to", IsoTime.of(grid.now(), grid.zone()));
      g.writeStringField("sentence", sentence(rows.size(), grid));
      g.writeArrayFieldStart("columns");
      for (String c : COLUMNS) {
        g.writeString(c);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("rows");
      StringWriter line = new StringWriter();
      // One generator for every row, flushed after each (a generator a row was a tenth of a
      // centre's report time).
      try (JsonGenerator rowOut = JSON.createGenerator(line)) {
        rowOut.setRootValueSeparator(null);
        for (Row r : rows) {
          line.getBuffer().setLength(0);
          line.write('\n'); // one job a line: the file reads (and diffs) a job at a time
          row(rowOut, r, grid);
          rowOut.flush();
          g.writeRawValue(line.toString());
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /** "From … to …: the 1,544 jobs that ended, latest first (times in Europe/Berlin)." */
  static String sentence(int jobs, BinGrid grid) {
    if (jobs == 0) {
      // Only jobs with their CPU time known are counted (efficiency needs it).
      return WaitByShapeJson.period(grid) + "no job ended with its CPU time recorded.";
    }
    return WaitByShapeJson.period(grid)
        + (jobs == 1
            ? "the 1 job that ended"
            : String.format(Locale.ROOT, "the %,d jobs that ended", jobs))
        + ", latest first (times in "
        + grid.zone().getId()
        + ").";
  }

  private static void row(JsonGenerator g, Row r, BinGrid grid) throws IOException {
    JobFamilies.Job j = r.job();
    g.writeStartArray();
    g.writeString(j.jobId());
    g.writeString(j.name());
    g.writeString(r.family().user());
    g.writeString(r.family().name());
    g.writeString(j.state().name());
    if (j.waitSeconds() < 0) {
      g.writeNull();
    } else {
      g.writeNumber(j.waitSeconds());
    }
    g.writeNumber(j.elapsedSeconds());
    g.writeString(IsoTime.of(j.end(), grid.zone()));
    fraction(g, j.timeEfficiency());
    fraction(g, j.cpuEfficiency());
    fraction(g, j.memoryEfficiency());
    g.writeEndArray();
  }

  private static void fraction(JsonGenerator g, Double v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else {
      g.writeNumber(UsageJson.round(v, 10_000));
    }
  }
}
