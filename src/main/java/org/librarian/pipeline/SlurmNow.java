package org.librarian.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.librarian.slurm.SqueueStart;
import org.librarian.usage.BudgetSentence;
import org.librarian.usage.FairShare;
import org.librarian.usage.FairShareReport;
import org.librarian.usage.QosReport;
import org.librarian.usage.QosUsage;
import org.librarian.usage.UserNames;
import org.librarian.usage.WaitingJob;

/**
 * What Slurm says at the run besides sacct, asked once for every QoS: sshare for the fair share of
 * the accounts of their jobs (with scontrol's {@code PriorityDecayHalfLife}), and {@code squeue
 * --start} for the expected start of their pending jobs. Each failure is a warning; the report then
 * goes without that part.
 *
 * @param fairShare sshare's rows, empty when it was not asked or failed
 * @param decay the decay half-life and reset period, or null when not known
 * @param starts Slurm's expected starts by job id, or null when squeue was not asked
 * @param at when they were asked, epoch seconds
 */
record SlurmNow(
    List<FairShare> fairShare,
    BudgetSentence.Decay decay,
    Map<String, SqueueStart.Expected> starts,
    long at) {

  /** Nothing asked (a saved file, a replay, a fixed range). */
  static SlurmNow none(long at) {
    return new SlurmNow(List.of(), null, null, at);
  }

  /**
   * One sshare, one scontrol show config (when sshare answered or {@code budgets}: some budget was
   * read) and one squeue --start.
   */
  static SlurmNow ask(
      RecordReader reader, List<String> qos, QosUsage usage, long at, boolean budgets) {
    Set<String> accounts = new TreeSet<>();
    boolean anyWaiting = false;
    for (String q : qos) {
      accounts.addAll(usage.accounts(q));
      anyWaiting |= !usage.waitingJobs(q).isEmpty();
    }
    List<FairShare> rows =
        accounts.isEmpty()
            ? List.of()
            : reader.said(reader.lookups().fairShare(List.copyOf(accounts)));
    BudgetSentence.Decay decay =
        rows.isEmpty() && !budgets ? null : reader.said(reader.lookups().decay());
    Map<String, SqueueStart.Expected> starts =
        anyWaiting ? reader.said(reader.lookups().startEstimates(reader.squeueQos(qos))) : Map.of();
    return new SlurmNow(rows, decay, starts, at);
  }

  /**
   * {@code report} with the rows of the accounts of its jobs (users as published; hidden users left
   * out) and its waiting jobs with Slurm's estimates.
   */
  QosReport addTo(QosReport report, QosUsage usage, UserNames names) {
    Set<String> mine = usage.accounts(report.qos());
    List<FairShare> rows = new ArrayList<>();
    for (FairShare r : fairShare) {
      if (!mine.contains(r.account()) || (!r.user().isEmpty() && names.hides(r.user()))) {
        continue;
      }
      rows.add(
          r.user().isEmpty()
              ? r
              : new FairShare(
                  r.account(),
                  names.of(r.user()),
                  r.rawShares(),
                  r.normShares(),
                  r.rawUsage(),
                  r.effectvUsage(),
                  r.fairShare(),
                  r.levelFs()));
    }
    FairShareReport fair =
        rows.isEmpty()
            ? null
            : new FairShareReport(rows, decay == null ? null : decay.halfLife().toSeconds(), at);
    List<WaitingJob> waiting = null;
    if (starts != null) {
      waiting =
          usage.waitingJobs(report.qos()).stream()
              .map(
                  j -> {
                    SqueueStart.Expected e = starts.get(j.jobId());
                    return j.withSlurmStart(e == null ? null : e.startEpoch());
                  })
              .toList();
    }
    return report.withSlurmNow(fair, waiting);
  }
}
