package org.librarian.output;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DemandReport;
import org.librarian.usage.UsageSummary;
import org.librarian.usage.WaitByShape;

/**
 * The {@code wait_by_shape} section of {@code data_<qos>.json}: how long the jobs that started in
 * the window waited (Start − Eligible), by job shape (CPUs 1, 2–8, 9–32, 33–128, more than 128,
 * with or without GPUs): jobs, nearest-rank p50 and p90 in seconds, and a sentence that names the
 * window. Absent without waiting work known (no Eligible) or when no job started in the window.
 */
final class WaitByShapeJson {
  private WaitByShapeJson() {}

  static void write(JsonGenerator g, DemandReport demand, BinGrid grid) throws IOException {
    List<WaitByShape.Waits> shapes =
        demand == null || !demand.available() ? List.of() : demand.waitByShape();
    if (shapes.isEmpty()) {
      return;
    }
    String period = period(grid);
    g.writeArrayFieldStart("wait_by_shape");
    for (WaitByShape.Waits w : shapes) {
      g.writeStartObject();
      g.writeStringField("shape", w.shape().key());
      g.writeStringField("cpus", w.shape().cpus().words());
      g.writeBooleanField("gpus", w.shape().gpus());
      g.writeNumberField("jobs", w.jobs());
      g.writeNumberField("p50_seconds", w.p50Seconds());
      g.writeNumberField("p90_seconds", w.p90Seconds());
      String s = w.sentence();
      g.writeStringField("sentence", period + Character.toLowerCase(s.charAt(0)) + s.substring(1));
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /**
   * "From 2026-10-21 13:00 EDT to 2026-11-20 12:00 EST: ", the window the waits were counted in.
   */
  static String period(BinGrid grid) {
    return "From "
        + UsageSummary.when(grid.start(), grid.zone())
        + " to "
        + UsageSummary.when(grid.now(), grid.zone())
        + ": ";
  }
}
