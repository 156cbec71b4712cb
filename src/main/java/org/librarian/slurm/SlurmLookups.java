package org.librarian.slurm;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.librarian.usage.BudgetSentence;
import org.librarian.usage.ClusterNow;
import org.librarian.usage.FairShare;
import org.librarian.usage.QosLimits;
import org.librarian.usage.TresMinutes;

/**
 * The Slurm programs one collection asks besides sacct: squeue for the live reasons of pending
 * jobs, sinfo for the partitions now, sacctmgr for limits, scontrol for budgets and a job, sshare
 * for fair share. Each runs through the one {@link CommandRunner} with a timeout. None of them
 * fails the collection: a program not found, failing or timing out gives an empty answer and a
 * warning line for the caller to print.
 *
 * @param sacct sacct's configured name or path (the other programs are looked for beside it)
 * @param sacctmgr sacctmgr's configured name or path
 * @param path the PATH variable
 * @param cluster the cluster to ask about, or null
 * @param timeout the time each program may take
 */
public record SlurmLookups(
    CommandRunner runner,
    String sacct,
    String sacctmgr,
    String path,
    String cluster,
    Duration timeout) {
  /**
   * What a program said: the value (empty when it failed), the warning line to print (or null), and
   * under debug the command and its raw output (or null).
   */
  public record Answer<T>(T value, String warning, String debug) {
    static <T> Answer<T> of(T value) {
      return new Answer<>(value, null, null);
    }

    static <T> Answer<T> warn(T value, String warning) {
      return new Answer<>(value, warning, null);
    }
  }

  /**
   * squeue's live reason of each pending job of {@code qos}, by job id; empty (and a warning) when
   * squeue fails.
   */
  public Answer<Map<String, String>> pendingReasons(List<String> qos, boolean debug) {
    String squeue = Executables.beside(sacct, SlurmPrograms.SQUEUE);
    Failure<Map<String, String>> failure =
        Failure.warn(Map.of(), "squeue", "; reasons of pending jobs come from sacct alone");
    return Executables.find(squeue, path).isEmpty()
        ? failure.notFound(squeue)
        : ask(
            () -> SqueuePending.command(squeue, qos, cluster, timeout),
            SqueuePending::parse,
            failure,
            debug);
  }

  /**
   * The {@code partitions} as sinfo sees them at {@code at} (epoch seconds). When sinfo fails the
   * answer says why in its {@link ClusterNow#error()}, and (unless sinfo was not found) a warning.
   */
  public Answer<ClusterNow> partitions(Set<String> partitions, long at) {
    if (partitions.isEmpty()) {
      return Answer.of(new ClusterNow(at, Map.of(), "no job in the window named a partition"));
    }
    String sinfo = Executables.beside(sacct, SlurmPrograms.SINFO);
    if (Executables.find(sinfo, path).isEmpty()) {
      return Answer.of(new ClusterNow(at, Map.of(), sinfo + " not found"));
    }
    return answer(
        () -> SinfoPartitions.command(sinfo, List.copyOf(partitions), cluster, timeout),
        out -> Answer.of(new ClusterNow(at, SinfoPartitions.parse(out), null)),
        new Failure<>(
            (c, r) ->
                Answer.warn(
                    new ClusterNow(
                        at,
                        Map.of(),
                        "sinfo failed (exit " + r.exitCode() + "): " + r.errorSummary()),
                    failed(c, r)),
            e ->
                Answer.warn(
                    new ClusterNow(at, Map.of(), "sinfo: " + e.getMessage()),
                    "warning: sinfo: " + e.getMessage())),
        false);
  }

  /**
   * The one sacctmgr call that asks for the group limits of every QoS, or of every account's own
   * association.
   */
  public Command limitsCommand(boolean accounts) {
    return accounts
        ? AssocLimitsLookup.commandAll(sacctmgr, cluster, timeout)
        : QosLimitsLookup.commandAll(sacctmgr, timeout);
  }

  /**
   * Every group's limits from one sacctmgr call ({@link #limitsCommand}), made now and read once;
   * each group's answer is then picked from it. A group the answer does not name (or whose values
   * are not numbers) is {@link QosLimits#NONE} and a warning; when sacctmgr is not found, fails or
   * cannot be run, every group asked for is {@link QosLimits#NONE} and a warning with its name.
   */
  public Function<String, Answer<QosLimits>> limitsOfAll(boolean accounts) {
    if (Executables.find(sacctmgr, path).isEmpty()) {
      return name ->
          Answer.warn(
              QosLimits.NONE,
              name
                  + ": warning: "
                  + sacctmgr
                  + " not found, so no limit lines; give the limits in librarian.yaml");
    }
    try {
      Command c = limitsCommand(accounts);
      CommandResult r = runner.run(c);
      if (!r.ok()) {
        return name -> Answer.warn(QosLimits.NONE, name + ": " + failed(c, r) + "; no limit lines");
      }
      Map<String, String> grpTres =
          accounts
              ? AssocLimitsLookup.ownGrpTres(r.stdout())
              : QosLimitsLookup.grpTresByName(r.stdout());
      return name -> {
        try {
          return Answer.of(
              accounts
                  ? AssocLimitsLookup.pick(name, grpTres)
                  : QosLimitsLookup.pick(name, grpTres));
        } catch (IllegalArgumentException e) {
          return limitsNotRead(name, e);
        }
      };
    } catch (CommandException | IllegalArgumentException e) {
      return name -> limitsNotRead(name, e);
    }
  }

  private static Answer<QosLimits> limitsNotRead(String name, Exception e) {
    return Answer.warn(
        QosLimits.NONE,
        name + ": warning: limits not read from sacctmgr: " + e.getMessage() + "; no limit lines");
  }

  /**
   * Every QoS's {@code GrpTRESMins} budget from one {@code scontrol -o show assoc_mgr flags=qos};
   * empty when scontrol is not found (no warning: most clusters have no budgets), empty and a
   * warning when it fails.
   */
  public Answer<Map<String, List<TresMinutes>>> budgets(boolean debug) {
    String scontrol = Executables.beside(sacct, SlurmPrograms.SCONTROL);
    if (Executables.find(scontrol, path).isEmpty()) {
      return Answer.of(Map.of());
    }
    return ask(
        () -> AssocMgrQos.commandAll(scontrol, timeout),
        AssocMgrQos::parseAll,
        Failure.warn(Map.of(), "scontrol show assoc_mgr", "; no budget forecast"),
        debug);
  }

  /**
   * Every QoS's NoDecay flag and UsageFactor from one sacctmgr call; empty and a warning when that
   * fails (the forecast then takes a UsageFactor of 1 and no NoDecay).
   */
  public Answer<Map<String, BudgetSettings>> budgetSettings() {
    return ask(
        () -> BudgetSettings.commandAll(sacctmgr, timeout),
        BudgetSettings::parseAll,
        Failure.warn(
            Map.of(), "sacctmgr show qos", "; budgets taken as UsageFactor 1 without NoDecay"),
        false);
  }

  /**
   * The job {@code id} as {@code scontrol show job} prints it (30 s timeout), or null with the
   * reason as the warning.
   */
  public Answer<ScontrolJob> job(String id) {
    return ask(
        () ->
            ScontrolJob.command(
                Executables.beside(sacct, SlurmPrograms.SCONTROL), id, Duration.ofSeconds(30)),
        ScontrolJob::parse,
        new Failure<>(
            (c, r) -> Answer.warn(null, c.display() + " failed: " + r.errorSummary()),
            e -> Answer.warn(null, e.getMessage())),
        false);
  }

  /**
   * The fair share of {@code accounts} and their users: one {@code sshare} call; empty (and a
   * warning) when sshare is missing or fails, or prints what cannot be read.
   */
  public Answer<List<FairShare>> fairShare(List<String> accounts) {
    String sshare = Executables.beside(sacct, SlurmPrograms.SSHARE);
    Failure<List<FairShare>> failure =
        Failure.warn(List.of(), "sshare", "; no fair share published");
    return Executables.find(sshare, path).isEmpty()
        ? failure.notFound(sshare)
        : ask(
            () -> SshareFairShare.command(sshare, accounts, timeout),
            SshareFairShare::parse,
            failure,
            false);
  }

  /**
   * {@code PriorityDecayHalfLife} (zero: no decay) and {@code PriorityUsageResetPeriod} from one
   * {@code scontrol show config}; null (and a warning) when scontrol fails or names no half-life.
   */
  public Answer<BudgetSentence.Decay> decay() {
    String scontrol = Executables.beside(sacct, SlurmPrograms.SCONTROL);
    String after = "; the decay of fair-share usage is not published";
    return answer(
        () -> ScontrolConfig.command(scontrol, timeout),
        out -> {
          Duration halfLife = ScontrolConfig.decayHalfLife(out);
          return halfLife == null
              ? Answer.warn(
                  null, "warning: scontrol show config has no PriorityDecayHalfLife" + after)
              : Answer.of(new BudgetSentence.Decay(halfLife, ScontrolConfig.usageResetPeriod(out)));
        },
        Failure.warn(null, "scontrol", after),
        false);
  }

  /**
   * The {@code GrpTRESMins} budgets of {@code accounts}' own associations from one {@code scontrol
   * -o show assoc_mgr flags=assoc accounts=A,B}, only those with a limit on some TRES; empty when
   * scontrol is not found, empty and a warning when it fails.
   */
  public Answer<Map<String, List<TresMinutes>>> accountBudgets(
      List<String> accounts, boolean debug) {
    String scontrol = Executables.beside(sacct, SlurmPrograms.SCONTROL);
    if (accounts.isEmpty() || Executables.find(scontrol, path).isEmpty()) {
      return Answer.of(Map.of());
    }
    return ask(
        () -> AssocMgrAssoc.command(scontrol, accounts, timeout),
        out -> AssocMgrAssoc.withLimit(AssocMgrAssoc.parse(out)),
        Failure.warn(
            Map.of(), "scontrol show assoc_mgr flags=assoc", "; no account budget forecast"),
        debug);
  }

  /**
   * Slurm's expected start of the pending jobs of {@code qos} ({@code squeue --start}), by job id;
   * empty (and a warning) when squeue fails.
   */
  public Answer<Map<String, SqueueStart.Expected>> startEstimates(List<String> qos) {
    String squeue = Executables.beside(sacct, SlurmPrograms.SQUEUE);
    Failure<Map<String, SqueueStart.Expected>> failure =
        Failure.warn(Map.of(), "squeue --start", "; Slurm's start estimates are not published");
    return Executables.find(squeue, path).isEmpty()
        ? failure.notFound(squeue)
        : ask(() -> SqueueStart.command(squeue, qos, timeout), SqueueStart::parse, failure, false);
  }

  /**
   * What a lookup answers when its program ran and failed, when it could not be run or its output
   * could not be read, and (for lookups that look for their program first) when it is not there.
   */
  private record Failure<T>(
      BiFunction<Command, CommandResult, Answer<T>> exited,
      Function<Exception, Answer<T>> broken,
      Function<String, Answer<T>> missing) {
    Failure(
        BiFunction<Command, CommandResult, Answer<T>> exited,
        Function<Exception, Answer<T>> broken) {
      this(exited, broken, null);
    }

    /**
     * {@code empty}, and a warning naming the command (or {@code program}, or the executable not
     * found) and ending in {@code after} (what the output goes without).
     */
    static <T> Failure<T> warn(T empty, String program, String after) {
      return new Failure<>(
          (c, r) -> Answer.warn(empty, failed(c, r) + after),
          e -> Answer.warn(empty, "warning: " + program + ": " + e.getMessage() + after),
          executable -> Answer.warn(empty, "warning: " + executable + " not found" + after));
    }

    Answer<T> notFound(String executable) {
      return missing.apply(executable);
    }
  }

  /** {@link #answer} for output that {@code read} turns into a value without a warning. */
  private <T> Answer<T> ask(
      Supplier<Command> command, Function<String, T> read, Failure<T> failure, boolean debug) {
    return answer(command, out -> Answer.of(read.apply(out)), failure, debug);
  }

  /**
   * The one step of every lookup: runs the command {@code command} builds and reads its output with
   * {@code read}; a command that cannot be built, a program that fails or output that cannot be
   * read gives the failure's answer. Under {@code debug} the answer carries the command and its raw
   * output.
   */
  private <T> Answer<T> answer(
      Supplier<Command> command,
      Function<String, Answer<T>> read,
      Failure<T> failure,
      boolean debug) {
    try {
      Command c = command.get();
      CommandResult r = runner.run(c);
      if (!r.ok()) {
        return failure.exited().apply(c, r);
      }
      Answer<T> a = read.apply(r.stdout());
      return debug
          ? new Answer<>(a.value(), a.warning(), "# " + c.display() + "\n" + r.stdout())
          : a;
    } catch (CommandException | IllegalArgumentException e) {
      return failure.broken().apply(e);
    }
  }

  private static String failed(Command command, CommandResult r) {
    return "warning: "
        + command.display()
        + " failed (exit "
        + r.exitCode()
        + "): "
        + r.errorSummary();
  }
}
