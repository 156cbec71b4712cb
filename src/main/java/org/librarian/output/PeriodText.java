package org.librarian.output;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Periods and instants as a person reads them in a title: "1 Nov – 30 Nov 2026 (EST)", "21 Oct
 * 13:00 EDT – 20 Nov 2026 12:00 EST", "20 Nov 2026 12:00 (EST)", in the given zone, with its
 * abbreviation. Within a date or a date and time the spaces are non-breaking, so a title that wraps
 * does so between the two ends, never inside one.
 */
public final class PeriodText {
  /** A space that a line never breaks at. */
  static final char NBSP = '\u00a0';

  private static final DateTimeFormatter DAY = formatter("d MMM");
  private static final DateTimeFormatter DAY_YEAR = formatter("d MMM uuuu");
  private static final DateTimeFormatter TIME = formatter("HH:mm");
  private static final DateTimeFormatter ZONE = formatter("zzz");

  private PeriodText() {}

  /**
   * The period from {@code start} (inclusive) to {@code end} (exclusive), epoch seconds, in {@code
   * zone}. Whole days (both ends at local midnight) read as their first and last day; otherwise
   * each end has its time. The year is written once when both ends share it. One zone abbreviation
   * in brackets at the end, or one after each time when they differ (a daylight-saving change).
   */
  public static String period(long start, long end, ZoneId zone) {
    ZonedDateTime from = Instant.ofEpochSecond(start).atZone(zone);
    ZonedDateTime to = Instant.ofEpochSecond(end).atZone(zone);
    boolean sameYear = from.getYear() == to.getYear();
    if (end > start
        && from.toLocalTime().equals(LocalTime.MIDNIGHT)
        && to.toLocalTime().equals(LocalTime.MIDNIGHT)) {
      LocalDateTime last = to.toLocalDateTime().minusDays(1);
      String zoneName = bracket(to.minusDays(1));
      if (last.toLocalDate().equals(from.toLocalDate())) {
        return nb(DAY_YEAR.format(from)) + NBSP + zoneName;
      }
      boolean lastSameYear = from.getYear() == last.getYear();
      return nb((lastSameYear ? DAY : DAY_YEAR).format(from))
          + " – "
          + nb(DAY_YEAR.format(last))
          + NBSP
          + zoneName;
    }
    String fromZone = ZONE.format(from);
    String toZone = ZONE.format(to);
    boolean oneZone = fromZone.equals(toZone);
    if (from.toLocalDate().equals(to.toLocalDate())) {
      // One day: the date once, before both times.
      return nb(DAY_YEAR.format(from) + " " + TIME.format(from) + (oneZone ? "" : " " + fromZone))
          + " – "
          + nb(TIME.format(to) + " " + (oneZone ? "(" + toZone + ")" : toZone));
    }
    String first = (sameYear ? DAY : DAY_YEAR).format(from) + " " + TIME.format(from);
    String second = DAY_YEAR.format(to) + " " + TIME.format(to);
    return oneZone
        ? nb(first) + " – " + nb(second + " (" + toZone + ")")
        : nb(first + " " + fromZone) + " – " + nb(second + " " + toZone);
  }

  /** One instant, epoch seconds, as "20 Nov 2026 12:00 (EST)" in {@code zone}. */
  public static String instant(long at, ZoneId zone) {
    ZonedDateTime t = Instant.ofEpochSecond(at).atZone(zone);
    return nb(DAY_YEAR.format(t) + " " + TIME.format(t) + " " + bracket(t));
  }

  private static String bracket(ZonedDateTime t) {
    return "(" + ZONE.format(t) + ")";
  }

  private static String nb(String text) {
    return text.replace(' ', NBSP);
  }

  private static DateTimeFormatter formatter(String pattern) {
    return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH);
  }
}
