package org.librarian.site;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * index.json of the hand-made centre (src/test/resources/groups/centre.sacct.txt) split by account,
 * window 07:00 to 12:30 UTC (bins 07:00 ... 12:00, the last one half elapsed):
 *
 * <pre>
 * lab-a (limit 10 CPUs): ann 4 CPUs 08:00-10:00, bob 2 CPUs 09:00-10:30
 *   now (bin 12:00): 0 CPUs; mean: (4 × 7200 + 2 × 5400) CPU-s ÷ 19800 s = 39600 ÷ 19800 = 2 CPUs = 20 %
 * lab-b (limit 16 CPUs): carl 8 CPUs 10:00-11:00, dee 1 CPU 07:00-12:00, eve pending
 *   now: 0 CPUs; mean: (8 × 3600 + 1 × 18000) ÷ 19800 = 46800 ÷ 19800 = 2.3636 CPUs = 14.77 %
 * </pre>
 */
class GroupIndexTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private JsonNode index() throws Exception {
    return index("");
  }

  private JsonNode index(String more) throws Exception {
    Files.writeString(
        dir.resolve("librarian.yaml"),
        "accounts:\n"
            + "  - name: lab-a\n    limits: {cpus: 10}\n"
            + "  - name: lab-b\n    limits: {cpus: 16}\n"
            + more);
    List<String> parse =
        new ArrayList<>(
            List.of(
                "parse",
                "--sacct-file",
                Path.of("src/test/resources/groups/centre.sacct.txt").toAbsolutePath().toString(),
                "--out",
                "site"));
    parse.addAll(Cli.GROUPS_REPLAY);
    Cli.Run run = new Cli(dir).run(parse);
    assertEquals(0, run.code(), run.err());
    return JSON.readTree(dir.resolve("site").resolve(GroupIndex.FILE).toFile());
  }

  @Test
  void everyGroupWithItsUseAgainstItsLimit() throws Exception {
    JsonNode groups = index().get("groups");
    assertEquals(2, groups.size());
    JsonNode a = groups.get(0);
    assertEquals("lab-a", a.get("name").asText());
    assertEquals("index.html#qos=lab-a", a.get("link").asText());
    assertEquals(0.0, a.at("/cells/use_now/value").asDouble());
    assertEquals("0 of 10 CPUs (0 %)", a.at("/cells/use_now/text").asText());
    assertEquals(0.2, a.at("/cells/use_window/value").asDouble()); // 2 CPUs of 10
    assertEquals("2 of 10 CPUs (20 %)", a.at("/cells/use_window/text").asText());
    assertEquals(
        "mean CPUs in use, 2026-11-20 07:00 UTC to 2026-11-20 12:30 UTC",
        a.at("/cells/use_window/title").asText());
    JsonNode b = groups.get(1);
    assertEquals("lab-b", b.get("name").asText());
    assertEquals(0.1477, b.at("/cells/use_window/value").asDouble()); // 2.3636 ÷ 16
    assertEquals("2.4 of 16 CPUs (15 %)", b.at("/cells/use_window/text").asText());
    // One day in the window: its daily mean is the window's mean; the scale's top is the limit.
    assertEquals(2.36, b.at("/spark/values/0").asDouble());
    assertEquals(16.0, b.at("/spark/max").asDouble());
    // No TotalCPU column, no budget: said, not left blank.
    assertEquals("not known", b.at("/cells/efficiency/text").asText());
    assertTrue(b.at("/cells/efficiency/value").isNull());
    assertEquals("no budget", b.at("/cells/budget/text").asText());
    // Last updated 12:30; stale three run intervals (3 × 600 s) later.
    assertEquals("2026-11-20 12:30 UTC", b.at("/cells/updated/text").asText());
    assertEquals("2026-11-20T13:00:00+00:00", b.get("stale_after").asText());
  }

  @Test
  void aFewGroupsOpenOnTheirTabsNotOnTheList() throws Exception {
    index();
    JsonNode manifest = JSON.readTree(dir.resolve("site").resolve("manifest.json").toFile());
    assertFalse(manifest.has("index_page"), manifest.toString());
    assertTrue(Files.isRegularFile(dir.resolve("site").resolve(GroupIndex.PAGE)));
  }

  @Test
  void aProtectedGroupIsListedByItsLabelOnly() throws Exception {
    Path pass = dir.resolve("passphrases");
    Files.writeString(pass, "lab-b correct horse battery staple\n");
    Files.setPosixFilePermissions(
        pass, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    JsonNode index = index("privacy:\n  passphrases: passphrases\n");
    JsonNode groups = index.get("groups");
    assertEquals(2, groups.size());
    assertEquals("lab-a", groups.get(0).get("name").asText());
    JsonNode hidden = groups.get(1);
    assertEquals("Private group 1", hidden.get("name").asText());
    assertTrue(hidden.get("protected").asBoolean());
    assertFalse(hidden.has("cells") || hidden.has("spark"), hidden.toString());
    // Nothing of lab-b's: neither its name nor its mean use of 2.4 CPUs.
    String text = Files.readString(dir.resolve("site").resolve(GroupIndex.FILE));
    assertFalse(text.contains("lab-b") || text.contains("2.4 of 16"), text);
  }

  @Test
  void aDataFileCutShortIsListedWithWhyAndTheOthersAsBefore() throws Exception {
    index();
    Path site = dir.resolve("site");
    Path labB = site.resolve("data_lab-b.json");
    byte[] whole = Files.readAllBytes(labB);
    Files.write(labB, java.util.Arrays.copyOf(whole, whole.length / 2));
    SiteAssembler.assemble(
        site,
        java.time.Duration.ofMinutes(10),
        java.time.Instant.parse("2026-11-20T12:30:00Z"),
        java.time.ZoneOffset.UTC,
        "test");
    JsonNode groups = JSON.readTree(site.resolve(GroupIndex.FILE).toFile()).get("groups");
    // lab-a as in everyGroupWithItsUseAgainstItsLimit: 2 CPUs of 10.
    assertEquals("2 of 10 CPUs (20 %)", groups.get(0).at("/cells/use_window/text").asText());
    JsonNode b = groups.get(1);
    assertEquals("lab-b", b.get("name").asText());
    assertTrue(b.get("note").asText().startsWith("data_lab-b.json not read: "), b.toString());
    assertFalse(b.has("cells"), b.toString());
  }

  private String assemble(Path site, Path summaries, int intervalMinutes) throws Exception {
    SiteAssembler.assemble(
        site,
        java.time.Duration.ofMinutes(intervalMinutes),
        java.time.Instant.parse("2026-11-20T12:30:00Z"),
        java.time.ZoneOffset.UTC,
        "test",
        PrivatePages.NONE,
        summaries);
    return Files.readString(site.resolve(GroupIndex.FILE));
  }

  /** A site assembled once, its rows kept in {@code summaries}: where, and the index it wrote. */
  private record Assembled(Path site, Path summaries, String cold) {
    Path kept(String group) {
      return summaries.resolve("data_" + group + ".json");
    }
  }

  private Assembled assembledOnce() throws Exception {
    index();
    Path site = dir.resolve("site");
    Path summaries = dir.resolve("summaries");
    return new Assembled(site, summaries, assemble(site, summaries, 10));
  }

  @Test
  void aRowIsKeptWithItsDataFileAndWorkedOutAgainWhenTheFileChanges() throws Exception {
    Assembled once = assembledOnce();
    Path site = once.site();
    Path summaries = once.summaries();
    String cold = once.cold();
    Path keptA = once.kept("lab-a");
    assertTrue(Files.isRegularFile(keptA));
    assertTrue(Files.isRegularFile(once.kept("lab-b")));
    // Kept rows give the same index, byte for byte.
    assertEquals(cold, assemble(site, summaries, 10));
    // The kept row is what the index shows while the data file is the same (altered here to tell).
    Files.writeString(
        keptA, Files.readString(keptA).replace("2 of 10 CPUs (20 %)", "kept row of lab-a"));
    JsonNode a = JSON.readTree(assemble(site, summaries, 10)).at("/groups/0");
    assertEquals("kept row of lab-a", a.at("/cells/use_window/text").asText());
    // Another run interval: stale 3 × 1200 s after 12:30, so worked out again.
    a = JSON.readTree(assemble(site, summaries, 20)).at("/groups/0");
    assertEquals("2026-11-20T13:30:00+00:00", a.get("stale_after").asText());
    assertEquals("2 of 10 CPUs (20 %)", a.at("/cells/use_window/text").asText());
    // A data file that changed (one more byte, the same figures) is read again.
    assertEquals(cold, assemble(site, summaries, 10));
    Files.writeString(
        keptA, Files.readString(keptA).replace("2 of 10 CPUs (20 %)", "kept row of lab-a"));
    Path dataA = site.resolve("data_lab-a.json");
    Files.writeString(dataA, Files.readString(dataA) + "\n");
    assertEquals(cold, assemble(site, summaries, 10));
  }

  /**
   * Kept rows are written in place, so a crash can leave one cut short (or empty): it is worked out
   * again and written whole.
   */
  @Test
  void aKeptRowCutShortIsWorkedOutAgain() throws Exception {
    Assembled once = assembledOnce();
    Path keptA = once.kept("lab-a");
    byte[] whole = Files.readAllBytes(keptA);
    Files.write(keptA, java.util.Arrays.copyOf(whole, whole.length / 2));
    assertEquals(once.cold(), assemble(once.site(), once.summaries(), 10));
    assertEquals(new String(whole, UTF_8), Files.readString(keptA));
    Files.write(keptA, new byte[0]);
    assertEquals(once.cold(), assemble(once.site(), once.summaries(), 10));
    assertEquals(new String(whole, UTF_8), Files.readString(keptA));
  }

  /** The names of the files in {@code kept}. */
  private static java.util.Set<String> names(Path kept) throws Exception {
    try (java.util.stream.Stream<Path> files = Files.list(kept)) {
      return files
          .map(f -> f.getFileName().toString())
          .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
  }

  /** {@code parse} of the centre into site/ for lab-a alone ({@code --qos lab-a}). */
  private void parseLabA() {
    List<String> parse =
        new ArrayList<>(
            List.of(
                "parse",
                "--sacct-file",
                Path.of("src/test/resources/groups/centre.sacct.txt").toAbsolutePath().toString(),
                "--out",
                "site",
                "--qos",
                "lab-a"));
    parse.addAll(Cli.GROUPS_REPLAY);
    Cli.Run run = new Cli(dir).run(parse);
    assertEquals(0, run.code(), run.err());
  }

  @Test
  void keptRowsOfGroupsNoLongerInTheSiteGoAndARestrictedRunKeepsTheOthers() throws Exception {
    index("state_dir: state\n");
    Path kept = dir.resolve("state/index");
    assertEquals(java.util.Set.of("data_lab-a.json", "data_lab-b.json"), names(kept));
    // Hand-made: the row of lab-gone, whose data file left the site, and a file that is no row.
    Files.writeString(
        kept.resolve("data_lab-gone.json"),
        "{\"key\":\"1 0 600 lab-gone\",\"row\":{\"name\":\"lab-gone\"}}");
    Files.writeString(kept.resolve("notes.txt"), "not a row\n");
    // A run of lab-a alone: lab-b's data file stays in the site, and so does its row.
    parseLabA();
    assertEquals(java.util.Set.of("data_lab-a.json", "data_lab-b.json", "notes.txt"), names(kept));
    // lab-b's data file taken out of the site: its row goes with the next assembly, though one
    // group is left and no index.json is written.
    Files.delete(dir.resolve("site/data_lab-b.json"));
    parseLabA();
    assertFalse(Files.exists(dir.resolve("site").resolve(GroupIndex.FILE)));
    assertEquals(java.util.Set.of("data_lab-a.json", "notes.txt"), names(kept));
  }

  @Test
  void aGroupNowProtectedLosesItsKeptRow() throws Exception {
    index("state_dir: state\n");
    Path kept = dir.resolve("state/index");
    assertEquals(java.util.Set.of("data_lab-a.json", "data_lab-b.json"), names(kept));
    Path pass = dir.resolve("passphrases");
    Files.writeString(pass, "lab-b correct horse battery staple\n");
    Files.setPosixFilePermissions(
        pass, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    index("state_dir: state\nprivacy:\n  passphrases: passphrases\n");
    // Nothing of a protected group is kept in the state directory either.
    assertEquals(java.util.Set.of("data_lab-a.json"), names(kept));
  }
}
