package org.librarian.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.config.NotifySettings;
import org.librarian.config.NotifySettings.Channel;
import org.librarian.config.NotifySettings.Rule;
import org.librarian.testing.Cli;

/**
 * Receivers that misbehave, each a real server on loopback: one that trickles its answer, one that
 * cuts it short, one that refuses for good, one that is down for an hour; and an outbox that would
 * otherwise grow for ever. Every count is of the messages the receiver really got.
 */
class DeliveryFaultsTest {
  /** Evaluated at 12:12, two minutes after the data's last update; runs every 10 min. */
  static final long T = NotifyTest.UPDATED.getEpochSecond() + 120;

  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();

  private Path site() throws Exception {
    Path site = tmp.resolve("site");
    SiteFixture.write(
        site,
        SiteFixture.data(
            "avery", NotifyTest.FIRST, NotifyTest.UPDATED, 430, NotifyTest.aboveSince07(), null));
    return site;
  }

  private static NotifySettings webhook(String url, Duration cooldown) {
    Rule rule = RuleFixture.cpusAbove90PercentFor3h("ops");
    return new NotifySettings(
        null,
        cooldown,
        Map.of("ops", DeliveryFixture.chat("ops", "webhook", url)),
        List.of(rule),
        null);
  }

  /**
   * A notifier of the one rule to the webhook at {@code url} (12 h cooldown): each attempt within
   * {@code timeout}, 3 attempts 10 ms apart.
   */
  private Notifier hookNotifier(String url, Duration timeout) throws Exception {
    return notifier(webhook(url, Duration.ofHours(12)), DeliveryFixture.quick(timeout, 3));
  }

  private Notifier notifier(NotifySettings settings, Delivery delivery) throws Exception {
    return DeliveryFixture.notifier(settings, site(), tmp.resolve("state"), delivery, out);
  }

  /**
   * #24: 200 with a Content-Length, then a byte a second: notify hung for ever, holding the run
   * lock.
   */
  @Test
  void slowDripReceiverDoesNotHangNotify() throws Exception {
    try (ScriptedServer drip = new ScriptedServer(ScriptedServer.Mode.HTTP_DRIP)) {
      Notifier n = hookNotifier(drip.url("/hook"), Duration.ofSeconds(2));
      Notifier.Result r =
          assertTimeoutPreemptively(Duration.ofSeconds(30), () -> n.notify(T, false));
      assertEquals(0, r.sent());
      assertEquals(
          List.of(
              "channel ops (webhook): no complete answer within 2 s (after 3 tries); it stays due for the"
                  + " next notify"),
          r.failures());
      assertEquals(1, r.due().size(), "the message stays in the outbox");
      assertEquals(1, NotifyState.load(NotifyState.fileIn(tmp.resolve("state"))).outbox().size());
      assertEquals(3, drip.bodies.size(), "three tries, each cut off at its deadline");
    }
  }

  /** The same from the command line, with the deadline and the budget from librarian.yaml. */
  @Test
  void slowDripReceiverDoesNotHangTheNotifyCommand() throws Exception {
    Path site = site();
    try (ScriptedServer drip = new ScriptedServer(ScriptedServer.Mode.HTTP_DRIP)) {
      Path config = tmp.resolve("librarian.yaml");
      Files.writeString(
          config,
          "timezone: UTC\nstate_dir: "
              + tmp.resolve("state")
              + "\nalerts:\n  timeout: 2s\n"
              + "  budget: 5s\n  channels:\n    ops: {type: webhook, url: \""
              + drip.url("/hook")
              + "\"}\n  rules:\n"
              + "    - {when: usage_above, observable: NCPUS, percent: 90, for: 3h, channels: [ops]}\n");
      Cli.Run run =
          assertTimeoutPreemptively(
              Duration.ofSeconds(30),
              () -> new Cli(tmp).notify(config, site, "2026-11-29T12:12:00Z"));
      assertEquals(1, run.code(), run.out());
      // 2 s, the pause of 2 s, then what is left of the 5 s: two tries.
      assertTrue(
          run.err()
              .contains(
                  "librarian: not delivered: channel ops (webhook): no complete answer before the"
                      + " budget of 5 s for this notify's deliveries ran out (after 2 tries); it stays due for the next notify"),
          run.err());
      assertEquals(2, drip.bodies.size());
      assertTrue(run.out().contains("notify: 0 sent, 1 failed, 1 still due"), run.out());
    }
  }

  @Test
  void deadlinesAndOutboxLimitsOutsideTheirBoundsAreRefused() throws Exception {
    Path site = site();
    for (String[] bad :
        new String[][] {
          {"timeout: 0s", "line 4: alerts.timeout: '0s' is not a duration"},
          {"timeout: 6m", "line 4: alerts.timeout: '6m' is outside 1s to 5m"},
          {"budget: 31m", "line 4: alerts.budget: '31m' is outside 1s to 30m"},
          {
            "outbox_max: 0",
            "line 4: alerts.outbox_max: '0' is not a number of messages from 1 to 10000"
          },
          {"outbox_max_age: 30m", "line 4: alerts.outbox_max_age: '30m' is outside 1h to 90d"}
        }) {
      Path config = tmp.resolve("librarian.yaml");
      Files.writeString(
          config,
          "timezone: UTC\nstate_dir: "
              + tmp.resolve("state")
              + "\nalerts:\n  "
              + bad[0]
              + "\n"
              + "  channels:\n    ops: {type: webhook, url: \"http://127.0.0.1:9/hook\"}\n  rules:\n"
              + "    - {when: stale, channels: [ops]}\n");
      Cli.Run run = new Cli(tmp).notify(config, site, "2026-11-29T12:12:00Z");
      assertEquals(2, run.code(), bad[0] + ": " + run.err());
      assertTrue(run.err().contains(bad[1]), run.err());
    }
  }

  /**
   * Every delivery of one notify, tries included, ends within its budget: what is left waits for
   * the next.
   */
  @Test
  void notifyEndsWithinItsBudget() throws Exception {
    try (ScriptedServer drip = new ScriptedServer(ScriptedServer.Mode.HTTP_DRIP)) {
      Rule rule = RuleFixture.cpusAbove90PercentFor3h("a", "b");
      NotifySettings settings =
          new NotifySettings(
              null,
              Duration.ofHours(12),
              Map.of(
                  "a", DeliveryFixture.chat("a", "webhook", drip.url("/a")),
                  "b", DeliveryFixture.chat("b", "webhook", drip.url("/b"))),
              List.of(rule),
              null);
      Notifier n =
          notifier(
              settings,
              new Delivery(
                  Map.of(),
                  Duration.ofSeconds(2),
                  Duration.ofSeconds(3),
                  new Delivery.Tries(3, Duration.ofMillis(10))));
      Notifier.Result r =
          assertTimeoutPreemptively(Duration.ofSeconds(30), () -> n.notify(T, false));
      assertEquals(
          2, drip.bodies.size(), "a: one whole try of 2 s and one of what was left; b: none");
      assertEquals(2, r.failures().size(), r.failures().toString());
      assertEquals(
          "channel b (webhook): not tried: the budget of 3 s for this notify's deliveries is spent; 1 message"
              + " stays due for the next notify",
          r.failures().get(1));
      assertEquals(2, r.due().size());
    }
  }

  /** #24: the same against SMTP: a greeting that never ends. */
  @Test
  void slowDripSmtpServerDoesNotHangNotify() throws Exception {
    try (ScriptedServer drip = new ScriptedServer(ScriptedServer.Mode.SMTP_DRIP)) {
      Channel mail =
          DeliveryFixture.mail(
              "pi",
              "pi@example.org",
              "usage@example.org",
              new NotifySettings.Smtp("127.0.0.1", drip.port(), false, null, null));
      Delivery d = DeliveryFixture.quick(Duration.ofSeconds(2), 1);
      Message m =
          DeliveryFixture.message(
              "1",
              "alert",
              "stale",
              "[librarian] stale",
              "The dashboard is stale.",
              null,
              null,
              null);
      Delivery.Failed f =
          assertTimeoutPreemptively(
              Duration.ofSeconds(30),
              () -> assertThrows(Delivery.Failed.class, () -> d.send(mail, m)));
      assertEquals("channel pi (email): no complete answer within 2 s", f.getMessage());
    }
  }

  /**
   * A mail server that refuses the recipient (550) refuses for good: after 3 notifies the message
   * is dropped.
   */
  @Test
  void mailboxRefusedForGoodIsDroppedAfterThreeRuns() throws Exception {
    try (ScriptedServer smtp = new ScriptedServer(ScriptedServer.Mode.SMTP_NO_SUCH_MAILBOX)) {
      Rule rule = RuleFixture.cpusAbove90PercentFor3h("pi");
      NotifySettings settings =
          new NotifySettings(
              null,
              Duration.ofHours(12),
              Map.of(
                  "pi",
                  DeliveryFixture.mail(
                      "pi",
                      "gone@example.org",
                      "usage@example.org",
                      new NotifySettings.Smtp("127.0.0.1", smtp.port(), false, null, null))),
              List.of(rule),
              null);
      Notifier n = notifier(settings, DeliveryFixture.quick(Duration.ofSeconds(5), 3));
      List<String> failures = new ArrayList<>();
      for (int run = 0; run < 4; run++) {
        Notifier.Result r = n.notify(T + 600L * run, false);
        failures.addAll(r.failures());
        assertEquals(run < 2 ? 1 : 0, r.due().size(), "run " + (run + 1) + ": " + r.failures());
      }
      assertEquals(
          3, smtp.bodies.size(), "one try in each of the first three runs: " + smtp.bodies);
      assertEquals(3, failures.size(), failures.toString());
      assertTrue(
          failures
              .get(2)
              .startsWith(
                  "channel pi (email): 550 5.1.1 no such mailbox; refused for good by 3"
                      + " notifies in a row, so it is dropped: avery has used"),
          failures.get(2));
    }
  }

  /** #24: a 200 whose body is cut short was counted as a failure and the message sent again. */
  @Test
  void okWithBodyCutShortCountsAsDelivered() throws Exception {
    try (ScriptedServer cut = new ScriptedServer(ScriptedServer.Mode.HTTP_CUT)) {
      Notifier n = hookNotifier(cut.url("/hook"), Duration.ofSeconds(5));
      Notifier.Result r = n.notify(T, false);
      assertEquals(List.of(), r.failures());
      assertEquals(1, r.sent());
      assertEquals(0, n.notify(T + 600, false).sent());
      assertEquals(1, cut.bodies.size(), "sent once");
    }
  }

  /**
   * #24: a permanent 404 was tried on every run for ever. Now: 3 runs with one try each, then
   * dropped and said so; runs 4 and 5 try nothing; after the receiver is fixed, the next alert
   * (after the 12 h cooldown) is the one message it gets.
   */
  @Test
  void permanent404IsDroppedAfterThreeRunsNotRetriedForEver() throws Exception {
    try (Receiver receiver = new Receiver()) {
      receiver.failStatus = 404;
      receiver.failures.set(1000);
      Notifier n = hookNotifier(receiver.url("/hook"), Duration.ofSeconds(5));
      List<List<String>> failures = new ArrayList<>();
      for (int run = 0; run < 5; run++) {
        Notifier.Result r = n.notify(T + 600L * run, false);
        failures.add(r.failures());
        assertEquals(run < 2 ? 1 : 0, r.due().size(), "run " + (run + 1));
      }
      assertEquals(3, 1000 - receiver.failures.get(), "one try in each of the first three runs");
      String refused = "channel ops (webhook): HTTP 404: busy";
      assertEquals(
          List.of(
              List.of(refused + "; it stays due for the next notify"),
              List.of(refused + "; it stays due for the next notify"),
              List.of(
                  refused
                      + "; refused for good by 3 notifies in a row, so it is dropped: avery has used 90 % or more"
                      + " of its limit of 430 CPUs (387 CPUs) in every hour since 2026-11-29 07:00 UTC: 400 CPUs on average"
                      + " over the last 3 h (93 %)."),
              List.of(),
              List.of()),
          failures);
      assertEquals(1, NotifyState.load(NotifyState.fileIn(tmp.resolve("state"))).droppedTotal());

      receiver.failures.set(0);
      assertEquals(1, n.notify(T + 12 * 3600, false).sent());
      assertEquals(1, receiver.posts.size(), "the receiver got exactly one message");
    }
  }

  /**
   * #24: a receiver down for six runs while an alert holds (cooldown 1 min) got the same alert six
   * times.
   */
  @Test
  void receiverDownForSixRunsGetsOneMessagePerAlertKey() throws Exception {
    int port;
    try (Receiver gone = new Receiver()) {
      port = gone.port();
    }
    Notifier n =
        notifier(
            webhook("http://127.0.0.1:" + port + "/hook", Duration.ofMinutes(1)),
            new Delivery(
                Map.of(), Duration.ofSeconds(5), new Delivery.Tries(3, Duration.ofMillis(10))));
    for (int run = 0; run < 6; run++) {
      assertEquals(1, n.notify(T + 600L * run, false).failures().size());
    }
    try (Receiver back = new Receiver(port)) {
      Notifier.Result r = n.notify(T + 3600, false);
      assertEquals(1, r.sent());
      assertEquals(1, back.posts.size(), "one message for the one alert key");
      assertEquals(
          "2026-11-29T07:00:00+00:00",
          SiteFixture.JSON.readTree(back.posts.get(0).body()).get("since").asText());
    }
  }

  /**
   * #24: the outbox grew without bound. 203 queued job messages (no alert key, so none coalesce),
   * the two oldest 8 days old, for a channel that is down: the two old ones go for their age, then
   * the oldest one for the count, 200 stay; said once, and counted in the state.
   */
  @Test
  void outboxIsBoundedByCountAndAgeOldestFirst() throws Exception {
    int port;
    try (Receiver gone = new Receiver()) {
      port = gone.port();
    }
    Path stateFile = NotifyState.fileIn(tmp.resolve("state"));
    Files.createDirectories(stateFile.getParent());
    ObjectNode root = SiteFixture.JSON.createObjectNode();
    root.put("schema_version", 1);
    ArrayNode outbox = root.putArray("outbox");
    for (int i = 0; i < 203; i++) {
      long created = i < 2 ? T - 8 * 86_400L : T - 3600 + i;
      ObjectNode p = outbox.addObject();
      p.put("channel", "ops").put("created", created).put("attempts", 1).put("last_error", "down");
      p.set(
          "message",
          SiteFixture.JSON.valueToTree(
              DeliveryFixture.message(
                  "j" + i,
                  "jobs",
                  "jobs_finished",
                  "[librarian] ann: 1 job ended",
                  "job " + i,
                  1.0,
                  "jobs",
                  null)));
    }
    Files.writeString(stateFile, root.toString());
    NotifySettings settings =
        RuleFixture.oneChannel("ops", "webhook", "http://127.0.0.1:" + port + "/hook");
    Notifier n = notifier(settings, DeliveryFixture.quick(Duration.ofSeconds(5), 1));
    Notifier.Result r = n.notify(T, false);
    assertEquals(200, r.due().size());
    assertEquals("job 3", r.due().get(0).message().text(), "the oldest went first");
    assertTrue(
        r.notes()
            .contains(
                "dropped 3 undelivered messages from the outbox: 2 older than 7 d, 1 over the"
                    + " limit of 200 messages"),
        r.notes().toString());
    NotifyState saved = NotifyState.load(stateFile);
    assertEquals(200, saved.outbox().size());
    assertEquals(3, saved.droppedTotal());
    Notifier.Result again = n.notify(T + 600, false);
    assertTrue(
        again.notes().stream().noneMatch(s -> s.startsWith("dropped")),
        "said once: " + again.notes());
  }
}
