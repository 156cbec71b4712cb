package org.librarian.testing;

import org.librarian.usage.DemandReport;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.UsageReport;

/**
 * QoS reports for tests of the writers: made by "test", no cluster, every user of the palette
 * drawn.
 */
public final class Reports {
  private Reports() {}

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
