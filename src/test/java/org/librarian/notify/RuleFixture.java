package org.librarian.notify;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.librarian.config.NotifySettings;
import org.librarian.config.NotifySettings.Rule;

/**
 * Alert rules as librarian.yaml would give them, and settings around them, for tests that build the
 * settings by hand.
 */
final class RuleFixture {
  private RuleFixture() {}

  /**
   * Settings with one channel, {@code name}, of {@code type} at {@code url}, a 12 h cooldown and
   * {@code rules}.
   */
  static NotifySettings oneChannel(String name, String type, String url, Rule... rules) {
    return new NotifySettings(
        null,
        Duration.ofHours(12),
        Map.of(name, DeliveryFixture.chat(name, type, url)),
        List.of(rules),
        null);
  }

  /** {@code {when: usage_above, observable: NCPUS, percent: 90, for: 3h, channels: [...]}}. */
  static Rule cpusAbove90PercentFor3h(String... channels) {
    return new Rule(
        "usage_above",
        "NCPUS",
        90,
        Duration.ofHours(3),
        0,
        Duration.ZERO,
        List.of(),
        Set.of(),
        List.of(channels));
  }

  /** {@code {when: waiting_at_limit, cpu_hours: N, within: 2h, channels: [ops]}}. */
  static Rule waitingAtLimitWithin2h(double cpuHours) {
    return new Rule(
        "waiting_at_limit",
        null,
        0,
        Duration.ZERO,
        cpuHours,
        Duration.ofHours(2),
        List.of(),
        Set.of(),
        List.of("ops"));
  }
}
