package org.librarian.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;

/**
 * History you can trust (#24, items 7 to 9): only run, backfill and parse --update-history write
 * the archive; a zone other than the archive's is exit 2 naming both; an empty or cut-short archive
 * is kept aside, never replaced, and its QoS exits 1 while the other QoS update; backfill has
 * bounds and --replace. Times in the files are epoch seconds; days are UTC unless said.
 */
class HistoryTrustTest {
  static final String HEADER =
      "JobID|JobIDRaw|User|Account|QOS|State|Submit|Start|End|ElapsedRaw|NCPUS|NNodes|ReqMem"
          + "|AllocTRES";
  final ObjectMapper json = new ObjectMapper();
  @TempDir Path tmp;

  static long t(String utc) {
    return Instant.parse(utc).getEpochSecond();
  }

  /** A row: a COMPLETED job of {@code cpus} CPUs from start to end. */
  static String row(String id, String user, String qos, int cpus, long start, long end) {
    return id
        + "|"
        + id
        + "|"
        + user
        + "|lab|"
        + qos
        + "|COMPLETED|"
        + start
        + "|"
        + start
        + "|"
        + end
        + "|"
        + (end - start)
        + "|"
        + cpus
        + "|1|1G|billing="
        + cpus
        + ",cpu="
        + cpus
        + ",mem=1G,node=1\n";
  }

  private Path file(String name, String... rows) throws Exception {
    Path f = tmp.resolve(name);
    Files.writeString(f, HEADER + "\n" + String.join("", rows));
    return f;
  }

  private Path config(String zone) throws Exception {
    Path c = tmp.resolve("librarian.yaml");
    Files.writeString(
        c,
        "timezone: "
            + zone
            + "\nstate_dir: state\nqos:\n  - name: q\n    limits: {cpus: 48}\n"
            + "  - name: r\n    limits: {cpus: 48}\n");
    return c;
  }

  private Path archive(String qos) {
    return tmp.resolve("state/history/default/" + qos + ".json");
  }

  /** ann: 6 CPUs over all of 2026-11-10 (q); bob: 2 CPUs over all of 2026-11-10 (r). */
  private Path twoQos() throws Exception {
    return file(
        "two.txt",
        row("1", "ann", "q", 6, t("2026-11-10T00:00:00Z"), t("2026-11-11T00:00:00Z")),
        row("2", "bob", "r", 2, t("2026-11-10T00:00:00Z"), t("2026-11-11T00:00:00Z")));
  }

  private Cli.Run parse(Path file, String... more) throws Exception {
    return new Cli(tmp)
        .run(
            List.of(
                "parse",
                "--config",
                config("UTC").toString(),
                "--sacct-file",
                file.toString(),
                "--now",
                "2026-11-12T00:00:00Z",
                "--out",
                "site",
                "--no-plots"),
            more);
  }

  private Cli.Run backfill(String zone, Path file, String... more) throws Exception {
    return new Cli(tmp)
        .run(
            List.of(
                "backfill",
                "--config",
                config(zone).toString(),
                "--qos",
                "q",
                "--sacct-file",
                file.toString(),
                "--now",
                "2026-11-12T00:00:00Z",
                "--out",
                "site"),
            more);
  }

  private double day(Path history, String user, String date) throws Exception {
    JsonNode h = json.readTree(history.toFile());
    List<String> days = new ArrayList<>();
    h.get("days").forEach(d -> days.add(d.asText()));
    return h.at("/observables/NCPUS/" + user).get(days.indexOf(date)).asDouble();
  }

  @Test
  void parseOfASavedFileDoesNotWriteTheHistoryArchive() throws Exception {
    Cli.Run replay = parse(twoQos());
    assertEquals(0, replay.code(), replay.err());
    assertFalse(Files.exists(archive("q")), "a replay wrote the archive");
    assertFalse(Files.exists(tmp.resolve("site/history_q.json")));

    Cli.Run asked = parse(twoQos(), "--update-history");
    assertEquals(0, asked.code(), asked.err());
    assertEquals(6.0, day(archive("q"), "ann", "2026-11-10"), 1e-9);
    assertEquals(2.0, day(archive("r"), "bob", "2026-11-10"), 1e-9);
  }

  @Test
  void zoneMismatchIsAnErrorNamingBothZones() throws Exception {
    assertEquals(0, backfill("America/New_York", twoQos(), "--since", "2026-11-09").code());
    byte[] before = Files.readAllBytes(archive("q"));
    Cli.Run run = parse(twoQos(), "--update-history");
    assertEquals(2, run.code(), run.err());
    assertTrue(
        run.err().contains("keeps its days in America/New_York, and this run's time zone is UTC"),
        run.err());
    assertArrayEquals(before, Files.readAllBytes(archive("q")));
  }

  /**
   * The trial: a second backfill in another zone is refused before it reads anything; the archive
   * is unchanged.
   */
  @Test
  void timeZoneChangeBetweenTwoBackfillsIsRefused() throws Exception {
    Path f = twoQos();
    Cli.Run first = backfill("America/New_York", f, "--since", "2026-11-09");
    assertEquals(0, first.code(), first.err());
    byte[] before = Files.readAllBytes(archive("q"));
    byte[] site = Files.readAllBytes(tmp.resolve("site/history_q.json"));
    Cli.Run second = backfill("Europe/Amsterdam", f, "--since", "2026-11-09");
    assertEquals(2, second.code(), second.err());
    assertTrue(
        second.err().contains("America/New_York") && second.err().contains("Europe/Amsterdam"),
        second.err());
    assertArrayEquals(before, Files.readAllBytes(archive("q")));
    assertArrayEquals(site, Files.readAllBytes(tmp.resolve("site/history_q.json")));
  }

  @Test
  void emptyHistoryArchiveIsKeptAsideNotReplaced() throws Exception {
    Files.createDirectories(archive("q").getParent());
    Files.write(archive("q"), new byte[0]);
    Cli.Run run = parse(twoQos(), "--update-history");
    assertEquals(1, run.code(), run.err());
    assertTrue(
        run.err()
            .contains("q.json is empty (0 bytes); kept aside as q.json.broken-20261112T000000Z"),
        run.err());
    Path aside = archive("q").resolveSibling("q.json.broken-20261112T000000Z");
    assertTrue(Files.isRegularFile(aside));
    assertEquals(0, Files.size(aside));
    assertFalse(Files.exists(archive("q")), "a new archive replaced the empty one in the same run");
    // The other QoS still updates, and q's data file was written.
    assertEquals(2.0, day(archive("r"), "bob", "2026-11-10"), 1e-9);
    assertTrue(Files.isRegularFile(tmp.resolve("site/data_q.json")));
  }

  @Test
  void truncatedHistoryArchiveIsKeptAsideByBackfill() throws Exception {
    assertEquals(0, backfill("UTC", twoQos(), "--since", "2026-11-09").code());
    byte[] whole = Files.readAllBytes(archive("q"));
    byte[] half = Arrays.copyOf(whole, whole.length / 2);
    Files.write(archive("q"), half);
    Cli.Run run = backfill("UTC", twoQos(), "--since", "2026-11-09");
    assertEquals(1, run.code(), run.err());
    assertTrue(run.err().contains("is not a readable history"), run.err());
    assertArrayEquals(
        half, Files.readAllBytes(archive("q").resolveSibling("q.json.broken-20261112T000000Z")));
    assertFalse(Files.exists(archive("q")));
  }

  @Test
  void backfillSinceYearOneIsRefused() throws Exception {
    Cli.Run run = backfill("UTC", twoQos(), "--since", "0001-01-01", "--force");
    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains("--since 0001-01-01 is before 2000-01-01"), run.err());
    assertFalse(Files.exists(archive("q")));
  }

  @Test
  void backfillFarBeforeTheArchiveNeedsForce() throws Exception {
    assertEquals(0, backfill("UTC", twoQos(), "--since", "2026-11-09").code());
    Cli.Run typo = backfill("UTC", twoQos(), "--since", "2016-11-09", "--until", "2016-11-10");
    assertEquals(2, typo.code(), typo.err());
    assertTrue(
        typo.err()
            .contains(
                "--since 2016-11-09 is more than 731 days before the archive's first day"
                    + " (2026-11-09)"),
        typo.err());
    Cli.Run forced =
        backfill("UTC", twoQos(), "--since", "2016-11-09", "--until", "2016-11-10", "--force");
    assertEquals(0, forced.code(), forced.err());
    assertEquals(
        "2016-11-09", json.readTree(archive("q").toFile()).at("/metadata/first_day").asText());
  }

  /**
   * A second file says ann used 12 CPUs on 10 and 11 November: without --replace the whole archived
   * day 10 stays 6 and the missing day 11 is filled; with --replace --since 11-10 --until 11-10 day
   * 10 becomes 12, and day 9 (outside the range) stays as it was.
   */
  @Test
  void backfillReplaceRecomputesARange() throws Exception {
    Path first =
        file(
            "first.txt",
            row("1", "ann", "q", 6, t("2026-11-09T00:00:00Z"), t("2026-11-11T00:00:00Z")));
    assertEquals(
        0, backfill("UTC", first, "--since", "2026-11-09", "--until", "2026-11-10").code());
    Path second =
        file(
            "second.txt",
            row("1", "ann", "q", 12, t("2026-11-10T00:00:00Z"), t("2026-11-12T00:00:00Z")));
    Cli.Run fill = backfill("UTC", second, "--since", "2026-11-09", "--until", "2026-11-11");
    assertEquals(0, fill.code(), fill.err());
    assertEquals(6.0, day(archive("q"), "ann", "2026-11-09"), 1e-9);
    assertEquals(6.0, day(archive("q"), "ann", "2026-11-10"), 1e-9);
    assertEquals(12.0, day(archive("q"), "ann", "2026-11-11"), 1e-9);
    Cli.Run replace =
        backfill("UTC", second, "--replace", "--since", "2026-11-10", "--until", "2026-11-10");
    assertEquals(0, replace.code(), replace.err());
    assertEquals(6.0, day(archive("q"), "ann", "2026-11-09"), 1e-9);
    assertEquals(12.0, day(archive("q"), "ann", "2026-11-10"), 1e-9);
    assertEquals(12.0, day(archive("q"), "ann", "2026-11-11"), 1e-9);
  }
}
