package org.librarian.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.librarian.output.BudgetSamples;
import org.librarian.slurm.BudgetSettings;
import org.librarian.slurm.SlurmLookups;
import org.librarian.usage.BudgetForecast.Sample;
import org.librarian.usage.BudgetReport;
import org.librarian.usage.TresMinutes;
import org.librarian.usage.UsageReport;

/**
 * What one collection knows of the QoS's {@code GrpTRESMins} budgets: Slurm's limits and used
 * values (one {@code scontrol -o show assoc_mgr flags=qos} for every QoS), the QoS's NoDecay and
 * UsageFactor (one sacctmgr call, only when a QoS has a budget) and the samples kept in the state
 * directory, with this run's added. Nothing here fails the collection: each failure is a warning.
 */
final class BudgetInputs {
  static final BudgetInputs NONE = new BudgetInputs(Map.of(), Map.of(), Map.of(), null);

  private final Map<String, List<TresMinutes>> slurm;
  private final Map<String, BudgetSettings> settings;
  private final Map<String, Map<String, List<Sample>>> samples;
  private final Instant now;

  private BudgetInputs(
      Map<String, List<TresMinutes>> slurm,
      Map<String, BudgetSettings> settings,
      Map<String, Map<String, List<Sample>>> samples,
      Instant now) {
    this.slurm = slurm;
    this.settings = settings;
    this.samples = samples;
    this.now = now;
  }

  /** A run against Slurm at {@code now}: reads, samples and saves the samples. */
  static BudgetInputs live(
      SlurmLookups lookups,
      RecordReader reader,
      List<String> names,
      Path store,
      Instant now,
      boolean debug,
      PrintWriter err) {
    Map<String, List<TresMinutes>> mine = mine(reader.said(lookups.budgets(debug)), names);
    if (mine.isEmpty()) {
      return NONE;
    }
    Map<String, BudgetSettings> settings = reader.said(lookups.budgetSettings());
    BudgetSamples.Loaded loaded = BudgetSamples.load(store);
    if (loaded.warning() != null) {
      err.println(loaded.warning());
    }
    Map<String, Map<String, List<Sample>>> samples = BudgetSamples.add(loaded.samples(), mine, now);
    try {
      BudgetSamples.save(store, samples);
    } catch (IOException | RuntimeException e) {
      err.println(
          "warning: budget: the samples were not saved in " + store + ": " + e.getMessage());
    }
    return new BudgetInputs(mine, settings, samples, now);
  }

  /** A replay at {@code now} of a recorded {@code scontrol} output: no samples, no sacctmgr. */
  static BudgetInputs replay(
      Map<String, List<TresMinutes>> recorded, List<String> names, Instant now) {
    Map<String, List<TresMinutes>> mine = mine(recorded, names);
    return mine.isEmpty() ? NONE : new BudgetInputs(mine, Map.of(), Map.of(), now);
  }

  /** The QoS among {@code names} with a limit on some TRES. */
  private static Map<String, List<TresMinutes>> mine(
      Map<String, List<TresMinutes>> all, List<String> names) {
    Map<String, List<TresMinutes>> mine = new TreeMap<>();
    for (String q : names) {
      List<TresMinutes> t = all.get(q);
      if (t != null && t.stream().anyMatch(x -> x.limitMinutes() != null)) {
        mine.put(q, t);
      }
    }
    return mine;
  }

  /** The budget of {@code qos}, or null when it has none. */
  BudgetReport report(String qos, UsageReport usage, ZoneId zone) {
    List<TresMinutes> t = slurm.get(qos);
    if (t == null) {
      return null;
    }
    BudgetSettings s = settings.getOrDefault(qos, new BudgetSettings(false, 1.0));
    return BudgetReport.of(
        t, samples.getOrDefault(qos, Map.of()), s.noDecay(), s.usageFactor(), usage, now, zone);
  }
}
