package org.librarian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeAccounting;
import org.librarian.testing.SacctRow;

/**
 * The daily history: backfill from a saved file over both DST changes in New York, checked against
 * an independent computation (each job's overlap with each local day, over the day's real length);
 * a later parse that sees only recent jobs keeps the older days; backfill from sacct by chunks, a
 * job across chunks counted once, resumed after an interruption; a refused wide range explained.
 */
class BackfillTest {
  static final ZoneId NY = ZoneId.of("America/New_York");
  final ObjectMapper json = new ObjectMapper();
  @TempDir Path tmp;

  record Job(String id, String user, int cpus, long start, long end) {}

  static long ny(String local) {
    return ZonedDateTime.ofLocal(LocalDateTime.parse(local), NY, null).toEpochSecond();
  }

  /**
   * The jobs: across the fall-back day (25 h), across the spring-forward day (23 h), one running
   * now.
   */
  static List<Job> jobs(long now) {
    List<Job> jobs = new ArrayList<>();
    // 22:00 EDT on 1 Nov to 02:00 EST on 2 Nov: 5 real hours, 2 on the 1st and 3 on the 2nd (a
    // 25-hour day).
    jobs.add(new Job("1", "ann", 4, ny("2025-11-01T22:00"), ny("2025-11-02T02:00")));
    // Noon 7 March to noon 9 March 2026: 12 h, the whole 23-hour 8 March, 12 h.
    jobs.add(new Job("2", "bob", 10, ny("2026-03-07T12:00"), ny("2026-03-09T12:00")));
    // Every day from 2025-10-15: a short job of cyd, 1 hour at 03:00, 3 CPUs.
    for (LocalDate d = LocalDate.parse("2025-10-15");
        d.isBefore(LocalDate.parse("2026-11-21"));
        d = d.plusDays(1)) {
      long s = d.atTime(3, 0).atZone(NY).toEpochSecond();
      jobs.add(new Job("c" + d, "cyd", 3, s, s + 3600));
    }
    // Running now: 2 CPUs since 09:00 EST today (2026-11-20), now 15:00 EST.
    jobs.add(new Job("9", "ann", 2, ny("2026-11-20T09:00"), -1));
    return jobs;
  }

  static String sacctFile(List<Job> jobs, long now) {
    StringBuilder b = new StringBuilder(SacctRow.HEADER).append('\n');
    for (Job j : jobs) {
      boolean running = j.end() < 0;
      SacctRow row =
          new SacctRow(
              j.id(),
              j.id(),
              j.user(),
              "lab",
              "q",
              running ? "RUNNING" : "COMPLETED",
              j.start(),
              j.start(),
              running ? "Unknown" : j.end(),
              (running ? now : j.end()) - j.start(),
              j.cpus(),
              "1G",
              SacctRow.tres(j.cpus(), "1G"));
      b.append(row.line()).append('\n');
    }
    return b.toString();
  }

  /**
   * The independent computation: CPUs averaged over each local day's real seconds (today's so far).
   */
  static Map<String, Map<LocalDate, Double>> expected(List<Job> jobs, long now) {
    Map<String, Map<LocalDate, Double>> result = new LinkedHashMap<>();
    for (Job j : jobs) {
      long end = j.end() < 0 ? now : j.end();
      for (LocalDate d = Instant.ofEpochSecond(j.start()).atZone(NY).toLocalDate();
          d.atStartOfDay(NY).toEpochSecond() < end;
          d = d.plusDays(1)) {
        long from = d.atStartOfDay(NY).toEpochSecond();
        long to = Math.min(d.plusDays(1).atStartOfDay(NY).toEpochSecond(), now);
        long overlap = Math.min(end, to) - Math.max(j.start(), from);
        if (overlap > 0) {
          result
              .computeIfAbsent(j.user(), k -> new LinkedHashMap<>())
              .merge(d, j.cpus() * overlap / (double) (to - from), Double::sum);
        }
      }
    }
    return result;
  }

  private Path config() throws Exception {
    Path c = tmp.resolve("librarian.yaml");
    Files.writeString(
        c,
        "timezone: America/New_York\nstate_dir: state\nqos:\n  - name: q\n    limits: {cpus: 48}\n");
    return c;
  }

  private void assertMatches(JsonNode h, Map<String, Map<LocalDate, Double>> expected) {
    List<String> days = new ArrayList<>();
    h.get("days").forEach(d -> days.add(d.asText()));
    int checked = 0;
    for (Map.Entry<String, Map<LocalDate, Double>> u : expected.entrySet()) {
      for (Map.Entry<LocalDate, Double> d : u.getValue().entrySet()) {
        int i = days.indexOf(d.getKey().toString());
        assertTrue(i >= 0, "no day " + d.getKey());
        assertEquals(
            Math.round(d.getValue() * 100) / 100.0,
            h.at("/observables/NCPUS/" + u.getKey()).get(i).asDouble(),
            1e-9,
            u.getKey() + " on " + d.getKey());
        checked++;
      }
    }
    assertTrue(checked > 400, "checked " + checked + " user-days");
  }

  /** The history file {@code run} wrote into site/, once it has succeeded. */
  private JsonNode historyAfter(Cli.Run run) throws Exception {
    assertEquals(0, run.code(), run.err());
    return json.readTree(tmp.resolve("site/history_q.json").toFile());
  }

  /** {@code verb} of QoS "q" from the sacct {@code file} as of {@code now}, then {@code more}. */
  private Cli.Run onQ(String verb, Path file, String now, String... more) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                verb,
                "--config",
                config().toString(),
                "--qos",
                "q",
                "--sacct-file",
                file.toString(),
                "--now",
                now));
    args.addAll(List.of(more));
    return new Cli(tmp).run(args.toArray(String[]::new));
  }

  @Test
  void aBackfillFromAFileEqualsAnIndependentComputationAcrossBothDstChanges() throws Exception {
    long now = ny("2026-11-20T15:00");
    List<Job> jobs = jobs(now);
    Path file = tmp.resolve("q.sacct.txt");
    Files.writeString(file, sacctFile(jobs, now));
    JsonNode h =
        historyAfter(
            onQ(
                "backfill",
                file,
                "2026-11-20T15:00:00-05:00",
                "--since",
                "2025-10-15",
                "--out",
                "site"));
    assertEquals("America/New_York", h.at("/metadata/timezone").asText());
    assertEquals("2025-10-15", h.at("/metadata/first_day").asText());
    assertEquals("2026-11-20", h.at("/metadata/last_day").asText());
    assertEquals(402, h.get("days").size());
    assertMatches(h, expected(jobs, now));

    List<String> days = new ArrayList<>();
    h.get("days").forEach(d -> days.add(d.asText()));
    // By hand: ann 4 × 2/24 = 0.33 on 1 Nov, 4 × 3/25 = 0.48 on 2 Nov; bob 10 × 12/24 = 5, 10 ×
    // 23/23, 5.
    assertEquals(
        0.33, h.at("/observables/NCPUS/ann").get(days.indexOf("2025-11-01")).asDouble(), 1e-9);
    assertEquals(
        0.48, h.at("/observables/NCPUS/ann").get(days.indexOf("2025-11-02")).asDouble(), 1e-9);
    assertEquals(25.0, h.get("hours").get(days.indexOf("2025-11-02")).asDouble(), 1e-9);
    assertEquals(
        5.0, h.at("/observables/NCPUS/bob").get(days.indexOf("2026-03-07")).asDouble(), 1e-9);
    assertEquals(
        10.0, h.at("/observables/NCPUS/bob").get(days.indexOf("2026-03-08")).asDouble(), 1e-9);
    assertEquals(23.0, h.get("hours").get(days.indexOf("2026-03-08")).asDouble(), 1e-9);
    assertEquals(
        5.0, h.at("/observables/NCPUS/bob").get(days.indexOf("2026-03-09")).asDouble(), 1e-9);
    // Today, 15 h so far: ann 2 CPUs for 6 h → 0.8; cyd's 03:00 hour: 3/15 = 0.2.
    assertEquals(15.0, h.get("hours").get(401).asDouble(), 1e-9);
    assertEquals(0.8, h.at("/observables/NCPUS/ann").get(401).asDouble(), 1e-9);
    assertEquals(0.2, h.at("/observables/NCPUS/cyd").get(401).asDouble(), 1e-9);
    assertEquals(
        ny("2025-11-02T00:00"),
        OffsetDateTime.parse(h.get("day_starts").get(days.indexOf("2025-11-02")).asText())
            .toEpochSecond());
    assertEquals(
        "[{\"from\":\"2025-10-15\",\"NCPUS\":48,\"NGPUS\":0,\"MEMORY\":0,\"NJOBS\":0}]",
        h.get("limits").toString());
    // Totals: bob 10 CPUs from noon to noon two days later, across spring forward: 12 + 23 + 12 =
    // 47 real
    // hours, 470 CPU-hours.
    assertEquals(470.0, h.at("/totals/bob/cpu_hours").asDouble(), 1e-9);

    // A later parse of a file holding only the last 30 days: older days unchanged, recent ones
    // recomputed.
    List<Job> recent =
        jobs.stream().filter(j -> j.end() < 0 || j.end() > now - 30 * 86_400L).toList();
    Path recentFile = tmp.resolve("recent.sacct.txt");
    Files.writeString(recentFile, sacctFile(recent, now + 3600));
    JsonNode after =
        historyAfter(
            onQ(
                "parse",
                recentFile,
                "2026-11-20T16:00:00-05:00",
                "--out",
                "site",
                "--no-plots",
                "--update-history"));
    assertEquals(402, after.get("days").size());
    for (String user : List.of("ann", "bob")) {
      JsonNode a = after.at("/observables/NCPUS/" + user);
      JsonNode b = h.at("/observables/NCPUS/" + user);
      for (int i = 0; i < 370; i++) {
        assertEquals(b.get(i).asDouble(), a.get(i).asDouble(), 1e-9, user + " day " + days.get(i));
      }
    }
    // Today now has 16 h: ann 2 CPUs × 7 h / 16 h = 0.875 → 0.88.
    assertEquals(16.0, after.get("hours").get(401).asDouble(), 1e-9);
    assertEquals(0.88, after.at("/observables/NCPUS/ann").get(401).asDouble(), 1e-9);
    assertTrue(Files.isRegularFile(tmp.resolve("state/history/default/q.json")));
  }

  /**
   * From sacct by chunks of 3 days, in UTC (the fake reads times as UTC): bob's job runs 2026-11-02
   * 12:00 to 2026-11-05 12:00 across two chunks and counts once. The third query fails (slurmdbd
   * gone); the days of the first two chunks are kept; run again, it resumes with the third chunk.
   */
  @Test
  void chunksCountAJobOnceAndAnInterruptedBackfillResumes() throws Exception {
    Files.writeString(
        tmp.resolve("librarian.yaml"),
        "timezone: UTC\nstate_dir: state\nqos:\n  - name: q\n" + "    limits: {cpus: 48}\n");
    FakeAccounting sacct = new FakeAccounting();
    long day = Instant.parse("2026-11-01T00:00:00Z").getEpochSecond();
    sacct
        .add("1", "bob", "q", "COMPLETED", day + 86_400 + 43_200, day + 4 * 86_400 + 43_200, 8)
        .add("2", "ann", "q", "COMPLETED", day + 7 * 86_400, day + 8 * 86_400, 4);
    Instant now = Instant.parse("2026-11-10T00:00:00Z");
    sacct.now = now;
    sacct.downFromCall = 3;
    String[] args = {
      "backfill",
      "--qos",
      "q",
      "--since",
      "2026-11-01",
      "--until",
      "2026-11-09",
      "--chunk",
      "3d",
      "--now",
      now.toString(),
      "--out",
      "site"
    };
    Cli.Run broken = new Cli(tmp).programs("sacct").runner(sacct).run(args);
    assertEquals(1, broken.code(), broken.out());
    assertTrue(
        broken.err().contains("running the same command again resumes at 2026-11-07"),
        broken.err());
    JsonNode partial = json.readTree(tmp.resolve("site/history_q.json").toFile());
    assertEquals(6, partial.get("days").size());
    assertEquals("[0,4,8,8,4,0]", partial.at("/observables/NCPUS/bob").toString());

    sacct.downFromCall = Integer.MAX_VALUE;
    Cli.Run resumed = new Cli(tmp).programs("sacct").runner(sacct).run(args);
    JsonNode h = historyAfter(resumed);
    assertTrue(
        resumed
            .out()
            .contains("q: resuming the backfill of 2026-11-01 to 2026-11-09 at 2026-11-07"),
        resumed.out());
    assertEquals(4, sacct.calls.size(), "two chunks, a failed one, and only the third again");
    assertTrue(
        sacct.calls.get(3).argv().contains("--starttime=2026-11-07T00:00:00"),
        sacct.calls.get(3).display());
    assertTrue(
        sacct.calls.get(3).argv().contains("--endtime=2026-11-10T00:00:00"),
        sacct.calls.get(3).display());
    assertEquals(9, h.get("days").size());
    assertEquals("[0,4,8,8,4,0,0,0,0]", h.at("/observables/NCPUS/bob").toString());
    assertEquals("[0,0,0,0,0,0,0,4,0]", h.at("/observables/NCPUS/ann").toString());
    assertEquals(
        8 * 72.0, h.at("/totals/bob/cpu_hours").asDouble(), 1e-9, "72 hours of 8 CPUs, once");
    JsonNode archive = json.readTree(tmp.resolve("state/history/default/q.json").toFile());
    assertFalse(archive.has("backfill"), "finished: no progress left behind");
  }

  @Test
  void aRangeSlurmdbdRefusesIsExplained() throws Exception {
    Files.writeString(
        tmp.resolve("librarian.yaml"),
        "timezone: UTC\nstate_dir: state\nqos:\n  - name: q\n" + "    limits: {cpus: 48}\n");
    FakeAccounting sacct = new FakeAccounting();
    sacct.mode = FakeAccounting.Mode.TOO_WIDE;
    sacct.now = Instant.parse("2026-11-10T00:00:00Z");
    Cli.Run run =
        new Cli(tmp)
            .programs("sacct")
            .runner(sacct)
            .run(
                "backfill",
                "--qos",
                "q",
                "--since",
                "2026-01-01",
                "--chunk",
                "60d",
                "--now",
                "2026-11-10T00:00:00Z");
    assertEquals(1, run.code());
    assertTrue(
        run.err()
            .contains(
                "slurmdbd refuses a query of 60 days (its MaxQueryTimeRange): run again with a"
                    + " smaller --chunk, such as --chunk 1d"),
        run.err());
  }
}
