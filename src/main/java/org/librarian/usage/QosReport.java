package org.librarian.usage;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything known of one QoS after one read: the one value every writer (data JSON, history JSON,
 * PNG, PDF, summary sentence) takes. Immutable; times in it are epoch seconds on {@code usage}'s
 * grid, in that grid's zone. {@code demand}, {@code efficiency} and {@code cluster} are null when
 * not known (a saved file without squeue or sinfo output, a test); {@code daily} is never null.
 *
 * @param qos the QoS's name
 * @param usage per-user series and totals on the grid
 * @param demand the work waiting, or null
 * @param efficiency what the jobs that ended in the window held and used, or null
 * @param daily the window's whole days (in the grid's zone), for the daily history
 * @param limits the QoS's limits (0 = none for that observable)
 * @param limitsSource where they came from: {@code config}, {@code sacctmgr} or {@code none}
 * @param cluster the partitions the QoS's jobs asked for, as sinfo saw them, or null
 * @param about how the report was made
 * @param budget the QoS's GrpTRESMins budget, or null (none, or not read)
 * @param fairshare where the accounts of the QoS's jobs stand in Slurm's fair share, or null (no
 *     sshare answer: a saved file, sshare failed)
 * @param waitingJobs the jobs pending at the run with Slurm's start estimates, or null when squeue
 *     was not asked (a saved file)
 * @param budgetAccounts the GrpTRESMins budgets of the accounts of the QoS's jobs, by account;
 *     empty when none has one (or they were not read)
 * @param archived the daily history's days before {@code daily}'s first (oldest first), for the
 *     periods longer than the window; empty when none was read
 */
public record QosReport(
    String qos,
    UsageReport usage,
    DemandReport demand,
    EfficiencyReport efficiency,
    List<DailyHistory.Day> daily,
    QosLimits limits,
    String limitsSource,
    ClusterNow cluster,
    About about,
    BudgetReport budget,
    FairShareReport fairshare,
    List<WaitingJob> waitingJobs,
    Map<String, BudgetReport> budgetAccounts,
    List<DailyHistory.Day> archived) {

  /**
   * How the report was made, as the writers say it.
   *
   * @param cluster the Slurm cluster's name, or null
   * @param generator the program and version that wrote it
   * @param rowsRead rows of this QoS read
   * @param rowsSkipped rows left out (malformed, or jobs with neither End nor ElapsedRaw)
   * @param topUsers users (1 to 11) drawn one by one; the rest are "others"
   * @param usersHidden some users were left out (privacy.hide_users); never how many
   */
  public record About(
      String cluster,
      String generator,
      long rowsRead,
      long rowsSkipped,
      int topUsers,
      boolean usersHidden) {}

  public QosReport {
    Objects.requireNonNull(qos, "qos");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(about, "about");
    daily = daily == null ? DailyHistory.days(usage, demand, efficiency) : List.copyOf(daily);
    waitingJobs = waitingJobs == null ? null : List.copyOf(waitingJobs);
    budgetAccounts =
        budgetAccounts == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(budgetAccounts));
    archived = archived == null ? List.of() : List.copyOf(archived);
  }

  /** The job families of the jobs that ended in the window, most CPU-hours held first. */
  public List<JobFamilies.Family> families() {
    return efficiency == null ? List.of() : efficiency.families();
  }

  /** The report with {@code cluster} as its cluster context. */
  public QosReport withCluster(ClusterNow cluster) {
    return with(cluster, budget, budgetAccounts, fairshare, waitingJobs, archived);
  }

  /** The report with {@code budget} as its budget and {@code accounts} as its accounts' budgets. */
  public QosReport withBudget(BudgetReport budget, Map<String, BudgetReport> accounts) {
    return with(cluster, budget, accounts, fairshare, waitingJobs, archived);
  }

  /** The report with sshare's fair share and the jobs waiting now (either may be null). */
  public QosReport withSlurmNow(FairShareReport fairshare, List<WaitingJob> waitingJobs) {
    return with(cluster, budget, budgetAccounts, fairshare, waitingJobs, archived);
  }

  /**
   * The report with the daily history's days before the window's first whole day (days of {@code
   * history} on or after it are left out: the window's own days count).
   */
  public QosReport withArchive(List<DailyHistory.Day> history) {
    long first = daily.isEmpty() ? usage.grid().now() : daily.get(0).start();
    List<DailyHistory.Day> before =
        history.stream().filter(d -> d.start() + d.seconds() <= first).toList();
    return with(cluster, budget, budgetAccounts, fairshare, waitingJobs, before);
  }

  /** The report with what Slurm said besides sacct, and the archived days, replaced. */
  private QosReport with(
      ClusterNow cluster,
      BudgetReport budget,
      Map<String, BudgetReport> budgetAccounts,
      FairShareReport fairshare,
      List<WaitingJob> waitingJobs,
      List<DailyHistory.Day> archived) {
    return new QosReport(
        qos,
        usage,
        demand,
        efficiency,
        daily,
        limits,
        limitsSource,
        cluster,
        about,
        budget,
        fairshare,
        waitingJobs,
        budgetAccounts,
        archived);
  }
}
