package org.librarian.slurm;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.librarian.usage.JobRecord;

/**
 * Reads sacct's Submit/Start/End: epoch seconds (with {@code SLURM_TIME_FORMAT=%s}), ISO local
 * times ({@code 2025-09-12T14:06:12}, read in the given zone; a repeated hour at a DST change takes
 * the earlier offset), ISO times with an offset, and {@code Unknown}/{@code None}/empty as unknown.
 */
public final class SlurmTime {
  private SlurmTime() {}

  /** Epoch seconds, or {@link JobRecord#UNKNOWN}; throws DateTimeException for anything else. */
  public static long parse(String text, ZoneId zone) {
    String s = text.strip();
    if (s.isEmpty() || s.equals("Unknown") || s.equals("None") || s.equals("N/A")) {
      return JobRecord.UNKNOWN;
    }
    if (allDigits(s)) {
      long v = Long.parseLong(s);
      // Slurm prints 0 for "never" in epoch form, where it would print Unknown otherwise.
      return v == 0 ? JobRecord.UNKNOWN : v;
    }
    try {
      if (s.length() == 19 && s.charAt(10) == 'T') {
        LocalDateTime local =
            LocalDateTime.of(
                digits(s, 0, 4),
                digits(s, 5, 7),
                digits(s, 8, 10),
                digits(s, 11, 13),
                digits(s, 14, 16),
                digits(s, 17, 19));
        return ZonedDateTime.ofLocal(local, zone, null).toEpochSecond();
      }
      return OffsetDateTime.parse(s).toEpochSecond();
    } catch (RuntimeException e) {
      throw new DateTimeException("'" + s + "' is not a time (epoch seconds or ISO-8601)");
    }
  }

  private static boolean allDigits(String s) {
    if (s.length() > 18) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException(s);
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /**
   * A duration as sacct prints TotalCPU, UserCPU or Elapsed: {@code [D-][HH:]MM:SS[.mmm]} ({@code
   * 1-02:03:04}, {@code 02:03:04.500}, {@code 03:04.057}), in milliseconds; {@link
   * JobRecord#UNKNOWN} when empty. Throws NumberFormatException for anything else.
   */
  public static long durationMillis(String text) {
    long fast = text == null ? NOT_PLAIN : plainDurationMillis(text);
    if (fast != NOT_PLAIN) {
      return fast;
    }
    String s = text == null ? "" : text.strip();
    if (s.isEmpty()) {
      return JobRecord.UNKNOWN;
    }
    long days = 0;
    int dash = s.indexOf('-');
    if (dash >= 0) {
      days = Long.parseLong(s.substring(0, dash));
      s = s.substring(dash + 1);
    }
    String[] parts = s.split(":", -1);
    if (parts.length < 2 || parts.length > 3 || (dash >= 0 && parts.length != 3)) {
      throw new NumberFormatException(
          "'" + text + "' is not a duration such as 1-02:03:04 or 03:04.057");
    }
    long hours = parts.length == 3 ? Long.parseLong(parts[0]) : 0;
    long minutes = Long.parseLong(parts[parts.length - 2]);
    String sec = parts[parts.length - 1];
    int dot = sec.indexOf('.');
    long seconds = Long.parseLong(dot < 0 ? sec : sec.substring(0, dot));
    long millis = 0;
    if (dot >= 0) {
      String frac = (sec.substring(dot + 1) + "000").substring(0, 3);
      millis = Long.parseLong(frac);
    }
    if (days < 0 || hours < 0 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) {
      throw new NumberFormatException(
          "'" + text + "' is not a duration such as 1-02:03:04 or 03:04.057");
    }
    return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000 + millis;
  }

  private static final long NOT_PLAIN = Long.MIN_VALUE;

  /**
   * The usual forms of {@link #durationMillis} ({@code [D-][HH:]MM:SS[.mmm]}, digits only, no
   * blanks) read in one pass without splitting: it runs for every row and step of a centre's month;
   * {@link #NOT_PLAIN} for anything else (blanks, an out-of-range field, a malformed text), which
   * then goes the long way and its checks.
   */
  private static long plainDurationMillis(String s) {
    int n = s.length();
    long[] fields = new long[3];
    int k = 0;
    long days = 0;
    boolean hasDays = false;
    long value = 0;
    int digits = 0;
    int i = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits > 9) {
          return NOT_PLAIN;
        }
        value = value * 10 + (c - '0');
      } else if (digits == 0) {
        return NOT_PLAIN;
      } else if (c == '-' && !hasDays && k == 0) {
        days = value;
        hasDays = true;
        value = 0;
        digits = 0;
      } else if (c == ':' && k < 2) {
        fields[k++] = value;
        value = 0;
        digits = 0;
      } else if (c == '.' && k >= 1) {
        break;
      } else {
        return NOT_PLAIN;
      }
    }
    if (digits == 0) {
      return NOT_PLAIN;
    }
    fields[k++] = value;
    if (k < 2 || (hasDays && k != 3)) {
      return NOT_PLAIN;
    }
    long millis = 0;
    int taken = 0;
    for (int j = i + 1; j < n; j++) {
      char c = s.charAt(j);
      if (c < '0' || c > '9') {
        return NOT_PLAIN;
      }
      if (taken < 3) {
        millis = millis * 10 + (c - '0');
        taken++;
      }
    }
    for (; taken < 3; taken++) {
      millis *= 10;
    }
    long hours = k == 3 ? fields[0] : 0;
    long minutes = fields[k - 2];
    long seconds = fields[k - 1];
    if (minutes > 59 || seconds > 59) {
      return NOT_PLAIN;
    }
    return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000 + millis;
  }
}
