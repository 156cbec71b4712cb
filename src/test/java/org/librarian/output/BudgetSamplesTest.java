package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.usage.BudgetForecast.Sample;
import org.librarian.usage.TresMinutes;

/** The samples of Slurm's used value kept in the state directory. */
class BudgetSamplesTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  @TempDir Path tmp;

  /**
   * Kept: only samples with now − 7 d < at <= now. 2026-11-29T12:00:00Z is exactly 7 days back
   * (out), one second later is in; one an hour in the future is out; this run's value is added for
   * the TRES with a limit (cpu 600000), not for mem (no limit).
   */
  @Test
  void onlyTheLastSevenDaysAreKept() {
    Map<String, Map<String, List<Sample>>> kept =
        Map.of(
            "avery-b",
            Map.of(
                "cpu",
                List.of(
                    new Sample(Instant.parse("2026-11-28T12:00:00Z"), 1),
                    new Sample(Instant.parse("2026-11-29T12:00:00Z"), 2),
                    new Sample(Instant.parse("2026-11-29T12:00:01Z"), 3),
                    new Sample(Instant.parse("2026-12-06T13:00:00Z"), 4))));
    var all =
        BudgetSamples.add(
            kept,
            Map.of(
                "avery-b",
                List.of(new TresMinutes("cpu", 600_000L, 12), new TresMinutes("mem", null, 1058))),
            NOW);
    assertEquals(
        List.of(new Sample(Instant.parse("2026-11-29T12:00:01Z"), 3), new Sample(NOW, 12)),
        all.get("avery-b").get("cpu"));
    assertEquals(List.of("cpu"), List.copyOf(all.get("avery-b").keySet()));
  }

  @Test
  void savedSamplesReadBackAsWritten() throws Exception {
    Path file = BudgetSamples.path(tmp, null);
    var samples =
        Map.of(
            "avery",
            Map.of(
                "gres/gpu",
                List.of(
                    new Sample(Instant.parse("2026-12-05T12:00:00Z"), 10), new Sample(NOW, 250))));
    BudgetSamples.save(file, samples);
    assertEquals(tmp.resolve("budget/default.json"), file);
    BudgetSamples.Loaded back = BudgetSamples.load(file);
    assertNull(back.warning());
    assertEquals(samples, back.samples());
  }

  /**
   * A corrupt file (half-written by hand, or another program's) is a warning; sampling restarts.
   */
  @Test
  void aCorruptFileIsAWarningAndStartsAfresh() throws Exception {
    Path file = BudgetSamples.path(tmp, "c1");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"version\":1,\"samples\":{\"avery\":{\"cpu\":[[\"yesterday\",");
    BudgetSamples.Loaded loaded = BudgetSamples.load(file);
    assertTrue(loaded.samples().isEmpty());
    assertTrue(
        loaded.warning().startsWith("warning: budget: " + file + " cannot be read"),
        loaded.warning());
    assertTrue(loaded.warning().endsWith("sampling starts afresh"), loaded.warning());
    Files.writeString(
        file, "{\"version\":1,\"samples\":{\"avery\":{\"cpu\":[[\"yesterday\",5]]}}}");
    assertTrue(BudgetSamples.load(file).warning().contains("an instant is not ISO-8601"));
  }

  @Test
  void aMissingFileIsAWarningAndStartsAfresh() {
    BudgetSamples.Loaded loaded = BudgetSamples.load(tmp.resolve("budget/none.json"));
    assertTrue(loaded.samples().isEmpty());
    assertTrue(loaded.warning().contains("is missing); sampling starts now"), loaded.warning());
  }
}
