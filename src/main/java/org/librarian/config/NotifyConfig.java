package org.librarian.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.librarian.config.NotifySettings.Channel;
import org.librarian.config.NotifySettings.Rule;

/**
 * Reads and checks the {@code alerts:} and {@code digest:} sections; every error names its line.
 * The delivery limits and the digest are read here, the channels by {@link ChannelConfig} and the
 * rules by {@link RuleConfig}.
 */
final class NotifyConfig {
  private static final List<String> ALERT_KEYS =
      List.of("cooldown", "timeout", "budget", "outbox_max", "outbox_max_age", "channels", "rules");
  private static final List<String> DIGEST_KEYS = List.of("every", "channels");

  private NotifyConfig() {}

  static NotifySettings read(ConfigFile file, String where) throws ConfigException {
    String siteUrl = file.siteUrl;
    if (siteUrl != null && !siteUrl.matches("https?://\\S+")) {
      throw new ConfigException(where + "site_url: '" + siteUrl + "' is not an http(s) address");
    }
    Duration cooldown = Duration.ofHours(12);
    NotifySettings.Limits d = NotifySettings.Limits.DEFAULT;
    Duration timeout = d.timeout();
    Duration budget = d.budget();
    int outboxMax = d.outboxMax();
    Duration outboxMaxAge = d.outboxMaxAge();
    Map<String, Channel> channels = new LinkedHashMap<>();
    List<Rule> rules = new ArrayList<>();
    YamlNode alerts = file.alerts;
    if (alerts != null && !alerts.isNull()) {
      YamlNode rulesNode = null;
      for (Map.Entry<String, YamlNode> e :
          ConfigFile.entries(alerts, where, "alerts", ALERT_KEYS)) {
        YamlNode v = e.getValue();
        switch (e.getKey()) {
          case "cooldown":
            cooldown =
                DurationText.parse(
                    where + "alerts.cooldown",
                    ConfigFile.text(v, where, "cooldown"),
                    Duration.ofMinutes(1),
                    Duration.ofDays(30));
            break;
          case "timeout":
            timeout = duration(v, where, "timeout", Duration.ofSeconds(1), Duration.ofMinutes(5));
            break;
          case "budget":
            budget = duration(v, where, "budget", Duration.ofSeconds(1), Duration.ofMinutes(30));
            break;
          case "outbox_max_age":
            outboxMaxAge =
                duration(v, where, "outbox_max_age", Duration.ofHours(1), Duration.ofDays(90));
            break;
          case "outbox_max":
            {
              String n = ConfigFile.text(v, where, "outbox_max");
              outboxMax = ConfigFile.wholeNumber(n, 6, 10_000);
              if (outboxMax < 0) {
                throw ConfigException.at(
                    where,
                    v.line(),
                    "alerts.outbox_max: '" + n + "' is not a number of messages from 1 to 10000");
              }
              break;
            }
          case "channels":
            if (!v.isNull()) {
              for (Map.Entry<String, YamlNode> c :
                  ConfigFile.entries(
                      v,
                      where,
                      "alerts.channels",
                      v.kind() == YamlNode.Kind.MAP ? List.copyOf(v.map().keySet()) : List.of())) {
                channels.put(c.getKey(), ChannelConfig.channel(c.getKey(), c.getValue(), where));
              }
            }
            break;
          default:
            rulesNode = v;
        }
      }
      if (rulesNode != null && !rulesNode.isNull()) {
        if (rulesNode.kind() != YamlNode.Kind.LIST) {
          throw ConfigException.at(where, rulesNode.line(), "alerts.rules must be a list of rules");
        }
        for (YamlNode r : rulesNode.list()) {
          rules.add(RuleConfig.rule(r, where, channels));
        }
      }
    }
    NotifySettings.Digest digest = null;
    if (file.digest != null && !file.digest.isNull()) {
      String every = "weekly";
      List<String> to = List.of();
      for (Map.Entry<String, YamlNode> e :
          ConfigFile.entries(file.digest, where, "digest", DIGEST_KEYS)) {
        if (e.getKey().equals("every")) {
          every = ConfigFile.text(e.getValue(), where, "every");
          if (!"weekly".equals(every) && !"monthly".equals(every)) {
            throw ConfigException.at(
                where,
                e.getValue().line(),
                "digest.every must be weekly or" + " monthly, not '" + every + "'");
          }
        } else {
          to = ChannelConfig.names(e.getValue(), where, channels);
        }
      }
      if (to.isEmpty()) {
        throw ConfigException.at(where, file.digest.line(), "digest needs channels: [...]");
      }
      digest = new NotifySettings.Digest(every, to);
    }
    return new NotifySettings(
        siteUrl,
        cooldown,
        Map.copyOf(channels),
        List.copyOf(rules),
        digest,
        new NotifySettings.Limits(timeout, budget, outboxMax, outboxMaxAge));
  }

  /** {@code alerts.KEY}, a duration from {@code min} to {@code max}; errors name its line. */
  private static Duration duration(YamlNode v, String where, String key, Duration min, Duration max)
      throws ConfigException {
    return DurationText.parse(
        where + "line " + v.line() + ": alerts." + key, ConfigFile.text(v, where, key), min, max);
  }
}
