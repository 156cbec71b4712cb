package org.librarian.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The durations of the alert rules: usage_above's for, the within of two rules, their defaults. */
class RuleDurationsTest {
  @TempDir Path tmp;

  private NotifySettings.Rule rule(String line) throws Exception {
    Path f = tmp.resolve("librarian.yaml");
    Files.writeString(
        f,
        "alerts:\n  channels:\n    ops: {type: webhook, url: \"https://x.example.org\"}\n"
            + "  rules:\n    - "
            + line
            + "\n");
    return new SettingsLoader(Map.of("HOME", tmp.toString()), tmp)
        .load(f, Overrides.NONE)
        .alerts()
        .rules()
        .get(0);
  }

  /**
   * Given: 3h, 2d and 36h; not given: usage_above 1h, waiting_at_limit 24h, budget_runs_out 14d.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{when: usage_above, percent: 90, for: 3h, channels: [ops]}              | PT3H",
        "{when: usage_above, percent: 90, channels: [ops]}                       | PT1H",
        "{when: waiting_at_limit, cpu_hours: 5, within: 2d, channels: [ops]}     | PT48H",
        "{when: waiting_at_limit, cpu_hours: 5, channels: [ops]}                 | PT24H",
        "{when: budget_runs_out, within: 36h, channels: [ops]}                   | PT36H",
        "{when: budget_runs_out, channels: [ops]}                                | PT336H"
      })
  void eachRuleReadsItsOwnKeyWithItsOwnDefault(String line, Duration expected) throws Exception {
    NotifySettings.Rule r = rule(line);
    assertEquals(expected, r.when().equals("usage_above") ? r.forDuration() : r.within());
  }

  /**
   * usage_above for: 1m to 30d; waiting_at_limit within: 1h to 30d; budget_runs_out within: 1h to
   * 366d, named with its line (the rule is on line 5 of the file).
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{when: usage_above, percent: 90, for: 31d, channels: [ops]}"
            + " | usage_above for: '31d' is outside 1m to 30d",
        "{when: waiting_at_limit, cpu_hours: 5, within: 30m, channels: [ops]}"
            + " | waiting_at_limit within: '30m' is outside 1h to 30d",
        "{when: budget_runs_out, within: 367d, channels: [ops]}"
            + " | line 5: budget_runs_out within: '367d' is outside 1h to 366d"
      })
  void eachRuleKeepsItsOwnBoundsAndLabel(String line, String expected) {
    ConfigException e = assertThrows(ConfigException.class, () -> rule(line));
    assertEquals(expected, e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
  }
}
