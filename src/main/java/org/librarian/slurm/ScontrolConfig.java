package org.librarian.slurm;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The controller's configuration as {@code scontrol show config} prints it ({@code Name = value}
 * lines); librarian reads {@code PriorityDecayHalfLife}, the half-life with which Slurm decays the
 * usage behind fair share and budgets, and {@code PriorityUsageResetPeriod}, when Slurm resets it.
 */
public final class ScontrolConfig {
  /** Slurm's time format: {@code [days-]hours:minutes:seconds}, or {@code minutes:seconds}. */
  private static final Pattern SLURM_DURATION =
      Pattern.compile("(?:(\\d+)-)?(?:(\\d+):)?(\\d+):(\\d+)");

  private ScontrolConfig() {}

  public static Command command(String scontrol, Duration timeout) {
    return Command.of(List.of(scontrol, "show", "config"), timeout);
  }

  /**
   * {@code PriorityDecayHalfLife}: {@code 7-00:00:00} is 7 days, {@code 00:00:00} is zero (Slurm
   * does not decay usage); null when the output has no such line.
   *
   * @throws IllegalArgumentException when the value is not a Slurm duration (quoting the line)
   */
  public static Duration decayHalfLife(String output) {
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (eq < 0 || !line.substring(0, eq).strip().equals("PriorityDecayHalfLife")) {
        continue;
      }
      return duration(line.substring(eq + 1).strip(), line);
    }
    return null;
  }

  /**
   * {@code PriorityUsageResetPeriod} as printed ({@code NONE}, {@code MONTHLY}, ...), or null when
   * the output has no such line.
   */
  public static String usageResetPeriod(String output) {
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (eq >= 0 && line.substring(0, eq).strip().equals("PriorityUsageResetPeriod")) {
        return line.substring(eq + 1).strip();
      }
    }
    return null;
  }

  /** {@code 7-00:00:00} → 7 days; {@code 1-12:30:00}; {@code 00:00:00} → zero. */
  static Duration duration(String value, String line) {
    Matcher m = SLURM_DURATION.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "scontrol show config: '" + value + "' is not a Slurm duration in line: " + line.strip());
    }
    long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    long hours = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
    return Duration.ofDays(days)
        .plusHours(hours)
        .plusMinutes(Long.parseLong(m.group(3)))
        .plusSeconds(Long.parseLong(m.group(4)));
  }
}
