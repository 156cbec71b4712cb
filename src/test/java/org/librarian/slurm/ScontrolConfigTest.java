package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code scontrol show config} recorded on the test Slurm 22.05.8 (slurm-recorded/README.md). */
class ScontrolConfigTest {
  @Test
  void theTestSlurmDecaysUsageWithAHalfLifeOfSevenDays() throws Exception {
    String recorded =
        Files.readString(Path.of("src/test/resources/slurm-recorded/scontrol-show-config.txt"));
    // PriorityDecayHalfLife   = 7-00:00:00
    assertEquals(Duration.ofDays(7), ScontrolConfig.decayHalfLife(recorded));
  }

  /** The recording says PriorityUsageResetPeriod = NONE; a line-less output says nothing. */
  @Test
  void theUsageResetPeriodAsPrinted() throws Exception {
    String recorded =
        Files.readString(Path.of("src/test/resources/slurm-recorded/scontrol-show-config.txt"));
    assertEquals("NONE", ScontrolConfig.usageResetPeriod(recorded));
    assertEquals(
        "MONTHLY", ScontrolConfig.usageResetPeriod("PriorityUsageResetPeriod = MONTHLY\n"));
    assertNull(ScontrolConfig.usageResetPeriod("PriorityDecayHalfLife = 7-00:00:00\n"));
  }

  @Test
  void slurmDurations() {
    assertEquals(Duration.ZERO, ScontrolConfig.decayHalfLife("PriorityDecayHalfLife = 00:00:00\n"));
    // 1 day + 12 h + 30 min = 36.5 h
    assertEquals(
        Duration.ofMinutes(36 * 60 + 30),
        ScontrolConfig.decayHalfLife("PriorityDecayHalfLife   = 1-12:30:00\n"));
    // minutes:seconds
    assertEquals(
        Duration.ofMinutes(30), ScontrolConfig.decayHalfLife("PriorityDecayHalfLife = 30:00"));
    // A name that only starts the same is another setting.
    assertNull(ScontrolConfig.decayHalfLife("PriorityDecayHalfLifeX = 1-00:00:00\n"));
    assertNull(ScontrolConfig.decayHalfLife("PriorityType = priority/basic\n"));
  }

  @Test
  void aValueThatIsNoDurationNamesTheLine() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ScontrolConfig.decayHalfLife("PriorityDecayHalfLife = seven days\n"));
    assertEquals(
        "scontrol show config: 'seven days' is not a Slurm duration in line:"
            + " PriorityDecayHalfLife = seven days",
        e.getMessage());
  }

  @Test
  void theCommand() {
    assertEquals(
        List.of("/usr/bin/scontrol", "show", "config"),
        ScontrolConfig.command("/usr/bin/scontrol", Duration.ofSeconds(5)).argv());
  }
}
