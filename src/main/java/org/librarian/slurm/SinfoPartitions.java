package org.librarian.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.librarian.usage.ClusterNow;

/**
 * The partitions the QoS's jobs use, now: {@code sinfo --partition=a,b --noheader
 * --format=%R|%C|%F|%a}, where {@code %C} is CPUs and {@code %F} nodes as
 * allocated/idle/other/total.
 */
public final class SinfoPartitions {
  private SinfoPartitions() {}

  /** Partition names come from sacct; any that is empty or looks like an option is left out. */
  public static Command command(
      String sinfo, List<String> partitions, String cluster, Duration timeout) {
    List<String> names =
        partitions.stream().filter(p -> !p.isBlank() && !p.startsWith("-")).toList();
    List<String> argv =
        new ArrayList<>(
            List.of(
                sinfo,
                "--partition=" + String.join(",", names),
                "--noheader",
                "--format=%R|%C|%F|%a"));
    if (cluster != null && !cluster.isBlank()) {
      argv.add("--clusters=" + cluster);
    }
    return Command.of(argv, timeout);
  }

  /** Partition by name; a partition that sinfo prints on several lines (node groups) is summed. */
  public static Map<String, ClusterNow.Partition> parse(String output) {
    Map<String, long[]> sums = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      String[] f = line.strip().split("\\|");
      if (f.length < 3) {
        continue;
      }
      long[] cpus = counts(f[1]);
      long[] nodes = counts(f[2]);
      if (cpus == null || nodes == null) {
        continue;
      }
      long[] s = sums.computeIfAbsent(f[0].replace("*", ""), k -> new long[8]);
      for (int i = 0; i < 4; i++) {
        s[i] += cpus[i];
        s[4 + i] += nodes[i];
      }
    }
    Map<String, ClusterNow.Partition> result = new LinkedHashMap<>();
    sums.forEach(
        (name, s) ->
            result.put(
                name, new ClusterNow.Partition(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7])));
    return result;
  }

  private static long[] counts(String text) {
    String[] p = text.strip().split("/");
    if (p.length != 4) {
      return null;
    }
    long[] v = new long[4];
    try {
      for (int i = 0; i < 4; i++) {
        v[i] = Long.parseLong(p[i]);
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return v;
  }
}
