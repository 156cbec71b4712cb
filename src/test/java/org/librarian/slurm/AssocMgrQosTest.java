package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.librarian.usage.TresMinutes;

/** Output recorded on the test Slurm 22.05.8; see src/test/resources/slurm-recorded/README.md. */
class AssocMgrQosTest {
  static String recorded(String name) throws Exception {
    return Files.readString(Path.of("src/test/resources/slurm-recorded", name));
  }

  @Test
  void theTestSlurmsBudgetOfAveryB() throws Exception {
    List<TresMinutes> b =
        AssocMgrQos.parse("avery-b", recorded("scontrol-assoc-mgr-qos-avery-b.txt"));
    assertEquals(new TresMinutes("cpu", 600_000L, 12), b.get(0));
    assertEquals(new TresMinutes("mem", null, 1058), b.get(1));
    assertEquals(new TresMinutes("gres/gpu", null, 0), b.get(8));
    assertEquals(9, b.size());
  }

  /** Of all QoS, the one asked for: avery's budget, not avery-b's (a prefix of the same name). */
  @Test
  void theQosIsFoundByItsWholeName() throws Exception {
    List<TresMinutes> b = AssocMgrQos.parse("avery", recorded("scontrol-assoc-mgr-qos-all.txt"));
    assertEquals(new TresMinutes("cpu", 100_000L, 0), b.get(0));
    assertEquals(new TresMinutes("gres/gpu", 6000L, 0), b.get(8));
    assertTrue(
        AssocMgrQos.parse("normal", recorded("scontrol-assoc-mgr-qos-all.txt")).stream()
            .allMatch(t -> t.limitMinutes() == null));
  }

  @Test
  void clearErrorsForAnUnknownQosOrABadEntry() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AssocMgrQos.parse("nope", "QOS=avery(2) GrpTRESMins=cpu=N(0)\n"));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AssocMgrQos.parse("avery", "QOS=avery(2) GrpTRESMins=cpu=12x(0),mem=N(0)\n"));
    assertTrue(e.getMessage().contains("'cpu=12x(0)'"), e.getMessage());
  }

  /**
   * The name is glued to qos=, so a name like "-h" cannot become an option; names with spaces or
   * '=' are refused.
   */
  @Test
  void theCommandNeverPassesTheNameAsAnOption() {
    assertEquals(
        List.of("scontrol", "-o", "show", "assoc_mgr", "flags=qos", "qos=-h"),
        AssocMgrQos.command("scontrol", "-h", Duration.ofSeconds(5)).argv());
    for (String bad : new String[] {"", " a", "a b", "a=b", "a,b"}) {
      assertThrows(
          IllegalArgumentException.class,
          () -> AssocMgrQos.command("scontrol", bad, Duration.ofSeconds(5)));
    }
  }

  /** One call for every QoS: each QoS line by name, in Slurm's order. */
  @Test
  void everyQosFromOneCall() throws Exception {
    var all = AssocMgrQos.parseAll(recorded("scontrol-assoc-mgr-qos-all.txt"));
    assertEquals(List.of("normal", "avery", "avery-b"), List.copyOf(all.keySet()));
    assertEquals(new TresMinutes("cpu", 600_000L, 12), all.get("avery-b").get(0));
    assertEquals(new TresMinutes("gres/gpu", 6000L, 0), all.get("avery").get(8));
    assertEquals(
        List.of("scontrol", "-o", "show", "assoc_mgr", "flags=qos"),
        AssocMgrQos.commandAll("scontrol", Duration.ofSeconds(5)).argv());
  }
}
