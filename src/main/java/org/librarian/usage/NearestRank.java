package org.librarian.usage;

import java.util.Arrays;

/**
 * Nearest-rank percentiles: the p-th percentile of n sorted values is the value at rank ⌈p × n⌉
 * (counted from 1), so it is always one of the values; the median (p = 0.5) of 4 values is the 2nd,
 * the 95th percentile of 10 values the 10th, of 20 values the 19th.
 */
final class NearestRank {
  private NearestRank() {}

  /** The p-th percentile (0 < p ≤ 1) of the values gathered, or null when there are none. */
  static Double of(Doubles values, double p) {
    if (values.n == 0) {
      return null;
    }
    // Arrays.sort orders doubles as Double.compareTo does, so the rank picks the same value.
    return values.sorted()[index(p, values.n)];
  }

  /**
   * Where the p-th percentile (0 < p ≤ 1) of {@code n} sorted values lies: rank ⌈p × n⌉, from 0.
   */
  static int index(double p, int n) {
    return Math.max((int) Math.ceil(p * n), 1) - 1;
  }

  /**
   * The same for whole numbers gathered as doubles (KiB, seconds, CPUs: exact below 2^53, and
   * ordered as the numbers are); -1 when there are none.
   */
  static long ofWhole(Doubles values, double p) {
    Double v = of(values, p);
    return v == null ? -1 : (long) (double) v;
  }

  /**
   * Numbers gathered one by one for a percentile, unboxed: a centre's month gathers several per
   * job, a million jobs, and boxed they were a large part of the heap the collector copied. Empty
   * until the first number (many never get one), then 4, then 1.5 times larger each time.
   */
  static final class Doubles {
    private static final double[] NONE = {};
    private double[] v = NONE;
    private int n;

    void add(double x) {
      if (n == v.length) {
        v = Arrays.copyOf(v, Math.max(4, n + (n >> 1)));
      }
      v[n++] = x;
    }

    void addAll(Doubles other) {
      for (int i = 0; i < other.n; i++) {
        add(other.v[i]);
      }
    }

    int size() {
      return n;
    }

    /** The numbers gathered, ascending (a copy). */
    double[] sorted() {
      double[] sorted = Arrays.copyOf(v, n);
      Arrays.sort(sorted);
      return sorted;
    }
  }
}
