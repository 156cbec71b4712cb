package org.librarian.usage;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * "When does the budget run out?" in one sentence for one TRES: the rate with its unit and the
 * period it covers (the samples' first and last instants, or the window the estimate came from),
 * the budget, what is left, and the run-out date with its zone.
 */
public final class BudgetSentence {
  /** Said of a QoS without Slurm's NoDecay flag. */
  public static final String DECAY =
      "The QoS lacks Slurm's NoDecay flag: Slurm decays its used value with PriorityDecayHalfLife"
          + " (and resets it per PriorityUsageResetPeriod), so at a steady use the used value grows"
          + " more slowly than this straight line: the forecast is an upper bound of use, and the"
          + " budget runs out no sooner than the date given.";

  /** Said when the QoS's flags are not known (a replay). */
  public static final String DECAY_UNKNOWN =
      "Whether the QoS has Slurm's NoDecay flag is not known here: without it, Slurm decays the used"
          + " value with PriorityDecayHalfLife (and resets it per PriorityUsageResetPeriod), and the"
          + " forecast is an upper bound of use.";

  /**
   * How the controller decays budgets' used values ({@code scontrol show config}).
   *
   * @param halfLife {@code PriorityDecayHalfLife} (zero: no decay)
   * @param resetPeriod {@code PriorityUsageResetPeriod} as printed ({@code NONE}, {@code MONTHLY},
   *     ...), or null when not printed
   */
  public record Decay(Duration halfLife, String resetPeriod) {}

  private BudgetSentence() {}

  /**
   * What the decay does to the forecast. A QoS with NoDecay: nothing to say; flags unknown (a
   * replay): {@link #DECAY_UNKNOWN}; {@code account}'s budget (an association, which has no NoDecay
   * flag) or a QoS without NoDecay: the half-life and reset period when {@code decay} is known,
   * else {@link #DECAY} (for a QoS).
   *
   * @param account the account whose budget it is, or null for the QoS's
   */
  public static String decay(String account, Boolean noDecay, Decay decay) {
    if (account == null && noDecay == null) {
      return DECAY_UNKNOWN;
    }
    if (account == null && noDecay) {
      return "";
    }
    String lacks = account == null ? "The QoS lacks Slurm's NoDecay flag: " : "";
    String whose = account == null ? "its" : "the " + account + " account's";
    if (decay == null || decay.halfLife() == null) {
      return account == null
          ? DECAY
          : "Slurm decays "
              + whose
              + " used value with PriorityDecayHalfLife (and resets it per"
              + " PriorityUsageResetPeriod), so the forecast is an upper bound of use, and the budget"
              + " runs out no sooner than the date given.";
    }
    String reset = reset(decay.resetPeriod());
    if (decay.halfLife().isZero()) {
      return lacks
          + "PriorityDecayHalfLife is 0, so Slurm does not decay "
          + whose
          + " used value"
          + (reset.isEmpty() ? "." : "; it " + reset + ".");
    }
    return lacks
        + "Slurm halves "
        + whose
        + " used value every "
        + span(decay.halfLife())
        + " (PriorityDecayHalfLife)"
        + (reset.isEmpty() ? "" : " and " + reset)
        + ", so at a steady use the used value grows more slowly than this straight line: the"
        + " forecast is an upper bound of use, and the budget runs out no sooner than the date"
        + " given.";
  }

  /** {@code MONTHLY} → "resets it to zero at the start of every month (...)"; NONE → "". */
  static String reset(String period) {
    if (period == null || period.isBlank() || period.equalsIgnoreCase("NONE")) {
      return "";
    }
    String every =
        switch (period.toUpperCase(Locale.ROOT)) {
          case "DAILY" -> "day";
          case "WEEKLY" -> "week";
          case "MONTHLY" -> "month";
          case "QUARTERLY" -> "quarter";
          case "YEARLY" -> "year";
          default -> null;
        };
    return every == null
        ? "resets it to zero as PriorityUsageResetPeriod=" + period + " says"
        : "resets it to zero at the start of every " + every + " (PriorityUsageResetPeriod)";
  }

  /** 7 days; 1 day; 36 hours; 1.5 hours; 30 minutes. */
  static String span(Duration d) {
    long s = d.getSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + (s == 86_400 ? " day" : " days");
    }
    if (s >= 3600) {
      String h = rate(s / 3600.0);
      return h + (h.equals("1") ? " hour" : " hours");
    }
    String m = rate(s / 60.0);
    return m + (m.equals("1") ? " minute" : " minutes");
  }

  /**
   * @param account the account whose budget it is, or null for the QoS's
   * @param kept the samples the rate may come from (the last 7 days)
   * @param from the start of the usage an estimate came from (epoch seconds)
   * @param to its end (epoch seconds)
   */
  public static String of(
      String account,
      BudgetForecast.Budget b,
      List<BudgetForecast.Sample> kept,
      long from,
      long to,
      double usageFactor,
      ZoneId given) {
    ZoneId zone = given.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : given;
    String unit = unit(b.tres());
    String budget =
        (account == null ? "" : account + " account's ")
            + whole(b.limitMinutes())
            + " "
            + unit
            + "-minute budget";
    String share = whole(100 * b.usedShare()) + " %";
    if (b.leftMinutes() == 0) {
      return "The "
          + budget
          + " is used up: Slurm counts "
          + whole(b.usedMinutes())
          + " "
          + unit
          + "-minutes used ("
          + share
          + ").";
    }
    if (b.rateMinutesPerDay() == null) {
      return "Slurm counts "
          + whole(b.usedMinutes())
          + " of the "
          + budget
          + " used ("
          + share
          + "); with no rate known yet, there is no run-out date.";
    }
    String period =
        b.basis().equals("sampled")
            ? "Slurm's used value sampled from "
                + UsageSummary.when(kept.get(0).at().getEpochSecond(), zone)
                + " to "
                + UsageSummary.when(kept.get(kept.size() - 1).at().getEpochSecond(), zone)
            : "estimated from the QoS's use from "
                + UsageSummary.when(from, zone)
                + " to "
                + UsageSummary.when(to, zone)
                + " × UsageFactor "
                + rate(usageFactor);
    String s =
        "At "
            + rate(b.rateMinutesPerDay())
            + " "
            + unit
            + "-minutes a day ("
            + period
            + "), the "
            + budget
            + " ("
            + whole(b.leftMinutes())
            + " "
            + unit
            + "-minutes left, "
            + share
            + " used)";
    if (b.runsOut() == null) {
      return s + " does not run out.";
    }
    return s + " runs out on " + b.runsOut() + " (" + zone.getId() + ").";
  }

  /** The unit a TRES is counted in: CPU, GPU, MB (memory), or the TRES's own name. */
  public static String unit(String tres) {
    return switch (tres) {
      case "cpu" -> "CPU";
      case "gres/gpu" -> "GPU";
      case "mem" -> "MB";
      default -> tres;
    };
  }

  /** A whole number with thousands separators: 1,240. */
  static String whole(double v) {
    return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT))
        .format(Math.round(v));
  }

  /** Whole above 10, else one decimal: 1,240; 2.5. */
  static String rate(double v) {
    return Math.abs(v) >= 10
        ? whole(v)
        : new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
  }
}
