package org.librarian.usage;

import java.util.EnumMap;
import java.util.Map;

/**
 * The one reason work waits at the instant of the run, per user and for the QoS, so that what is in
 * use and what waits tell the same story. Slurm gives each pending job the first reason its
 * scheduler met: while the QoS is at its limit a job often reads {@code Priority} or {@code
 * Resources} (a job ahead of it, no node free yet) although the limit alone would keep it waiting.
 * So when the QoS's jobs hold at least {@value #AT_LIMIT} of its CPU or GPU limit at the run, work
 * waiting for the cluster counts as waiting for the QoS limit; the main reason is the class with
 * the most CPUs waiting, then the most jobs, then the first in class order.
 */
public final class NowReasons {
  /**
   * The share of a limit in use from which the QoS is at its limit (the summaries' "at or near").
   */
  public static final double AT_LIMIT = 0.95;

  private NowReasons() {}

  /**
   * Whether the CPUs or GPUs in use at the run (all users) reach {@link #AT_LIMIT} of the limit.
   */
  public static boolean atLimit(DemandReport d, QosLimits limits) {
    long cpus = 0;
    long gpus = 0;
    for (long[] v : d.inUseNow().values()) {
      cpus += v[0];
      gpus += v[1];
    }
    return (limits.cpus() > 0 && cpus >= AT_LIMIT * limits.cpus())
        || (limits.gpus() > 0 && gpus >= AT_LIMIT * limits.gpus());
  }

  /**
   * The main reason of {@code waiting} (CPUs, GPUs, KiB, jobs per class), with work waiting for the
   * cluster counted as waiting for the QoS limit when {@code atLimit}; null when nothing waits.
   */
  public static DemandCounter.ReasonClass main(
      Map<DemandCounter.ReasonClass, long[]> waiting, boolean atLimit) {
    Map<DemandCounter.ReasonClass, long[]> merged = new EnumMap<>(DemandCounter.ReasonClass.class);
    waiting.forEach(
        (cls, v) -> {
          DemandCounter.ReasonClass to =
              atLimit && cls == DemandCounter.ReasonClass.CLUSTER
                  ? DemandCounter.ReasonClass.QOS_LIMIT
                  : cls;
          long[] sum = merged.computeIfAbsent(to, c -> new long[4]);
          for (int i = 0; i < sum.length && i < v.length; i++) {
            sum[i] += v[i];
          }
        });
    DemandCounter.ReasonClass best = null;
    for (Map.Entry<DemandCounter.ReasonClass, long[]> e : merged.entrySet()) {
      long[] v = e.getValue();
      if (v[0] == 0 && v[3] == 0) {
        continue;
      }
      long[] b = best == null ? null : merged.get(best);
      if (b == null || v[0] > b[0] || (v[0] == b[0] && v[3] > b[3])) {
        best = e.getKey();
      }
    }
    return best;
  }

  /** Every user's waiting summed by class: the QoS's own, for its main reason. */
  public static Map<DemandCounter.ReasonClass, long[]> ofQos(DemandReport d) {
    Map<DemandCounter.ReasonClass, long[]> all = new EnumMap<>(DemandCounter.ReasonClass.class);
    d.waitingNow()
        .values()
        .forEach(
            byClass ->
                byClass.forEach(
                    (cls, v) -> {
                      long[] sum = all.computeIfAbsent(cls, c -> new long[4]);
                      for (int i = 0; i < sum.length && i < v.length; i++) {
                        sum[i] += v[i];
                      }
                    }));
    return all;
  }
}
