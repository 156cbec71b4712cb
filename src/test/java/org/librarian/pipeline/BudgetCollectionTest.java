package org.librarian.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.slurm.Command;
import org.librarian.testing.BudgetSlurm;
import org.librarian.testing.FakeAccounting;
import org.librarian.testing.RunConfig;

/**
 * The budget of avery-b (GrpTRESMins cpu=600000, UsageFactor 1, no NoDecay; recorded on the test
 * Slurm) through {@code parse} against Slurm, three runs: T0 = 2026-11-20T12:00Z, T0 + 23 h, T0 +
 * 24 h, each with a 1-day window. ann's 16-CPU job runs throughout, so the window always holds 16 ×
 * 24 = 384 CPU-hours: the estimate is 384 × 60 × 1 ÷ 1 day = 23,040 CPU-minutes a day. Slurm's used
 * value is 12, then 11,512, then 12,012: on the line 12 + 12,000 × days.
 */
class BudgetCollectionTest {
  private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
  private static final Path RECORDED = Path.of("src/test/resources/slurm-recorded");

  @TempDir Path tmp;
  private final FakeAccounting sacct = new FakeAccounting();
  private final BudgetSlurm slurm = new BudgetSlurm(sacct);
  private final List<Command> calls = slurm.calls;
  private long used;

  /** What {@code scontrol -o show assoc_mgr flags=assoc} prints: no account budget by default. */
  private String assoc;

  @BeforeEach
  void setUp() throws Exception {
    RunConfig.parse().qos("avery-b", "cpus: 64").qos("normal", "cpus: 64").writeTo(tmp);
    sacct.add(
        "100", "ann", "avery-b", "RUNNING", T0.minus(Duration.ofDays(3)).getEpochSecond(), -1, 16);
  }

  private JsonNode parse(String qos, Instant now) throws Exception {
    String all = Files.readString(RECORDED.resolve("scontrol-assoc-mgr-qos-all.txt"));
    if (assoc == null) {
      // The accounts of FakeAccounting's jobs are all "lab"; this recording has no limit.
      assoc =
          Files.readString(RECORDED.resolve("scontrol-assoc-mgr-assoc-avery-lab.txt"))
              .replace("Account=avery-lab", "Account=lab");
    }
    slurm.qos = all.replace("GrpTRESMins=cpu=600000(12)", "GrpTRESMins=cpu=600000(" + used + ")");
    slurm.assoc = assoc;
    slurm.config = Files.readString(RECORDED.resolve("scontrol-show-config.txt"));
    slurm.flags = Files.readString(RECORDED.resolve("sacctmgr-qos-flags-usagefactor.txt"));
    slurm.parse(tmp, now, "parse", "--qos", qos, "--window", "1d");
    return new ObjectMapper().readTree(tmp.resolve("site/data_" + qos + ".json").toFile());
  }

  @Test
  void theRateIsEstimatedUntilTheSamplesCoverADayThenSampled() throws Exception {
    used = 12;
    JsonNode cpu = parse("avery-b", T0).path("budget").path("cpu");
    assertEquals(600_000, cpu.path("limit_minutes").asLong());
    assertEquals(12, cpu.path("used_minutes").asLong());
    assertEquals(599_988, cpu.path("left_minutes").asLong());
    // 12 / 600,000 = 0.00002 → 0.0 at 4 decimals
    assertEquals(0.0, cpu.path("used_share").asDouble());
    assertEquals("estimated", cpu.path("basis").asText());
    assertEquals(23_040.0, cpu.path("rate_minutes_per_day").asDouble());
    // 599,988 / 23,040 = 26.041 days after 2026-11-20 12:00 → 2026-12-16 13:00
    assertEquals("2026-12-16", cpu.path("runs_out").asText());
    assertFalse(cpu.path("no_decay").asBoolean());
    assertTrue(
        cpu.path("sentence")
            .asText()
            .startsWith(
                "At 23,040 CPU-minutes a day (estimated from the QoS's use from 2026-11-19 12:00 UTC to"
                    + " 2026-11-20 12:00 UTC × UsageFactor 1), the 600,000 CPU-minute budget (599,988"
                    + " CPU-minutes left, 0 % used) runs out on 2026-12-16 (UTC). The QoS lacks Slurm's"
                    + " NoDecay flag: Slurm halves its used value every 7 days"
                    + " (PriorityDecayHalfLife), so at a steady use"),
        cpu.path("sentence").asText());
    // PriorityUsageResetPeriod = NONE in the recording: not mentioned.
    assertFalse(cpu.path("sentence").asText().contains("Reset"), cpu.path("sentence").asText());
    // The account lab has no GrpTRESMins limit: no budget_accounts key.
    JsonNode first = new ObjectMapper().readTree(tmp.resolve("site/data_avery-b.json").toFile());
    assertTrue(first.path("budget_accounts").isMissingNode());
    // One scontrol call for every QoS, one for every account, one sacctmgr call for the settings,
    // and the one scontrol show config (the half-life).
    assertEquals(
        List.of(
            "scontrol -o show assoc_mgr flags=qos",
            "scontrol -o show assoc_mgr flags=assoc accounts=lab",
            "sacctmgr -P -n show qos format=Name,Flags,UsageFactor",
            "scontrol show config"),
        calls.stream().map(c -> String.join(" ", c.argv()).replaceAll("^\\S*/", "")).toList());

    used = 11_512;
    cpu = parse("avery-b", T0.plus(Duration.ofHours(23))).path("budget").path("cpu");
    // The samples span 23 h < 24 h: still estimated.
    assertEquals("estimated", cpu.path("basis").asText());
    assertEquals(2, cpu.path("samples").size());

    used = 12_012;
    cpu = parse("avery-b", T0.plus(Duration.ofHours(24))).path("budget").path("cpu");
    assertEquals("sampled", cpu.path("basis").asText());
    // least squares over (0, 12), (23/24, 11,512), (1, 12,012): all on 12 + 12,000 × days
    assertEquals(12_000.0, cpu.path("rate_minutes_per_day").asDouble());
    // left 600,000 − 12,012 = 587,988; / 12,000 = 48.999 days after 2026-11-21 12:00 → 2027-01-09
    // 11:58
    assertEquals("2027-01-09", cpu.path("runs_out").asText());
    assertEquals("2026-11-20T12:00:00+00:00", cpu.path("samples").get(0).get(0).asText());
    assertEquals(12_012, cpu.path("samples").get(2).get(1).asLong());
    // The dashed line: from now's 12,012 to the limit 48.999 days later, 2027-01-09 11:58:34.
    assertEquals("2026-11-21T12:00:00+00:00", cpu.at("/projection/0/0").asText());
    assertEquals(12_012, cpu.at("/projection/0/1").asLong());
    assertTrue(cpu.at("/projection/1/0").asText().startsWith("2027-01-09T11:58:3"), cpu.toString());
    assertEquals(600_000, cpu.at("/projection/1/1").asLong());
    assertTrue(
        cpu.path("sentence")
            .asText()
            .startsWith(
                "At 12,000 CPU-minutes a day (Slurm's used value sampled from 2026-11-20 12:00 UTC"
                    + " to 2026-11-21 12:00 UTC), the 600,000 CPU-minute budget (587,988 CPU-minutes"
                    + " left, 2 % used) runs out on 2027-01-09 (UTC)."),
        cpu.path("sentence").asText());
  }

  /**
   * The account lab (of ann's job in avery-b) has GrpTRESMins cpu=300000 (recorded on the test
   * Slurm for avery-lab, renamed). normal's own GrpTRESMins are all N; its jobs' account budget is
   * sampled at T0 (used 1,080) and T0 + 24 h (used 7,080): 6,000 CPU-minutes a day. Before a day of
   * samples an account has no rate (its jobs in other QoS are not read): basis none.
   */
  @Test
  void anAccountsBudget() throws Exception {
    sacct.add(
        "200", "ann", "normal", "RUNNING", T0.minus(Duration.ofDays(3)).getEpochSecond(), -1, 4);
    String recorded =
        Files.readString(RECORDED.resolve("scontrol-assoc-mgr-assoc-avery-lab-budget.txt"))
            .replace("Account=avery-lab", "Account=lab");
    assoc = recorded;
    JsonNode data = parse("normal", T0);
    assertTrue(data.path("budget").isMissingNode());
    JsonNode cpu = data.at("/budget_accounts/lab/cpu");
    assertEquals(300_000, cpu.path("limit_minutes").asLong());
    assertEquals(1080, cpu.path("used_minutes").asLong());
    // 300,000 − 1,080
    assertEquals(298_920, cpu.path("left_minutes").asLong());
    // 1,080 / 300,000 = 0.0036
    assertEquals(0.0036, cpu.path("used_share").asDouble());
    assertEquals("none", cpu.path("basis").asText());
    assertTrue(cpu.path("runs_out").isNull());
    assertEquals(
        "Slurm counts 1,080 of the lab account's 300,000 CPU-minute budget used (0 %); with no rate"
            + " known yet, there is no run-out date. Slurm halves the lab account's used value"
            + " every 7 days (PriorityDecayHalfLife), so at a steady use the used value grows more"
            + " slowly than this straight line: the forecast is an upper bound of use, and the"
            + " budget runs out no sooner than the date given.",
        cpu.path("sentence").asText());
    // Only the account's TRES with a limit; no sacctmgr call (no QoS budget).
    assertEquals(1, data.path("budget_accounts").path("lab").size());
    assertFalse(calls.stream().anyMatch(c -> c.argv().get(0).endsWith("sacctmgr")));

    assoc = recorded.replace("cpu=300000(1080)", "cpu=300000(7080)");
    cpu = parse("normal", T0.plus(Duration.ofHours(24))).at("/budget_accounts/lab/cpu");
    assertEquals("sampled", cpu.path("basis").asText());
    // (7,080 − 1,080) / 1 day
    assertEquals(6_000.0, cpu.path("rate_minutes_per_day").asDouble());
    // left 300,000 − 7,080 = 292,920; / 6,000 = 48.82 days after 2026-11-21 12:00 → 2027-01-09
    // 07:40.8
    assertEquals("2027-01-09", cpu.path("runs_out").asText());
    assertTrue(
        cpu.path("sentence")
            .asText()
            .startsWith(
                "At 6,000 CPU-minutes a day (Slurm's used value sampled from 2026-11-20 12:00 UTC"
                    + " to 2026-11-21 12:00 UTC), the lab account's 300,000 CPU-minute budget"
                    + " (292,920 CPU-minutes left, 2 % used) runs out on 2027-01-09 (UTC)."),
        cpu.path("sentence").asText());
    // The samples are kept under their own key, beside the QoS's.
    JsonNode kept = new ObjectMapper().readTree(tmp.resolve("state/budget/default.json").toFile());
    assertEquals(2, kept.at("/samples/account:lab/cpu").size());
  }

  /** normal's GrpTRESMins are all N: no budget key, no sacctmgr call, no samples kept. */
  @Test
  void aQosWithoutGrpTresMinsHasNoBudget() throws Exception {
    JsonNode data = parse("normal", T0);
    assertTrue(data.path("budget").isMissingNode());
    assertTrue(data.path("budget_accounts").isMissingNode());
    // flags=qos only: normal has no job here, so no account to ask about.
    assertEquals(1, calls.size());
    assertFalse(Files.exists(tmp.resolve("state/budget/default.json")));
  }
}
