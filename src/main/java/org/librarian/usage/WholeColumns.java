package org.librarian.usage;

import java.util.Arrays;

/**
 * Growable columns of whole numbers, each costing 4 bytes a value while every value set in it fits
 * an int, and 8 from the first one that does not: that column alone then widens to longs, once, as
 * {@link UsageBinner}'s bins do. Every value reads back exactly as set, {@link JobRecord#UNKNOWN}
 * included: while a column is narrow it keeps UNKNOWN as {@link Integer#MIN_VALUE}, so that number
 * itself is one that widens the column. The columns do not know how many values they hold; their
 * owner does. One object for all of a family's columns, as a family may hold only a job or two.
 */
final class WholeColumns {
  /** How {@link JobRecord#UNKNOWN} (Long.MIN_VALUE) is kept in a narrow column. */
  private static final int NARROW_UNKNOWN = Integer.MIN_VALUE;

  /** By column, null once that column is wide. */
  private final int[][] narrow;

  /** By column, null while that column is narrow; the whole is null while every column is. */
  private long[][] wide;

  /** {@code columns} narrow columns of {@code capacity} zeros each. */
  WholeColumns(int columns, int capacity) {
    narrow = new int[columns][capacity];
  }

  /** Sets value i (i below the capacity) of a column, widening the column if the value needs it. */
  void set(int column, int i, long value) {
    int[] n = narrow[column];
    if (n == null) {
      wide[column][i] = value;
    } else if (value == JobRecord.UNKNOWN) {
      n[i] = NARROW_UNKNOWN;
    } else if (value == (int) value && value != NARROW_UNKNOWN) {
      n[i] = (int) value;
    } else {
      widen(column)[i] = value;
    }
  }

  long get(int column, int i) {
    int[] n = narrow[column];
    if (n == null) {
      return wide[column][i];
    }
    int v = n[i];
    return v == NARROW_UNKNOWN ? JobRecord.UNKNOWN : v;
  }

  /** Room for {@code capacity} values in every column, the first ones kept. */
  void grow(int capacity) {
    for (int c = 0; c < narrow.length; c++) {
      if (narrow[c] != null) {
        narrow[c] = Arrays.copyOf(narrow[c], capacity);
      } else {
        wide[c] = Arrays.copyOf(wide[c], capacity);
      }
    }
  }

  /** Whether a column's values take 8 bytes (one of them did not fit an int). */
  boolean wide(int column) {
    return narrow[column] == null;
  }

  private long[] widen(int column) {
    int[] n = narrow[column];
    long[] w = new long[n.length];
    for (int i = 0; i < n.length; i++) {
      w[i] = n[i] == NARROW_UNKNOWN ? JobRecord.UNKNOWN : n[i];
    }
    if (wide == null) {
      wide = new long[narrow.length][];
    }
    wide[column] = w;
    narrow[column] = null;
    return w;
  }
}
