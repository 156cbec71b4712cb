package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;
import org.librarian.testing.RunConfig;
import org.librarian.usage.CapacityPlanner;
import org.librarian.usage.CapacitySentence;
import org.librarian.usage.Observable;

/**
 * "Would a bigger limit help?" through parse, worked out by hand. avery's limit: 4 CPUs; now 12:30
 * UTC, a 3 h window: bins 10, 11, 12; the whole hours are 10 and 11 (12 is the partial hour). ann
 * holds 4 CPUs 10:00–12:30; bob asks for 2 from 10:00, waits for the QoS limit (QOSGrpCpuLimit) and
 * runs 11:00–12:30. U = [4, 6], Q = [2, 0], D = [6, 6]; one hour waited (10:00), so p95 = p99 = 6.
 * Candidates ⌈f × 4⌉ = 2, 3, 4, 5, 6, 8 and ⌈6⌉ = 6 once; for L: unmet = 2 × max(0, 6 − L), idle =
 * 2 × max(0, L − 6), room = 1 when 6 ≤ L. While work waited only ann ran: she held all of it.
 */
class CapacityJsonTest {
  private static final Path TWO_HOURS = Path.of("src/test/resources/capacity/two-hours.sacct.txt");

  @TempDir Path tmp;

  /** librarian.yaml in UTC, writing to site/, with avery's limits as given. */
  private void configure(String limits) throws Exception {
    RunConfig.parse().qos("avery", limits).writeTo(tmp);
  }

  /** parse of avery from {@code file} at 12:30 UTC over 3 h without charts, then {@code more}. */
  private Cli.Run parse(Path file, String... more) {
    List<String> args =
        List.of(
            "parse",
            "--qos=avery",
            "--sacct-file=" + file.toAbsolutePath(),
            "--now=2026-11-20T12:30:00Z",
            "--window=3h",
            "--no-plots");
    return new Cli(tmp).run(args, more);
  }

  /** The data JSON that parse wrote. */
  private JsonNode data() throws Exception {
    return new ObjectMapper().readTree(tmp.resolve("site/data_avery.json").toFile());
  }

  /**
   * parse of the two jobs, with avery's limits as given in librarian.yaml; the data JSON written.
   */
  private JsonNode parseTwoHours(String limits) throws Exception {
    configure(limits);
    Cli.Run run = parse(TWO_HOURS);
    assertEquals(0, run.code(), run.err());
    return data();
  }

  @Test
  void capacityOfTwoWholeHoursByHand() throws Exception {
    JsonNode d = parseTwoHours("cpus: 4, gpus: 0, memory_gb: 0");
    JsonNode c = d.at("/capacity/NCPUS");
    assertFalse(d.at("/capacity").has("NGPUS"), "no GPU limit, no GPU plan");
    assertFalse(d.at("/capacity").has("MEMORY"), "no memory limit, no memory plan");
    assertEquals(4, c.get("limit").asDouble());
    assertEquals(2, c.get("hours").asInt());
    assertEquals(1, c.get("hours_waiting").asInt());
    assertEquals(6.0, c.get("p95_demand").asDouble());
    assertEquals(6.0, c.get("p99_demand").asDouble());
    List<String> candidates = new ArrayList<>();
    c.get("candidates")
        .forEach(
            k ->
                candidates.add(
                    k.get("limit").asLong()
                        + ":"
                        + k.get("room_share").asDouble()
                        + ":"
                        + k.get("unmet_hours").asDouble()
                        + ":"
                        + k.get("idle_hours").asDouble()));
    assertEquals(
        List.of(
            "2:0.0:8.0:0.0",
            "3:0.0:6.0:0.0",
            "4:0.0:4.0:0.0",
            "5:0.0:2.0:0.0",
            "6:1.0:0.0:0.0",
            "8:1.0:0.0:4.0"),
        candidates);
    assertEquals(1.0, c.at("/holders/ann").asDouble());
    assertFalse(c.get("holders").has("bob"), "bob ran no CPU while work waited");
    assertEquals(
        "From 2026-11-20 10:00 UTC to 2026-11-20 12:00 UTC (2 whole hours): with 6 CPUs (+50 %), all"
            + " waiting work would have fit in 100 % of the 1 hour it waited; 0 CPU-hours of that limit would have sat"
            + " idle. While work waited, ann held 100 % of the CPUs in use. A first-order estimate: work that starts"
            + " sooner changes the hours after it.",
        c.get("sentence").asText());
  }

  /**
   * Waits by shape, by hand: ann (4 CPUs) started as soon as eligible, bob (2 CPUs) an hour later
   * (60 min: minutes under 90 min); both 2–8 CPUs.
   */
  @Test
  void waitByShapeOfTheSameTwoJobs() throws Exception {
    JsonNode w = parseTwoHours("cpus: 4").get("wait_by_shape");
    assertEquals(1, w.size(), w.toString());
    JsonNode s = w.get(0);
    assertEquals("2-8", s.get("shape").asText());
    assertFalse(s.get("gpus").asBoolean());
    assertEquals(2, s.get("jobs").asInt());
    // Nearest rank of [0, 3600 s]: p50 is the 1st (⌈0.5 × 2⌉), p90 the 2nd (⌈0.9 × 2⌉).
    assertEquals(0, s.get("p50_seconds").asLong());
    assertEquals(3600, s.get("p90_seconds").asLong());
    assertEquals(
        "From 2026-11-20 10:00 UTC to 2026-11-20 12:30 UTC: jobs of 2\u20138 CPUs without GPUs started at once"
            + " half the time and within 60 min nine times in ten.",
        s.get("sentence").asText());
  }

  /** A replay names the limits on the command line: the same plan as with the configuration's. */
  @Test
  void aReplayTakesItsLimitsFromTheLimitsOption() throws Exception {
    Cli.Run run =
        parse(TWO_HOURS, "--timezone", "UTC", "--out", "site", "--limits", "cpu=4,gpu=0,mem=0");
    assertEquals(0, run.code(), run.err());
    JsonNode d = data();
    assertEquals(4, d.at("/thresholds/NCPUS").asDouble());
    assertEquals(6.0, d.at("/capacity/NCPUS/p95_demand").asDouble());
    assertEquals(6, d.at("/capacity/NCPUS/candidates").size());
  }

  @Test
  void aBadLimitIsRefusedNamingItsPart() {
    Cli.Run run =
        new Cli(tmp)
            .run(
                "parse",
                "--qos=avery",
                "--sacct-file=" + TWO_HOURS.toAbsolutePath(),
                "--limits=cpu=4,disk=9");
    assertEquals(2, run.code(), run.out());
    assertTrue(
        run.err().contains("--limits: 'disk=9' is not one of cpu=N, gpu=N, mem=N (GB), jobs=N"),
        run.err());
    Cli.Run negative = new Cli(tmp).run("parse", "--qos", "avery", "--limits", "cpu=-1");
    assertEquals(2, negative.code(), negative.out());
    assertTrue(negative.err().contains("cpu must be a number from 0 to 1e9"), negative.err());
  }

  @Test
  void noWaitingWorkNoCapacity() throws Exception {
    configure("cpus: 4");
    Path file = tmp.resolve("no-eligible.sacct.txt");
    Files.writeString(
        file,
        "JobID|User|QOS|State|Start|End|NCPUS|AllocTRES\n"
            + "1|ann|avery|COMPLETED|1795168800|1795177800|4|cpu=4,node=1\n");
    Cli.Run run = parse(file);
    assertEquals(0, run.code(), run.err());
    JsonNode d = data();
    assertFalse(
        d.has("capacity"), "without Eligible the waiting work is unknown: " + d.get("capacity"));
    assertFalse(d.has("wait_by_shape"), "without Eligible no wait is known");
  }

  /**
   * GPUs never more than the limit allows, though jobs waited (for CPUs): today's limit already had
   * room.
   */
  @Test
  void workThatWaitedForAnotherLimitIsSaidSo() {
    CapacityPlanner.Capacity c =
        new CapacityPlanner.Capacity(
            Observable.NGPUS,
            8,
            3,
            2,
            3.0,
            3.0,
            List.of(
                new CapacityPlanner.Candidate(3, 1.0, 0, 15),
                new CapacityPlanner.Candidate(4, 1.0, 0, 18),
                new CapacityPlanner.Candidate(8, 1.0, 0, 30)),
            List.of(new CapacityPlanner.Holder("ann", 1.0)));
    assertEquals(
        "From 2026-11-20 09:00 UTC to 2026-11-20 12:00 UTC (3 whole hours): the limit of 8 GPUs already"
            + " had room for all waiting work in 100 % of the 2 hours it waited, so the work waited for another of its"
            + " limits. While work waited, ann held 100 % of the GPUs in use. A first-order estimate: work that starts"
            + " sooner changes the hours after it.",
        CapacitySentence.of(c, 1795165200L, 1795176000L, ZoneOffset.UTC));
  }
}
