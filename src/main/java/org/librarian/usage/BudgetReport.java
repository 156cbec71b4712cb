package org.librarian.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A QoS's {@code GrpTRESMins} budget at one run: per TRES with a limit, Slurm's limit and used
 * value, the forecast ({@link BudgetForecast}), the samples it came from and its sentence. Built
 * from what Slurm printed, the samples kept so far and the report's own usage; no I/O.
 *
 * @param at the run's time, which the figures are as of
 * @param noDecay the QoS has Slurm's {@code NoDecay} flag (its used value is never decayed); null
 *     when not known (a replay)
 * @param usageFactor the QoS's {@code UsageFactor}
 * @param entries one per TRES with a limit, in Slurm's order; never empty
 */
public record BudgetReport(Instant at, Boolean noDecay, double usageFactor, List<Entry> entries) {

  /**
   * One TRES.
   *
   * @param forecast limit, used, left, share, rate, run-out date and basis
   * @param samples the samples of the last 7 days, oldest first (empty for a replay)
   * @param sentence what the figures say, with units, the period the rate covers and the date's
   *     zone
   */
  public record Entry(
      BudgetForecast.Budget forecast, List<BudgetForecast.Sample> samples, String sentence) {}

  public BudgetReport {
    entries = List.copyOf(entries);
  }

  /**
   * The budget of one QoS or account, or null when none of its TRES has a limit. An account's rate
   * comes from the samples alone: its jobs in other QoS are not read, so the QoS's usage is no
   * estimate of it (basis {@code none} until the samples cover 24 h).
   *
   * @param account the account whose budget it is, or null for the QoS's
   * @param slurm the GrpTRESMins as Slurm printed it
   * @param samples per TRES, Slurm's used value at earlier runs (and this one)
   * @param usage the QoS's usage in the window, for the rate before a day of samples
   * @param now the run's time
   * @param decay the controller's half-life and reset period, or null when not known
   */
  public static BudgetReport of(
      String account,
      List<TresMinutes> slurm,
      Map<String, List<BudgetForecast.Sample>> samples,
      Boolean noDecay,
      double usageFactor,
      UsageReport usage,
      Instant now,
      ZoneId zone,
      BudgetSentence.Decay decay) {
    List<Entry> entries = new ArrayList<>();
    BinGrid grid = usage.grid();
    long from = grid.start();
    long to = Math.min(grid.end(), Math.max(grid.start(), now.getEpochSecond()));
    for (TresMinutes t : slurm) {
      if (t.limitMinutes() == null || t.limitMinutes() <= 0) {
        continue;
      }
      List<BudgetForecast.Sample> kept =
          BudgetForecast.kept(samples.getOrDefault(t.tres(), List.of()), now);
      Double unitHours = account == null ? unitHours(t.tres(), usage) : null;
      Double estimate =
          unitHours == null || to <= from
              ? null
              : BudgetForecast.estimatedRate(unitHours, Duration.ofSeconds(to - from), usageFactor);
      BudgetForecast.Budget b =
          BudgetForecast.forecast(
              t.tres(), t.limitMinutes(), t.usedMinutes(), kept, estimate, now, zone);
      String decaySays = BudgetSentence.decay(account, noDecay, decay);
      String sentence =
          BudgetSentence.of(account, b, kept, from, to, usageFactor, zone)
              + (decaySays.isEmpty() ? "" : " " + decaySays);
      entries.add(new Entry(b, kept, sentence));
    }
    return entries.isEmpty() ? null : new BudgetReport(now, noDecay, usageFactor, entries);
  }

  /**
   * The QoS's own use of a TRES in the window in the TRES's unit-hours (CPU-, GPU-hours; memory in
   * MB-hours, as Slurm counts it), or null for a TRES the report does not count (billing, node).
   */
  static Double unitHours(String tres, UsageReport usage) {
    return switch (tres) {
      case "cpu" -> usage.totalHours(Observable.NCPUS);
      case "gres/gpu" -> usage.totalHours(Observable.NGPUS);
      case "mem" -> usage.totalHours(Observable.MEMORY) * 1024;
      default -> null;
    };
  }
}
