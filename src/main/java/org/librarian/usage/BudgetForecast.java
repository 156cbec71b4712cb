package org.librarian.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * "When does the budget run out?" for one TRES of a {@code GrpTRESMins} budget: Slurm's limit and
 * used value (TRES-minutes), and the rate at which the used value grows.
 *
 * <p>The rate is the least-squares slope of the used value over the samples of the last 7 days
 * ({@code now − 7 d < at <= now}), in TRES-minutes per day, once they span at least 24 h (basis
 * {@code sampled}): a fit over every sample, so one sample taken just before or after Slurm's
 * periodic refresh (every {@code PriorityCalcPeriod}) does not tilt it as it would the
 * first-to-last difference. Before that, the caller's estimate (the QoS's own usage × its {@code
 * UsageFactor}, see {@link #estimatedRate}) with basis {@code estimated}; without one, no rate and
 * basis {@code none}. {@code runs_out} is the date, in the zone, at which used reaches the limit at
 * that rate: today when nothing is left, null when the rate is unknown or not positive. No I/O.
 */
public final class BudgetForecast {
  private static final double DAY = 86_400;
  private static final Duration KEPT = Duration.ofDays(7);
  private static final Duration ENOUGH = Duration.ofHours(24);

  /** Beyond this a run-out date says nothing (about 30,000 years). */
  private static final double FAR_SECONDS = 1e12;

  private BudgetForecast() {}

  /** Slurm's used value of one TRES at one instant, TRES-minutes. */
  public record Sample(Instant at, long usedMinutes) {}

  /**
   * @param tres Slurm's TRES name: {@code cpu}, {@code gres/gpu}, {@code billing}, ...
   * @param leftMinutes limit − used, never below 0
   * @param usedShare used / limit (above 1 when Slurm let running jobs go past it)
   * @param rateMinutesPerDay TRES-minutes per day, or null when unknown
   * @param runsOut the date in the zone, or null
   * @param basis {@code sampled}, {@code estimated} or {@code none}
   */
  public record Budget(
      String tres,
      long limitMinutes,
      long usedMinutes,
      long leftMinutes,
      double usedShare,
      Double rateMinutesPerDay,
      LocalDate runsOut,
      String basis) {}

  public static Budget forecast(
      String tres,
      long limitMinutes,
      long usedMinutes,
      List<Sample> samples,
      Double estimatedMinutesPerDay,
      Instant now,
      ZoneId zone) {
    if (limitMinutes <= 0) {
      throw new IllegalArgumentException(
          "a budget's limit must be positive, not " + limitMinutes + " minutes");
    }
    long left = Math.max(0, limitMinutes - usedMinutes);
    Double rate = sampledRate(samples, now);
    String basis = "sampled";
    if (rate == null) {
      rate = estimatedMinutesPerDay;
      basis = rate == null ? "none" : "estimated";
    }
    LocalDate runsOut = null;
    if (left == 0) {
      runsOut = LocalDate.ofInstant(now, zone);
    } else {
      Instant at = runsOutAt(left, rate, now);
      runsOut = at == null ? null : LocalDate.ofInstant(at, zone);
    }
    return new Budget(
        tres,
        limitMinutes,
        usedMinutes,
        left,
        usedMinutes / (double) limitMinutes,
        rate,
        runsOut,
        basis);
  }

  /**
   * The instant the used value reaches the limit: {@code now} + left ÷ rate days (rounded up to a
   * second); null when the rate is unknown, not positive, or puts it beyond about 30,000 years.
   */
  public static Instant runsOutAt(long leftMinutes, Double rate, Instant now) {
    if (rate == null || !(rate > 0)) {
      return null;
    }
    double seconds = leftMinutes / rate * DAY;
    return seconds < FAR_SECONDS ? now.plusSeconds((long) Math.ceil(seconds)) : null;
  }

  /**
   * The least-squares slope over the last 7 days' samples, TRES-minutes per day; null when they
   * span under 24 h.
   */
  static Double sampledRate(List<Sample> samples, Instant now) {
    List<Sample> kept = kept(samples, now);
    if (kept.size() < 2) {
      return null;
    }
    long first = kept.stream().mapToLong(s -> s.at().getEpochSecond()).min().getAsLong();
    long last = kept.stream().mapToLong(s -> s.at().getEpochSecond()).max().getAsLong();
    if (last - first < ENOUGH.getSeconds()) {
      return null;
    }
    double mx = 0;
    double my = 0;
    for (Sample s : kept) {
      mx += (s.at().getEpochSecond() - first) / DAY;
      my += s.usedMinutes();
    }
    mx /= kept.size();
    my /= kept.size();
    double sxy = 0;
    double sxx = 0;
    for (Sample s : kept) {
      double dx = (s.at().getEpochSecond() - first) / DAY - mx;
      sxy += dx * (s.usedMinutes() - my);
      sxx += dx * dx;
    }
    return sxy / sxx;
  }

  /** The samples of the last 7 days ({@code now − 7 d < at <= now}), oldest first. */
  public static List<Sample> kept(List<Sample> samples, Instant now) {
    Instant from = now.minus(KEPT);
    List<Sample> kept = new ArrayList<>();
    for (Sample s : samples) {
      if (s.at().isAfter(from) && !s.at().isAfter(now)) {
        kept.add(s);
      }
    }
    kept.sort(java.util.Comparator.comparing(Sample::at));
    return List.copyOf(kept);
  }

  /**
   * The rate before a day of samples: the QoS's own usage of this TRES in the window, in unit-hours
   * (e.g. CPU-hours), × 60 minutes × the QoS's {@code UsageFactor}, per day of the window covered.
   */
  public static double estimatedRate(double unitHours, Duration covered, double usageFactor) {
    if (covered.isZero() || covered.isNegative()) {
      throw new IllegalArgumentException("the usage must cover a positive time, not " + covered);
    }
    return unitHours * 60 * usageFactor / (covered.getSeconds() / DAY);
  }
}
