package org.librarian.output;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import org.librarian.usage.BinGrid;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.JobFamilies;
import org.librarian.usage.QosReport;
import org.librarian.usage.RightSize;

/**
 * The {@code families} section of {@code data_<qos>.json}: the job families ({@link JobFamilies})
 * of the jobs that ended in the window, most CPU-hours held first, at most {@value #SHOWN}, each
 * with its user, its name as read (JSON-escaped here, shown as text by the page), jobs, CPU-hours
 * held and used (3 decimals), p95 peak memory in GB and p95 elapsed in hours (3 decimals, null when
 * unknown), median CPU and time efficiency (fractions, 4 decimals, null when unknown), timeouts and
 * out-of-memory kills; and a sentence naming the window. Absent without efficiency.
 *
 * <p>{@code jobs_file} names the file with every job of the families, for the page's drill-down
 * ({@link JobsJson}), which the page loads only when the drill-down is opened.
 *
 * <p>{@code right_size}: the families of at least {@code min_jobs} jobs with their suggestions
 * ({@link RightSize}), in the order of {@link EfficiencyReport#rightSize()}, at most {@value
 * #SHOWN}: each line to put in a batch script (null when none is suggested) and what it would have
 * freed over the window (GB-hours, CPU-hours; 3 decimals); and a sentence naming the window.
 */
final class FamiliesJson {
  /** Families written at most; the rest held fewer CPU-hours. */
  static final int SHOWN = 200;

  private FamiliesJson() {}

  static void write(JsonGenerator g, QosReport qos) throws IOException {
    if (qos.efficiency() == null) {
      return;
    }
    List<JobFamilies.Family> all = qos.families();
    BinGrid grid = qos.usage().grid();
    g.writeObjectFieldStart("families");
    g.writeStringField(
        "sentence",
        WaitByShapeJson.period(grid)
            + all.size()
            + (all.size() == 1 ? " job family" : " job families")
            + " among the jobs that ended"
            + (all.size() > SHOWN ? "; the " + SHOWN + " that held the most CPU-hours." : "."));
    g.writeArrayFieldStart("list");
    for (JobFamilies.Family f : all.subList(0, Math.min(SHOWN, all.size()))) {
      g.writeStartObject();
      g.writeStringField("user", f.user());
      g.writeStringField("name", f.name());
      g.writeNumberField("jobs", f.jobs());
      g.writeNumberField("cpu_alloc_hours", UsageJson.round(f.cpuHeldHours(), 1000));
      g.writeNumberField("cpu_used_hours", UsageJson.round(f.cpuUsedHours(), 1000));
      nullable(g, "peak_mem_p95_gb", f.peakMemoryP95Kib() < 0 ? null : gb(f.peakMemoryP95Kib()));
      nullable(
          g,
          "elapsed_p95_hours",
          f.elapsedP95Seconds() < 0 ? null : UsageJson.round(f.elapsedP95Seconds() / 3600.0, 1000));
      nullable(g, "cpu_efficiency_p50", round4(f.cpuEfficiencyP50()));
      nullable(g, "time_efficiency_p50", round4(f.timeEfficiencyP50()));
      g.writeNumberField("timeouts", f.timeouts());
      g.writeNumberField("out_of_memory", f.outOfMemory());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("jobs_file", JobsJson.fileName(qos.qos()));
    rightSize(g, qos.efficiency(), WaitByShapeJson.period(grid));
    g.writeEndObject();
  }

  private static void rightSize(JsonGenerator g, EfficiencyReport e, String period)
      throws IOException {
    List<JobFamilies.Family> all = e.rightSize();
    g.writeObjectFieldStart("right_size");
    g.writeNumberField("min_jobs", e.rightSizeMinJobs());
    g.writeStringField("sentence", sentence(all.size(), e.rightSizeMinJobs(), period));
    g.writeArrayFieldStart("list");
    for (JobFamilies.Family f : all.subList(0, Math.min(SHOWN, all.size()))) {
      RightSize r = f.rightSize();
      g.writeStartObject();
      g.writeStringField("user", f.user());
      g.writeStringField("name", f.name());
      g.writeNumberField("jobs", f.jobs());
      g.writeStringField("mem_line", r.memoryLine());
      g.writeNumberField("mem_freed_gb_hours", UsageJson.round(r.memoryFreedGbHours(), 1000));
      g.writeStringField("time_line", r.timeLine());
      g.writeNumberField("time_freed_cpu_hours", UsageJson.round(r.timeFreedCpuHours(), 1000));
      g.writeStringField("cpus_line", r.cpusLine());
      g.writeNumberField("cpus_freed_cpu_hours", UsageJson.round(r.cpuFreedCpuHours(), 1000));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** "From … to …: 3 job families of at least 5 jobs could ask for less." */
  static String sentence(int families, int minJobs, String period) {
    return period
        + families
        + (families == 1 ? " job family" : " job families")
        + " of at least "
        + minJobs
        + " jobs among the jobs that ended"
        + (families > SHOWN ? "; the " + SHOWN + " that would free the most." : ".");
  }

  private static double gb(long kib) {
    return UsageJson.round(kib / (1024.0 * 1024.0), 1000);
  }

  private static Double round4(Double v) {
    return v == null ? null : UsageJson.round(v, 10_000);
  }

  private static void nullable(JsonGenerator g, String name, Double v) throws IOException {
    if (v == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, v);
    }
  }
}
