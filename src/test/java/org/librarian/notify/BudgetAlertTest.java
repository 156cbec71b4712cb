package org.librarian.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.config.NotifySettings.Rule;
import org.librarian.output.DataFile;
import org.librarian.testing.Cli;

/**
 * budget_runs_out within 14d, on data last updated 2026-12-06 12:00 UTC: it holds when the budget's
 * forecast runs out on or before 2026-12-20 (12:00 + 14 d, that date in UTC), so at 13 days
 * (2026-12-19) and not at 15 (2026-12-21).
 */
class BudgetAlertTest {
  private static final Instant UPDATED = Instant.parse("2026-12-06T12:00:00Z");
  private static final Rule WITHIN_14D =
      new Rule(
          "budget_runs_out",
          null,
          0,
          Duration.ZERO,
          0,
          Duration.ofDays(14),
          List.of(),
          Set.of(),
          List.of("ops"));

  @TempDir Path tmp;

  static ObjectNode withBudget(String runsOut) {
    ObjectNode d =
        SiteFixture.data(
            "avery-b",
            UPDATED.minus(Duration.ofHours(2)),
            UPDATED,
            64,
            Map.of("ann", new double[] {16, 16}),
            null);
    ObjectNode cpu = d.putObject("budget").putObject("cpu");
    cpu.put("unit", "CPU-minutes")
        .put("limit_minutes", 600_000)
        .put("used_minutes", 590_000)
        .put("left_minutes", 10_000)
        .put("used_share", 0.9833)
        .put("rate_minutes_per_day", 800.0)
        .put("runs_out", runsOut)
        .put("basis", "sampled")
        .put("sentence", "At 800 CPU-minutes a day (...), the budget runs out on " + runsOut + ".");
    return d;
  }

  @Test
  void firesWhenTheForecastRunsOutWithin14DaysNotAfter() {
    AlertRules.Condition at13 =
        AlertRules.budgetRunsOut(WITHIN_14D, DataFile.of(withBudget("2026-12-19")));
    assertTrue(at13.holds());
    assertEquals(13, at13.value());
    assertEquals(14, at13.threshold());
    assertEquals(
        "avery-b: the cpu budget runs out on 2026-12-19 (UTC), within 14 d of 2026-12-06 12:00 UTC."
            + " At 800 CPU-minutes a day (...), the budget runs out on 2026-12-19.",
        at13.text());
    AlertRules.Condition at15 =
        AlertRules.budgetRunsOut(WITHIN_14D, DataFile.of(withBudget("2026-12-21")));
    assertFalse(at15.holds());
    assertEquals(15, at15.value());
    // 14 days exactly: 2026-12-20 is on the last day, so it holds.
    assertTrue(AlertRules.budgetRunsOut(WITHIN_14D, DataFile.of(withBudget("2026-12-20"))).holds());
  }

  /**
   * An account's budget alone (budget_accounts, no budget of the QoS) runs out on 2026-12-19: 13
   * days after 2026-12-06, within 14 d, so it holds and names the account; beside a QoS budget
   * running out on 2026-12-21 (15 days, outside), the account's is the soonest.
   */
  @Test
  void anAccountsBudgetIsCoveredToo() {
    ObjectNode d = withBudget("2026-12-21");
    ObjectNode cpu = d.putObject("budget_accounts").putObject("avery-lab").putObject("cpu");
    cpu.put("unit", "CPU-minutes")
        .put("limit_minutes", 300_000)
        .put("used_minutes", 290_000)
        .put("left_minutes", 10_000)
        .put("rate_minutes_per_day", 800.0)
        .put("runs_out", "2026-12-19")
        .put("basis", "sampled")
        .put("sentence", "The avery-lab account's 300,000 CPU-minute budget runs out.");
    AlertRules.Condition both = AlertRules.budgetRunsOut(WITHIN_14D, DataFile.of(d));
    assertTrue(both.holds());
    assertEquals(13, both.value());
    assertEquals(
        "avery-b: the avery-lab account's cpu budget runs out on 2026-12-19 (UTC), within 14 d of"
            + " 2026-12-06 12:00 UTC. The avery-lab account's 300,000 CPU-minute budget runs out.",
        both.text());
    d.remove("budget");
    AlertRules.Condition alone = AlertRules.budgetRunsOut(WITHIN_14D, DataFile.of(d));
    assertTrue(alone.holds());
    assertEquals(13, alone.value());
  }

  @Test
  void noRunOutDateNeverFiresAndNoBudgetCannotBeEvaluated() {
    ObjectNode none = withBudget("2026-12-19");
    ((ObjectNode) none.get("budget").get("cpu")).putNull("runs_out");
    assertFalse(AlertRules.budgetRunsOut(WITHIN_14D, DataFile.of(none)).holds());
    ObjectNode without = withBudget("2026-12-19");
    without.remove("budget");
    assertEquals(
        "avery-b has no GrpTRESMins budget in its data",
        AlertRules.budgetRunsOut(WITHIN_14D, DataFile.of(without)).problem());
  }

  /** The digest has one line per budget, as of the data's last update. */
  @Test
  void theDigestSaysTheBudget() {
    DataFile d = DataFile.of(withBudget("2026-12-19"));
    Digest.Period p = Digest.lastPeriod("weekly", UPDATED.getEpochSecond(), ZoneOffset.UTC);
    Digest.Content c = Digest.of(d, p, null);
    String line =
        "Budget (cpu, as of 2026-12-06 12:00 UTC): At 800 CPU-minutes a day (...), the budget runs"
            + " out on 2026-12-19.";
    assertEquals(List.of(line), c.budget());
    assertTrue(DigestPage.markdown(c, null).contains("\n" + line + "\n"));
    assertTrue(DigestPage.html(c, null).contains("<p class=\"budget\">" + line + "</p>"));
  }

  /** Through notify: the rule from librarian.yaml fires for avery-b and says so in the dry run. */
  @Test
  void notifySendsItFromTheConfiguration() throws Exception {
    Path site = Files.createDirectories(tmp.resolve("site"));
    Files.writeString(site.resolve("data_avery-b.json"), withBudget("2026-12-19").toString());
    Path config =
        Files.writeString(
            tmp.resolve("librarian.yaml"),
            String.join(
                "\n",
                "timezone: UTC",
                "state_dir: state",
                "alerts:",
                "  channels:",
                "    ops: {type: webhook, url: \"http://127.0.0.1:9/x\"}",
                "  rules:",
                "    - {when: budget_runs_out, within: 14d, channels: [ops]}",
                ""));
    Cli.Run run = new Cli(tmp).notify(config, site, "2026-12-06T12:05:00Z", "--dry-run");
    assertEquals(0, run.code(), run.err());
    assertTrue(
        run.out()
            .contains("would send to ops: avery-b: the cpu budget runs out on 2026-12-19 (UTC)"),
        run.out());
  }
}
