package org.librarian.pipeline;

import java.nio.file.Path;
import org.librarian.slurm.SacctReader;
import org.librarian.usage.QosLimits;
import org.librarian.usage.UsageReport;

/** What parsing one QoS produced: the usage, what was read, the limits, and the JSON file written. */
public record QosOutcome(String qos, UsageReport report, SacctReader.Stats stats, QosLimits limits,
    String limitsSource, Path json, double seconds) {

  public long rowsSkipped() {
    return stats.malformed() + report.jobsSkipped();
  }
}
