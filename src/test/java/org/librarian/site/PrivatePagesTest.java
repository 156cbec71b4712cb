package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.config.Settings;
import org.librarian.testing.Cli;

class PrivatePagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NOW = "2026-11-20T12:30:00Z";

  @TempDir Path dir;

  private Path passphrases(String text, String mode) throws IOException {
    Path file = dir.resolve("passphrases");
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  /**
   * avery's passphrase "otters sleep at noon" in a file of {@code mode}, a configuration that shows
   * protected names, and an empty output directory demo/.
   */
  private void averysDemoDir(String mode) throws IOException {
    passphrases("avery otters sleep at noon\n", mode);
    config(true);
    Files.createDirectories(dir.resolve("demo"));
  }

  private void config(boolean showNames) throws IOException {
    Files.writeString(
        dir.resolve("librarian.yaml"),
        "output: demo\nprivacy:\n  passphrases: passphrases\n  show_protected_names: "
            + showNames
            + "\n");
  }

  /**
   * The demo, then {@code site} sealing what the passphrase file names. The demo's sample/ (its
   * generated sacct input, kept for parse --sacct-file) is not part of the site and is removed.
   */
  private Cli.Run demoThenSite(String... plots) throws IOException {
    Cli cli = new Cli(dir);
    List<String> args = new ArrayList<>(List.of("demo", "--out", "demo", "--now", NOW));
    args.addAll(List.of(plots));
    Cli.Run demo = cli.run(args.toArray(String[]::new));
    assertEquals(0, demo.code(), demo.err());
    removeSample();
    return cli.run("site", "--config", "librarian.yaml");
  }

  private void removeSample() throws IOException {
    try (Stream<Path> sample = Files.walk(dir.resolve("demo/sample"))) {
      for (Path p : sample.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Every file of the site, as text (bytes as ISO-8859-1, so any ASCII string is found). */
  private List<Path> siteFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("demo"))) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static String text(Path f) throws IOException {
    return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
  }

  /** The group's CPU-, GPU- and memory-hours per user, as its JSON prints them. */
  private static Set<String> printedHours(String json) {
    Set<String> numbers = new TreeSet<>();
    Matcher m =
        Pattern.compile("\"(cpu_hours|gpu_hours|mem_gb_hours)\"\\s*:\\s*([0-9]+\\.[0-9]+)")
            .matcher(json);
    while (m.find()) {
      // Short ones (such as 12.5) could occur anywhere, Plotly included; these have 8+ characters.
      if (m.group(2).length() >= 8) {
        numbers.add(m.group(2));
      }
    }
    return numbers;
  }

  private static JsonNode entry(JsonNode manifest, String label) {
    for (JsonNode d : manifest.get("datasets")) {
      if (d.get("qos").asText().equals(label)) {
        return d;
      }
    }
    throw new AssertionError("no " + label + " in " + manifest);
  }

  private byte[] openBlob(JsonNode entry, String passphrase, String name) throws Exception {
    Path site = dir.resolve("demo");
    JsonNode index =
        JSON.readTree(
            SealedFile.open(
                passphrase, Files.readAllBytes(site.resolve(entry.get("sealed").asText()))));
    return SealedFile.open(
        passphrase,
        Files.readAllBytes(site.resolve(index.get("blobs").get(name).get("path").asText())));
  }

  @Test
  void nothingOfAProtectedGroupIsReadableInThePublishedSite() throws Exception {
    // What the demo writes for avery, before it is sealed: its users and hours.
    Cli.Run demo = new Cli(dir).run("demo", "--out", "demo", "--now", NOW);
    assertEquals(0, demo.code(), demo.err());
    removeSample();
    byte[] plainData = Files.readAllBytes(dir.resolve("demo/data_avery.json"));
    String plain = new String(plainData, StandardCharsets.UTF_8);
    List<String> users = new ArrayList<>();
    JSON.readTree(plainData).get("users").forEach(u -> users.add(u.asText()));
    Set<String> hours = printedHours(plain);
    // 12 users, each with CPU-, GPU- and memory-hours of 8+ characters (otter: 39069.257
    // CPU-hours).
    assertEquals(12, users.size());
    assertTrue(users.contains("otter"));
    assertTrue(hours.contains("39069.257"), hours.toString());
    assertTrue(hours.size() >= 30, hours.size() + " numbers");
    // Its jobs file: every job's name and user. The names of 6 characters or more (shorter ones,
    // such as "sweep", could occur anywhere by chance) must not be readable either.
    byte[] plainJobs = Files.readAllBytes(dir.resolve("demo/jobs_avery.json"));
    Set<String> jobNames = new TreeSet<>();
    JsonNode jobRows = JSON.readTree(plainJobs).get("rows");
    jobRows.forEach(r -> jobNames.add(r.get(1).asText()));
    jobNames.removeIf(n -> n.length() < 6);
    // Every job of avery's families, as many as the data file counts; among their names mpi_run
    // and train_0.
    long counted = 0;
    for (JsonNode f : JSON.readTree(plainData).at("/families/list")) {
      counted += f.get("jobs").asLong();
    }
    assertTrue(counted > 1000, counted + " jobs");
    assertEquals(counted, jobRows.size());
    assertTrue(jobNames.containsAll(Set.of("mpi_run", "train_0")), jobNames.toString());

    // A fixed seed, so the sealed bytes are the same on every run: random bytes hold a given short
    // name by chance (2^-32 per place for four letters), which is no plain text but would make the
    // test fail once in a while. librarian itself seals with a new SecureRandom.
    SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
    seeded.setSeed(20261206L);
    SiteAssembler.assemble(
        dir.resolve("demo"),
        Duration.ofMinutes(10),
        Instant.parse(NOW),
        ZoneId.of("America/New_York"),
        "test",
        new PrivatePages(
            Map.of("avery", "otters sleep at noon"), false, SealedFile.ITERATIONS, seeded),
        null);

    Set<String> avery = Set.copyOf(PrivatePages.plainFiles("avery"));
    Set<String> averyB = Set.copyOf(PrivatePages.plainFiles("avery-b"));
    int scanned = 0;
    for (Path f : siteFiles()) {
      String name = f.getFileName().toString();
      assertFalse(avery.contains(name), "a plain file of avery is left: " + f);
      String content = text(f);
      for (String number : hours) {
        assertFalse(content.contains(number), f + " holds " + number);
      }
      // avery-b, not protected, has the same users as avery: only its own files may name them.
      if (!averyB.contains(name)) {
        for (String user : users) {
          assertFalse(content.contains(user), f + " names " + user);
        }
        for (String job : jobNames) {
          assertFalse(content.contains(job), f + " names the job " + job);
        }
        assertFalse(name.contains("avery") && !name.contains("avery-b"), f.toString());
      }
      scanned++;
    }
    assertTrue(scanned > 40, scanned + " files");

    JsonNode manifest = JSON.readTree(dir.resolve("demo/manifest.json").toFile());
    JsonNode sealed = entry(manifest, "Private group 1");
    // Only that it is protected, and where its sealed index is: not its name, not its files.
    assertEquals(
        List.of("qos", "protected", "name_shown", "sealed"), List.copyOf(fieldNames(sealed)));
    assertEquals("avery-b", manifest.get("datasets").get(0).get("qos").asText());
    assertEquals(2, manifest.get("datasets").size());

    // The sealed copy opens to the very bytes the demo wrote.
    assertArrayEquals(plainData, openBlob(sealed, "otters sleep at noon", "data_avery.json"));
    assertArrayEquals(plainJobs, openBlob(sealed, "otters sleep at noon", "jobs_avery.json"));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void aNewPassphraseSealsTheNextRunAndTheOldOneNoLongerOpens() throws Exception {
    passphrases("avery first phrase\n", "rw-------");
    config(true);
    assertEquals(0, demoThenSite("--no-plots").code());
    JsonNode first = entry(JSON.readTree(dir.resolve("demo/manifest.json").toFile()), "avery");
    assertTrue(first.get("name_shown").asBoolean());

    passphrases("avery second phrase\n", "rw-------");
    Cli.Run again = demoThenSite("--no-plots");
    assertEquals(0, again.code(), again.err());
    JsonNode second = entry(JSON.readTree(dir.resolve("demo/manifest.json").toFile()), "avery");

    assertFalse(Files.exists(dir.resolve("demo").resolve(first.get("sealed").asText())));
    try (Stream<Path> groups = Files.list(dir.resolve("demo/private"))) {
      assertEquals(1, groups.count());
    }
    assertTrue(
        new String(openBlob(second, "second phrase", "data_avery.json"), StandardCharsets.UTF_8)
            .contains("\"otter\""));
    assertThrows(
        SealedFile.WrongPassphraseException.class,
        () -> openBlob(second, "first phrase", "data_avery.json"));

    // site alone (no new plain files) keeps what was sealed.
    Cli.Run site = new Cli(dir).run("site", "--config", "librarian.yaml");
    assertEquals(0, site.code(), site.err());
    assertEquals(
        second.get("sealed"),
        entry(JSON.readTree(dir.resolve("demo/manifest.json").toFile()), "avery").get("sealed"));
  }

  @Test
  void aPassphraseFileOthersMayReadIsRefused() throws Exception {
    averysDemoDir("rw-r--r--");
    Files.writeString(dir.resolve("demo/data_avery.json"), "{\"users\":[\"otter\"]}");

    Cli.Run run = new Cli(dir).run("site", "--config", "librarian.yaml");

    assertEquals(2, run.code());
    assertTrue(
        run.err().contains("has mode rw-r--r--: others than its owner may read or change it"),
        run.err());
    assertTrue(run.err().contains("chmod 600 " + dir.resolve("passphrases")), run.err());
    assertFalse(run.err().contains("otters sleep"), run.err());
    // Nothing assembled: no manifest lists the plain file.
    assertFalse(Files.exists(dir.resolve("demo/manifest.json")));
  }

  @Test
  void aGroupWithoutAPassphraseIsALineError() throws Exception {
    passphrases("# comment\n\navery\n", "rw-------");
    config(true);
    Cli.Run run = new Cli(dir).run("site", "--config", "librarian.yaml");
    assertEquals(2, run.code());
    assertTrue(
        run.err().contains("passphrases line 3: a group (avery) without a passphrase"), run.err());
  }

  @Test
  void theFingerprintThatRewritesThePublishedBranchFollowsTheGroupsAndTheirPassphrases()
      throws Exception {
    Settings settings = Settings.of(ZoneId.of("UTC"), dir.resolve("site"), List.of(), dir);
    assertEquals("", PrivatePages.fingerprint(settings));
    Path file = Files.createDirectories(dir.resolve("privacy")).resolve("passphrases");
    Files.writeString(file, "avery first phrase\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    String first = PrivatePages.fingerprint(settings);
    assertTrue(first.matches("\\+sealed:[0-9a-f]{64}"), first);
    assertFalse(first.contains("first phrase"));
    assertEquals(first, PrivatePages.fingerprint(settings));

    Files.writeString(file, "avery second phrase\n");
    String second = PrivatePages.fingerprint(settings);
    Files.writeString(file, "avery second phrase\navery-b third phrase\n");
    String third = PrivatePages.fingerprint(settings);
    assertEquals(3, Set.of(first, second, third).size());

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    IOException refused = assertThrows(IOException.class, () -> PrivatePages.fingerprint(settings));
    assertTrue(refused.getMessage().contains("chmod 600"), refused.getMessage());
  }

  @Test
  void deployRefusesASiteWithAPlainFileOfAProtectedGroup() throws Exception {
    averysDemoDir("rw-------");
    Files.writeString(dir.resolve("demo/index.html"), "<!DOCTYPE html>");
    Files.writeString(dir.resolve("demo/NCPUS_avery.png"), "png");

    Cli.Run run = new Cli(dir).run("deploy", "--config", "librarian.yaml", "--dry-run");

    assertEquals(2, run.code());
    assertTrue(
        run.err().contains("NCPUS_avery.png is a plain file of avery, which has a passphrase"),
        run.err());
  }
}
