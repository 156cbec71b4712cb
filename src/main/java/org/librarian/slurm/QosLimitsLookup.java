package org.librarian.slurm;

import java.time.Duration;
import java.util.List;
import org.librarian.usage.QosLimits;

/** Reads a QoS's group limits from {@code sacctmgr -P -n show qos NAME format=Name,GrpTRES}. */
public final class QosLimitsLookup {
  private QosLimitsLookup() {}

  public static Command command(String sacctmgr, String qos, Duration timeout) {
    return Command.of(
        List.of(sacctmgr, "-P", "-n", "show", "qos", qos, "format=Name,GrpTRES"), timeout);
  }

  /**
   * Parses sacctmgr's answer such as {@code avery|cpu=48,gres/gpu=3,mem=200G}; a TRES it does not
   * name is no limit.
   *
   * @throws IllegalArgumentException when no line names the QoS or a value is not a number
   */
  public static QosLimits parse(String qos, String output) {
    for (String line : output.split("\n")) {
      int bar = line.indexOf('|');
      if (bar < 0 || !line.substring(0, bar).strip().equals(qos)) {
        continue;
      }
      return limits(line.substring(bar + 1).strip());
    }
    throw new IllegalArgumentException("sacctmgr knows no QoS named " + qos);
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
