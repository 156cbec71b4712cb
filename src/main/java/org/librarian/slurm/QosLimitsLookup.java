package org.librarian.slurm;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.librarian.usage.QosLimits;

/**
 * Reads the group limits of every QoS from one {@code sacctmgr -P -n show qos format=Name,GrpTRES},
 * one line per QoS ({@code avery|cpu=48,gres/gpu=3,mem=200G}, {@code normal|} for a QoS without
 * limits). One call answers for every group of a run, however many.
 */
public final class QosLimitsLookup {
  private QosLimitsLookup() {}

  /** One call for every QoS: no QoS name reaches sacctmgr. */
  public static Command commandAll(String sacctmgr, Duration timeout) {
    return Command.of(List.of(sacctmgr, "-P", "-n", "show", "qos", "format=Name,GrpTRES"), timeout);
  }

  /**
   * Each QoS's GrpTRES text by name (the first line of a name wins), read once; a line without
   * {@code |} is passed over.
   */
  public static Map<String, String> grpTresByName(String output) {
    Map<String, String> byName = new HashMap<>();
    for (String line : output.split("\n")) {
      int bar = line.indexOf('|');
      if (bar >= 0) {
        byName.putIfAbsent(line.substring(0, bar).strip(), line.substring(bar + 1).strip());
      }
    }
    return byName;
  }

  /**
   * {@code qos}'s limits from what {@link #grpTresByName} read; a TRES it does not name is no
   * limit.
   *
   * @throws IllegalArgumentException when the answer names no such QoS or a value is not a number
   */
  public static QosLimits pick(String qos, Map<String, String> grpTresByName) {
    String grpTres = grpTresByName.get(qos);
    if (grpTres == null) {
      throw new IllegalArgumentException("sacctmgr knows no QoS named " + qos);
    }
    return limits(grpTres);
  }

  /**
   * Parses sacctmgr's answer such as {@code avery|cpu=48,gres/gpu=3,mem=200G} for {@code qos}.
   *
   * @throws IllegalArgumentException when no line names the QoS or a value is not a number
   */
  public static QosLimits parse(String qos, String output) {
    return pick(qos, grpTresByName(output));
  }

  /**
   * The group limits a GrpTRES list such as {@code cpu=48,gres/gpu=3,mem=200G} sets (memory in GB);
   * a TRES it does not name is no limit. Also the reading of an account's own GrpTRES.
   *
   * @throws IllegalArgumentException when a value is not a number
   */
  static QosLimits limits(String grpTres) {
    TresParser.Tres tres = TresParser.parse(grpTres);
    return new QosLimits(
        Math.max(tres.cpus(), 0),
        Math.max(tres.gpus(), 0),
        tres.memoryKib() < 0 ? 0 : tres.memoryKib() / (1024.0 * 1024.0),
        0);
  }
}
