package org.librarian.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.librarian.slurm.SlurmPrograms;
import org.librarian.usage.GroupBy;
import org.librarian.usage.QosLimits;

/**
 * Finds and reads librarian.yaml ({@code --config}, else {@code LIBRARIAN_CONFIG}, else {@code
 * ./librarian.yaml}, else defaults), applies {@code LIBRARIAN_*} variables and flags, and validates
 * the result.
 */
public final class SettingsLoader {
  /** QoS and cluster names reach a command line; keep them to what Slurm itself allows. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

  private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._/-]*");

  /**
   * More hourly bins than this (a 30-day window has 720) would take more memory than any report
   * needs.
   */
  static final long MAX_BINS = 100_000;

  /** A limit beyond this is a typing error, not a QoS. */
  static final double MAX_LIMIT = 1e9;

  private static final Set<String> LIMIT_KEYS = Set.of("cpus", "gpus", "memory_gb", "jobs");

  private final Map<String, String> env;
  private final Path workingDir;

  public SettingsLoader(Map<String, String> env, Path workingDir) {
    this.env = env;
    this.workingDir = workingDir;
  }

  public Settings load(Path configFlag, Overrides flags) throws ConfigException {
    Path source = locate(configFlag);
    ConfigFile file = source == null ? new ConfigFile() : read(source);
    String where = source == null ? "" : source + ": ";

    String zoneText = pick(flags.timezone(), env.get("LIBRARIAN_TIMEZONE"), file.timezone, null);
    ZoneId zone;
    try {
      zone = zoneText == null ? ZoneId.systemDefault() : ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      throw new ConfigException(
          where
              + "timezone: unknown time zone '"
              + zoneText
              + "'; use an IANA name such as America/New_York or UTC");
    }
    Duration window =
        DurationText.parse(
            where + "window",
            pick(flags.window(), env.get("LIBRARIAN_WINDOW"), file.window, "30d"),
            Duration.ofHours(1),
            Duration.ofDays(3660));
    Duration resolution =
        DurationText.parse(
            where + "resolution",
            pick(flags.resolution(), env.get("LIBRARIAN_RESOLUTION"), file.resolution, "1h"),
            Duration.ofMinutes(1),
            Duration.ofDays(31));
    if (window.getSeconds() % resolution.getSeconds() != 0) {
      throw new ConfigException(
          where
              + "window ("
              + DurationText.format(window)
              + ") must be a whole multiple of resolution ("
              + DurationText.format(resolution)
              + ")");
    }
    if (window.getSeconds() / resolution.getSeconds() > MAX_BINS) {
      throw new ConfigException(
          where
              + "window ("
              + DurationText.format(window)
              + ") / resolution ("
              + DurationText.format(resolution)
              + ") makes more than "
              + MAX_BINS
              + " bins; use a coarser resolution");
    }
    long res = resolution.getSeconds();
    if (!(res <= 86_400 && 86_400 % res == 0) && res % 86_400 != 0) {
      throw new ConfigException(
          where
              + "resolution ("
              + DurationText.format(resolution)
              + ") must divide a day (such as 15m, 1h, 6h) or be whole days");
    }
    String output = pick(flags.output(), env.get("LIBRARIAN_OUTPUT"), file.output, "site");
    String cluster = pick(flags.cluster(), env.get("LIBRARIAN_CLUSTER"), file.cluster, null);
    if (cluster != null && !NAME.matcher(cluster).matches()) {
      throw new ConfigException(
          where
              + "cluster: '"
              + cluster
              + "' may only contain letters, digits, '.', '_' and '-', and starts with a letter, digit or '_'");
    }
    String sacct = pick(null, env.get("LIBRARIAN_SACCT"), file.sacct, SlurmPrograms.SACCT);
    String sacctmgr =
        pick(null, env.get("LIBRARIAN_SACCTMGR"), file.sacctmgr, SlurmPrograms.SACCTMGR);
    Duration timeout =
        DurationText.parse(
            where + "sacct_timeout",
            pick(null, env.get("LIBRARIAN_SACCT_TIMEOUT"), file.sacctTimeout, "10m"),
            Duration.ofSeconds(1),
            Duration.ofDays(1));
    Duration reconcile =
        DurationText.parse(
            where + "cache_reconcile",
            pick(null, env.get("LIBRARIAN_CACHE_RECONCILE"), file.cacheReconcile, "1d"),
            Duration.ofMinutes(10),
            Duration.ofDays(30));

    GroupsConfig.Groups groups = GroupsConfig.read(file, where);
    Map<String, QosSpec> configured = groups.named();
    List<String> wanted = new ArrayList<>(flags.qos());
    if (wanted.isEmpty() && env.get("LIBRARIAN_QOS") != null) {
      for (String name : env.get("LIBRARIAN_QOS").split(",")) {
        if (!name.isBlank()) {
          wanted.add(name.strip());
        }
      }
    }
    List<QosSpec> qos = new ArrayList<>();
    GroupBy by = groups.by();
    if (wanted.isEmpty()) {
      qos.addAll(configured.values());
    } else {
      by = new GroupBy(by.key(), List.of()); // the groups named on the command line, only
      for (String name : wanted) {
        checkQosName("--qos", name);
        QosSpec spec = configured.getOrDefault(name, new QosSpec(name, null));
        if (!qos.contains(spec)) {
          qos.add(spec);
        }
      }
    }
    String runIntervalText = pick(null, env.get("LIBRARIAN_RUN_INTERVAL"), file.runInterval, null);
    Duration runInterval =
        DurationText.parse(
            where + "run_interval",
            runIntervalText == null ? "10m" : runIntervalText,
            Duration.ofMinutes(1),
            Duration.ofDays(1));
    String runDeadlineText = pick(null, env.get("LIBRARIAN_RUN_DEADLINE"), file.runDeadline, null);
    Duration runDeadline =
        runDeadlineText == null
            ? null
            : DurationText.parse(
                where + "run_deadline", runDeadlineText, Duration.ofSeconds(1), Duration.ofDays(1));
    Path stateDir =
        path(pick(null, env.get("LIBRARIAN_STATE_DIR"), file.stateDir, null), defaultStateDir());
    Path logDir =
        path(pick(null, env.get("LIBRARIAN_LOG_DIR"), file.logDir, null), stateDir.resolve("log"));
    ConfigFile.Deploy d = file.deploy == null ? new ConfigFile.Deploy() : file.deploy;
    String branch = pick(null, null, d.branch, "gh-pages");
    if (!BRANCH.matcher(branch).matches()
        || branch.contains("..")
        || branch.endsWith("/")
        || branch.endsWith(".lock")) {
      throw new ConfigException(
          where + "deploy.branch: '" + branch + "' is not a usable branch name");
    }
    List<String> copyTo = d.copyTo == null ? List.of() : List.copyOf(d.copyTo);
    for (String target : copyTo) {
      if (target == null || target.isBlank() || target.startsWith("-")) {
        throw new ConfigException(
            where
                + "deploy.copy_to: '"
                + target
                + "' is not a destination such as host:~/public_html/usage/");
      }
    }
    String repo = pick(null, env.get("LIBRARIAN_DEPLOY_REPO"), d.repo, null);
    if (repo != null && repo.strip().startsWith("-")) {
      throw new ConfigException(
          where + "deploy.repo: '" + repo + "' looks like an option, not a repository");
    }
    DeploySettings deploy =
        new DeploySettings(
            repo,
            branch,
            d.keepHistory != null && d.keepHistory,
            copyTo,
            pick(null, null, d.git, "git"),
            DurationText.parse(
                where + "deploy.timeout",
                pick(null, null, d.timeout, "5m"),
                Duration.ofSeconds(1),
                Duration.ofDays(1)));
    ConfigFile.Watchdog w = file.watchdog == null ? new ConfigFile.Watchdog() : file.watchdog;
    Duration releaseWait =
        DurationText.parse(
            where + "watchdog.release_wait",
            pick(null, null, w.releaseWait, "5s"),
            Duration.ofSeconds(1),
            Duration.ofMinutes(10));
    return new Settings(
        source,
        zone,
        window,
        resolution,
        workingDir.resolve(output),
        cluster,
        sacct,
        sacctmgr,
        timeout,
        List.copyOf(qos),
        runInterval,
        stateDir,
        logDir,
        deploy,
        releaseWait,
        reconcile,
        runIntervalText != null,
        NotifyConfig.read(file, where),
        new Settings.Privacy(
            file.pseudonymize != null && file.pseudonymize,
            file.hideUsers == null ? Set.of() : Set.copyOf(file.hideUsers),
            path(file.passphrases, null),
            file.showProtectedNames != null && file.showProtectedNames),
        file.topUsers == null ? 11 : file.topUsers,
        runDeadline,
        path(pick(null, env.get("LIBRARIAN_ARCHIVE"), file.archive, null), null),
        file.rightSizeMinJobs == null ? 5 : file.rightSizeMinJobs,
        by,
        chartsEvery(file, where));
  }

  /** charts_every (1m to 30d), LIBRARIAN_CHARTS_EVERY first; zero when neither is given. */
  private Duration chartsEvery(ConfigFile file, String where) throws ConfigException {
    String fromEnv = env.get("LIBRARIAN_CHARTS_EVERY");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return DurationText.parse(
          "LIBRARIAN_CHARTS_EVERY", fromEnv, Duration.ofMinutes(1), Duration.ofDays(30));
    }
    YamlNode v = file.chartsEvery;
    if (v == null || v.isNull()) {
      return Duration.ZERO;
    }
    return DurationText.parse(
        where + "line " + v.line() + ": charts_every",
        ConfigFile.text(v, where, "charts_every"),
        Duration.ofMinutes(1),
        Duration.ofDays(30));
  }

  private Path defaultStateDir() {
    String xdg = env.get("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg).resolve("librarian");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home).resolve(".local/state/librarian");
  }

  private Path path(String text, Path fallback) {
    if (text == null) {
      return fallback;
    }
    if (text.equals("~") || text.startsWith("~/")) {
      String home = env.getOrDefault("HOME", System.getProperty("user.home"));
      return Path.of(home).resolve(text.equals("~") ? "" : text.substring(2));
    }
    return workingDir.resolve(text);
  }

  private Path locate(Path configFlag) throws ConfigException {
    if (configFlag != null) {
      return existingFile("--config " + configFlag, workingDir.resolve(configFlag));
    }
    String fromEnv = env.get("LIBRARIAN_CONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return existingFile("LIBRARIAN_CONFIG=" + fromEnv, workingDir.resolve(fromEnv));
    }
    Path local = workingDir.resolve("librarian.yaml");
    return Files.exists(local) ? existingFile(local.toString(), local) : null;
  }

  /**
   * The path, when it is a regular file (or a link to one); else an error that says what it is
   * instead.
   */
  private static Path existingFile(String what, Path p) throws ConfigException {
    if (Files.isDirectory(p)) {
      throw new ConfigException(what + ": is a directory, not a configuration file");
    }
    if (!Files.exists(p)) {
      throw new ConfigException(what + ": no such file");
    }
    if (!Files.isRegularFile(p)) {
      throw new ConfigException(what + ": not a regular file");
    }
    return p;
  }

  private static ConfigFile read(Path path) throws ConfigException {
    String where = path + ": ";
    YamlNode root;
    try {
      root = YamlNode.parse(Files.readString(path));
    } catch (JsonProcessingException e) {
      String line = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
      throw new ConfigException(where + line + e.getOriginalMessage());
    } catch (ConfigException e) {
      throw new ConfigException(where + e.getMessage());
    } catch (MalformedInputException e) {
      throw new ConfigException(where + "not UTF-8 text");
    } catch (IOException e) {
      throw new ConfigException(where + "cannot read: " + e.getMessage());
    }
    return ConfigFile.of(root, where);
  }

  static QosLimits limits(String what, YamlNode node) throws ConfigException {
    if (node == null
        || node.isNull()
        || (node.kind() == YamlNode.Kind.TEXT && node.text().equalsIgnoreCase("auto"))) {
      return null;
    }
    if (node.kind() != YamlNode.Kind.MAP) {
      throw new ConfigException(what + ": expected 'auto' or a map of cpus, gpus, memory_gb, jobs");
    }
    Map<String, Double> values = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e : node.map().entrySet()) {
      String key = e.getKey();
      String k = key.toLowerCase(Locale.ROOT);
      if (!LIMIT_KEYS.contains(k)) {
        throw new ConfigException(
            what + ": unknown key '" + key + "'; known keys: cpus, gpus, jobs, memory_gb");
      }
      YamlNode v = e.getValue();
      double value = v.kind() == YamlNode.Kind.NUMBER ? Double.parseDouble(v.text()) : -1;
      if (v.kind() != YamlNode.Kind.NUMBER || !(value >= 0 && value <= MAX_LIMIT)) {
        throw new ConfigException(
            what
                + "."
                + key
                + ": '"
                + (v.isScalar() ? v.text() : "")
                + "' is not a number from 0 to 1e9 (0 = no limit)");
      }
      values.put(k, value);
    }
    return new QosLimits(
        values.getOrDefault("cpus", 0.0),
        values.getOrDefault("gpus", 0.0),
        values.getOrDefault("memory_gb", 0.0),
        values.getOrDefault("jobs", 0.0));
  }

  static void checkQosName(String what, String name) throws ConfigException {
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(
          what
              + ": QoS name '"
              + name
              + "' may only contain letters, digits, '.', '_' and '-', and starts with a letter, digit or '_'");
    }
  }

  private static String pick(String flag, String env, String file, String fallback) {
    if (flag != null && !flag.isBlank()) {
      return flag;
    }
    if (env != null && !env.isBlank()) {
      return env;
    }
    if (file != null && !file.isBlank()) {
      return file;
    }
    return fallback;
  }
}
