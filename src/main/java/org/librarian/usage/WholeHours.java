package org.librarian.usage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exact usage per whole hour of a window, per name (a user, or a reason class such as {@code
 * qos_limit}): unit-seconds in each hour (CPU-seconds, GPU-seconds, KiB-seconds of memory).
 *
 * <p>A whole hour is an hour of the grid's wall clock, {@code [h, h + 3600 s)} in epoch seconds,
 * that lies inside the grid and ends at or before now: the hour that contains now (partial) and the
 * hours after it are left out; an hour ending exactly at now counts. Bins shorter than an hour that
 * divide it (15 min, 30 min) are summed into their hours; bins longer than an hour cannot be split.
 *
 * @param hourStarts the start of each whole hour, epoch seconds, ascending
 * @param byName per name, its unit-seconds in each whole hour (index as {@code hourStarts})
 */
public record WholeHours(long[] hourStarts, Map<String, long[]> byName) {
  private static final long HOUR = 3600;

  /** Below 2^51 an average times its divisor rounds back to the binner's exact integer sum. */
  private static final double EXACT_BOUND = (double) (1L << 51);

  /** Whether the grid's bins divide an hour, so that whole hours can be read from it. */
  public static boolean supports(BinGrid grid) {
    long res = grid.resolutionSeconds();
    return res > 0 && res <= HOUR && HOUR % res == 0;
  }

  /**
   * The whole hours of a report, exact. {@link UserUsage#series} holds each bin's unrounded average
   * (the binner's exact integer sum divided by the bin's length, once), so multiplying back and
   * rounding gives the integer sum exactly while it stays below 2^51 unit-seconds per bin.
   *
   * @throws IllegalArgumentException when the grid's bins do not divide an hour
   * @throws ArithmeticException when a bin's sum is too large to recover exactly
   */
  public static WholeHours of(UsageReport report, Observable o) {
    BinGrid grid = report.grid();
    if (!supports(grid)) {
      throw new IllegalArgumentException(
          "whole hours need bins that divide an hour, not " + grid.resolutionSeconds() + " s");
    }
    int perHour = (int) (HOUR / grid.resolutionSeconds());
    double scale = o == Observable.MEMORY ? 1024.0 * 1024.0 : 1.0;
    int[] firstBin = new int[grid.size()];
    int hours = 0;
    for (int i = 0; i + perHour <= grid.size(); ) {
      long start = grid.edge(i);
      boolean aligned = Math.floorMod(wallClock(start, grid), HOUR) == 0;
      if (aligned
          && grid.edge(i + perHour) - start == HOUR
          && grid.edge(i + perHour) <= grid.now()) {
        firstBin[hours++] = i;
        i += perHour;
      } else {
        i++;
      }
    }
    long[] starts = new long[hours];
    for (int h = 0; h < hours; h++) {
      starts[h] = grid.edge(firstBin[h]);
    }
    Map<String, long[]> byName = new LinkedHashMap<>();
    for (UserUsage u : report.users()) {
      double[] series = u.series(o);
      long[] sums = new long[hours];
      for (int h = 0; h < hours; h++) {
        for (int b = firstBin[h]; b < firstBin[h] + perHour; b++) {
          double seconds = series[b] * grid.divisor(b) * scale;
          if (!(Math.abs(seconds) < EXACT_BOUND)) {
            throw new ArithmeticException(
                o.unit() + " of " + u.user() + " in one bin too large to recover exactly");
          }
          sums[h] = Math.addExact(sums[h], Math.round(seconds));
        }
      }
      byName.put(u.user(), sums);
    }
    return new WholeHours(starts, byName);
  }

  private static long wallClock(long epoch, BinGrid grid) {
    return epoch + grid.zone().getRules().getOffset(Instant.ofEpochSecond(epoch)).getTotalSeconds();
  }

  /** Number of whole hours. */
  public int size() {
    return hourStarts.length;
  }

  /** The series of one name, or zeros when the name had none. */
  public long[] of(String name) {
    long[] s = byName.get(name);
    return s != null ? s : new long[hourStarts.length];
  }
}
