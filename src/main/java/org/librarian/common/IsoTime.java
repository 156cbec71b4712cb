package org.librarian.common;

import java.time.Instant;
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

  public static String of(long epochSecond, ZoneId zone) {
    return FORMAT.format(Instant.ofEpochSecond(epochSecond).atZone(zone));
  }

  public static String of(Instant instant, ZoneId zone) {
    return of(instant.getEpochSecond(), zone);
  }
}
