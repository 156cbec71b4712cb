package org.librarian.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in the config: {@code 30d}, {@code 1h}, {@code 15m}, {@code
 * 1d12h}, {@code 90s}, {@code 2w}.
 */
public final class DurationText {
  private static final Pattern PART = Pattern.compile("(\\d{1,9})\\s*([wdhms])");

  private DurationText() {}

  public static Duration parse(String what, String text) throws ConfigException {
    String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    Matcher m = PART.matcher(s);
    long seconds = 0;
    int pos = 0;
    while (m.find() && m.start() == pos) {
      long n = Long.parseLong(m.group(1));
      long unit;
      switch (m.group(2)) {
        case "w":
          unit = 604_800;
          break;
        case "d":
          unit = 86_400;
          break;
        case "h":
          unit = 3_600;
          break;
        case "m":
          unit = 60;
          break;
        default:
          unit = 1;
      }
      seconds = Math.addExact(seconds, n * unit);
      pos = m.end();
    }
    if (s.isEmpty() || pos != s.length() || seconds <= 0) {
      throw new ConfigException(
          what + ": '" + text + "' is not a duration such as 30d, 12h, 15m or 1d12h");
    }
    return Duration.ofSeconds(seconds);
  }

  /** A duration that must lie within [min, max]; outside, a message naming both bounds. */
  public static Duration parse(String what, String text, Duration min, Duration max)
      throws ConfigException {
    Duration d = parse(what, text);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new ConfigException(
          what + ": '" + text + "' is outside " + format(min) + " to " + format(max));
    }
    return d;
  }

  /** The shortest text for a duration: 30d, 1h, 90m. */
  public static String format(Duration d) {
    long s = d.getSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
