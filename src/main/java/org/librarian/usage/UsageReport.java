package org.librarian.usage;

import java.util.List;

/**
 * The binned usage of one QoS: users sorted by CPU-hours (largest first, then by name), with counts
 * of what the binner saw.
 *
 * @param jobsCounted jobs with usage inside the window
 * @param jobsSkipped jobs whose interval could not be known (ended, End unknown, no ElapsedRaw)
 */
public record UsageReport(BinGrid grid, List<UserUsage> users, long jobsCounted, long jobsSkipped) {

  /** Sum over users of one observable's total, in unit-hours. */
  public double totalHours(Observable o) {
    double sum = 0;
    for (UserUsage u : users) {
      sum += u.totalHours(o);
    }
    return sum;
  }
}
