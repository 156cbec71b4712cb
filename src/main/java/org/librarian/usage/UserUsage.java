package org.librarian.usage;

/**
 * One user's usage over a {@link BinGrid}: per observable, the average in use in each bin (CPUs,
 * GPUs, GB, jobs; unrounded) and the exact total over the window in unit-hours (CPU-hours,
 * GPU-hours, GB-hours, job-hours).
 */
public record UserUsage(String user, double[][] series, double[] totalHours) {

  public double[] series(Observable o) {
    return series[o.ordinal()];
  }

  public double totalHours(Observable o) {
    return totalHours[o.ordinal()];
  }
}
