package org.librarian.testing;

import java.util.List;
import java.util.Map;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DemandCounter;
import org.librarian.usage.DemandReport;
import org.librarian.usage.EfficiencyCounter;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.JobRecord;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.UsageBinner;
import org.librarian.usage.UsageReport;

/**
 * QoS reports for tests of the writers: made by "test", no cluster, every user of the palette
 * drawn.
 */
public final class Reports {
  private Reports() {}

  /** QoS {@code qos}'s report of {@code jobs} on {@code grid}: usage, waiting and efficiency. */
  public static QosReport counted(
      String qos, BinGrid grid, List<JobRecord> jobs, QosLimits limits) {
    UsageBinner usage = new UsageBinner(grid);
    DemandCounter demand = new DemandCounter(grid, Map.of());
    EfficiencyCounter efficiency = new EfficiencyCounter(grid.start(), grid.now());
    for (JobRecord j : jobs) {
      usage.add(j);
      demand.add(j);
      efficiency.add(j);
    }
    return of(qos, usage.report(), efficiency.report(), demand.report(), limits);
  }

  public static QosReport of(String qos, UsageReport usage, QosLimits limits) {
    return of(qos, usage, null, null, limits);
  }

  public static QosReport of(
      String qos,
      UsageReport usage,
      EfficiencyReport efficiency,
      DemandReport demand,
      QosLimits limits) {
    return of(qos, usage, efficiency, demand, limits, 0, 0);
  }

  public static QosReport of(
      String qos,
      UsageReport usage,
      EfficiencyReport efficiency,
      DemandReport demand,
      QosLimits limits,
      long rowsRead,
      long rowsSkipped) {
    return new QosReport(
        qos,
        usage,
        demand,
        efficiency,
        null,
        limits,
        limits == QosLimits.NONE ? "none" : "config",
        null,
        new QosReport.About(null, "test", rowsRead, rowsSkipped, 11, false),
        null,
        null,
        null,
        null,
        null);
  }
}
