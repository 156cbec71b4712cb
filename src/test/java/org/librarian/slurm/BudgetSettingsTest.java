package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Output recorded on the test Slurm 22.05.8; see src/test/resources/slurm-recorded/README.md. */
class BudgetSettingsTest {
  static String recorded(String name) throws Exception {
    return Files.readString(Path.of("src/test/resources/slurm-recorded", name));
  }

  @Test
  void theTestSlurmsQosFlagsAndFactor() throws Exception {
    String out = recorded("sacctmgr-qos-flags-usagefactor.txt");
    assertEquals(new BudgetSettings(true, 2.0), BudgetSettings.parse("avery", out));
    assertEquals(new BudgetSettings(false, 1.0), BudgetSettings.parse("avery-b", out));
    assertThrows(IllegalArgumentException.class, () -> BudgetSettings.parse("nope", out));
  }

  @Test
  void commands() {
    assertEquals(
        List.of("sacctmgr", "-P", "-n", "show", "qos", "avery", "format=Name,Flags,UsageFactor"),
        BudgetSettings.command("sacctmgr", "avery", Duration.ofSeconds(5)).argv());
    assertThrows(
        IllegalArgumentException.class,
        () -> BudgetSettings.command("sacctmgr", "-h", Duration.ofSeconds(5)));
  }

  /** One sacctmgr call for every QoS: avery has NoDecay and UsageFactor 2, the others neither. */
  @Test
  void everyQosFromOneCall() throws Exception {
    var all =
        BudgetSettings.parseAll(
            java.nio.file.Files.readString(
                java.nio.file.Path.of(
                    "src/test/resources/slurm-recorded/sacctmgr-qos-flags-usagefactor.txt")));
    assertEquals(new BudgetSettings(true, 2.0), all.get("avery"));
    assertEquals(new BudgetSettings(false, 1.0), all.get("avery-b"));
    assertEquals(3, all.size());
  }
}
