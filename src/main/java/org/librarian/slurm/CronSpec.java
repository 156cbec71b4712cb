package org.librarian.slurm;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;

/**
 * A scrontab schedule as Slurm shows it ({@code CrontabSpec="*&#47;10 * * * *"}), for the times a
 * collector runs, by the rules of crontab(5): five fields (minute 0-59, hour 0-23, day of month
 * 1-31, month 1-12 or JAN-DEC, day of week 0-7 or SUN-SAT, 0 and 7 both Sunday), each {@code *}, a
 * number, a range {@code A-B}, a step {@code *&#47;N}, {@code A-B/N} or {@code A/N} (A to the end),
 * or a list of those; and {@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly},
 * {@code @daily}, {@code @midnight}, {@code @hourly}. When both day of month and day of week are
 * restricted (neither starts with {@code *}), a day matches if either matches; otherwise both must.
 * Times are local to the zone given (the controller's). Anything else, or a schedule that never
 * fires ({@code 0 0 31 2 *}), is not understood (null), and the caller keeps its configured
 * interval.
 */
public final class CronSpec {
  private static final Map<String, String> NICKNAMES =
      Map.of(
          "@yearly",
          "0 0 1 1 *",
          "@annually",
          "0 0 1 1 *",
          "@monthly",
          "0 0 1 * *",
          "@weekly",
          "0 0 * * 0",
          "@daily",
          "0 0 * * *",
          "@midnight",
          "0 0 * * *",
          "@hourly",
          "0 * * * *");
  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  /** Consecutive days searched for a next run: beyond eight years (29 February skips 2100). */
  private static final int SEARCH_DAYS = 8 * 366 + 1;

  /** The minutes of a day it fires at (hour × 60 + minute), of the days it fires on. */
  private final BitSet minutesOfDay;

  private final Days days;

  /**
   * The days it fires on: a month, and a day of month or of week (0 Sunday); {@code any…} when that
   * field is {@code *}.
   */
  private record Days(
      BitSet months,
      BitSet daysOfMonth,
      BitSet daysOfWeek,
      boolean anyDayOfMonth,
      boolean anyDayOfWeek) {
    /** Whether the schedule fires on this day (any of its minutes). */
    boolean firesOn(LocalDate day) {
      if (!months.get(day.getMonthValue())) {
        return false;
      }
      boolean dom = daysOfMonth.get(day.getDayOfMonth());
      boolean dow = daysOfWeek.get(day.getDayOfWeek().getValue() % 7);
      if (!anyDayOfMonth && !anyDayOfWeek) {
        return dom || dow; // both restricted: either one (crontab(5))
      }
      return dom && dow;
    }
  }

  private CronSpec(BitSet minutesOfDay, Days days) {
    this.minutesOfDay = minutesOfDay;
    this.days = days;
  }

  /** The schedule, or null when it is not one this class understands or it never fires. */
  public static CronSpec parse(String spec) {
    if (spec == null) {
      return null;
    }
    String text = spec.strip().replace("\"", "");
    text = NICKNAMES.getOrDefault(text.toLowerCase(Locale.ROOT), text);
    String[] f = text.split("\\s+");
    if (f.length != 5) {
      return null;
    }
    BitSet minutes = field(f[0], 0, 59, null);
    BitSet hours = field(f[1], 0, 23, null);
    BitSet dom = field(f[2], 1, 31, null);
    BitSet months = field(f[3], 1, 12, MONTHS);
    BitSet dow = field(f[4], 0, 7, DAYS);
    if (minutes == null || hours == null || dom == null || months == null || dow == null) {
      return null;
    }
    if (dow.get(7)) {
      dow.set(0); // 7 is Sunday too
      dow.clear(7);
    }
    BitSet minutesOfDay = new BitSet(24 * 60);
    hours.stream().forEach(h -> minutes.stream().forEach(m -> minutesOfDay.set(h * 60 + m)));
    CronSpec cron =
        new CronSpec(
            minutesOfDay, new Days(months, dom, dow, f[2].startsWith("*"), f[4].startsWith("*")));
    return cron.firstDay(LocalDate.of(2000, 1, 1)) == null ? null : cron;
  }

  /** A field's values from min to max, or null when it is not valid. */
  private static BitSet field(String text, int min, int max, String[] names) {
    BitSet set = new BitSet(max + 1);
    for (String part : text.split(",", -1)) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = number(part.substring(slash + 1), 1, max - min + 1, null, 0);
        range = part.substring(0, slash);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.indexOf('-') > 0) {
        from = number(range.substring(0, range.indexOf('-')), min, max, names, min);
        to = number(range.substring(range.indexOf('-') + 1), min, max, names, min);
      } else {
        from = number(range, min, max, names, min);
        to = slash >= 0 ? max : from;
      }
      if (from < 0 || to < from || step < 1) {
        return null;
      }
      for (int v = from; v <= to; v += step) {
        set.set(v);
      }
    }
    return set.isEmpty() ? null : set;
  }

  /** A number from min to max, or a name (its index plus {@code first}); -1 when it is neither. */
  private static int number(String text, int min, int max, String[] names, int first) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equalsIgnoreCase(text)) {
          return i + first;
        }
      }
    }
    if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    int v = Integer.parseInt(text);
    return v >= min && v <= max ? v : -1;
  }

  /**
   * The first day from {@code from} on that the schedule fires, within {@link #SEARCH_DAYS}; else
   * null.
   */
  private LocalDate firstDay(LocalDate from) {
    LocalDate d = from;
    for (int i = 0; i < SEARCH_DAYS; i++, d = d.plusDays(1)) {
      if (days.firesOn(d)) {
        return d;
      }
    }
    return null;
  }

  /**
   * The longest time between two runs, over days and years (leap days, the days of a week): what
   * "three intervals late" is measured in.
   */
  public Duration longestGap() {
    int first = -1;
    int last = -1;
    int withinDay = 0;
    int previous = -1;
    for (int t = 0; t < 24 * 60; t++) {
      if (minutesOfDay.get(t)) {
        if (previous >= 0) {
          withinDay = Math.max(withinDay, t - previous);
        } else {
          first = t;
        }
        previous = t;
        last = t;
      }
    }
    // From the last run of one firing day to the first of the next, over 28 years: every weekday on
    // every date.
    long longest = withinDay;
    LocalDate from = LocalDate.of(2001, 1, 1);
    LocalDate end = from.plusYears(28);
    LocalDate before = firstDay(from);
    while (before != null && before.isBefore(end)) {
      LocalDate next = firstDay(before.plusDays(1));
      if (next == null) {
        break;
      }
      longest = Math.max(longest, ChronoUnit.DAYS.between(before, next) * 24 * 60 - last + first);
      before = next;
    }
    return Duration.ofMinutes(longest);
  }

  /**
   * The first time after {@code after} (a whole minute, local to {@code zone}) that the schedule
   * fires; {@code after} plus the longest gap if it does not within eight years.
   */
  public Instant next(Instant after, ZoneId zone) {
    ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    LocalDate day = firstDay(t.toLocalDate());
    while (day != null) {
      ZonedDateTime start = day.equals(t.toLocalDate()) ? t : day.atStartOfDay(zone);
      for (ZonedDateTime m = start; m.toLocalDate().equals(day); m = m.plusMinutes(1)) {
        if (minutesOfDay.get(m.getHour() * 60 + m.getMinute())) {
          return m.toInstant();
        }
      }
      day = firstDay(day.plusDays(1));
    }
    return after.plus(longestGap());
  }
}
