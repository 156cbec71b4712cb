package org.librarian.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * librarian.yaml as written; {@link SettingsLoader} validates it and merges environment and flags.
 */
final class ConfigFile {
  String timezone;
  String window;
  String resolution;
  String output;
  String cluster;
  String sacct;
  String sacctmgr;
  String sacctTimeout;
  List<Qos> qos;
  String runInterval;
  String runDeadline;
  String cacheReconcile;
  String stateDir;
  String logDir;
  Deploy deploy;
  Watchdog watchdog;
  String siteUrl;

  /** The alerts: and digest: sections, read by {@link NotifyConfig}. */
  YamlNode alerts;

  YamlNode digest;
  Boolean pseudonymize;
  List<String> hideUsers;
  String passphrases;
  Boolean showProtectedNames;
  Integer topUsers;
  Integer rightSizeMinJobs;

  /** charts_every as written, kept as a node so that its errors name its line. */
  YamlNode chartsEvery;

  /** The job archive's directory, or null (none). */
  String archive;

  /** group_by:, accounts:, and qos: as one word (all, a glob); read by {@link GroupsConfig}. */
  YamlNode groupBy, accounts, qosText;

  static final class Deploy {
    String repo;
    String branch;
    Boolean keepHistory;
    List<String> copyTo;
    String git;
    String timeout;
  }

  static final class Watchdog {
    String releaseWait;
  }

  static final class Qos {
    String name;

    /**
     * {@code auto} (ask sacctmgr), or a map of cpus, gpus, memory_gb, jobs; null when not given.
     */
    YamlNode limits;
  }

  /**
   * Reads the document's keys; unknown keys and values of the wrong shape are errors naming their
   * line.
   */
  static ConfigFile of(YamlNode root, String where) throws ConfigException {
    ConfigFile file = new ConfigFile();
    if (root.isNull()) {
      return file;
    }
    for (Map.Entry<String, YamlNode> e : entries(root, where, "the file", KEYS)) {
      YamlNode v = e.getValue();
      String key = e.getKey();
      switch (key) {
        case "timezone":
          file.timezone = text(v, where, key);
          break;
        case "window":
          file.window = text(v, where, key);
          break;
        case "resolution":
          file.resolution = text(v, where, key);
          break;
        case "output":
          file.output = text(v, where, key);
          break;
        case "cluster":
          file.cluster = text(v, where, key);
          break;
        case "sacct":
          file.sacct = text(v, where, key);
          break;
        case "sacctmgr":
          file.sacctmgr = text(v, where, key);
          break;
        case "sacct_timeout":
          file.sacctTimeout = text(v, where, key);
          break;
        case "run_interval":
          file.runInterval = text(v, where, key);
          break;
        case "run_deadline":
          file.runDeadline = text(v, where, key);
          break;
        case "cache_reconcile":
          file.cacheReconcile = text(v, where, key);
          break;
        case "state_dir":
          file.stateDir = text(v, where, key);
          break;
        case "log_dir":
          file.logDir = text(v, where, key);
          break;
        case "qos":
          if (v.isScalar()) {
            file.qosText = v;
          } else {
            file.qos = qos(v, where, "qos");
          }
          break;
        case "group_by":
          file.groupBy = v;
          break;
        case "accounts":
          file.accounts = v;
          break;
        case "deploy":
          file.deploy = deploy(v, where);
          break;
        case "site_url":
          file.siteUrl = text(v, where, key);
          break;
        case "alerts":
          file.alerts = v;
          break;
        case "digest":
          file.digest = v;
          break;
        case "privacy":
          privacy(file, v, where);
          break;
        case "dashboard":
          dashboard(file, v, where);
          break;
        case "archive":
          file.archive = text(v, where, key);
          break;
        case "charts_every":
          file.chartsEvery = v;
          break;
        default:
          file.watchdog = watchdog(v, where);
          break;
      }
    }
    return file;
  }

  private static final List<String> KEYS =
      List.of(
          "timezone",
          "window",
          "resolution",
          "output",
          "cluster",
          "sacct",
          "sacctmgr",
          "sacct_timeout",
          "cache_reconcile",
          "qos",
          "run_interval",
          "run_deadline",
          "state_dir",
          "log_dir",
          "deploy",
          "watchdog",
          "site_url",
          "alerts",
          "digest",
          "privacy",
          "dashboard",
          "archive",
          "group_by",
          "accounts",
          "charts_every");
  private static final List<String> QOS_KEYS = List.of("name", "limits");
  private static final List<String> DEPLOY_KEYS =
      List.of("repo", "branch", "keep_history", "copy_to", "git", "timeout");
  private static final List<String> WATCHDOG_KEYS = List.of("release_wait");

  static List<Qos> qos(YamlNode v, String where, String key) throws ConfigException {
    if (v.isNull()) {
      return null;
    }
    if (v.kind() != YamlNode.Kind.LIST) {
      throw ConfigException.at(where, v.line(), key + " must be a list of entries with a name");
    }
    List<Qos> all = new ArrayList<>();
    for (YamlNode item : v.list()) {
      if (item.isNull()) {
        all.add(null);
        continue;
      }
      Qos q = new Qos();
      for (Map.Entry<String, YamlNode> e : entries(item, where, "a " + key + " entry", QOS_KEYS)) {
        if (e.getKey().equals("name")) {
          q.name = text(e.getValue(), where, "name");
        } else {
          q.limits = e.getValue().isNull() ? null : e.getValue();
        }
      }
      all.add(q);
    }
    return all;
  }

  private static Deploy deploy(YamlNode v, String where) throws ConfigException {
    if (v.isNull()) {
      return null;
    }
    Deploy d = new Deploy();
    for (Map.Entry<String, YamlNode> e : entries(v, where, "deploy", DEPLOY_KEYS)) {
      YamlNode value = e.getValue();
      String key = e.getKey();
      switch (key) {
        case "repo":
          d.repo = text(value, where, key);
          break;
        case "branch":
          d.branch = text(value, where, key);
          break;
        case "git":
          d.git = text(value, where, key);
          break;
        case "timeout":
          d.timeout = text(value, where, key);
          break;
        case "keep_history":
          {
            String t = text(value, where, key);
            if (t != null && !t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
              throw ConfigException.at(
                  where, value.line(), "keep_history must be true or false, not '" + t + "'");
            }
            d.keepHistory = t == null ? null : Boolean.valueOf(t);
            break;
          }
        default:
          {
            if (value.isNull()) {
              break;
            }
            if (value.kind() != YamlNode.Kind.LIST) {
              throw ConfigException.at(
                  where, value.line(), "copy_to must be a list of destinations");
            }
            List<String> targets = new ArrayList<>();
            for (YamlNode t : value.list()) {
              targets.add(text(t, where, key));
            }
            d.copyTo = targets;
          }
      }
    }
    return d;
  }

  private static void privacy(ConfigFile file, YamlNode v, String where) throws ConfigException {
    if (v.isNull()) {
      return;
    }
    for (Map.Entry<String, YamlNode> e :
        entries(
            v,
            where,
            "privacy",
            List.of("pseudonymize", "hide_users", "passphrases", "show_protected_names"))) {
      YamlNode value = e.getValue();
      if (e.getKey().equals("passphrases")) {
        file.passphrases = text(value, where, "passphrases");
      } else if (e.getKey().equals("show_protected_names")) {
        file.showProtectedNames = flag(value, where, "show_protected_names");
      } else if (e.getKey().equals("pseudonymize")) {
        String t = text(value, where, "pseudonymize");
        if (t != null && !t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
          throw ConfigException.at(
              where, value.line(), "pseudonymize must be true or false, not '" + t + "'");
        }
        file.pseudonymize = t == null ? null : Boolean.valueOf(t.toLowerCase(Locale.ROOT));
      } else if (!value.isNull()) {
        if (value.kind() != YamlNode.Kind.LIST) {
          throw ConfigException.at(where, value.line(), "hide_users must be a list of user names");
        }
        List<String> users = new ArrayList<>();
        for (YamlNode u : value.list()) {
          users.add(text(u, where, "hide_users"));
        }
        file.hideUsers = users;
      }
    }
  }

  private static Boolean flag(YamlNode value, String where, String key) throws ConfigException {
    String t = text(value, where, key);
    if (t != null && !t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
      throw ConfigException.at(
          where, value.line(), key + " must be true or false, not '" + t + "'");
    }
    return t == null ? null : Boolean.valueOf(t.toLowerCase(Locale.ROOT));
  }

  private static void dashboard(ConfigFile file, YamlNode v, String where) throws ConfigException {
    if (v.isNull()) {
      return;
    }
    for (Map.Entry<String, YamlNode> e :
        entries(v, where, "dashboard", List.of("top_users", "right_size_min_jobs"))) {
      boolean top = e.getKey().equals("top_users");
      int max = top ? 11 : 99_999;
      String t = text(e.getValue(), where, e.getKey());
      int n = wholeNumber(t, 5, max);
      if (n < 0) {
        throw ConfigException.at(
            where,
            e.getValue().line(),
            "dashboard."
                + e.getKey()
                + " must be a whole number from 1 to "
                + max
                + (top ? " (the palette has 11 colours told apart)" : "")
                + ", not '"
                + t
                + "'");
      }
      if (top) {
        file.topUsers = n;
      } else {
        file.rightSizeMinJobs = n;
      }
    }
  }

  private static Watchdog watchdog(YamlNode v, String where) throws ConfigException {
    if (v.isNull()) {
      return null;
    }
    Watchdog w = new Watchdog();
    for (Map.Entry<String, YamlNode> e : entries(v, where, "watchdog", WATCHDOG_KEYS)) {
      w.releaseWait = text(e.getValue(), where, e.getKey());
    }
    return w;
  }

  /** The entries of a map node, every key one of {@code known}. */
  static Iterable<Map.Entry<String, YamlNode>> entries(
      YamlNode node, String where, String what, List<String> known) throws ConfigException {
    if (node.kind() != YamlNode.Kind.MAP) {
      throw ConfigException.at(where, node.line(), what + " must be a map of key: value");
    }
    for (Map.Entry<String, YamlNode> e : node.map().entrySet()) {
      if (!known.contains(e.getKey())) {
        throw ConfigException.at(
            where,
            e.getValue().line(),
            "unknown key '"
                + e.getKey()
                + "'; known keys here: "
                + String.join(", ", new TreeSet<>(known)));
      }
    }
    return node.map().entrySet();
  }

  /** {@code text} as a whole number from 1 to max, of at most that many digits; else -1. */
  static int wholeNumber(String text, int digits, int max) {
    int n = text != null && text.matches("[0-9]{1," + digits + "}") ? Integer.parseInt(text) : -1;
    return n >= 1 && n <= max ? n : -1;
  }

  /** A scalar as written (a number or true/false too), null for an empty value. */
  static String text(YamlNode v, String where, String key) throws ConfigException {
    if (v.isNull()) {
      return null;
    }
    if (!v.isScalar()) {
      throw ConfigException.at(
          where,
          v.line(),
          key
              + " must be a single value, not a "
              + (v.kind() == YamlNode.Kind.MAP ? "map" : "list"));
    }
    return v.text();
  }
}
