package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FairShareReportTest {
  private static final long WEEK = 7 * 86_400L;

  /** 2026-12-06T16:10:00Z */
  private static final long AT = 1796573400L;

  private static FairShare account(String name, double norm, double used, Double factor) {
    return new FairShare(name, "", 1L, norm, 743L, used, factor, norm / used);
  }

  @Test
  void anIdleAccountsUsageHalvesOncePerHalfLife() {
    FairShareReport r = new FairShareReport(List.of(), WEEK, AT);
    assertEquals(7.0, r.halvingDays());
    // 36.5 h = 1.5208... days
    assertEquals(36.5 / 24, new FairShareReport(List.of(), 36 * 3600L + 1800, AT).halvingDays());
    assertNull(new FairShareReport(List.of(), null, AT).halvingDays());
  }

  @Test
  void daysUntilTheUsageFallsToTheShare() {
    FairShareReport r = new FairShareReport(List.of(), WEEK, AT);
    // used 1.0 of the usage with 0.125 of the shares: log2(1.0 / 0.125) = 3 half-lives = 21 days
    assertEquals(21.0, r.daysToShare(account("a", 0.125, 1.0, null)), 1e-12);
    // the test Slurm's avery-lab: log2(1.0 / 0.5) = 1 half-life = 7 days
    assertEquals(7.0, r.daysToShare(account("a", 0.5, 1.0, null)), 1e-12);
    // log2(0.41 / 0.25) = log2(1.64) = ln 1.64 / ln 2 = 0.494696 / 0.693147 = 0.713696; × 7 =
    // 4.99587 days
    assertEquals(4.99587, r.daysToShare(account("a", 0.25, 0.41, null)), 1e-5);
    // used less than its share: already there
    assertEquals(0.0, r.daysToShare(account("a", 0.75, 0.59, null)));
    // no decay (half-life 0) or no half-life known: never, or unknown
    assertNull(new FairShareReport(List.of(), 0L, AT).daysToShare(account("a", 0.25, 0.41, null)));
    assertNull(
        new FairShareReport(List.of(), null, AT).daysToShare(account("a", 0.25, 0.41, null)));
  }

  @Test
  void theSentenceSaysWhereTheAccountStandsAndWhen() {
    FairShareReport r =
        new FairShareReport(List.of(account("avery-lab", 0.25, 0.41, 0.31)), WEEK, AT);
    assertEquals(
        "avery-lab holds 25 % of the shares and has used 41 % of the cluster's decayed usage"
            + " (fair-share factor 0.31); idle, its usage halves every 7 days and falls to its"
            + " share in 5 days (as of 2026-12-06 16:10 UTC).",
        r.sentence(r.accounts().get(0), ZoneOffset.UTC));
  }

  @Test
  void anAccountRowWithoutFactorGivesItsLevelFs() {
    // the test Slurm's avery-lab: 0.5 of the shares, 1.0 of the usage, LevelFS 0.5, FairShare
    // empty; 16:10 UTC is 17:10 CET
    FairShare lab = new FairShare("avery-lab", "", 1L, 0.5, 743L, 1.0, null, 0.5);
    FairShareReport r = new FairShareReport(List.of(lab), WEEK, AT);
    assertEquals(
        "avery-lab holds 50 % of the shares and has used 100 % of the cluster's decayed usage"
            + " (LevelFS 0.50: its shares over its usage); idle, its usage halves every 7 days and"
            + " falls to its share in 7 days (as of 2026-12-06 17:10 CET).",
        r.sentence(lab, ZoneId.of("Europe/Berlin")));
  }

  @Test
  void noDecayAndNoUsage() {
    FairShare fresh =
        new FairShare("new-lab", "", 1L, 0.333333, 0L, 0.0, null, Double.POSITIVE_INFINITY);
    assertEquals(
        "new-lab holds 33.3 % of the shares and has used 0 % of the cluster's decayed usage"
            + " (no usage yet); Slurm does not decay usage here (PriorityDecayHalfLife 0)"
            + " (as of 2026-12-06 16:10 UTC).",
        new FairShareReport(List.of(fresh), 0L, AT).sentence(fresh, ZoneOffset.UTC));
    // without a half-life known the sentence says nothing of decay
    assertEquals(
        "new-lab holds 33.3 % of the shares and has used 0 % of the cluster's decayed usage"
            + " (no usage yet) (as of 2026-12-06 16:10 UTC).",
        new FairShareReport(List.of(fresh), null, AT).sentence(fresh, ZoneOffset.UTC));
  }

  @Test
  void accountsAndTheirUsers() {
    FairShare lab = new FairShare("lab", "", 1L, 0.5, 10L, 1.0, null, 0.5);
    FairShare ann = new FairShare("lab", "ann", 1L, 0.5, 10L, 1.0, 0.25, 0.5);
    FairShare other = new FairShare("other", "", 1L, 0.5, 0L, 0.0, null, null);
    FairShareReport r = new FairShareReport(List.of(lab, ann, other), WEEK, AT);
    assertEquals(List.of(lab, other), r.accounts());
    assertEquals(List.of(ann), r.users("lab"));
    assertEquals(List.of(), r.users("other"));
  }

  @Test
  void words() {
    assertEquals("33.3 %", FairShareReport.percent(0.333333));
    assertEquals("1 day", FairShareReport.days(1.04));
    assertEquals("7.2 days", FairShareReport.days(7.15));
  }
}
