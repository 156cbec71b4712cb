package org.librarian.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerts: and digest: sections: the example of the README, and errors that name their line. */
class NotifyConfigTest {
  @TempDir Path tmp;

  private Settings load(String yaml) throws Exception {
    Path f = tmp.resolve("librarian.yaml");
    Files.writeString(f, yaml);
    return new SettingsLoader(Map.of("HOME", tmp.toString()), tmp).load(f, Overrides.NONE);
  }

  static final String EXAMPLE =
      String.join(
          "\n",
          "site_url: https://example.github.io/usage/",
          "alerts:",
          "  cooldown: 12h",
          "  channels:",
          "    ops:  {type: webhook, url: \"https://hooks.example.org/x\"}",
          "    chat: {type: slack, url_env: LIBRARIAN_SLACK_URL}",
          "    pi:   {type: email, to: [pi@example.org], from: usage@example.org,",
          "           smtp: {host: smtp.example.org, port: 587, starttls: true, user: usage,"
              + " password_env: LIBRARIAN_SMTP_PASSWORD}}",
          "  rules:",
          "    - {when: usage_above, observable: NCPUS, percent: 90, for: 3h, channels: [ops]}",
          "    - {when: waiting_at_limit, cpu_hours: 100, within: 24h, channels: [ops, pi]}",
          "    - {when: stale, channels: [ops]}",
          "    - {when: jobs_finished, users: [alice], states: [COMPLETED, FAILED, TIMEOUT, OUT_OF_MEMORY],"
              + " channels: [chat]}",
          "digest:",
          "  every: weekly",
          "  channels: [pi]",
          "");

  @Test
  void deliveryLimitsHaveDefaultsAndReadTheirKeys() throws Exception {
    assertEquals(
        new NotifySettings.Limits(
            Duration.ofSeconds(30), Duration.ofMinutes(5), 200, Duration.ofDays(7)),
        load(EXAMPLE).alerts().limits());
    NotifySettings.Limits l =
        load(EXAMPLE.replace(
                "  cooldown: 12h\n",
                "  cooldown: 12h\n  timeout: 10s\n  budget: 2m\n  outbox_max: 50\n  outbox_max_age: 2d\n"))
            .alerts()
            .limits();
    assertEquals(
        new NotifySettings.Limits(
            Duration.ofSeconds(10), Duration.ofMinutes(2), 50, Duration.ofDays(2)),
        l);
  }

  @Test
  void theExampleOfTheReadmeReads() throws Exception {
    NotifySettings n = load(EXAMPLE).alerts();
    assertEquals("https://example.github.io/usage/", n.siteUrl());
    assertEquals(Duration.ofHours(12), n.cooldown());
    assertEquals(Set.of("ops", "chat", "pi"), n.channels().keySet());
    assertEquals("LIBRARIAN_SLACK_URL", n.channels().get("chat").url().env());
    assertNull(n.channels().get("chat").url().value());
    NotifySettings.Channel pi = n.channels().get("pi");
    assertEquals("pi@example.org", pi.to().get(0).value());
    assertEquals(
        new NotifySettings.Smtp(
            "smtp.example.org",
            587,
            true,
            "usage",
            new NotifySettings.Secret(null, "LIBRARIAN_SMTP_PASSWORD")),
        pi.smtp());
    assertEquals(4, n.rules().size());
    assertEquals("usage_above NCPUS 90 % for 3h", n.rules().get(0).describe());
    assertEquals(Duration.ofHours(3), n.rules().get(0).forDuration());
    assertEquals(100, n.rules().get(1).cpuHours());
    assertEquals(List.of("ops", "pi"), n.rules().get(1).channels());
    assertEquals(Set.of("alice"), n.finishedJobUsers());
    assertEquals(
        Set.of("COMPLETED", "FAILED", "TIMEOUT", "OUT_OF_MEMORY"), n.rules().get(3).states());
    assertEquals(new NotifySettings.Digest("weekly", List.of("pi")), n.digest());
  }

  @Test
  void privacyReadsAndRefusesWhatItCannotUse() throws Exception {
    Settings s = load("privacy:\n  pseudonymize: true\n  hide_users: [ann, bob]\n");
    assertEquals(new Settings.Privacy(true, Set.of("ann", "bob")), s.privacy());
    assertEquals(Settings.Privacy.NONE, load("timezone: UTC\n").privacy());
    assertEquals(
        "line 2: pseudonymize must be true or false, not 'yes please'",
        message("privacy:\n  pseudonymize: yes please\n"));
    assertEquals(
        "line 2: hide_users must be a list of user names",
        message("privacy:\n  hide_users: ann\n"));
  }

  @Test
  void noAlertsMeansNothingToSend() throws Exception {
    assertTrue(!load("timezone: UTC\n").alerts().any());
  }

  @Test
  void mistakesAreNamedWithTheirLine() {
    assertEquals(
        "line 5: no channel named 'pager' under alerts.channels; known: ops",
        message(
            "alerts:\n  channels:\n    ops: {type: webhook, url: \"https://x.example.org\"}\n  rules:\n"
                + "    - {when: stale, channels: [pager]}\n"));
    assertEquals(
        "line 3: channel ops: unknown type 'pigeon'; known: discord, email, slack, teams, webhook",
        message("alerts:\n  channels:\n    ops: {type: pigeon, url: \"https://x.example.org\"}\n"));
    assertEquals(
        "line 3: channel ops needs url or url_env (the name of an environment variable that holds it)",
        message("alerts:\n  channels:\n    ops: {type: slack}\n"));
    assertEquals(
        "line 3: channel ops: give url or url_env, not both",
        message(
            "alerts:\n  channels:\n    ops: {type: slack, url: \"https://a.example.org\", url_env: X}\n"));
    assertEquals(
        "line 5: a usage_above rule has no 'cpu_hours'; its keys: when, observable, percent, for, channels",
        message(
            "alerts:\n  channels:\n    ops: {type: webhook, url: \"https://x.example.org\"}\n  rules:\n"
                + "    - {when: usage_above, percent: 90, cpu_hours: 3, channels: [ops]}\n"));
    assertEquals(
        "line 6: budget_runs_out within: 'soon' is not a duration such as 30d, 12h, 15m or 1d12h",
        message(
            "alerts:\n  channels:\n    ops: {type: webhook, url: \"https://x.example.org\"}\n  rules:\n"
                + "    - when: budget_runs_out\n      within: soon\n      channels: [ops]\n"));
    assertEquals(
        "line 5: budget_runs_out within: '400d' is outside 1h to 366d",
        message(
            "alerts:\n  channels:\n    ops: {type: webhook, url: \"https://x.example.org\"}\n  rules:\n"
                + "    - {when: budget_runs_out, within: 400d, channels: [ops]}\n"));
    assertEquals(
        "line 1: digest.every must be weekly or monthly, not 'daily'",
        message("digest: {every: daily, channels: [x]}\n"));
  }

  private String message(String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
    String m = e.getMessage();
    return m.substring(m.indexOf(": ") + 2);
  }
}
