package org.librarian.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * The time bins of one report: {@code size()} consecutive half-open intervals {@code [edge(i),
 * edge(i + 1))} in epoch seconds, aligned to whole multiples of the resolution on the wall clock of
 * {@code zone} (whole hours for 1 h, local midnights for 1 d), plus the instant "now". A bin that
 * contains now is the current, partial bin; bins after now hold no usage.
 */
public final class BinGrid {
  private static final long DAY = 86_400;

  private final long[] edges;
  private final long now;
  private final ZoneId zone;
  private final long resolutionSeconds;
  private final boolean uniform;

  private BinGrid(long[] edges, long now, ZoneId zone, long resolutionSeconds) {
    this.edges = edges;
    this.now = now;
    this.zone = zone;
    this.resolutionSeconds = resolutionSeconds;
    boolean same = true;
    for (int i = 0; i + 1 < edges.length && same; i++) {
      same = edges[i + 1] - edges[i] == resolutionSeconds;
    }
    this.uniform = same;
  }

  /**
   * The rolling window: bins of {@code resolution} ending at the first aligned boundary at or after
   * {@code now}, covering {@code window} (a whole multiple of the resolution).
   */
  public static BinGrid rolling(Instant now, Duration window, Duration resolution, ZoneId zone) {
    long res = checkResolution(resolution);
    long win = window.getSeconds();
    if (win <= 0 || win % res != 0) {
      throw new IllegalArgumentException(
          "the window ("
              + window
              + ") must be a positive whole multiple of the resolution ("
              + resolution
              + ")");
    }
    int count = Math.toIntExact(win / res);
    long[] edges = new long[count + 1];
    edges[count] = ceil(now.getEpochSecond(), res, zone);
    for (int i = count - 1; i >= 0; i--) {
      edges[i] = previous(edges[i + 1], res, zone);
    }
    return new BinGrid(edges, now.getEpochSecond(), zone, res);
  }

  /** A fixed range for backfills: from {@code start} (aligned down) to {@code end} (aligned up). */
  public static BinGrid fixed(
      Instant start, Instant end, Instant now, Duration resolution, ZoneId zone) {
    long res = checkResolution(resolution);
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "the end (" + end + ") must be after the start (" + start + ")");
    }
    long first = floor(start.getEpochSecond(), res, zone);
    long last = ceil(end.getEpochSecond(), res, zone);
    int count = 0;
    for (long t = first; t < last; t = next(t, res, zone)) {
      count++;
    }
    long[] edges = new long[count + 1];
    edges[0] = first;
    for (int i = 1; i <= count; i++) {
      edges[i] = next(edges[i - 1], res, zone);
    }
    return new BinGrid(edges, now.getEpochSecond(), zone, res);
  }

  private static long checkResolution(Duration resolution) {
    long res = resolution.getSeconds();
    boolean dividesDay = res > 0 && res <= DAY && DAY % res == 0;
    boolean wholeDays = res > 0 && res % DAY == 0;
    if (!dividesDay && !wholeDays) {
      throw new IllegalArgumentException(
          "the resolution ("
              + resolution
              + ") must divide a day (e.g. 15m, 1h, 6h) or be whole days");
    }
    return res;
  }

  private static long wallClock(long epoch, ZoneId zone) {
    return epoch + zone.getRules().getOffset(Instant.ofEpochSecond(epoch)).getTotalSeconds();
  }

  private static long ceil(long epoch, long res, ZoneId zone) {
    if (res >= DAY) {
      long f = floor(epoch, res, zone);
      return f == epoch ? f : next(f, res, zone);
    }
    long r = Math.floorMod(wallClock(epoch, zone), res);
    return r == 0 ? epoch : epoch + (res - r);
  }

  private static long floor(long epoch, long res, ZoneId zone) {
    if (res >= DAY) {
      ZonedDateTime day = Instant.ofEpochSecond(epoch).atZone(zone).truncatedTo(ChronoUnit.DAYS);
      return day.toEpochSecond();
    }
    return epoch - Math.floorMod(wallClock(epoch, zone), res);
  }

  private static long next(long edge, long res, ZoneId zone) {
    return step(edge, res, zone, 1);
  }

  private static long previous(long edge, long res, ZoneId zone) {
    return step(edge, res, zone, -1);
  }

  /** One bin forward ({@code sign} 1) or back (-1); a bin of days steps calendar days. */
  private static long step(long edge, long res, ZoneId zone, int sign) {
    if (res >= DAY) {
      return Instant.ofEpochSecond(edge)
          .atZone(zone)
          .plusDays(sign * (res / DAY))
          .truncatedTo(ChronoUnit.DAYS)
          .toEpochSecond();
    }
    return edge + sign * res;
  }

  /** Number of bins. */
  public int size() {
    return edges.length - 1;
  }

  /** Start of bin {@code i} (epoch seconds); {@code edge(size())} is the end of the last bin. */
  public long edge(int i) {
    return edges[i];
  }

  public long start() {
    return edges[0];
  }

  public long end() {
    return edges[edges.length - 1];
  }

  /** The instant usage is counted up to (epoch seconds). */
  public long now() {
    return now;
  }

  public ZoneId zone() {
    return zone;
  }

  /** Nominal bin length in seconds (calendar-day bins may be 23 or 25 h long across DST). */
  public long resolutionSeconds() {
    return resolutionSeconds;
  }

  /** Whether every bin is {@link #resolutionSeconds()} long (not so for days across DST). */
  public boolean uniform() {
    return uniform;
  }

  /** Index of the bin containing {@code t}, for {@code start() <= t < end()}. */
  public int binOf(long t) {
    if (uniform) {
      return (int) ((t - edges[0]) / resolutionSeconds);
    }
    int i = Arrays.binarySearch(edges, t);
    return i >= 0 ? i : -i - 2;
  }

  /**
   * Seconds a bin's summed usage is divided by to give its average: the bin's length, or for the
   * bin that contains now, the seconds elapsed in it; 0 for bins that start at or after now.
   */
  public long divisor(int i) {
    long from = edges[i];
    long to = Math.min(edges[i + 1], now);
    return Math.max(0, to - from);
  }
}
