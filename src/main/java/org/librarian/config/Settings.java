package org.librarian.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.librarian.slurm.SlurmPrograms;
import org.librarian.usage.GroupBy;

/**
 * The effective configuration: librarian.yaml, overridden by {@code LIBRARIAN_*} environment
 * variables, overridden by command-line flags.
 *
 * @param source where the file came from, or null when none was read
 * @param cluster the cluster for sacct's {@code -M}, or null
 * @param runInterval how often the scrontab entry runs; the dashboard calls data older than three
 *     of these stale
 * @param stateDir lock files, caches (default ~/.local/state/librarian)
 * @param logDir where {@code run} and {@code watchdog} log (default STATE_DIR/log)
 * @param reconcile a full sacct query at least this often, however well the cache fits (default 1d)
 * @param runIntervalGiven whether run_interval was configured; if not, {@code run} reads its own
 *     cron schedule
 * @param alerts the alerts and digest {@code notify} sends (none by default)
 * @param privacy pseudonyms and hidden users in what is published
 * @param topUsers how many users the charts and the page draw one by one, the largest (1 to 11;
 *     default 11)
 * @param runDeadline how long one {@code run} may take before a step that overruns is abandoned;
 *     null: 80 % of the run interval (see {@link #runDeadline(Duration)})
 * @param archive the job archive's directory (Parquet), or null when no archive is kept
 * @param rightSizeMinJobs the fewest jobs a family needs for a right-size suggestion ({@code
 *     dashboard.right_size_min_jobs}, default 5)
 * @param groups what a group is (a QoS or an account) and, for {@code qos: all} or a glob, which
 *     groups found in the rows are reported besides those in {@code qos}
 * @param chartsEvery new data redraws a group's PNG and PDF charts only once those on disk were
 *     drawn at least this long before the run's now ({@code charts_every}); zero (the default):
 *     whenever its data changed
 */
public record Settings(
    Path source,
    ZoneId zone,
    Duration window,
    Duration resolution,
    Path output,
    String cluster,
    String sacct,
    String sacctmgr,
    Duration sacctTimeout,
    List<QosSpec> qos,
    Duration runInterval,
    Path stateDir,
    Path logDir,
    DeploySettings deploy,
    Duration releaseWait,
    Duration reconcile,
    boolean runIntervalGiven,
    NotifySettings alerts,
    Privacy privacy,
    int topUsers,
    Duration runDeadline,
    Path archive,
    int rightSizeMinJobs,
    GroupBy groups,
    Duration chartsEvery) {

  /** Whether there is something to report on: a group named, or groups to find in the rows. */
  public boolean hasGroups() {
    return !qos.isEmpty() || groups.open();
  }

  /** The configuration file, for messages: its path, or "librarian.yaml" when none was read. */
  public String sourceName() {
    return source == null ? "librarian.yaml" : source.toString();
  }

  /**
   * What published files say of users: with {@code pseudonymize}, every name is a pseudonym; the
   * users in {@code hideUsers} are counted as "others"; the groups named in the {@code passphrases}
   * file are published sealed (docs/privacy.md), under their name only with {@code
   * showProtectedNames}.
   */
  public record Privacy(
      boolean pseudonymize, Set<String> hideUsers, Path passphrases, boolean showProtectedNames) {
    public static final Privacy NONE = new Privacy(false, Set.of());

    /**
     * No passphrase file configured (STATE_DIR/privacy/passphrases is read when it exists); the
     * names of protected groups are not published.
     */
    public Privacy(boolean pseudonymize, Set<String> hideUsers) {
      this(pseudonymize, hideUsers, null, false);
    }
  }

  /** The defaults of everything but what {@code demo} and tests set. */
  public static Settings of(ZoneId zone, Path output, List<QosSpec> qos, Path stateDir) {
    return new Settings(
        null,
        zone,
        Duration.ofDays(30),
        Duration.ofHours(1),
        output,
        null,
        SlurmPrograms.SACCT,
        SlurmPrograms.SACCTMGR,
        Duration.ofMinutes(10),
        qos,
        Duration.ofMinutes(10),
        stateDir,
        stateDir.resolve("log"),
        DeploySettings.NONE,
        Duration.ofSeconds(5),
        Duration.ofDays(1),
        false,
        NotifySettings.NONE,
        Privacy.NONE,
        11,
        null,
        null,
        5,
        GroupBy.QOS,
        Duration.ZERO);
  }

  /** These settings with {@code dir} as the job archive's directory (null: none). */
  public Settings withArchive(Path dir) {
    return new Settings(
        source,
        zone,
        window,
        resolution,
        output,
        cluster,
        sacct,
        sacctmgr,
        sacctTimeout,
        qos,
        runInterval,
        stateDir,
        logDir,
        deploy,
        releaseWait,
        reconcile,
        runIntervalGiven,
        alerts,
        privacy,
        topUsers,
        runDeadline,
        dir,
        rightSizeMinJobs,
        groups,
        chartsEvery);
  }

  /**
   * The deadline of a run whose schedule repeats every {@code interval}: run_deadline when
   * configured (but never more than the interval), else 80 % of the interval, so a run ends before
   * the next starts.
   */
  public Duration runDeadline(Duration interval) {
    if (runDeadline == null) {
      return interval.multipliedBy(4).dividedBy(5);
    }
    return runDeadline.compareTo(interval) > 0 ? interval : runDeadline;
  }
}
