package org.librarian.pipeline;

import java.nio.file.Path;
import org.librarian.slurm.SacctReader;
import org.librarian.usage.QosLimits;
import org.librarian.usage.UsageReport;

/**
 * What parsing one QoS produced: the usage, what was read, the limits, the JSON file written, and how
 * sacct was asked (sacctRows: rows sacct returned, -1 when a file was read; query: how it was asked).
 */
public record QosOutcome(String qos, UsageReport report, SacctReader.Stats stats, QosLimits limits,
    String limitsSource, Path json, double seconds, long sacctRows, String query) {

  public long rowsSkipped() {
    return stats.malformed() + report.jobsSkipped();
  }
}
