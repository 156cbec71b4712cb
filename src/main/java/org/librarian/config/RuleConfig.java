package org.librarian.config;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.librarian.config.NotifySettings.Channel;
import org.librarian.config.NotifySettings.Rule;

/**
 * Reads one entry of {@code alerts.rules}: its {@code when}, only the keys that kind of rule takes,
 * numbers and durations within their bounds, and channels that exist. Every error names its line.
 */
final class RuleConfig {
  private static final Set<String> OBSERVABLES = Set.of("NCPUS", "NGPUS", "MEMORY", "NJOBS");
  private static final List<String> RULE_KEYS =
      List.of(
          "when",
          "observable",
          "percent",
          "for",
          "cpu_hours",
          "within",
          "users",
          "states",
          "channels");

  private RuleConfig() {}

  /** A rule that sends to some of {@code channels}, the channels already read. */
  static Rule rule(YamlNode node, String where, Map<String, Channel> channels)
      throws ConfigException {
    Iterable<Map.Entry<String, YamlNode>> entries =
        ConfigFile.entries(node, where, "a rule", RULE_KEYS);
    Map<String, YamlNode> m = node.map();
    String when = m.get("when") == null ? null : ConfigFile.text(m.get("when"), where, "when");
    if (when == null || !NotifySettings.RULES.contains(when)) {
      throw ConfigException.at(
          where,
          node.line(),
          "a rule needs when: usage_above, waiting_at_limit,"
              + " stale, jobs_finished or budget_runs_out"
              + (when == null ? "" : ", not '" + when + "'"));
    }
    List<String> allowed =
        switch (when) {
          case "usage_above" -> List.of("when", "observable", "percent", "for", "channels");
          case "waiting_at_limit" -> List.of("when", "cpu_hours", "within", "channels");
          case "jobs_finished" -> List.of("when", "users", "states", "channels");
          case "budget_runs_out" -> List.of("when", "within", "channels");
          default -> List.of("when", "channels");
        };
    for (Map.Entry<String, YamlNode> e : entries) {
      if (!allowed.contains(e.getKey())) {
        throw ConfigException.at(
            where,
            e.getValue().line(),
            "a "
                + when
                + " rule has no '"
                + e.getKey()
                + "'; its keys: "
                + String.join(", ", allowed));
      }
    }
    if (m.get("channels") == null) {
      throw ConfigException.at(where, node.line(), "the " + when + " rule needs channels: [...]");
    }
    List<String> to = ChannelConfig.names(m.get("channels"), where, channels);
    String observable = null;
    double percent = 0;
    Duration forDuration = Duration.ZERO;
    double cpuHours = 0;
    Duration within = Duration.ZERO;
    List<String> users = List.of();
    Set<String> states = Set.of();
    switch (when) {
      case "usage_above":
        {
          observable =
              m.get("observable") == null
                  ? "NCPUS"
                  : ConfigFile.text(m.get("observable"), where, "observable");
          if (!OBSERVABLES.contains(observable)) {
            throw ConfigException.at(
                where,
                node.line(),
                "usage_above: observable must be NCPUS, NGPUS,"
                    + " MEMORY or NJOBS, not '"
                    + observable
                    + "'");
          }
          percent =
              number(m.get("percent"), where, node, "usage_above needs percent:", 0.001, 1000);
          forDuration =
              duration(m, "for", where, where + "usage_above for", "1h", Duration.ofMinutes(1), 30);
          break;
        }
      case "waiting_at_limit":
        {
          cpuHours =
              number(
                  m.get("cpu_hours"),
                  where,
                  node,
                  "waiting_at_limit needs cpu_hours:",
                  0.001,
                  1e12);
          within =
              duration(
                  m,
                  "within",
                  where,
                  where + "waiting_at_limit within",
                  "24h",
                  Duration.ofHours(1),
                  30);
          break;
        }
      case "budget_runs_out":
        {
          within =
              duration(
                  m,
                  "within",
                  where,
                  where
                      + "line "
                      + (m.get("within") == null ? node.line() : m.get("within").line())
                      + ": budget_runs_out within",
                  "14d",
                  Duration.ofHours(1),
                  366);
          break;
        }
      case "jobs_finished":
        {
          users = ChannelConfig.strings(m.get("users"), where, "users");
          if (users.isEmpty()) {
            throw ConfigException.at(where, node.line(), "jobs_finished needs users: [names]");
          }
          List<String> s =
              m.get("states") == null
                  ? List.of(
                      "COMPLETED", "FAILED", "TIMEOUT", "OUT_OF_MEMORY", "CANCELLED", "NODE_FAIL")
                  : ChannelConfig.strings(m.get("states"), where, "states");
          Set<String> upper = new LinkedHashSet<>();
          for (String state : s) {
            upper.add(state.toUpperCase(Locale.ROOT));
          }
          states = Set.copyOf(upper);
          break;
        }
      default:
    }
    return new Rule(when, observable, percent, forDuration, cpuHours, within, users, states, to);
  }

  /**
   * The duration under {@code key}, {@code fallback} when absent; from {@code min} to {@code
   * maxDays} days, an error naming {@code what} otherwise.
   */
  private static Duration duration(
      Map<String, YamlNode> m,
      String key,
      String where,
      String what,
      String fallback,
      Duration min,
      int maxDays)
      throws ConfigException {
    YamlNode v = m.get(key);
    return DurationText.parse(
        what, v == null ? fallback : ConfigFile.text(v, where, key), min, Duration.ofDays(maxDays));
  }

  private static double number(
      YamlNode v, String where, YamlNode rule, String missing, double min, double max)
      throws ConfigException {
    if (v == null || v.kind() != YamlNode.Kind.NUMBER) {
      throw ConfigException.at(
          where,
          (v == null ? rule.line() : v.line()),
          missing + " a number from " + min + " to " + max);
    }
    double d = Double.parseDouble(v.text());
    if (!(d >= min && d <= max)) {
      throw ConfigException.at(where, v.line(), v.text() + " is not from " + min + " to " + max);
    }
    return d;
  }
}
