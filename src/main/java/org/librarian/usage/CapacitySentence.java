package org.librarian.usage;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The answer to "would a bigger limit help?" in one sentence, for one resource: the period it
 * covers (the whole hours counted, in the zone), the smallest candidate limit under which the
 * waiting work would have fit in at least 95 % of the hours it waited, the resource-hours that
 * limit would have left idle, and who held the most while work waited. Numbers with thousands
 * separators and units.
 */
public final class CapacitySentence {
  /** The share of the waiting hours a limit must make room in to be named. */
  static final double ROOM = 0.95;

  private CapacitySentence() {}

  /**
   * @param c the plan of one resource
   * @param firstHour the start of the first whole hour counted (epoch seconds)
   * @param lastHourEnd the end of the last whole hour counted (epoch seconds)
   */
  public static String of(
      CapacityPlanner.Capacity c, long firstHour, long lastHourEnd, ZoneId given) {
    String unit = c.resource().unit();
    String hourUnit = hourUnit(c.resource());
    StringBuilder s = new StringBuilder();
    s.append("From ")
        .append(UsageSummary.when(firstHour, given))
        .append(" to ")
        .append(UsageSummary.when(lastHourEnd, given))
        .append(" (")
        .append(whole(c.hours()))
        .append(c.hours() == 1 ? " whole hour): " : " whole hours): ");
    if (c.hoursWaiting() == 0) {
      return s.append("no work waited for the limit of ")
          .append(whole(c.limit()))
          .append(' ')
          .append(unit)
          .append(", so a bigger limit would not have helped.")
          .toString();
    }
    CapacityPlanner.Candidate pick = null;
    for (CapacityPlanner.Candidate k : c.candidates()) {
      if (k.roomShare() != null && k.roomShare() >= ROOM) {
        pick = k;
        break;
      }
    }
    String waited = whole(c.hoursWaiting()) + (c.hoursWaiting() == 1 ? " hour" : " hours");
    if (pick != null && pick.limit() <= c.limit()) {
      CapacityPlanner.Candidate today = pick;
      for (CapacityPlanner.Candidate k : c.candidates()) {
        if (k.limit() == (long) Math.ceil(c.limit())) {
          today = k;
        }
      }
      s.append("the limit of ")
          .append(whole(c.limit()))
          .append(' ')
          .append(unit)
          .append(" already had room for all waiting work in ")
          .append(Math.round(100 * today.roomShare()))
          .append(" % of the ")
          .append(waited)
          .append(" it waited, so the work waited for another of its limits");
    } else if (pick == null) {
      s.append("work waited for the limit in ")
          .append(waited)
          .append("; none of the limits weighed would have made room for it in 95 % of them");
    } else {
      long change = Math.round(100 * (pick.limit() - c.limit()) / c.limit());
      s.append("with ")
          .append(whole(pick.limit()))
          .append(' ')
          .append(unit)
          .append(" (")
          .append(change > 0 ? "+" : "")
          .append(change)
          .append(" %), all waiting work would have fit in ")
          .append(Math.round(100 * pick.roomShare()))
          .append(" % of the ")
          .append(waited)
          .append(" it waited; ")
          .append(whole(pick.idleHours()))
          .append(' ')
          .append(hourUnit)
          .append(" of that limit would have sat idle");
    }
    if (!c.holders().isEmpty()) {
      CapacityPlanner.Holder top = c.holders().get(0);
      s.append(". While work waited, ")
          .append(top.user())
          .append(" held ")
          .append(Math.round(100 * top.share()))
          .append(" % of the ")
          .append(unit)
          .append(" in use");
    }
    return s.append(". A first-order estimate: work that starts sooner changes the hours after it.")
        .toString();
  }

  static String hourUnit(Observable o) {
    return switch (o) {
      case NCPUS -> "CPU-hours";
      case NGPUS -> "GPU-hours";
      case MEMORY -> "GB-hours";
      case NJOBS -> "job-hours";
    };
  }

  /** A whole number with thousands separators: 4,100. */
  static String whole(double v) {
    return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT))
        .format(Math.round(v));
  }
}
