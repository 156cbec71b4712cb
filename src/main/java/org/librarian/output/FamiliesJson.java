package org.librarian.output;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import org.librarian.usage.BinGrid;
import org.librarian.usage.JobFamilies;
import org.librarian.usage.QosReport;

/**
 * The {@code families} section of {@code data_<qos>.json}: the job families ({@link JobFamilies})
 * of the jobs that ended in the window, most CPU-hours held first, at most {@value #SHOWN}, each
 * with its user, its name as read (JSON-escaped here, shown as text by the page), jobs, CPU-hours
 * held and used (3 decimals), p95 peak memory in GB and p95 elapsed in hours (3 decimals, null when
 * unknown), median CPU and time efficiency (fractions, 4 decimals, null when unknown), timeouts and
 * out-of-memory kills; and a sentence naming the window. Absent without efficiency.
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
    g.writeEndObject();
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
