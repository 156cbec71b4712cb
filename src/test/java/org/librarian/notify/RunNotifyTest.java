package org.librarian.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeAccounting;
import org.librarian.testing.RunConfig;

/**
 * librarian run calls notify after publishing: a failed delivery makes the run exit 1 but the site
 * is written; the next run delivers what stayed due, and the jobs of watched users that ended
 * meanwhile. Jobs (UTC, 2026-11-20): ann 100, 4 CPUs 10:00–11:00; ann 101, 8 CPUs 09:30–11:30; then
 * ann 102, 2 CPUs 12:00–12:05, FAILED. avery's limit is 48 CPUs; 5 % is 2.4: bins 09 and 11 hold 4
 * CPUs, bin 10 twelve.
 */
class RunNotifyTest {
  static final long DAY = Instant.parse("2026-11-20T00:00:00Z").getEpochSecond();
  static final long H = 3600;

  @TempDir Path tmp;

  @Test
  void aFailedDeliveryFailsTheRunButNotThePublishingAndGoesOutWithTheNextRun() throws Exception {
    FakeAccounting sacct = new FakeAccounting();
    sacct
        .add("100", "ann", "avery", "COMPLETED", DAY + 10 * H, DAY + 11 * H, 4)
        .add("101", "ann", "avery", "COMPLETED", DAY + 9 * H + H / 2, DAY + 11 * H + H / 2, 8);
    int port;
    try (Receiver gone = new Receiver()) {
      port = gone.port();
    }
    RunConfig.avery48()
        .webhook("ops", "http://127.0.0.1:" + port + "/hook")
        .lines(
            "  rules:",
            "    - {when: usage_above, observable: NCPUS, percent: 5, for: 1h, channels: [ops]}",
            "    - {when: jobs_finished, users: [ann], channels: [ops]}")
        .writeTo(tmp);
    Instant noon = Instant.parse("2026-11-20T12:00:00Z");
    Cli.Run down = Cli.withSacct(tmp, sacct, noon).run("run", "--no-plots");
    assertEquals(1, down.code(), down.out());
    assertTrue(down.err().contains("not delivered: channel ops (webhook)"), down.err());
    assertTrue(Files.isRegularFile(tmp.resolve("site/data_avery.json")));
    JsonNode status = SiteFixture.JSON.readTree(tmp.resolve("site/status.json").toFile());
    assertTrue(status.get("ok").asBoolean(), "the data was published: " + status);
    assertTrue(Files.readString(tmp.resolve("logs/run.log")).contains("not delivered"));

    sacct.add("102", "ann", "avery", "FAILED", DAY + 12 * H, DAY + 12 * H + 300, 2);
    try (Receiver back = new Receiver(port)) {
      Cli.Run up = Cli.withSacct(tmp, sacct, noon.plusSeconds(600)).run("run", "--no-plots");
      assertEquals(0, up.code(), up.err());
      List<String> texts = back.texts();
      // The alert queued at noon is replaced by its own "back to normal": one message per alert
      // key.
      assertEquals(2, texts.size(), texts.toString());
      // 12:00–12:10 so far: 2 CPUs for 5 of 10 minutes, 1 CPU on average, below 2.4: back to
      // normal.
      assertEquals(
          "avery is back below 5 % of its limit of 48 CPUs: 1 CPUs in the hour of 2026-11-20 12:00 UTC (2 %).",
          texts.get(0));
      assertEquals(
          "1 job of ann ended at 2026-11-20 12:05 UTC: 102 (avery) FAILED after 5 min 00 s.",
          texts.get(1));
    }
  }

  /**
   * run writes the last week's digest into the site before it publishes, and notify sends it once.
   */
  @Test
  void theDigestIsInTheSiteAndSentOncePerWeek() throws Exception {
    // ann: 4 CPUs from Monday 2026-11-09 00:00 to Wednesday 2026-11-11 00:00 (48 h: 192 CPU-hours).
    FakeAccounting sacct = DigestWeek.annsTwoDays();
    try (Receiver receiver = new Receiver()) {
      Cli.Run first =
          DigestWeek.runOnFriday(tmp, sacct, receiver, "https://example.github.io/usage");
      Instant friday = DigestWeek.FRIDAY;
      assertEquals(0, first.code(), first.err());
      assertEquals(1, receiver.posts.size());
      JsonNode m = SiteFixture.JSON.readTree(receiver.posts.get(0).body());
      assertEquals("digest", m.get("kind").asText());
      assertEquals("https://example.github.io/usage/digest_avery.html", m.get("url").asText());
      assertEquals(
          "Week of 2026-11-09 (2026-11-09 00:00 UTC to 2026-11-16 00:00 UTC): avery used on average 1.1 of its"
              + " 48 CPUs (2 %) and was never at or near its CPU limit (95 % or more); ann used the most CPU-hours (100 %).",
          m.get("text").asText());
      String md = Files.readString(tmp.resolve("site/digest_avery.md"));
      assertTrue(md.contains("| ann | 192.0 |"), md);
      JsonNode manifest = SiteFixture.JSON.readTree(tmp.resolve("site/manifest.json").toFile());
      assertTrue(manifest.toString().contains("digest_avery.html"), manifest.toString());

      assertEquals(
          0, Cli.withSacct(tmp, sacct, friday.plusSeconds(600)).run("run", "--no-plots").code());
      assertEquals(1, receiver.posts.size(), "once per week");
    }
  }
}
