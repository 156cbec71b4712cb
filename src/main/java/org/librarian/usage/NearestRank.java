package org.librarian.usage;

import java.util.ArrayList;
import java.util.List;

/**
 * Nearest-rank percentiles: the p-th percentile of n sorted values is the value at rank ⌈p × n⌉
 * (counted from 1), so it is always one of the values; the median (p = 0.5) of 4 values is the 2nd,
 * the 95th percentile of 10 values the 10th, of 20 values the 19th.
 */
final class NearestRank {
  private NearestRank() {}

  /** The p-th percentile (0 < p ≤ 1) of the values, or null when there are none. */
  static Double of(List<Double> values, double p) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }

  /** The same for whole numbers; -1 when there are none. */
  static long ofLongs(List<Long> values, double p) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }
}
