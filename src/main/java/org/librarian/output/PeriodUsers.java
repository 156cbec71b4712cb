package org.librarian.output;

import static org.librarian.output.UsageJson.round;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.Set;
import org.librarian.usage.DailyHistory;
import org.librarian.usage.EndedJobs;
import org.librarian.usage.JobCounts;
import org.librarian.usage.QosReport;

/**
 * Per preset of {@link AnswersJson}, the users' figures of that period for the efficiency and "who"
 * tables: {@code efficiency_period} (which jobs the held and used CPU-hours are of, in words) and
 * {@code users}: per user CPU-hours, jobs that ended, CPU-hours held and used by them, CPU
 * efficiency (used ÷ held, 4 decimals, null when nothing was held), idle CPU-hours (held − used,
 * not below 0) and CPU-hours waited for the QoS limit (3 decimals); and of the jobs that ended in
 * the period from the daily history's {@link org.librarian.usage.JobCounts} and the hourly window
 * ({@code details_period}, with {@code details_label} naming its start for the columns' headers
 * when days kept without those counts make it later than the period's): low-CPU jobs, whole-node
 * jobs, the median memory and time efficiency (4 decimals, null when unknown; over daily rows the
 * median in tenths of a percent, as the page shows it) and timeouts; and of the same jobs the GPU
 * utilisation weighted by GPU-hours ({@code gpu_util}, percent, 2 decimals) and the largest GPU
 * memory used ({@code gpu_memory_max_gb}, 4 decimals), each null when not collected.
 */
final class PeriodUsers {
  private PeriodUsers() {}

  /** Which jobs the period's efficiency counts, and from when it is known. */
  static String efficiencyPeriod(QosReport qos, PeriodFigures f, long to) {
    ZoneId zone = qos.usage().grid().zone();
    if (f.efficiencyFrom() < 0) {
      return "No efficiency data: the input does not say what CPU time the jobs used.";
    }
    if (f.efficiencyFrom() >= to) {
      return "No efficiency data before " + AnswersJson.when(to, zone) + ".";
    }
    String jobs = "Jobs that ended " + AnswersJson.span(f.efficiencyFrom(), to, zone);
    return f.efficiencyGap()
        ? jobs + " (no efficiency data before " + AnswersJson.when(f.efficiencyFrom(), zone) + ")"
        : jobs;
  }

  /**
   * Which jobs the low-CPU, whole-node, median and timeout columns count: the period's jobs, or
   * those from the end of the last day kept without these counts (by an older librarian), worded as
   * the "At the limit" card says which part its hours cover.
   */
  static String detailsPeriod(QosReport qos, PeriodFigures f, long to) {
    if (f.detailsFrom() < 0 || f.detailsFrom() <= f.efficiencyFrom()) {
      return efficiencyPeriod(qos, f, to);
    }
    ZoneId zone = qos.usage().grid().zone();
    return "Jobs that ended "
        + AnswersJson.span(f.detailsFrom(), to, zone)
        + "; before: days kept without these counts";
  }

  static void write(JsonGenerator g, QosReport qos, PeriodFigures f, long to) throws IOException {
    g.writeStringField("efficiency_period", efficiencyPeriod(qos, f, to));
    g.writeStringField("details_period", detailsPeriod(qos, f, to));
    if (f.detailsFrom() > f.efficiencyFrom() && f.efficiencyFrom() >= 0) {
      g.writeStringField(
          "details_label",
          "ended from " + AnswersJson.when(f.detailsFrom(), qos.usage().grid().zone(), to));
    } else {
      g.writeNullField("details_label");
    }
    Set<String> users = new LinkedHashSet<>(f.cpuHours().keySet());
    users.addAll(f.users().keySet());
    g.writeObjectFieldStart("users");
    for (String u : users) {
      double[] c = f.users().getOrDefault(u, new double[4]);
      double held = c[DailyHistory.HELD];
      double used = c[DailyHistory.USED];
      g.writeObjectFieldStart(u);
      g.writeNumberField("cpu_hours", round(f.cpuHours().getOrDefault(u, 0.0), 1000));
      g.writeNumberField("jobs", Math.round(c[DailyHistory.JOBS]));
      g.writeNumberField("cpu_held_hours", round(held, 1000));
      g.writeNumberField("cpu_used_hours", round(used, 1000));
      if (held > 0) {
        g.writeNumberField("cpu_efficiency", round(used / held, 10_000));
      } else {
        g.writeNullField("cpu_efficiency");
      }
      g.writeNumberField("idle_cpu_hours", round(Math.max(0, held - used), 1000));
      g.writeNumberField("waited_cpu_hours", round(c[DailyHistory.WAITED], 1000));
      EndedJobs.Sums d = f.details().get(u);
      g.writeNumberField("low_cpu_jobs", d == null ? 0 : d.lowCpuJobs());
      g.writeNumberField("exclusive_jobs", d == null ? 0 : d.exclusiveJobs());
      g.writeNumberField("timeouts", d == null ? 0 : d.timeouts());
      UsageJson.writeNullable(g, "mem_efficiency_p50", d == null ? null : d.memoryEfficiencyP50());
      UsageJson.writeNullable(g, "time_efficiency_p50", d == null ? null : d.timeEfficiencyP50());
      JobCounts n = f.counted().get(u);
      Double util = n == null ? null : n.gpuUtilPercent();
      if (util == null) {
        g.writeNullField("gpu_util");
      } else {
        g.writeNumberField("gpu_util", round(util, 100));
      }
      long kib = n == null ? -1 : n.gpuMemoryMaxKib();
      UsageJson.writeNullable(g, "gpu_memory_max_gb", kib < 0 ? null : kib / (1024.0 * 1024.0));
      g.writeEndObject();
    }
    g.writeEndObject();
  }
}
