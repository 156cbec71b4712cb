package org.librarian.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;

/** charts_every: read like the other durations, refused with its line. */
class ChartsEveryConfigTest {
  @TempDir Path dir;

  private Settings load(String yaml, Map<String, String> env) throws Exception {
    Files.writeString(dir.resolve("librarian.yaml"), yaml);
    return new SettingsLoader(env, dir).load(null, Overrides.NONE);
  }

  @Test
  void absentItIsZeroGivenItIsItsDuration() throws Exception {
    assertEquals(Duration.ZERO, load("timezone: UTC\n", Map.of()).chartsEvery());
    assertEquals(Duration.ZERO, load("charts_every:\n", Map.of()).chartsEvery());
    // 1h30m = 90 minutes.
    assertEquals(Duration.ofMinutes(90), load("charts_every: 1h30m\n", Map.of()).chartsEvery());
    // The environment beats the file, as for the other durations.
    assertEquals(
        Duration.ofHours(2),
        load("charts_every: 1h\n", Map.of("LIBRARIAN_CHARTS_EVERY", "2h")).chartsEvery());
  }

  @Test
  void wrongValuesAreRefusedWithTheirLine() throws Exception {
    String file = dir.resolve("librarian.yaml") + ": ";
    String[][] cases = {
      {
        "timezone: UTC\ncharts_every: soon\n",
        file + "line 2: charts_every: 'soon' is not a duration such as 30d, 12h, 15m or 1d12h"
      },
      {"charts_every: 0s\n", file + "line 1: charts_every: '0s' is not a duration"},
      {"charts_every: 30s\n", file + "line 1: charts_every: '30s' is outside 1m to 30d"},
      {"charts_every: 31d\n", file + "line 1: charts_every: '31d' is outside 1m to 30d"},
      {"charts_every: [1h]\n", file + "line 1: charts_every must be a single value, not a list"},
    };
    for (String[] c : cases) {
      ConfigException e = assertThrows(ConfigException.class, () -> load(c[0], Map.of()), c[0]);
      assertTrue(e.getMessage().startsWith(c[1]), c[0] + " -> " + e.getMessage());
    }
    ConfigException env =
        assertThrows(
            ConfigException.class,
            () -> load("timezone: UTC\n", Map.of("LIBRARIAN_CHARTS_EVERY", "hourly")));
    assertTrue(
        env.getMessage().startsWith("LIBRARIAN_CHARTS_EVERY: 'hourly' is not a duration"),
        env.getMessage());
  }

  @Test
  void aBadValueExitsWith2AndTheLine() throws Exception {
    Files.writeString(dir.resolve("librarian.yaml"), "timezone: UTC\n\ncharts_every: 1 hour\n");
    Cli.Run run =
        new Cli(dir)
            .run("parse", "--sacct-file", dir.resolve("none.txt").toString(), "--out", "site");
    assertEquals(2, run.code(), run.err());
    assertTrue(
        run.err().contains("line 3: charts_every: '1 hour' is not a duration such as 30d"),
        run.err());
  }
}
