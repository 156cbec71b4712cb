package org.librarian.slurm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A scrontab schedule as Slurm shows it ({@code CrontabSpec="*&#47;10 * * * *"}), for the times a
 * collector runs. Understood: minute and hour fields of {@code *}, {@code *&#47;N}, {@code N},
 * {@code A-B} and lists of those, with day of month, month and day of week {@code *}; anything else
 * is not understood (null), and the caller keeps its configured interval.
 */
public final class CronSpec {
  private final BitSet minutes;
  private final BitSet hours;

  private CronSpec(BitSet minutes, BitSet hours) {
    this.minutes = minutes;
    this.hours = hours;
  }

  /** The schedule, or null when it is not one this class understands. */
  public static CronSpec parse(String spec) {
    if (spec == null) {
      return null;
    }
    String[] f = spec.strip().replace("\"", "").split("\\s+");
    if (f.length != 5 || !f[2].equals("*") || !f[3].equals("*") || !f[4].equals("*")) {
      return null;
    }
    BitSet minutes = field(f[0], 60);
    BitSet hours = field(f[1], 24);
    return minutes == null || hours == null || minutes.isEmpty() || hours.isEmpty() ? null : new CronSpec(minutes, hours);
  }

  private static BitSet field(String text, int size) {
    BitSet set = new BitSet(size);
    for (String part : text.split(",")) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = number(part.substring(slash + 1), 1, size);
        range = part.substring(0, slash);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = 0;
        to = size - 1;
      } else if (range.contains("-")) {
        from = number(range.substring(0, range.indexOf('-')), 0, size - 1);
        to = number(range.substring(range.indexOf('-') + 1), 0, size - 1);
      } else {
        from = number(range, 0, size - 1);
        to = slash >= 0 ? size - 1 : from;
      }
      if (from < 0 || to < from || step < 1) {
        return null;
      }
      for (int v = from; v <= to; v += step) {
        set.set(v);
      }
    }
    return set;
  }

  private static int number(String text, int min, int max) {
    try {
      int v = Integer.parseInt(text);
      return v >= min && v <= max ? v : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The longest time between two runs over a day: what "three intervals late" is measured in. */
  public Duration longestGap() {
    int previous = -1;
    int first = -1;
    int longest = 0;
    for (int t = 0; t < 24 * 60; t++) {
      if (hours.get(t / 60) && minutes.get(t % 60)) {
        if (previous >= 0) {
          longest = Math.max(longest, t - previous);
        } else {
          first = t;
        }
        previous = t;
      }
    }
    longest = Math.max(longest, first + 24 * 60 - previous);
    return Duration.ofMinutes(longest);
  }

  /** The first time after {@code after} (a whole minute, in {@code zone}) that the schedule fires. */
  public Instant next(Instant after, ZoneId zone) {
    ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    for (int i = 0; i <= 2 * 24 * 60; i++, t = t.plusMinutes(1)) {
      if (hours.get(t.getHour()) && minutes.get(t.getMinute())) {
        return t.toInstant();
      }
    }
    return after.plus(longestGap());
  }
}
