package org.librarian.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.librarian.usage.TresMinutes;

/**
 * A QoS's {@code GrpTRESMins} budget from {@code scontrol -o show assoc_mgr flags=qos qos=NAME}:
 * one line per QoS, {@code QOS=avery-b(3) UsageRaw=743.973573 ...
 * GrpTRESMins=cpu=600000(12),mem=N(1058),...}, each TRES as {@code LIMIT(USED)} in TRES-minutes,
 * {@code N} for no limit. The used value is tracked only with {@code
 * PriorityType=priority/multifactor} (it stays 0 with priority/basic).
 */
public final class AssocMgrQos {
  private static final Pattern QOS = Pattern.compile("^QOS=(.*?)\\(\\d+\\)(?: |$)");
  private static final Pattern GRP_TRES_MINS = Pattern.compile("(?:^| )GrpTRESMins=(\\S*)");
  private static final Pattern ENTRY = Pattern.compile("([^=,]+)=(N|\\d+)\\((\\d+)\\)");

  private AssocMgrQos() {}

  /**
   * One call for one QoS. The name is passed glued to {@code qos=}, so it never reaches scontrol as
   * an option.
   *
   * @throws IllegalArgumentException for an empty name or one with spaces, '=' or ','
   */
  public static Command command(String scontrol, String qos, Duration timeout) {
    if (qos == null || qos.isBlank() || !qos.strip().equals(qos) || qos.matches(".*[\\s=,].*")) {
      throw new IllegalArgumentException("not a QoS name: '" + qos + "'");
    }
    return Command.of(
        List.of(scontrol, "-o", "show", "assoc_mgr", "flags=qos", "qos=" + qos), timeout);
  }

  /** One call for every QoS: {@code scontrol -o show assoc_mgr flags=qos}. */
  public static Command commandAll(String scontrol, Duration timeout) {
    return Command.of(List.of(scontrol, "-o", "show", "assoc_mgr", "flags=qos"), timeout);
  }

  /**
   * Every QoS's budget, by name in Slurm's order, TRES in Slurm's order; a QoS line without
   * GrpTRESMins is left out.
   *
   * @throws IllegalArgumentException when an entry is not {@code NAME=LIMIT(USED)}
   */
  public static Map<String, List<TresMinutes>> parseAll(String output) {
    Map<String, List<TresMinutes>> all = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      Matcher name = QOS.matcher(line.strip());
      if (!name.find()) {
        continue;
      }
      Matcher mins = GRP_TRES_MINS.matcher(line.strip());
      if (mins.find()) {
        all.put(name.group(1), entries(mins.group(1)));
      }
    }
    return all;
  }

  /**
   * The budget of the named QoS, TRES in Slurm's order: every TRES, with or without a limit.
   *
   * @throws IllegalArgumentException when no line names the QoS, it has no GrpTRESMins, or an entry
   *     is not {@code NAME=LIMIT(USED)} (the message quotes it)
   */
  public static List<TresMinutes> parse(String qos, String output) {
    for (String line : output.split("\n")) {
      Matcher name = QOS.matcher(line.strip());
      if (!name.find() || !name.group(1).equals(qos)) {
        continue;
      }
      Matcher mins = GRP_TRES_MINS.matcher(line.strip());
      if (!mins.find()) {
        throw new IllegalArgumentException("scontrol printed no GrpTRESMins for QoS " + qos);
      }
      return entries(mins.group(1));
    }
    throw new IllegalArgumentException("scontrol's association manager knows no QoS named " + qos);
  }

  /** {@code cpu=600000(12),mem=N(1058)}: each entry LIMIT(USED), N for no limit. */
  static List<TresMinutes> entries(String value) {
    List<TresMinutes> result = new ArrayList<>();
    if (value.isEmpty()) {
      return result;
    }
    for (String entry : value.split(",")) {
      Matcher m = ENTRY.matcher(entry);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a TRES budget 'NAME=LIMIT(USED)': '" + entry + "'");
      }
      Long limit = m.group(2).equals("N") ? null : Long.valueOf(m.group(2));
      result.add(new TresMinutes(m.group(1), limit, Long.parseLong(m.group(3))));
    }
    return result;
  }
}
