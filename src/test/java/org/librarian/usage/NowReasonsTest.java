package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.librarian.usage.DemandCounter.ReasonClass;

/** One reason for work waiting at the run, the same for "Now" and "Waiting now". */
class NowReasonsTest {
  private static DemandReport inUse(long... cpusPerUser) {
    Map<String, long[]> inUse = new java.util.TreeMap<>();
    for (int i = 0; i < cpusPerUser.length; i++) {
      inUse.put("u" + i, new long[] {cpusPerUser[i], 0, 0, 1});
    }
    return new DemandReport(true, null, null, Map.of(), inUse, Map.of(), Map.of(), List.of(), null);
  }

  /**
   * A limit of 430 CPUs: at the limit from 0.95 × 430 = 408.5 CPUs in use. 400 + 26 = 426 (99 %)
   * is; 300 + 108 = 408 (94.9 %) is not. No limit: never.
   */
  @Test
  void atTheLimitFrom95PercentOfTheCpuLimitInUse() {
    QosLimits limits = new QosLimits(430, 0, 0, 0);
    assertTrue(NowReasons.atLimit(inUse(400, 26), limits));
    assertFalse(NowReasons.atLimit(inUse(300, 108), limits));
    assertFalse(NowReasons.atLimit(inUse(400, 26), QosLimits.NONE));
  }

  /**
   * At 99 % of the limit, 64 CPUs (2 jobs) Slurm says wait for the cluster (Priority, Resources)
   * wait for the QoS limit; below it they wait for the cluster. With 32 CPUs waiting for an account
   * limit and 16 for the cluster, at the limit: account limit (32 > 16). Nothing waiting: no
   * reason.
   */
  @Test
  void atTheLimitWorkWaitingForTheClusterWaitsForTheLimit() {
    Map<ReasonClass, long[]> cluster = Map.of(ReasonClass.CLUSTER, new long[] {64, 0, 0, 2});
    assertEquals(ReasonClass.QOS_LIMIT, NowReasons.main(cluster, true));
    assertEquals(ReasonClass.CLUSTER, NowReasons.main(cluster, false));
    Map<ReasonClass, long[]> both =
        Map.of(
            ReasonClass.ACCOUNT_LIMIT, new long[] {32, 0, 0, 1},
            ReasonClass.CLUSTER, new long[] {16, 0, 0, 4});
    assertEquals(ReasonClass.ACCOUNT_LIMIT, NowReasons.main(both, true));
    // 8 CPUs for the QoS limit and 16 for the cluster at the limit: 8 + 16 = 24 for the QoS limit.
    Map<ReasonClass, long[]> split =
        Map.of(
            ReasonClass.QOS_LIMIT, new long[] {8, 0, 0, 1},
            ReasonClass.ACCOUNT_LIMIT, new long[] {20, 0, 0, 1},
            ReasonClass.CLUSTER, new long[] {16, 0, 0, 1});
    assertEquals(ReasonClass.QOS_LIMIT, NowReasons.main(split, true));
    assertEquals(ReasonClass.ACCOUNT_LIMIT, NowReasons.main(split, false));
    assertNull(NowReasons.main(Map.of(), true));
  }
}
