package org.librarian.usage;

import java.util.Map;

/**
 * The cluster's partitions at one instant, as sinfo saw them: so that "your jobs wait for your QoS
 * limit while the cluster has idle CPUs" can be seen.
 *
 * @param at when sinfo was asked (epoch seconds)
 * @param partitions by name; empty when sinfo failed
 * @param error why sinfo gave nothing, or null
 */
public record ClusterNow(long at, Map<String, Partition> partitions, String error) {

  /** CPUs and nodes: allocated, idle, other (drained, down), total. */
  public record Partition(
      long cpusAllocated,
      long cpusIdle,
      long cpusOther,
      long cpusTotal,
      long nodesAllocated,
      long nodesIdle,
      long nodesOther,
      long nodesTotal) {

    /**
     * green: a quarter or more of its CPUs idle; red: none idle (full, drained or down); amber:
     * between.
     */
    public String light() {
      if (cpusIdle <= 0) {
        return "red";
      }
      return cpusTotal > 0 && cpusIdle * 4 >= cpusTotal ? "green" : "amber";
    }
  }
}
