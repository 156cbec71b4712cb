package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.librarian.usage.TresMinutes;

/** Output recorded on the test Slurm 22.05.8; see src/test/resources/slurm-recorded/README.md. */
class AssocMgrAssocTest {
  /**
   * The account's own line (UserName= empty): cpu=300000(1080), the sum of its users' lines ann 178
   * + bob 473 + cyd 429 = 1080, which are passed over; mem has no limit, N(249063).
   */
  @Test
  void theAccountsOwnBudgetNotItsUsers() throws Exception {
    Map<String, List<TresMinutes>> all =
        AssocMgrAssoc.parse(
            AssocMgrQosTest.recorded("scontrol-assoc-mgr-assoc-avery-lab-budget.txt"));
    assertEquals(List.of("avery-lab"), List.copyOf(all.keySet()));
    List<TresMinutes> b = all.get("avery-lab");
    assertEquals(9, b.size());
    assertEquals(new TresMinutes("cpu", 300_000L, 1080), b.get(0));
    assertEquals(new TresMinutes("mem", null, 249_063), b.get(1));
    assertEquals(new TresMinutes("gres/gpu", null, 6), b.get(8));
    assertEquals(List.of("avery-lab"), List.copyOf(AssocMgrAssoc.withLimit(all).keySet()));
  }

  /** Before the limit was set: every TRES N(used), so no account with a budget. */
  @Test
  void noLimitNoBudget() throws Exception {
    Map<String, List<TresMinutes>> all =
        AssocMgrAssoc.parse(AssocMgrQosTest.recorded("scontrol-assoc-mgr-assoc-avery-lab.txt"));
    assertEquals(new TresMinutes("cpu", null, 12), all.get("avery-lab").get(0));
    assertTrue(AssocMgrAssoc.withLimit(all).isEmpty());
  }

  /** A line without UserName (an older layout) is the account's; a partition's line is not. */
  @Test
  void userAbsentAndPartitionLines() {
    String out =
        "ClusterName=c Account=geo Partition=gpu GrpTRESMins=cpu=5(1)\n"
            + "ClusterName=c Account=geo Partition= GrpTRESMins=cpu=100(40),billing=N(40)\n"
            + "ClusterName=c Account=bio UserName= Partition= GrpTRESMins=gres/gpu=600(7)\n";
    Map<String, List<TresMinutes>> all = AssocMgrAssoc.parse(out);
    assertEquals(
        List.of(new TresMinutes("cpu", 100L, 40), new TresMinutes("billing", null, 40)),
        all.get("geo"));
    assertEquals(List.of(new TresMinutes("gres/gpu", 600L, 7)), all.get("bio"));
  }

  @Test
  void oneCallWithTheAccountsGluedToTheirKey() {
    Command c =
        AssocMgrAssoc.command("scontrol", List.of("avery-lab", "geo"), Duration.ofSeconds(5));
    assertEquals(
        List.of("scontrol", "-o", "show", "assoc_mgr", "flags=assoc", "accounts=avery-lab,geo"),
        c.argv());
    assertThrows(
        IllegalArgumentException.class,
        () -> AssocMgrAssoc.command("scontrol", List.of("-a"), Duration.ofSeconds(5)));
    assertThrows(
        IllegalArgumentException.class,
        () -> AssocMgrAssoc.command("scontrol", List.of("a,b"), Duration.ofSeconds(5)));
    assertThrows(
        IllegalArgumentException.class,
        () -> AssocMgrAssoc.parse("Account=x UserName= GrpTRESMins=cpu=lots(1)\n"));
  }
}
