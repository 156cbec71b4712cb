package org.librarian.cli;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import org.librarian.config.ConfigException;

/** Times given on the command line: with an offset, or local to the configured zone. */
final class TimeArguments {
  private TimeArguments() {}

  /**
   * {@code 2026-11-01T12:00:00-04:00}, {@code 2026-11-01T16:00:00Z}, or local {@code
   * 2026-11-01T12:00[:00]}.
   */
  static Instant instant(String option, String text, ZoneId zone) throws ConfigException {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException ignored) {
      // Not with an offset; try a local time.
    }
    try {
      return ZonedDateTime.ofLocal(LocalDateTime.parse(text), zone, null).toInstant();
    } catch (DateTimeException ignored) {
      // Nor a local time; try a date.
    }
    try {
      return LocalDate.parse(text).atStartOfDay(zone).toInstant();
    } catch (DateTimeException e) {
      throw new ConfigException(
          option + ": '" + text + "' is not an ISO-8601 time such as 2026-11-01T12:00:00-04:00");
    }
  }

  /** {@code --now TIME} when given, else the clock's instant to the second. */
  static Instant now(String text, ZoneId zone, Clock clock) throws ConfigException {
    return text != null
        ? instant("--now", text, zone)
        : clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  /** An end of range: a date means through that whole day (up to the next midnight). */
  static Instant rangeEnd(String option, String text, ZoneId zone) throws ConfigException {
    try {
      return LocalDate.parse(text).plusDays(1).atStartOfDay(zone).toInstant();
    } catch (DateTimeException e) {
      return instant(option, text, zone);
    }
  }
}
