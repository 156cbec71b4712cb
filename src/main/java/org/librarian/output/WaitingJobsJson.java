package org.librarian.output;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.ZoneId;
import java.util.List;
import org.librarian.common.IsoTime;
import org.librarian.usage.DemandReport;
import org.librarian.usage.JobRecord;
import org.librarian.usage.WaitByShape;
import org.librarian.usage.WaitingJob;

/**
 * The {@code waiting_jobs} section of {@code data_<qos>.json}: each job pending at the run, with
 * Slurm's own expected start ({@code squeue --start}, an estimate of the backfill scheduler; null
 * when Slurm gives none) and how long jobs of its shape waited in the window ({@code
 * wait_by_shape}: p50 and p90, and the range in words). Absent when squeue was not asked (a saved
 * file).
 */
final class WaitingJobsJson {
  /** The column's heading: the estimate is Slurm's, not librarian's. */
  static final String LABEL = "Slurm's estimate";

  private WaitingJobsJson() {}

  static void write(
      JsonGenerator g, List<WaitingJob> jobs, DemandReport demand, long now, ZoneId zone)
      throws IOException {
    if (jobs == null || jobs.isEmpty()) {
      return;
    }
    List<WaitByShape.Waits> shapes =
        demand == null || !demand.available() ? List.of() : demand.waitByShape();
    g.writeObjectFieldStart("waiting_jobs");
    g.writeStringField("at", IsoTime.of(now, zone));
    g.writeStringField("slurm_start_label", LABEL);
    g.writeStringField(
        "slurm_start_note",
        "Slurm's own expected start (squeue --start), planned by its backfill scheduler and"
            + " revised at every pass; empty when Slurm has not planned the job.");
    g.writeArrayFieldStart("jobs");
    for (WaitingJob j : jobs) {
      g.writeStartObject();
      g.writeStringField("job_id", j.jobId());
      g.writeStringField("user", j.user());
      g.writeNumberField("cpus", j.cpus());
      g.writeNumberField("gpus", j.gpus());
      g.writeStringField("reason", j.reason());
      if (j.eligible() == JobRecord.UNKNOWN) {
        g.writeNullField("eligible");
      } else {
        g.writeStringField("eligible", IsoTime.of(j.eligible(), zone));
      }
      if (j.slurmStart() == null) {
        g.writeNullField("slurm_start");
      } else {
        g.writeStringField("slurm_start", IsoTime.of(j.slurmStart(), zone));
      }
      g.writeStringField("shape", j.shape().key());
      WaitByShape.Waits w = j.typical(shapes);
      if (w == null) {
        g.writeNullField("shape_p50_seconds");
        g.writeNullField("shape_p90_seconds");
        g.writeNullField("typical");
      } else {
        g.writeNumberField("shape_p50_seconds", w.p50Seconds());
        g.writeNumberField("shape_p90_seconds", w.p90Seconds());
        g.writeStringField("typical", WaitingJob.typicalText(w));
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
