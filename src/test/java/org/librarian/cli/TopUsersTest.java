package org.librarian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;

/** dashboard.top_users: how many of the largest users the charts and the page draw one by one. */
class TopUsersTest {
  @TempDir Path tmp;

  /** hand-small's users by CPU-hours: bob 8, ann 6, eve 0.5. With top_users 2: bob and ann coloured, eve is others. */
  @Test
  void theLargestUsersGetColoursAndTheRestAreOthers() throws Exception {
    Files.writeString(tmp.resolve("librarian.yaml"), "dashboard:\n  top_users: 2\n");
    Cli.Run run = new Cli(tmp).run("parse", "--qos", "avery", "--sacct-file",
        Path.of("src/test/resources/golden/hand-small/input.sacct.txt").toAbsolutePath().toString(), "--now",
        "2026-11-20T12:30:00Z", "--timezone", "UTC", "--window", "6h", "--out", "site", "--formats", "png");
    assertEquals(0, run.code(), run.err());
    JsonNode colors = new ObjectMapper().readTree(tmp.resolve("site/data_avery.json").toFile()).get("colors");
    List<String> names = new ArrayList<>();
    colors.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("ann", "bob"), names);
    assertEquals("#0077bb", colors.get("ann").asText());
    assertEquals("#cc3311", colors.get("bob").asText());
    assertTrue(Files.size(tmp.resolve("site/NCPUS_avery.png")) > 0);
  }

  @Test
  void moreThanThePaletteIsRefused() throws Exception {
    Files.writeString(tmp.resolve("librarian.yaml"), "dashboard:\n  top_users: 12\n");
    Cli.Run run = new Cli(tmp).run("parse", "--qos", "avery", "--dry-run");
    assertEquals(2, run.code());
    assertTrue(run.err().contains("line 2: dashboard.top_users must be a whole number from 1 to 11 (the palette has 11"
        + " colours told apart), not '12'"), run.err());
  }
}
