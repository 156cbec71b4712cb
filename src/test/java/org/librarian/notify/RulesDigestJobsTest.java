package org.librarian.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.config.NotifySettings;
import org.librarian.config.NotifySettings.Rule;
import org.librarian.output.DataFile;
import org.librarian.usage.DailyHistory.Day;

/** waiting_at_limit, the digest and finished jobs on hand-made data. */
class RulesDigestJobsTest {
  @TempDir Path tmp;

  /**
   * avery's data from 08:00, updated 12:30: ann holds 1 CPU in each of 5 hours, and {@code waiting}
   * CPUs wait for the QoS limit (null: no waiting work known).
   */
  private static DataFile annFromEight(double[] waiting) {
    return DataFile.of(
        SiteFixture.data(
            "avery",
            Instant.parse("2026-11-29T08:00:00Z"),
            Instant.parse("2026-11-29T12:30:00Z"),
            430,
            Map.of("ann", new double[] {1, 1, 1, 1, 1}),
            waiting));
  }

  /**
   * Waiting for the limit: 0, 0, 50, 100, 30 CPUs in bins 08–12, updated 12:30. Within 2 h
   * (10:30–12:30): half of bin 10 (25) + bin 11 (100) + half of bin 12 (15) = 140 CPU-hours.
   */
  @Test
  void waitingAtLimitSumsTheCpuHoursInsideTheWindow() {
    DataFile d = annFromEight(new double[] {0, 0, 50, 100, 30});
    Rule atLeast140 = RuleFixture.waitingAtLimitWithin2h(140);
    AlertRules.Condition c = AlertRules.waitingAtLimit(atLeast140, d);
    assertTrue(c.holds());
    assertEquals(140, c.value(), 1e-9);
    assertEquals(
        "From 2026-11-29 10:30 UTC to 2026-11-29 12:30 UTC, jobs of avery waited 140 CPU-hours for the QoS"
            + " limit (alert at 140 CPU-hours within 2 h).",
        c.text());
    Rule atLeast141 = RuleFixture.waitingAtLimitWithin2h(141);
    assertTrue(!AlertRules.waitingAtLimit(atLeast141, d).holds());
    DataFile noDemand = annFromEight(null);
    assertEquals(
        "the data of avery has no waiting work (sacct gave no Eligible column)",
        AlertRules.waitingAtLimit(atLeast140, noDemand).problem());
  }

  /**
   * Weekly digest at Wednesday 2026-11-25 in UTC: the week of 2026-11-16 (Mon) to 2026-11-23, the
   * week before from 2026-11-09. Data: 24-hour bins would be simplest, but the data is hourly, so
   * ann holds 10 CPUs through the whole week before (1680 CPU-hours) and 20 through the week
   * (3360); bob only 5 CPUs in the week (840). Shares 3360/4200 = 80 %, 20 %; ann +100 %, bob new;
   * peak 25 CPUs of 430 (6 %).
   */
  @Test
  void theWeeklyDigestHasSharesChangesAndPeaks() {
    ZoneId utc = ZoneOffset.UTC;
    Digest.Period p =
        Digest.lastPeriod("weekly", Instant.parse("2026-11-25T09:00:00Z").getEpochSecond(), utc);
    assertEquals("Week of 2026-11-16", p.label());
    assertEquals(Instant.parse("2026-11-16T00:00:00Z").getEpochSecond(), p.from());
    assertEquals(Instant.parse("2026-11-23T00:00:00Z").getEpochSecond(), p.to());
    assertEquals(Instant.parse("2026-11-09T00:00:00Z").getEpochSecond(), p.previousFrom());
    int n = 14 * 24 + 2 * 24;
    double[] ann = new double[n];
    double[] bob = new double[n];
    for (int i = 0; i < 14 * 24; i++) {
      ann[i] = i < 7 * 24 ? 10 : 20;
      bob[i] = i < 7 * 24 ? 0 : 5;
    }
    Map<String, double[]> cpus = new LinkedHashMap<>();
    cpus.put("ann", ann);
    cpus.put("bob", bob);
    DataFile d =
        DataFile.of(
            SiteFixture.data(
                "avery",
                Instant.parse("2026-11-09T00:00:00Z"),
                Instant.parse("2026-11-25T00:00:00Z"),
                430,
                cpus,
                null));
    Digest.Content c = Digest.of(d, p);
    assertEquals(2, c.rows().size());
    Digest.Row a = c.rows().get(0);
    assertEquals("ann", a.user());
    assertEquals(3360, a.cpuHours(), 1e-9);
    assertEquals(6720, a.gbHours(), 1e-9);
    assertEquals(0.8, a.share(), 1e-9);
    assertEquals(1.0, a.change(), 1e-9);
    assertEquals(20, a.peakCpus(), 1e-9);
    Digest.Row b = c.rows().get(1);
    assertEquals(840, b.cpuHours(), 1e-9);
    assertNull(b.change(), "no CPU-hours the week before: new");
    assertEquals(25, c.peakCpus(), 1e-9);
    assertEquals(
        "Week of 2026-11-16 (2026-11-16 00:00 UTC to 2026-11-23 00:00 UTC): avery used on average 25 of its 430"
            + " CPUs (6 %) and was never at or near its CPU limit (95 % or more); ann used the most CPU-hours (80 %).",
        c.sentence());
    String md = DigestPage.markdown(c, null);
    assertTrue(
        md.contains("| ann | 3,360.0 | 0.0 | 6,720.0 | 80 % | +100 % | 20 CPUs (5 %) |"), md);
    assertTrue(md.contains("| bob | 840.0 | 0.0 | 1,680.0 | 20 % | new | 5 CPUs (1 %) |"), md);
    assertTrue(md.contains("Peak of the QoS: 25 CPUs (6 %)."), md);
    String html = DigestPage.html(c, "https://example.github.io/usage/");
    assertTrue(html.contains("<td>ann</td><td class=\"n\">3,360.0</td>"), html);
  }

  @Test
  void monthlyPeriodsStartOnTheFirstInTheConfiguredZone() {
    ZoneId ny = ZoneId.of("America/New_York");
    // 2026-12-01T03:00Z is still 30 November in New York: the last complete month is October.
    Digest.Period p =
        Digest.lastPeriod("monthly", Instant.parse("2026-12-01T03:00:00Z").getEpochSecond(), ny);
    assertEquals("Month of October 2026", p.label());
    assertEquals(Instant.parse("2026-10-01T04:00:00Z").getEpochSecond(), p.from());
    assertEquals(Instant.parse("2026-11-01T04:00:00Z").getEpochSecond(), p.to());
  }

  /**
   * A monthly digest on 2026-11-01 (UTC): the hourly data holds October only (ann 10 CPUs: 7,440
   * CPU-hours over its 744 hours), so September's figures come from the daily history (ann 5 CPUs
   * every day: 3,600 CPU-hours): change +107 %.
   */
  @Test
  void aMonthlyDigestTakesThePeriodBeforeFromTheHistory() {
    Digest.Period p =
        Digest.lastPeriod(
            "monthly", Instant.parse("2026-11-01T00:10:00Z").getEpochSecond(), ZoneOffset.UTC);
    assertEquals("Month of October 2026", p.label());
    double[] ann = new double[31 * 24];
    Arrays.fill(ann, 10);
    DataFile d =
        DataFile.of(
            SiteFixture.data(
                "avery",
                Instant.parse("2026-10-01T00:00:00Z"),
                Instant.parse("2026-11-01T00:00:00Z"),
                430,
                Map.of("ann", ann),
                null));
    Digest.Content hourlyOnly = Digest.of(d, p);
    assertNull(hourlyOnly.rows().get(0).change(), "no history: n/a");
    assertTrue(!hourlyOnly.previousCovered());
    List<Day> days = new ArrayList<>();
    for (LocalDate day = LocalDate.parse("2026-09-01");
        day.getMonthValue() == 9;
        day = day.plusDays(1)) {
      days.add(
          new Day(
              day,
              day.atStartOfDay(ZoneOffset.UTC).toEpochSecond(),
              86_400,
              Map.of("ann", new double[] {5, 0, 0, 0}),
              null));
    }
    Map<String, Double> before = Digest.previousFromHistory(days, p);
    assertEquals(3600.0, before.get("ann"), 1e-9);
    Digest.Content c = Digest.of(d, p, before);
    assertEquals(7440.0, c.rows().get(0).cpuHours(), 1e-9);
    assertEquals((7440.0 - 3600) / 3600, c.rows().get(0).change(), 1e-9);
    assertTrue(
        DigestPage.markdown(c, null)
            .contains("| ann | 7,440.0 | 0.0 | 14,880.0 | 100 % | +107 % |"),
        DigestPage.markdown(c, null));
    assertNull(
        Digest.previousFromHistory(days.subList(1, days.size()), p),
        "a history from 2 September is too short");
  }

  /**
   * The first run only learns the jobs already there; later runs report the new ones, one message
   * per user.
   */
  @Test
  void finishedJobsAreReportedOncePerUserAndNotOnTheFirstRun() throws Exception {
    Path site = tmp.resolve("site");
    SiteFixture.write(
        site,
        SiteFixture.data(
            "avery",
            NotifyTest.FIRST,
            NotifyTest.UPDATED,
            430,
            Map.of("ann", new double[8]),
            null));
    try (Receiver receiver = new Receiver()) {
      Rule rule =
          new Rule(
              "jobs_finished",
              null,
              0,
              Duration.ZERO,
              0,
              Duration.ZERO,
              List.of("ann"),
              Set.of("COMPLETED", "FAILED", "TIMEOUT"),
              List.of("chat"));
      NotifySettings settings = RuleFixture.oneChannel("chat", "discord", receiver.url("/d"), rule);
      Notifier n =
          DeliveryFixture.notifier(
              settings,
              site,
              tmp.resolve("state"),
              Delivery.standard(Map.of()),
              new StringWriter());
      long t = Instant.parse("2026-11-29T12:00:00Z").getEpochSecond();
      NotifyState.FinishedJob old =
          new NotifyState.FinishedJob("ann", "avery", "100", "COMPLETED", 600, t - 3600);
      assertEquals(0, n.notify(t, false, List.of(old)).sent());
      assertEquals(0, receiver.posts.size());
      List<NotifyState.FinishedJob> now =
          List.of(
              old,
              // The name as recorded on the test Slurm (slurm-recorded/README.md): kept whole.
              new NotifyState.FinishedJob(
                  "ann",
                  "avery",
                  "101",
                  "FAILED",
                  3725,
                  t + 300,
                  "a|b `q` <script>x</script> \uD83D\uDE42",
                  "used 40 % of its 8 CPUs and 52 % of its time limit"),
              new NotifyState.FinishedJob("ann", "avery", "102_3", "TIMEOUT", 7200, t + 500),
              new NotifyState.FinishedJob("ann", "avery", "103", "CANCELLED", 60, t + 550));
      assertEquals(1, n.notify(t + 600, false, now).sent());
      assertEquals(
          "{\"content\":\"2 jobs of ann ended between 2026-11-29 12:05 UTC and 2026-11-29 12:08 UTC: 101"
              // The name whole, escaped for Discord's markdown (\\|, \\`, \\<, \\>).
              + " \\\"a\\\\|b \\\\`q\\\\` \\\\<script\\\\>x\\\\</script\\\\> \uD83D\uDE42\\\" (avery)"
              + " FAILED after 1 h 02 min, used 40 % of its 8 CPUs and 52 % of its time limit;"
              + " 102\\\\_3 (avery) TIMEOUT after 2 h 00 min.\","
              + "\"allowed_mentions\":{\"parse\":[]}}",
          receiver.posts.get(0).body());
      assertEquals(0, n.notify(t + 1200, false, now).sent(), "seen already");
      // In mail, the same text goes into HTML escaped, so the name stays inert.
      assertEquals(
          "a|b `q` &lt;script&gt;x&lt;/script&gt; \uD83D\uDE42",
          Html.escape("a|b `q` <script>x</script> \uD83D\uDE42"));
    }
    assertTrue(Files.readString(NotifyState.fileIn(tmp.resolve("state"))).contains("avery/101@"));
  }
}
