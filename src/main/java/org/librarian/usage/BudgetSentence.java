package org.librarian.usage;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
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

  private BudgetSentence() {}

  /**
   * @param kept the samples the rate may come from (the last 7 days)
   * @param from the start of the usage an estimate came from (epoch seconds)
   * @param to its end (epoch seconds)
   */
  public static String of(
      BudgetForecast.Budget b,
      List<BudgetForecast.Sample> kept,
      long from,
      long to,
      double usageFactor,
      ZoneId given) {
    ZoneId zone = given.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : given;
    String unit = unit(b.tres());
    String budget = whole(b.limitMinutes()) + " " + unit + "-minute budget";
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
