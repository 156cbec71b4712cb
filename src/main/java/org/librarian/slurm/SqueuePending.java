package org.librarian.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live reasons of pending jobs: {@code squeue --qos=a,b --states=PENDING --format=%i|%u|%T|%r},
 * header kept ({@code JOBID|USER|STATE|REASON}). squeue's {@code %i} is sacct's JobID, also for a
 * pending array ({@code 123_[4-10%6]}); a reason can hold spaces and commas but not the delimiter.
 */
public final class SqueuePending {
  public static final String FORMAT = "%i|%u|%T|%r";

  private SqueuePending() {}

  /**
   * One call for every QoS being parsed; QoS and cluster names are checked, so none looks like an
   * option.
   */
  public static Command command(String squeue, List<String> qos, String cluster, Duration timeout) {
    List<String> argv = new ArrayList<>(List.of(squeue));
    if (!qos.isEmpty()) { // none: every pending job of the cluster (groups found in the rows)
      argv.add("--qos=" + String.join(",", qos));
    }
    argv.addAll(List.of("--states=PENDING", "--format=" + FORMAT));
    if (cluster != null && !cluster.isBlank()) {
      argv.add("--clusters=" + cluster);
    }
    return Command.of(argv, timeout);
  }

  /**
   * Reason by job id. The header line and lines that are not four fields (squeue's "CLUSTER: name"
   * banner with --clusters) are passed over.
   */
  public static Map<String, String> parse(String output) {
    Map<String, String> reasons = new HashMap<>();
    for (String line : output.split("\n")) {
      String[] f = line.split("\\|", 4);
      if (f.length != 4 || f[0].strip().equalsIgnoreCase("JOBID") || f[0].isBlank()) {
        continue;
      }
      reasons.put(f[0].strip(), f[3].strip());
    }
    return reasons;
  }
}
