package org.librarian.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.librarian.config.NotifySettings.Channel;
import org.librarian.config.NotifySettings.Secret;
import org.librarian.config.NotifySettings.Smtp;

/**
 * Reads one entry of {@code alerts.channels} (a webhook, Slack, Discord or Teams url; or e-mail
 * addresses and an SMTP server), and the {@code channels: [...]} lists that name them. A secret is
 * given in the file or as the name of an environment variable, never both; every error names its
 * line.
 */
final class ChannelConfig {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final List<String> HTTP_KEYS = List.of("type", "url", "url_env");
  private static final List<String> EMAIL_KEYS = List.of("type", "to", "to_env", "from", "smtp");
  private static final List<String> SMTP_KEYS =
      List.of("host", "port", "starttls", "user", "password", "password_env");

  private ChannelConfig() {}

  /** The channel {@code name}, as given under alerts.channels. */
  static Channel channel(String name, YamlNode node, String where) throws ConfigException {
    if (node.kind() != YamlNode.Kind.MAP || node.map().get("type") == null) {
      throw ConfigException.at(
          where,
          node.line(),
          "channel " + name + " needs a type: webhook, slack, discord, teams or email");
    }
    String type = ConfigFile.text(node.map().get("type"), where, "type");
    if (!NotifySettings.TYPES.contains(type)) {
      throw ConfigException.at(
          where,
          node.line(),
          "channel "
              + name
              + ": unknown type '"
              + type
              + "'; known: discord, email, slack, teams, webhook");
    }
    String what = "channel " + name;
    if (!type.equals("email")) {
      ConfigFile.entries(node, where, what, HTTP_KEYS);
      Secret url = secret(node, "url", where, what, true);
      if (url.value() != null && !url.value().matches("https?://\\S+")) {
        throw ConfigException.at(
            where, node.map().get("url").line(), what + ": url is not an http(s) address");
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
      to.add(
          new Secret(
              null, envName(ConfigFile.text(toEnv, where, "to_env"), where, toEnv.line(), what)));
    }
    if (to.isEmpty()) {
      throw ConfigException.at(where, node.line(), what + " needs to: [addresses] or to_env");
    }
    YamlNode fromNode = node.map().get("from");
    String from = fromNode == null ? null : ConfigFile.text(fromNode, where, "from");
    if (from == null) {
      throw ConfigException.at(where, node.line(), what + " needs from: an address");
    }
    checkAddress(from, where, fromNode.line(), what + ": from");
    YamlNode smtpNode = node.map().get("smtp");
    if (smtpNode == null || smtpNode.isNull()) {
      throw ConfigException.at(where, node.line(), what + " needs smtp: {host, port, ...}");
    }
    ConfigFile.entries(smtpNode, where, what + ".smtp", SMTP_KEYS);
    Map<String, YamlNode> s = smtpNode.map();
    String host = s.get("host") == null ? null : ConfigFile.text(s.get("host"), where, "host");
    if (host == null || host.isBlank() || host.startsWith("-")) {
      throw ConfigException.at(where, smtpNode.line(), what + ".smtp needs a host");
    }
    int port = 587;
    if (s.get("port") != null) {
      String p = ConfigFile.text(s.get("port"), where, "port");
      port = ConfigFile.wholeNumber(p, 5, 65535);
      if (port < 0) {
        throw ConfigException.at(
            where,
            s.get("port").line(),
            what + ".smtp.port: '" + p + "' is not a port from 1 to 65535");
      }
    }
    boolean starttls = true;
    if (s.get("starttls") != null) {
      String t = ConfigFile.text(s.get("starttls"), where, "starttls");
      if (!"true".equalsIgnoreCase(t) && !"false".equalsIgnoreCase(t)) {
        throw ConfigException.at(
            where, s.get("starttls").line(), what + ".smtp.starttls must be true or false");
      }
      starttls = Boolean.parseBoolean(t.toLowerCase(Locale.ROOT));
    }
    String user = s.get("user") == null ? null : ConfigFile.text(s.get("user"), where, "user");
    Secret password =
        user == null ? null : secret(smtpNode, "password", where, what + ".smtp", true);
    return new Channel(
        name, type, null, List.copyOf(to), from, new Smtp(host, port, starttls, user, password));
  }

  /** {@code key} or {@code key_env}, exactly one of them. */
  private static Secret secret(
      YamlNode node, String key, String where, String what, boolean required)
      throws ConfigException {
    YamlNode plain = node.map().get(key);
    YamlNode env = node.map().get(key + "_env");
    if (plain != null && env != null) {
      throw ConfigException.at(
          where, node.line(), what + ": give " + key + " or " + key + "_env, not both");
    }
    if (plain != null && ConfigFile.text(plain, where, key) != null) {
      return new Secret(ConfigFile.text(plain, where, key), null);
    }
    if (env != null && ConfigFile.text(env, where, key + "_env") != null) {
      return new Secret(
          null, envName(ConfigFile.text(env, where, key + "_env"), where, env.line(), what));
    }
    if (required) {
      throw ConfigException.at(
          where,
          node.line(),
          what
              + " needs "
              + key
              + " or "
              + key
              + "_env (the name of an environment variable that holds it)");
    }
    return null;
  }

  private static String envName(String name, String where, int line, String what)
      throws ConfigException {
    if (name == null || !ENV_NAME.matcher(name).matches()) {
      throw ConfigException.at(
          where, line, what + ": '" + name + "' is not the name of an environment variable");
    }
    return name;
  }

  private static void checkAddress(String address, String where, int line, String what)
      throws ConfigException {
    if (address == null || !address.matches("[^@\\s,<>]+@[^@\\s,<>]+")) {
      throw ConfigException.at(where, line, what + ": '" + address + "' is not an e-mail address");
    }
  }

  /** A {@code channels:} value: one or more names, each of a channel in {@code channels}. */
  static List<String> names(YamlNode v, String where, Map<String, Channel> channels)
      throws ConfigException {
    List<String> names = strings(v, where, "channels");
    for (String n : names) {
      if (!channels.containsKey(n)) {
        throw ConfigException.at(
            where,
            v.line(),
            "no channel named '"
                + n
                + "' under alerts.channels"
                + (channels.isEmpty()
                    ? ""
                    : "; known: " + String.join(", ", new TreeSet<>(channels.keySet()))));
      }
    }
    if (names.isEmpty()) {
      throw ConfigException.at(where, v.line(), "channels: name at least one channel");
    }
    return names;
  }

  /** A scalar or a list of scalars, as written; empty when absent. */
  static List<String> strings(YamlNode v, String where, String key) throws ConfigException {
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
