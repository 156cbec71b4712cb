package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.librarian.usage.FairShare;

/** Output recorded on the test Slurm 22.05.8; see src/test/resources/slurm-recorded/README.md. */
class SshareFairShareTest {
  @Test
  void theTestSlurmsAccountAndUsers() throws Exception {
    List<FairShare> rows =
        SshareFairShare.parse(
            Files.readString(
                Path.of("src/test/resources/slurm-recorded/sshare-l-a-header-avery-lab.txt")));
    assertEquals(
        List.of(
            new FairShare("avery-lab", "", 1L, 0.5, 743L, 1.0, null, 0.5),
            new FairShare("avery-lab", "ann", 1L, 0.333333, 495L, 0.666667, 0.25, 0.5),
            new FairShare("avery-lab", "bob", 1L, 0.333333, 247L, 0.333333, 0.5, 1.0),
            new FairShare(
                "avery-lab", "cyd", 1L, 0.333333, 0L, 0.0, 0.75, Double.POSITIVE_INFINITY)),
        rows);
  }

  /**
   * Columns are found by the header's names, wherever they stand; a missing column reads as null.
   */
  @Test
  void columnsByName() {
    List<FairShare> rows =
        SshareFairShare.parse("User|Account|FairShare|RawUsage\nann| lab|0.25|7\n");
    assertEquals(List.of(new FairShare("lab", "ann", null, null, 7L, null, 0.25, null)), rows);
  }

  @Test
  void clearErrorsNameTheLineAndValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SshareFairShare.parse("Account|User|RawUsage\nlab|ann|lots\n"));
    assertEquals("sshare line 2: RawUsage 'lots' is not a whole number", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SshareFairShare.parse(" lab|ann|1\n"));
  }

  @Test
  void theCommandKeepsTheHeaderAndDropsOptionLookingAccounts() {
    assertEquals(
        List.of("sshare", "--parsable2", "--long", "--all", "--accounts=lab,b"),
        SshareFairShare.command(
                "sshare", List.of("lab", "-x", " ", "b", "lab"), Duration.ofSeconds(5))
            .argv());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> SshareFairShare.command("sshare", List.of("-A"), Duration.ofSeconds(5)))
            .getMessage()
            .contains("no account"));
  }
}
