package org.librarian.slurm;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What decides how a QoS's {@code GrpTRESMins} used value moves, besides its jobs: the QoS's {@code
 * NoDecay} flag and {@code UsageFactor} ({@code sacctmgr -P -n show qos NAME
 * format=Name,Flags,UsageFactor}); the controller's decay settings are {@link ScontrolConfig}'s.
 *
 * @param noDecay the QoS has {@code Flags=NoDecay}: its used value is not decayed
 * @param usageFactor the QoS's UsageFactor (1 by default): a job's usage counts this many times
 */
public record BudgetSettings(boolean noDecay, double usageFactor) {

  public static Command command(String sacctmgr, String qos, Duration timeout) {
    if (qos == null || qos.isBlank() || qos.startsWith("-") || qos.matches(".*[\\s=,].*")) {
      throw new IllegalArgumentException("not a QoS name: '" + qos + "'");
    }
    return Command.of(
        List.of(sacctmgr, "-P", "-n", "show", "qos", qos, "format=Name,Flags,UsageFactor"),
        timeout);
  }

  /** One call for every QoS: {@code sacctmgr -P -n show qos format=Name,Flags,UsageFactor}. */
  public static Command commandAll(String sacctmgr, Duration timeout) {
    return Command.of(
        List.of(sacctmgr, "-P", "-n", "show", "qos", "format=Name,Flags,UsageFactor"), timeout);
  }

  /**
   * Every QoS's settings, by name.
   *
   * @throws IllegalArgumentException when a factor is not a number
   */
  public static Map<String, BudgetSettings> parseAll(String output) {
    Map<String, BudgetSettings> all = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      String[] f = line.split("\\|", -1);
      if (f.length >= 3 && !f[0].isBlank()) {
        all.put(f[0].strip(), parse(f[0].strip(), line));
      }
    }
    return all;
  }

  /**
   * The named QoS's line, e.g. {@code avery|NoDecay|2.000000}; flags are comma-separated.
   *
   * @throws IllegalArgumentException when no line names the QoS or the factor is not a number
   */
  public static BudgetSettings parse(String qos, String output) {
    for (String line : output.split("\n")) {
      String[] f = line.split("\\|", -1);
      if (f.length < 3 || !f[0].strip().equals(qos)) {
        continue;
      }
      boolean noDecay =
          List.of(f[1].strip().split(",")).stream()
              .anyMatch(x -> x.strip().equalsIgnoreCase("NoDecay"));
      String factor = f[2].strip();
      try {
        return new BudgetSettings(noDecay, factor.isEmpty() ? 1.0 : Double.parseDouble(factor));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "sacctmgr: UsageFactor '" + factor + "' of QoS " + qos + " is not a number");
      }
    }
    throw new IllegalArgumentException("sacctmgr knows no QoS named " + qos);
  }
}
