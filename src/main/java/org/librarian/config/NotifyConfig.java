package org.librarian.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.librarian.config.NotifySettings.Channel;
import org.librarian.config.NotifySettings.Rule;
import org.librarian.config.NotifySettings.Secret;

/** Reads and checks the {@code alerts:} and {@code digest:} sections; every error names its line. */
final class NotifyConfig {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> OBSERVABLES = Set.of("NCPUS", "NGPUS", "MEMORY", "NJOBS");
  private static final List<String> ALERT_KEYS = List.of("cooldown", "timeout", "budget", "outbox_max",
      "outbox_max_age", "channels", "rules");
  private static final List<String> HTTP_KEYS = List.of("type", "url", "url_env");
  private static final List<String> EMAIL_KEYS = List.of("type", "to", "to_env", "from", "smtp");
  private static final List<String> SMTP_KEYS = List.of("host", "port", "starttls", "user", "password",
      "password_env");
  private static final List<String> RULE_KEYS = List.of("when", "observable", "percent", "for", "cpu_hours", "within",
      "users", "states", "channels");
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
      for (Map.Entry<String, YamlNode> e : ConfigFile.entries(alerts, where, "alerts", ALERT_KEYS)) {
        YamlNode v = e.getValue();
        switch (e.getKey()) {
          case "cooldown":
            cooldown = DurationText.parse(where + "alerts.cooldown", ConfigFile.text(v, where, "cooldown"),
                Duration.ofMinutes(1), Duration.ofDays(30));
            break;
          case "timeout":
            timeout = DurationText.parse(where + "line " + v.line() + ": alerts.timeout",
                ConfigFile.text(v, where, "timeout"), Duration.ofSeconds(1), Duration.ofMinutes(5));
            break;
          case "budget":
            budget = DurationText.parse(where + "line " + v.line() + ": alerts.budget",
                ConfigFile.text(v, where, "budget"), Duration.ofSeconds(1), Duration.ofMinutes(30));
            break;
          case "outbox_max_age":
            outboxMaxAge = DurationText.parse(where + "line " + v.line() + ": alerts.outbox_max_age",
                ConfigFile.text(v, where, "outbox_max_age"), Duration.ofHours(1), Duration.ofDays(90));
            break;
          case "outbox_max": {
            String n = ConfigFile.text(v, where, "outbox_max");
            if (n == null || !n.matches("[0-9]{1,6}") || Integer.parseInt(n) < 1 || Integer.parseInt(n) > 10_000) {
              throw new ConfigException(where + "line " + v.line() + ": alerts.outbox_max: '" + n
                  + "' is not a number of messages from 1 to 10000");
            }
            outboxMax = Integer.parseInt(n);
            break;
          }
          case "channels":
            if (!v.isNull()) {
              for (Map.Entry<String, YamlNode> c : ConfigFile.entries(v, where, "alerts.channels",
                  v.kind() == YamlNode.Kind.MAP ? List.copyOf(v.map().keySet()) : List.of())) {
                channels.put(c.getKey(), channel(c.getKey(), c.getValue(), where));
              }
            }
            break;
          default:
            rulesNode = v;
        }
      }
      if (rulesNode != null && !rulesNode.isNull()) {
        if (rulesNode.kind() != YamlNode.Kind.LIST) {
          throw new ConfigException(where + "line " + rulesNode.line() + ": alerts.rules must be a list of rules");
        }
        for (YamlNode r : rulesNode.list()) {
          rules.add(rule(r, where, channels));
        }
      }
    }
    NotifySettings.Digest digest = null;
    if (file.digest != null && !file.digest.isNull()) {
      String every = "weekly";
      List<String> to = List.of();
      for (Map.Entry<String, YamlNode> e : ConfigFile.entries(file.digest, where, "digest", DIGEST_KEYS)) {
        if (e.getKey().equals("every")) {
          every = ConfigFile.text(e.getValue(), where, "every");
          if (!"weekly".equals(every) && !"monthly".equals(every)) {
            throw new ConfigException(where + "line " + e.getValue().line() + ": digest.every must be weekly or"
                + " monthly, not '" + every + "'");
          }
        } else {
          to = channelNames(e.getValue(), where, channels);
        }
      }
      if (to.isEmpty()) {
        throw new ConfigException(where + "line " + file.digest.line() + ": digest needs channels: [...]");
      }
      digest = new NotifySettings.Digest(every, to);
    }
    return new NotifySettings(siteUrl, cooldown, Map.copyOf(channels), List.copyOf(rules), digest,
        new NotifySettings.Limits(timeout, budget, outboxMax, outboxMaxAge));
  }

  private static Channel channel(String name, YamlNode node, String where) throws ConfigException {
    if (node.kind() != YamlNode.Kind.MAP || node.map().get("type") == null) {
      throw new ConfigException(where + "line " + node.line() + ": channel " + name
          + " needs a type: webhook, slack, discord, teams or email");
    }
    String type = ConfigFile.text(node.map().get("type"), where, "type");
    if (!NotifySettings.TYPES.contains(type)) {
      throw new ConfigException(where + "line " + node.line() + ": channel " + name + ": unknown type '" + type
          + "'; known: discord, email, slack, teams, webhook");
    }
    String what = "channel " + name;
    if (!type.equals("email")) {
      ConfigFile.entries(node, where, what, HTTP_KEYS);
      Secret url = secret(node, "url", where, what, true);
      if (url.value() != null && !url.value().matches("https?://\\S+")) {
        throw new ConfigException(where + "line " + node.map().get("url").line() + ": " + what
            + ": url is not an http(s) address");
      }
      return new Channel(name, type, url, List.of(), null, null);
    }
    ConfigFile.entries(node, where, what, EMAIL_KEYS);
    List<Secret> to = new ArrayList<>();
    YamlNode toNode = node.map().get("to");
    if (toNode != null && !toNode.isNull()) {
      for (YamlNode t : toNode.kind() == YamlNode.Kind.LIST ? toNode.list() : List.of(toNode)) {
        String address = ConfigFile.text(t, where, "to");
        checkAddress(address, where, t.line(), what + ": to");
        to.add(new Secret(address, null));
      }
    }
    YamlNode toEnv = node.map().get("to_env");
    if (toEnv != null && !toEnv.isNull()) {
      to.add(new Secret(null, envName(ConfigFile.text(toEnv, where, "to_env"), where, toEnv.line(), what)));
    }
    if (to.isEmpty()) {
      throw new ConfigException(where + "line " + node.line() + ": " + what + " needs to: [addresses] or to_env");
    }
    YamlNode fromNode = node.map().get("from");
    String from = fromNode == null ? null : ConfigFile.text(fromNode, where, "from");
    if (from == null) {
      throw new ConfigException(where + "line " + node.line() + ": " + what + " needs from: an address");
    }
    checkAddress(from, where, fromNode.line(), what + ": from");
    YamlNode smtpNode = node.map().get("smtp");
    if (smtpNode == null || smtpNode.isNull()) {
      throw new ConfigException(where + "line " + node.line() + ": " + what + " needs smtp: {host, port, ...}");
    }
    ConfigFile.entries(smtpNode, where, what + ".smtp", SMTP_KEYS);
    Map<String, YamlNode> s = smtpNode.map();
    String host = s.get("host") == null ? null : ConfigFile.text(s.get("host"), where, "host");
    if (host == null || host.isBlank() || host.startsWith("-")) {
      throw new ConfigException(where + "line " + smtpNode.line() + ": " + what + ".smtp needs a host");
    }
    int port = 587;
    if (s.get("port") != null) {
      String p = ConfigFile.text(s.get("port"), where, "port");
      if (p == null || !p.matches("[0-9]{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
        throw new ConfigException(where + "line " + s.get("port").line() + ": " + what + ".smtp.port: '" + p
            + "' is not a port from 1 to 65535");
      }
      port = Integer.parseInt(p);
    }
    boolean starttls = true;
    if (s.get("starttls") != null) {
      String t = ConfigFile.text(s.get("starttls"), where, "starttls");
      if (!"true".equalsIgnoreCase(t) && !"false".equalsIgnoreCase(t)) {
        throw new ConfigException(where + "line " + s.get("starttls").line() + ": " + what
            + ".smtp.starttls must be true or false");
      }
      starttls = Boolean.parseBoolean(t.toLowerCase(Locale.ROOT));
    }
    String user = s.get("user") == null ? null : ConfigFile.text(s.get("user"), where, "user");
    Secret password = user == null ? null : secret(smtpNode, "password", where, what + ".smtp", true);
    return new Channel(name, type, null, List.copyOf(to), from, new NotifySettings.Smtp(host, port, starttls, user,
        password));
  }

  /** {@code key} or {@code key_env}, exactly one of them. */
  private static Secret secret(YamlNode node, String key, String where, String what, boolean required)
      throws ConfigException {
    YamlNode plain = node.map().get(key);
    YamlNode env = node.map().get(key + "_env");
    if (plain != null && env != null) {
      throw new ConfigException(where + "line " + node.line() + ": " + what + ": give " + key + " or " + key
          + "_env, not both");
    }
    if (plain != null && ConfigFile.text(plain, where, key) != null) {
      return new Secret(ConfigFile.text(plain, where, key), null);
    }
    if (env != null && ConfigFile.text(env, where, key + "_env") != null) {
      return new Secret(null, envName(ConfigFile.text(env, where, key + "_env"), where, env.line(), what));
    }
    if (required) {
      throw new ConfigException(where + "line " + node.line() + ": " + what + " needs " + key + " or " + key
          + "_env (the name of an environment variable that holds it)");
    }
    return null;
  }

  private static String envName(String name, String where, int line, String what) throws ConfigException {
    if (name == null || !ENV_NAME.matcher(name).matches()) {
      throw new ConfigException(where + "line " + line + ": " + what + ": '" + name
          + "' is not the name of an environment variable");
    }
    return name;
  }

  private static void checkAddress(String address, String where, int line, String what) throws ConfigException {
    if (address == null || !address.matches("[^@\\s,<>]+@[^@\\s,<>]+")) {
      throw new ConfigException(where + "line " + line + ": " + what + ": '" + address + "' is not an e-mail address");
    }
  }

  private static Rule rule(YamlNode node, String where, Map<String, Channel> channels) throws ConfigException {
    Iterable<Map.Entry<String, YamlNode>> entries = ConfigFile.entries(node, where, "a rule", RULE_KEYS);
    Map<String, YamlNode> m = node.map();
    String when = m.get("when") == null ? null : ConfigFile.text(m.get("when"), where, "when");
    if (when == null || !NotifySettings.RULES.contains(when)) {
      throw new ConfigException(where + "line " + node.line() + ": a rule needs when: usage_above, waiting_at_limit,"
          + " stale or jobs_finished" + (when == null ? "" : ", not '" + when + "'"));
    }
    List<String> allowed = switch (when) {
      case "usage_above" -> List.of("when", "observable", "percent", "for", "channels");
      case "waiting_at_limit" -> List.of("when", "cpu_hours", "within", "channels");
      case "jobs_finished" -> List.of("when", "users", "states", "channels");
      default -> List.of("when", "channels");
    };
    for (Map.Entry<String, YamlNode> e : entries) {
      if (!allowed.contains(e.getKey())) {
        throw new ConfigException(where + "line " + e.getValue().line() + ": a " + when + " rule has no '"
            + e.getKey() + "'; its keys: " + String.join(", ", allowed));
      }
    }
    if (m.get("channels") == null) {
      throw new ConfigException(where + "line " + node.line() + ": the " + when + " rule needs channels: [...]");
    }
    List<String> to = channelNames(m.get("channels"), where, channels);
    String observable = null;
    double percent = 0;
    Duration forDuration = Duration.ZERO;
    double cpuHours = 0;
    Duration within = Duration.ZERO;
    List<String> users = List.of();
    Set<String> states = Set.of();
    switch (when) {
      case "usage_above": {
        observable = m.get("observable") == null ? "NCPUS" : ConfigFile.text(m.get("observable"), where, "observable");
        if (!OBSERVABLES.contains(observable)) {
          throw new ConfigException(where + "line " + node.line() + ": usage_above: observable must be NCPUS, NGPUS,"
              + " MEMORY or NJOBS, not '" + observable + "'");
        }
        percent = number(m.get("percent"), where, node, "usage_above needs percent:", 0.001, 1000);
        forDuration = DurationText.parse(where + "usage_above for", m.get("for") == null ? "1h"
            : ConfigFile.text(m.get("for"), where, "for"), Duration.ofMinutes(1), Duration.ofDays(30));
        break;
      }
      case "waiting_at_limit": {
        cpuHours = number(m.get("cpu_hours"), where, node, "waiting_at_limit needs cpu_hours:", 0.001, 1e12);
        within = DurationText.parse(where + "waiting_at_limit within", m.get("within") == null ? "24h"
            : ConfigFile.text(m.get("within"), where, "within"), Duration.ofHours(1), Duration.ofDays(30));
        break;
      }
      case "jobs_finished": {
        users = strings(m.get("users"), where, "users");
        if (users.isEmpty()) {
          throw new ConfigException(where + "line " + node.line() + ": jobs_finished needs users: [names]");
        }
        List<String> s = m.get("states") == null
            ? List.of("COMPLETED", "FAILED", "TIMEOUT", "OUT_OF_MEMORY", "CANCELLED", "NODE_FAIL")
            : strings(m.get("states"), where, "states");
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

  private static double number(YamlNode v, String where, YamlNode rule, String missing, double min, double max)
      throws ConfigException {
    if (v == null || v.kind() != YamlNode.Kind.NUMBER) {
      throw new ConfigException(where + "line " + (v == null ? rule.line() : v.line()) + ": " + missing
          + " a number from " + min + " to " + max);
    }
    double d = Double.parseDouble(v.text());
    if (!(d >= min && d <= max)) {
      throw new ConfigException(where + "line " + v.line() + ": " + v.text() + " is not from " + min + " to " + max);
    }
    return d;
  }

  private static List<String> channelNames(YamlNode v, String where, Map<String, Channel> channels)
      throws ConfigException {
    List<String> names = strings(v, where, "channels");
    for (String n : names) {
      if (!channels.containsKey(n)) {
        throw new ConfigException(where + "line " + v.line() + ": no channel named '" + n + "' under alerts.channels"
            + (channels.isEmpty() ? "" : "; known: " + String.join(", ", new java.util.TreeSet<>(channels.keySet()))));
      }
    }
    if (names.isEmpty()) {
      throw new ConfigException(where + "line " + v.line() + ": channels: name at least one channel");
    }
    return names;
  }

  private static List<String> strings(YamlNode v, String where, String key) throws ConfigException {
    if (v == null || v.isNull()) {
      return List.of();
    }
    List<String> all = new ArrayList<>();
    for (YamlNode item : v.kind() == YamlNode.Kind.LIST ? v.list() : List.of(v)) {
      all.add(ConfigFile.text(item, where, key));
    }
    return List.copyOf(all);
  }
}
