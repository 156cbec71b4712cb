package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Output recorded on the test Slurm 22.05.8; see src/test/resources/slurm-recorded/README.md. */
class SqueueStartTest {
  @Test
  void theTestSlurmsWaitingJobs() throws Exception {
    Map<String, SqueueStart.Expected> jobs =
        SqueueStart.parse(
            Files.readString(Path.of("src/test/resources/slurm-recorded/squeue-start-epoch.txt")));
    assertEquals(
        new SqueueStart.Expected(
            "5", "cyd", Instant.parse("2026-12-06T16:17:08Z").getEpochSecond(), "QOSGrpCpuLimit"),
        jobs.get("5"));
    assertEquals(new SqueueStart.Expected("6", "ann", null, "JobHeldUser"), jobs.get("6"));
  }

  /** Without SLURM_TIME_FORMAT=%s the start is local time without a zone: refused, not guessed. */
  @Test
  void aStartWithoutItsZoneIsRefused() throws Exception {
    String local = Files.readString(Path.of("src/test/resources/slurm-recorded/squeue-start.txt"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SqueueStart.parse(local));
    assertEquals(
        "squeue --start: start '2026-12-06T16:17:08' is not epoch seconds (SLURM_TIME_FORMAT unset?) in"
            + " line: 5|cyd|2026-12-06T16:17:08|QOSGrpCpuLimit",
        e.getMessage());
  }

  @Test
  void theCommandAsksForEpochSeconds() {
    Command c = SqueueStart.command("squeue", List.of("avery", "-x"), Duration.ofSeconds(5));
    assertEquals(
        List.of("squeue", "--start", "--qos=avery", "--noheader", "--format=%i|%u|%S|%r"),
        c.argv());
    assertEquals(Map.of("SLURM_TIME_FORMAT", "%s"), c.environment());
  }
}
