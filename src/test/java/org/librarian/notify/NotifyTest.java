package org.librarian.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;

/**
 * {@code librarian notify} end to end against a real HTTP server on loopback: the check of the
 * issue (one alert, none ten minutes later, receiver down then up: delivered once, later), every
 * channel type's body, back to normal, cooldown, and secrets that never reach the output.
 */
class NotifyTest {
  /** 2026-11-29T05:00Z: the first of 8 hourly bins; the data was last updated at 12:10. */
  static final Instant FIRST = Instant.parse("2026-11-29T05:00:00Z");

  static final Instant UPDATED = Instant.parse("2026-11-29T12:10:00Z");

  @TempDir Path tmp;

  /**
   * ann + bob: 100 CPUs in bins 05 and 06, then 400 (ann 300, bob 100) from 07 to 12, against a
   * limit of 430: 90 % is 387, so usage_above holds over the last 3 h (09:10–12:10, bins 09–12),
   * since 07:00, at 400 CPUs on average.
   */
  static Map<String, double[]> aboveSince07() {
    Map<String, double[]> cpus = new LinkedHashMap<>();
    cpus.put("ann", new double[] {50, 50, 300, 300, 300, 300, 300, 300});
    cpus.put("bob", new double[] {50, 50, 100, 100, 100, 100, 100, 100});
    return cpus;
  }

  private Path config(String channels, String rules) throws IOException {
    Path c = tmp.resolve("librarian.yaml");
    Files.writeString(
        c,
        "timezone: UTC\nstate_dir: "
            + tmp.resolve("state")
            + "\n"
            + "site_url: https://example.github.io/usage/\n"
            + "alerts:\n  cooldown: 12h\n  channels:\n"
            + channels
            + "  rules:\n"
            + rules);
    return c;
  }

  /** One webhook channel, ops, at {@code url}, told when CPUs stay at 90 % or more for 3 h. */
  private Path above90(String url) throws IOException {
    return opsHook(url, "when: usage_above, observable: NCPUS, percent: 90, for: 3h");
  }

  /** One webhook channel, ops, at {@code url}, and one rule, {@code {<rule>, channels: [ops]}}. */
  private Path opsHook(String url, String rule) throws IOException {
    return config(
        "    ops: {type: webhook, url: \"" + url + "\"}\n",
        "    - {" + rule + ", channels: [ops]}\n");
  }

  private Path site(Map<String, double[]> cpus) throws IOException {
    Path site = tmp.resolve("site");
    SiteFixture.write(site, SiteFixture.data("avery", FIRST, UPDATED, 430, cpus, null));
    SiteFixture.status(site, true, UPDATED, UPDATED.plusSeconds(20), null);
    return site;
  }

  private Cli.Run notify(Path config, Path site, String now, String... env) {
    Cli cli = new Cli(tmp);
    for (int i = 0; i + 1 < env.length; i += 2) {
      cli.env(env[i], env[i + 1]);
    }
    return cli.notify(config, site, now);
  }

  @Test
  void oneAlertThenNothingTenMinutesLaterThenDeliveredOnceAfterTheReceiverWasDown()
      throws Exception {
    Path site = site(aboveSince07());
    try (Receiver receiver = new Receiver()) {
      Path config = above90(receiver.url("/hook"));
      Cli.Run first = notify(config, site, "2026-11-29T12:12:00Z");
      assertEquals(0, first.code(), first.err());
      assertEquals(1, receiver.posts.size());
      JsonNode body = SiteFixture.JSON.readTree(receiver.posts.get(0).body());
      assertEquals("avery", body.get("qos").asText());
      assertEquals("alert", body.get("kind").asText());
      assertEquals("usage_above NCPUS 90 % for 3h", body.get("rule").asText());
      assertEquals(400.0, body.get("value").asDouble(), 1e-9);
      assertEquals(387.0, body.get("threshold").asDouble(), 1e-9);
      assertEquals("CPUs", body.get("unit").asText());
      assertEquals("2026-11-29T07:00:00+00:00", body.get("since").asText());
      assertEquals("https://example.github.io/usage/", body.get("url").asText());
      assertEquals(
          "avery has used 90 % or more of its limit of 430 CPUs (387 CPUs) in every hour since 2026-11-29"
              + " 07:00 UTC: 400 CPUs on average over the last 3 h (93 %).",
          body.get("text").asText());
      assertTrue(receiver.posts.get(0).contentType().startsWith("application/json"));

      Cli.Run second = notify(config, site, "2026-11-29T12:22:00Z");
      assertEquals(0, second.code(), second.err());
      assertEquals(1, receiver.posts.size(), "the cooldown holds it back");
    }

    // A fresh state and the receiver down: exit 1, and the alert stays due.
    deleteTree(tmp.resolve("state"));
    int port;
    try (Receiver gone = new Receiver()) {
      port = gone.port();
    }
    Path config = above90("http://127.0.0.1:" + port + "/hook");
    Cli.Run down = notify(config, site, "2026-11-29T12:12:00Z");
    assertEquals(1, down.code(), down.out());
    assertTrue(
        down.err()
            .contains(
                "not delivered: channel ops (webhook): could not connect to 127.0.0.1:"
                    + port
                    + " (nothing listens there, or no route); it stays due for the next notify"),
        down.err());
    try (Receiver back = new Receiver(port)) {
      Cli.Run up = notify(config, site, "2026-11-29T12:22:00Z");
      assertEquals(0, up.code(), up.err());
      assertEquals(1, back.posts.size());
      assertEquals(
          "avery", SiteFixture.JSON.readTree(back.posts.get(0).body()).get("qos").asText());
      Cli.Run again = notify(config, site, "2026-11-29T12:32:00Z");
      assertEquals(0, again.code(), again.err());
      assertEquals(1, back.posts.size(), "delivered exactly once");
    }
  }

  @Test
  void afterTheCooldownItIsSentAgainAndOnceMoreWhenItStops() throws Exception {
    Path site = site(aboveSince07());
    try (Receiver receiver = new Receiver()) {
      Path config = above90(receiver.url("/hook"));
      assertEquals(0, notify(config, site, "2026-11-29T12:12:00Z").code());
      assertEquals(0, notify(config, site, "2026-11-30T00:11:00Z").code());
      assertEquals(1, receiver.posts.size(), "11 h 59 min later: still within the cooldown");
      assertEquals(0, notify(config, site, "2026-11-30T00:12:00Z").code());
      assertEquals(2, receiver.posts.size(), "12 h later: sent again while it holds");
      assertEquals(
          "2026-11-29T07:00:00+00:00",
          SiteFixture.JSON.readTree(receiver.posts.get(1).body()).get("since").asText(),
          "since the first time");

      // The last bin drops to 200 CPUs: the rule no longer holds.
      Map<String, double[]> cpus = aboveSince07();
      cpus.get("ann")[7] = 100;
      site(cpus);
      assertEquals(0, notify(config, site, "2026-11-30T00:22:00Z").code());
      assertEquals(3, receiver.posts.size());
      JsonNode normal = SiteFixture.JSON.readTree(receiver.posts.get(2).body());
      assertEquals("resolved", normal.get("kind").asText());
      assertEquals(
          "avery is back below 90 % of its limit of 430 CPUs: 200 CPUs in the hour of 2026-11-29 12:00 UTC"
              + " (47 %).",
          normal.get("text").asText());
      assertEquals(0, notify(config, site, "2026-11-30T00:32:00Z").code());
      assertEquals(3, receiver.posts.size(), "back to normal is said once");
    }
  }

  @Test
  void everyChannelTypeGetsTheBodyItAccepts() throws Exception {
    Path site = site(aboveSince07());
    try (Receiver receiver = new Receiver()) {
      Path config =
          config(
              "    hook: {type: webhook, url: \""
                  + receiver.url("/webhook")
                  + "\"}\n"
                  + "    slack: {type: slack, url: \""
                  + receiver.url("/slack")
                  + "\"}\n"
                  + "    discord: {type: discord, url: \""
                  + receiver.url("/discord")
                  + "\"}\n"
                  + "    teams: {type: teams, url: \""
                  + receiver.url("/teams")
                  + "\"}\n",
              "    - {when: usage_above, observable: NCPUS, percent: 90, for: 3h, channels: [hook, slack, discord, teams]}\n");
      Cli.Run run = notify(config, site, "2026-11-29T12:12:00Z");
      assertEquals(0, run.code(), run.err());
      assertEquals(4, receiver.posts.size());
      String text =
          "avery has used 90 % or more of its limit of 430 CPUs (387 CPUs) in every hour since 2026-11-29"
              + " 07:00 UTC: 400 CPUs on average over the last 3 h (93 %).";
      String link = " https://example.github.io/usage/";
      Map<String, JsonNode> byPath = new LinkedHashMap<>();
      for (Receiver.Post p : receiver.posts) {
        byPath.put(p.path(), SiteFixture.JSON.readTree(p.body()));
      }
      assertEquals(text, byPath.get("/webhook").get("text").asText());
      assertEquals(
          SiteFixture.JSON.readTree(
              "{\"text\":" + SiteFixture.JSON.writeValueAsString(text + link) + "}"),
          byPath.get("/slack"));
      assertEquals(
          SiteFixture.JSON.readTree(
              "{\"content\":"
                  + SiteFixture.JSON.writeValueAsString(text + link)
                  + ",\"allowed_mentions\":{\"parse\":[]}}"),
          byPath.get("/discord"));
      JsonNode teams = byPath.get("/teams");
      assertEquals("message", teams.get("type").asText());
      JsonNode card = teams.get("attachments").get(0);
      assertEquals("application/vnd.microsoft.card.adaptive", card.get("contentType").asText());
      assertEquals("AdaptiveCard", card.get("content").get("type").asText());
      assertEquals(text, card.get("content").get("body").get(0).get("text").asText());
      assertEquals(
          "https://example.github.io/usage/",
          card.get("content").get("actions").get(0).get("url").asText());
    }
  }

  @Test
  void aSecretUrlIsNeverPrintedNorLoggedEvenWhenItFails() throws Exception {
    Path site = site(aboveSince07());
    try (Receiver receiver = new Receiver()) {
      receiver.failures.set(100);
      receiver.failStatus = 403;
      String secret = receiver.url("/services/T000/B000/XXXXsecretXXXX");
      Path config =
          config(
              "    chat: {type: slack, url_env: LIBRARIAN_SLACK_URL}\n",
              "    - {when: usage_above, observable: NCPUS, percent: 90, for: 3h, channels: [chat]}\n");
      Cli.Run run = notify(config, site, "2026-11-29T12:12:00Z", "LIBRARIAN_SLACK_URL", secret);
      assertEquals(1, run.code());
      assertTrue(run.err().contains("channel chat (slack): HTTP 403"), run.err());
      assertFalse((run.out() + run.err()).contains("XXXXsecretXXXX"), run.out() + run.err());
      assertFalse(
          Files.readString(NotifyState.fileIn(tmp.resolve("state"))).contains("XXXXsecretXXXX"));

      Cli.Run unset = notify(config, site, "2026-11-29T12:22:00Z");
      assertEquals(1, unset.code());
      assertTrue(
          unset.err().contains("the environment variable LIBRARIAN_SLACK_URL is not set"),
          unset.err());
    }
  }

  @Test
  void dryRunPrintsAndSendsNothingAndRemembersNothing() throws Exception {
    Path site = site(aboveSince07());
    try (Receiver receiver = new Receiver()) {
      Path config = above90(receiver.url("/hook"));
      Cli.Run dry = new Cli(tmp).notify(config, site, "2026-11-29T12:12:00Z", "--dry-run");
      assertEquals(0, dry.code(), dry.err());
      assertTrue(dry.out().startsWith("would send to ops: avery has used 90 % or more"), dry.out());
      assertEquals(0, receiver.posts.size());
      assertFalse(Files.exists(NotifyState.fileIn(tmp.resolve("state"))));
      assertEquals(0, notify(config, site, "2026-11-29T12:12:00Z").code());
      assertEquals(1, receiver.posts.size());
    }
  }

  @Test
  void staleWhenTheLastRunFailedOrTheDataIsOlderThanThreeIntervals() throws Exception {
    Path site = site(aboveSince07());
    try (Receiver receiver = new Receiver()) {
      Path config = opsHook(receiver.url("/hook"), "when: stale");
      // Finished 12:10:20, every 10 min: stale after 12:40:20.
      assertEquals(0, notify(config, site, "2026-11-29T12:40:00Z").code());
      assertEquals(0, receiver.posts.size());
      assertEquals(0, notify(config, site, "2026-11-29T12:41:00Z").code());
      assertEquals(1, receiver.posts.size());
      assertEquals(
          "The dashboard is stale: its last run finished 2026-11-29 12:10 UTC, 30 min ago (runs are due"
              + " every 10 min).",
          SiteFixture.JSON.readTree(receiver.posts.get(0).body()).get("text").asText());
      SiteFixture.status(
          site,
          false,
          Instant.parse("2026-11-29T12:50:00Z"),
          Instant.parse("2026-11-29T12:50:30Z"),
          "sacct exited 1: slurmdbd down");
      deleteTree(tmp.resolve("state"));
      assertEquals(0, notify(config, site, "2026-11-29T12:51:00Z").code());
      assertEquals(
          "The last run (started 2026-11-29 12:50 UTC) failed: avery: sacct exited 1: slurmdbd down",
          SiteFixture.JSON.readTree(receiver.posts.get(1).body()).get("text").asText());
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
