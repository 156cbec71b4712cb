package org.librarian.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.librarian.config.ConfigException;
import org.librarian.output.BudgetSamples;
import org.librarian.slurm.AssocMgrQos;
import org.librarian.slurm.BudgetSettings;
import org.librarian.slurm.SlurmLookups;
import org.librarian.usage.BudgetForecast.Sample;
import org.librarian.usage.BudgetReport;
import org.librarian.usage.BudgetSentence;
import org.librarian.usage.QosReport;
import org.librarian.usage.QosUsage;
import org.librarian.usage.TresMinutes;
import org.librarian.usage.UsageReport;

/**
 * What one collection knows of the {@code GrpTRESMins} budgets of the QoS and of the accounts of
 * their jobs: Slurm's limits and used values (one {@code scontrol -o show assoc_mgr flags=qos} for
 * every QoS, one {@code flags=assoc accounts=A,B} for every account), the QoS's NoDecay and
 * UsageFactor (one sacctmgr call, only when a QoS has a budget) and the samples kept in the state
 * directory (an account's under {@code account:NAME}), with this run's added. Nothing here fails
 * the collection: each failure is a warning.
 *
 * @param slurm the QoS's budgets as Slurm has them, by QoS
 * @param accounts the accounts with a budget
 * @param accountsOf per QoS the accounts of its jobs
 * @param settings per QoS its NoDecay and UsageFactor; null for a replay, which knows none
 * @param samples the samples kept, by QoS (an account's under {@link #ACCOUNT})
 * @param now the collection's instant
 */
record BudgetInputs(
    Map<String, List<TresMinutes>> slurm,
    Map<String, List<TresMinutes>> accounts,
    Map<String, Set<String>> accountsOf,
    Map<String, BudgetSettings> settings,
    Map<String, Map<String, List<Sample>>> samples,
    Instant now) {
  static final BudgetInputs NONE =
      new BudgetInputs(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), null);

  /** The key of an account's samples in the store, beside the QoS's names. */
  static final String ACCOUNT = "account:";

  /** A run against Slurm at {@code now}: reads, samples and saves the samples. */
  static BudgetInputs live(
      SlurmLookups lookups,
      RecordReader reader,
      List<String> names,
      QosUsage usage,
      Path store,
      Instant now,
      boolean debug,
      PrintWriter err) {
    // Groups that are accounts have their account's budget (below), not a QoS's.
    Map<String, List<TresMinutes>> mine =
        reader.byAccount() ? Map.of() : mine(reader.said(lookups.budgets(debug)), names);
    Map<String, Set<String>> accountsOf = new TreeMap<>();
    Set<String> all = new TreeSet<>();
    for (String q : names) {
      accountsOf.put(q, Set.copyOf(usage.accounts(q)));
      all.addAll(usage.accounts(q));
    }
    Map<String, List<TresMinutes>> accounts =
        reader.said(lookups.accountBudgets(List.copyOf(all), debug));
    if (mine.isEmpty() && accounts.isEmpty()) {
      return NONE;
    }
    Map<String, BudgetSettings> settings =
        mine.isEmpty() ? Map.of() : reader.said(lookups.budgetSettings());
    BudgetSamples.Loaded loaded = BudgetSamples.load(store);
    if (loaded.warning() != null) {
      err.println(loaded.warning());
    }
    Map<String, List<TresMinutes>> sampled = new TreeMap<>(mine);
    accounts.forEach((a, t) -> sampled.put(ACCOUNT + a, t));
    Map<String, Map<String, List<Sample>>> samples =
        BudgetSamples.add(loaded.samples(), sampled, now);
    try {
      BudgetSamples.save(store, samples);
    } catch (IOException | RuntimeException e) {
      err.println(
          "warning: budget: the samples were not saved in " + store + ": " + e.getMessage());
    }
    return new BudgetInputs(mine, accounts, accountsOf, settings, samples, now);
  }

  /**
   * A replay at {@code now} of saved {@code scontrol -o show assoc_mgr flags=qos} output: no
   * samples, no sacctmgr (UsageFactor 1, NoDecay unknown).
   *
   * @throws ConfigException when the file cannot be read or an entry is not LIMIT(USED)
   */
  static BudgetInputs replay(Path file, List<String> names, Instant now) throws ConfigException {
    Map<String, List<TresMinutes>> mine;
    try {
      mine = mine(AssocMgrQos.parseAll(Files.readString(file)), names);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("--assoc-mgr-file " + file + ": " + e.getMessage());
    }
    return mine.isEmpty() ? NONE : new BudgetInputs(mine, Map.of(), Map.of(), null, Map.of(), now);
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

  /** Whether some QoS or account has a budget. */
  boolean any() {
    return !slurm.isEmpty() || !accounts.isEmpty();
  }

  /**
   * {@code report} with the budget of its QoS and those of the accounts of its jobs; {@code decay}:
   * the controller's half-life and reset period, or null when not known.
   */
  QosReport addTo(QosReport report, ZoneId zone, BudgetSentence.Decay decay) {
    Map<String, BudgetReport> byAccount = new TreeMap<>();
    for (String a : accountsOf.getOrDefault(report.qos(), Set.of())) {
      List<TresMinutes> t = accounts.get(a);
      if (t != null) {
        BudgetReport b =
            BudgetReport.of(
                a,
                t,
                samples.getOrDefault(ACCOUNT + a, Map.of()),
                Boolean.FALSE,
                1.0,
                report.usage(),
                now,
                zone,
                decay);
        if (b != null) {
          byAccount.put(a, b);
        }
      }
    }
    return report.withBudget(report(report.qos(), report.usage(), zone, decay), byAccount);
  }

  /** The budget of {@code qos}, or null when it has none. */
  BudgetReport report(String qos, UsageReport usage, ZoneId zone, BudgetSentence.Decay decay) {
    List<TresMinutes> t = slurm.get(qos);
    if (t == null) {
      return null;
    }
    // A replay knows no flags (settings null): UsageFactor 1, NoDecay unknown.
    BudgetSettings s = settings == null ? null : settings.get(qos);
    return BudgetReport.of(
        null,
        t,
        samples.getOrDefault(qos, Map.of()),
        s == null ? (settings == null ? null : Boolean.FALSE) : Boolean.valueOf(s.noDecay()),
        s == null ? 1.0 : s.usageFactor(),
        usage,
        now,
        zone,
        decay);
  }
}
