package org.librarian.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;
import org.librarian.usage.QosLimits;

class SettingsLoaderTest {
  @TempDir Path dir;

  private Settings load(Map<String, String> env, Overrides flags) throws ConfigException {
    return new SettingsLoader(env, dir).load(null, flags);
  }

  private void yaml(String text) throws Exception {
    Files.writeString(dir.resolve("librarian.yaml"), text);
  }

  @Test
  void defaultsWithoutAFile() throws Exception {
    Settings s = load(Map.of(), Overrides.NONE);
    assertNull(s.source());
    assertEquals(Duration.ofDays(30), s.window());
    assertEquals(Duration.ofHours(1), s.resolution());
    assertEquals(dir.resolve("site"), s.output());
    assertEquals("sacct", s.sacct());
    assertEquals(List.of(), s.qos());
  }

  @Test
  void fileThenEnvironmentThenFlags() throws Exception {
    yaml(
        "timezone: America/New_York\nwindow: 14d\noutput: out\ncluster: hpg\nqos:\n  - name: avery\n"
            + "    limits: {cpus: 430, gpus: 39, memory_gb: 3359}\n  - name: avery-b\n    limits: auto\n");
    Settings s =
        load(
            Map.of("LIBRARIAN_WINDOW", "7d", "LIBRARIAN_TIMEZONE", "Europe/Oslo"),
            new Overrides("UTC", null, null, null, null, List.of()));
    assertEquals(ZoneId.of("UTC"), s.zone()); // flag beats environment beats file
    assertEquals(Duration.ofDays(7), s.window()); // environment beats file
    assertEquals(dir.resolve("out"), s.output());
    assertEquals("hpg", s.cluster());
    assertEquals(new QosLimits(430, 39, 3359, 0), s.qos().get(0).limits());
    assertNull(s.qos().get(1).limits()); // auto: ask sacctmgr
  }

  @Test
  void qosFlagPicksFromTheConfigAndKeepsItsLimits() throws Exception {
    yaml("qos:\n  - name: avery\n    limits: {cpus: 430}\n  - name: avery-b\n");
    Settings s =
        load(Map.of(), new Overrides(null, null, null, null, null, List.of("avery", "other")));
    assertEquals(2, s.qos().size());
    assertEquals(430, s.qos().get(0).limits().cpus());
    assertEquals(new QosSpec("other", null), s.qos().get(1));
  }

  @Test
  void configFromTheEnvironmentVariable() throws Exception {
    Files.writeString(dir.resolve("elsewhere.yaml"), "window: 2d\n");
    Settings s = load(Map.of("LIBRARIAN_CONFIG", "elsewhere.yaml"), Overrides.NONE);
    assertEquals(Duration.ofDays(2), s.window());
  }

  @Test
  void unknownKeyNamesItsLineAndTheKnownKeys() throws Exception {
    yaml("timezone: UTC\nwindoww: 30d\n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(), Overrides.NONE));
    assertTrue(e.getMessage().contains("line 2: unknown key 'windoww'"), e.getMessage());
    assertTrue(e.getMessage().contains("window"), e.getMessage());
  }

  /**
   * A file with a value of the wrong shape is refused naming its line; a wrong value (among them
   * values that once crashed instead of being refused) naming itself.
   */
  @Test
  void wrongShapesNameTheirLineAndWrongValuesTheirKey() throws Exception {
    String[][] cases = {
      {"timezone: UTC\nqos: avery\n", "line 2: qos must be a list of entries with a name"},
      {"window:\n  - 30d\n", "line 1: window must be a single value, not a list"},
      {
        "qos:\n  - name: avery\n    limit: {cpus: 4}\n",
        "line 3: unknown key 'limit'; known keys here: limits, name"
      },
      {
        "deploy:\n  keep_history: maybe\n",
        "line 2: keep_history must be true or false, not 'maybe'"
      },
      {"- just\n- a list\n", "line 1: the file must be a map of key: value"},
      {"window: [30d\n", "line "},
      {"window: thirty days\n", "window: 'thirty days' is not a duration such as 30d"},
      // A QoS name is passed to sacct: one that looks like an option is refused.
      {"qos:\n  - name: 'avery --allusers'\n", "may only contain letters, digits"},
      {"qos:\n  - name: avery\n    limits: {cpus: lots}\n", "cpus: 'lots' is not a number"},
      // Values that crashed instead of being refused: refused with their key.
      {"window: 99999999999d\n", "window: '99999999999d' is not a duration"},
      {"window: 9999d\n", "window: '9999d' is outside 1h to 3660d"},
      {"resolution: 1s\n", "resolution: '1s' is outside 1m to 31d"},
      {"window: 3000d\nresolution: 15m\n", "makes more than 100000 bins"},
      {"sacct_timeout: 0s\n", "sacct_timeout: '0s' is not a duration"},
      {
        "qos:\n  - name: avery\n    limits: {cpus: 1e400}\n",
        "cpus: '1e400' is not a number from 0 to 1e9"
      },
      {"qos:\n  - name: '-rf'\n", "QoS name '-rf' may only contain"},
      {"qos:\n  - name: '.'\n", "QoS name '.' may only contain"},
      {"qos:\n  - name: '..'\n", "QoS name '..' may only contain"},
      {"cluster: -x\n", "cluster: '-x' may only contain"},
      {
        "deploy:\n  repo: '--upload-pack=touch X'\n",
        "deploy.repo: '--upload-pack=touch X' looks like an option"
      },
      {"deploy:\n  branch: -f\n", "deploy.branch: '-f' is not a usable branch name"},
      {"cache_reconcile: 1m\n", "cache_reconcile: '1m' is outside 10m to 30d"},
    };
    for (String[] c : cases) {
      yaml(c[0]);
      ConfigException e =
          assertThrows(ConfigException.class, () -> load(Map.of(), Overrides.NONE), c[0]);
      assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
    }
  }

  @Test
  void scalarsOfAnyTypeAreTextAndEmptyValuesAreDefaults() throws Exception {
    yaml(
        "# only settings that differ\ncluster: 42\nwindow:\ndeploy:\n  keep_history: true\nqos:\n  - name: 7\n    limits: {cpus: 2.5, gpus: 0}\n");
    Settings s = load(Map.of(), Overrides.NONE);
    assertEquals("42", s.cluster());
    assertEquals(Duration.ofDays(30), s.window());
    assertTrue(s.deploy().keepHistory());
    assertEquals(new QosSpec("7", new QosLimits(2.5, 0, 0, 0)), s.qos().get(0));
  }

  /** A window that is not a whole number of bins, and a zone that does not exist, as flags. */
  @Test
  void wrongFlagsAreRefused() {
    String window = refusal(new Overrides(null, "90m", "1h", null, null, List.of()));
    assertTrue(window.contains("whole multiple"), window);
    String zone = refusal(new Overrides("Mars/Olympus", null, null, null, null, List.of()));
    assertTrue(zone.contains("unknown time zone 'Mars/Olympus'"), zone);
  }

  /** What loading the file in dir with {@code flags} and no environment is refused with. */
  private String refusal(Overrides flags) {
    return assertThrows(ConfigException.class, () -> load(Map.of(), flags)).getMessage();
  }

  @Test
  void missingConfigFileNamedByFlag() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> new SettingsLoader(Map.of(), dir).load(Path.of("nope.yaml"), Overrides.NONE));
    assertTrue(e.getMessage().contains("nope.yaml: no such file"), e.getMessage());
  }

  @Test
  void durations() throws Exception {
    assertEquals(Duration.ofHours(36), DurationText.parse("x", "1d12h"));
    assertEquals(Duration.ofMinutes(15), DurationText.parse("x", "15m"));
    assertEquals("30d", DurationText.format(Duration.ofDays(30)));
    assertThrows(ConfigException.class, () -> DurationText.parse("x", "0h"));
    assertThrows(ConfigException.class, () -> DurationText.parse("x", "5"));
  }

  @Test
  void theShippedExampleLoads() throws Exception {
    Settings s =
        new SettingsLoader(Map.of(), dir)
            .load(Path.of("").toAbsolutePath().resolve("librarian.example.yaml"), Overrides.NONE);
    assertEquals(List.of("avery", "avery-b"), s.qos().stream().map(QosSpec::name).toList());
    assertEquals(3870, s.qos().get(1).limits().cpus());
  }

  @Test
  void publishingStateAndWatchdogSettings() throws Exception {
    yaml(
        String.join(
            "\n",
            "run_interval: 15m",
            "state_dir: ~/state",
            "deploy:",
            "  repo: origin",
            "  branch: pages/site",
            "  keep_history: true",
            "  copy_to: [\"host:~/public_html/usage/\", /srv/www/usage/]",
            "  timeout: 2m",
            "watchdog:",
            "  release_wait: 30s",
            ""));
    Settings s = load(Map.of("HOME", "/home/avery"), Overrides.NONE);
    assertEquals(Duration.ofMinutes(15), s.runInterval());
    assertEquals(Path.of("/home/avery/state"), s.stateDir());
    assertEquals(Path.of("/home/avery/state/log"), s.logDir(), "log_dir defaults to STATE_DIR/log");
    assertEquals(
        new DeploySettings(
            "origin",
            "pages/site",
            true,
            List.of("host:~/public_html/usage/", "/srv/www/usage/"),
            "git",
            Duration.ofMinutes(2)),
        s.deploy());
    assertEquals(Duration.ofSeconds(30), s.releaseWait());

    Files.delete(dir.resolve("librarian.yaml"));
    Settings none = load(Map.of("HOME", "/home/avery", "XDG_STATE_HOME", "/xdg"), Overrides.NONE);
    assertEquals(Path.of("/xdg/librarian"), none.stateDir());
    assertEquals(Duration.ofMinutes(10), none.runInterval());
    assertEquals(DeploySettings.NONE, none.deploy());
  }

  @Test
  void unsafeDeploySettingsAreRefused() throws Exception {
    yaml("deploy:\n  branch: \"gh-pages; rm -rf ~\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(), Overrides.NONE));
    assertTrue(
        e.getMessage().endsWith("deploy.branch: 'gh-pages; rm -rf ~' is not a usable branch name"),
        e.getMessage());
    yaml("deploy:\n  copy_to: [\"--rsh=evil\"]\n");
    e = assertThrows(ConfigException.class, () -> load(Map.of(), Overrides.NONE));
    assertTrue(
        e.getMessage().contains("deploy.copy_to: '--rsh=evil' is not a destination"),
        e.getMessage());
    yaml("deploy:\n  brnch: gh-pages\n");
    e = assertThrows(ConfigException.class, () -> load(Map.of(), Overrides.NONE));
    assertTrue(e.getMessage().contains("unknown key 'brnch'"), e.getMessage());
  }

  /** The environment's deploy repository is checked as the file's is. */
  @Test
  void anEnvironmentRepositoryThatLooksLikeAnOptionIsRefused() throws Exception {
    yaml("qos:\n  - name: avery\n");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> load(Map.of("LIBRARIAN_DEPLOY_REPO", "-oProxyCommand=x"), Overrides.NONE));
    assertTrue(e.getMessage().contains("looks like an option"), e.getMessage());
  }

  @Test
  void yamlAliasesAreReadAsUserNames() throws Exception {
    // An alias came through as the plain text of its name: this hid a user called "a".
    yaml("privacy:\n  hide_users: [*a]\n");
    ConfigException alias =
        assertThrows(ConfigException.class, () -> load(Map.of(), Overrides.NONE));
    assertTrue(
        alias
            .getMessage()
            .endsWith(
                "librarian.yaml: line 2: '*a' is a YAML alias; anchors and aliases are not"
                    + " accepted in librarian.yaml: write the value out"),
        alias.getMessage());

    yaml(
        "qos:\n  - name: avery\n    limits: &lim {cpus: 48}\n  - name: avery-b\n    limits: *lim\n");
    ConfigException anchor =
        assertThrows(ConfigException.class, () -> load(Map.of(), Overrides.NONE));
    assertTrue(
        anchor.getMessage().contains("librarian.yaml: line 3: '&lim' is a YAML anchor"),
        anchor.getMessage());

    yaml("timezone: UTC\nprivacy:\n  hide_users:\n    - &who ann\n");
    ConfigException scalar =
        assertThrows(ConfigException.class, () -> load(Map.of(), Overrides.NONE));
    assertTrue(
        scalar.getMessage().contains("line 4: '&who' is a YAML anchor"), scalar.getMessage());

    yaml("base: &b {window: 2d}\n<<: *b\n");
    ConfigException merge =
        assertThrows(ConfigException.class, () -> load(Map.of(), Overrides.NONE));
    assertTrue(merge.getMessage().contains("line 1: '&b' is a YAML anchor"), merge.getMessage());

    Cli.Run run = new Cli(dir).run("watchdog", "--dry-run");
    assertEquals(2, run.code(), run.out() + run.err());
    assertTrue(
        run.err().contains("line 4: '&who' is a YAML anchor") || run.err().contains("line 1: '&b'"),
        run.err());
  }

  @Test
  void aConfigurationPathThatIsADirectorySaysNoSuchFile() throws Exception {
    Files.createDirectories(dir.resolve("conf.d"));
    ConfigException flag =
        assertThrows(
            ConfigException.class,
            () -> new SettingsLoader(Map.of(), dir).load(Path.of("conf.d"), Overrides.NONE));
    assertEquals("--config conf.d: is a directory, not a configuration file", flag.getMessage());
    ConfigException env =
        assertThrows(
            ConfigException.class,
            () -> load(Map.of("LIBRARIAN_CONFIG", "conf.d"), Overrides.NONE));
    assertEquals(
        "LIBRARIAN_CONFIG=conf.d: is a directory, not a configuration file", env.getMessage());
    Files.createDirectories(dir.resolve("librarian.yaml"));
    ConfigException local =
        assertThrows(ConfigException.class, () -> load(Map.of(), Overrides.NONE));
    assertEquals(
        dir.resolve("librarian.yaml") + ": is a directory, not a configuration file",
        local.getMessage());
    Cli.Run run = new Cli(dir).run("watchdog", "--dry-run", "--config", "conf.d");
    assertEquals(2, run.code(), run.out() + run.err());
    assertTrue(
        run.err().contains("--config conf.d: is a directory, not a configuration file"), run.err());
  }
}
