package org.librarian.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.librarian.usage.QosLimits;

/**
 * The limits of a replay given on the command line: {@code cpu=430,gpu=39,mem=3359} (memory in GB;
 * {@code cpus}, {@code gpus}, {@code memory}/{@code memory_gb} and {@code jobs} also read). A
 * resource not named has no limit (0). Each value a number from 0 to 1e9; anything else is refused
 * naming the part at fault.
 */
public final class LimitsText {
  private static final double MAX = 1e9;

  private LimitsText() {}

  public static QosLimits parse(String option, String text) throws ConfigException {
    Map<String, Double> values = new LinkedHashMap<>();
    for (String part : text.split(",", -1)) {
      int eq = part.indexOf('=');
      String key = eq < 0 ? part.strip() : part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String canonical =
          switch (key) {
            case "cpu", "cpus" -> "cpus";
            case "gpu", "gpus" -> "gpus";
            case "mem", "memory", "memory_gb" -> "memory_gb";
            case "jobs" -> "jobs";
            default -> null;
          };
      if (eq < 0 || canonical == null) {
        throw new ConfigException(
            option + ": '" + part + "' is not one of cpu=N, gpu=N, mem=N (GB), jobs=N");
      }
      String number = part.substring(eq + 1).strip();
      double value;
      try {
        value = Double.parseDouble(number);
      } catch (NumberFormatException e) {
        value = -1;
      }
      if (!(value >= 0 && value <= MAX) || number.isEmpty()) {
        throw new ConfigException(
            option + ": '" + part + "': " + key + " must be a number from 0 to 1e9 (0 = no limit)");
      }
      if (values.put(canonical, value) != null) {
        throw new ConfigException(option + ": " + canonical + " is given twice");
      }
    }
    return new QosLimits(
        values.getOrDefault("cpus", 0.0),
        values.getOrDefault("gpus", 0.0),
        values.getOrDefault("memory_gb", 0.0),
        values.getOrDefault("jobs", 0.0));
  }
}
