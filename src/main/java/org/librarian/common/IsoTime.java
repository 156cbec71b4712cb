package org.librarian.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The one way librarian writes an instant for people and files: ISO-8601 local time with its
 * offset.
 */
public final class IsoTime {
  /**
   * {@code 2026-11-20T12:00:00-05:00}; a numeric offset also for UTC ({@code +00:00}), as the
   * original page expects.
   */
  public static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  private IsoTime() {}

  /**
   * {@link #FORMAT}'s text of the instant in {@code zone}. Years 1000 to 9999 in an offset of whole
   * minutes are written digit by digit (a centre's run writes millions of job ends, and the
   * formatter was a tenth of its report time); any other instant goes through {@link #FORMAT}.
   */
  public static String of(long epochSecond, ZoneId zone) {
    Instant instant = Instant.ofEpochSecond(epochSecond);
    int offset = zone.getRules().getOffset(instant).getTotalSeconds();
    long local = epochSecond + offset;
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(local, 86_400));
    int year = date.getYear();
    if (year < 1000 || year > 9999 || offset % 60 != 0) {
      return FORMAT.format(instant.atZone(zone));
    }
    int second = (int) Math.floorMod(local, 86_400);
    int minutes = Math.abs(offset) / 60;
    char[] c = new char[25];
    digits(c, 0, year, 4);
    c[4] = '-';
    digits(c, 5, date.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, date.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, second / 3600, 2);
    c[13] = ':';
    digits(c, 14, second / 60 % 60, 2);
    c[16] = ':';
    digits(c, 17, second % 60, 2);
    c[19] = offset < 0 ? '-' : '+';
    digits(c, 20, minutes / 60, 2);
    c[22] = ':';
    digits(c, 23, minutes % 60, 2);
    return new String(c);
  }

  public static String of(Instant instant, ZoneId zone) {
    return of(instant.getEpochSecond(), zone);
  }

  /** {@code v} as {@code width} decimal digits at {@code at}. */
  private static void digits(char[] c, int at, int v, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + v % 10);
      v /= 10;
    }
  }
}
