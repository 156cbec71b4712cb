package org.librarian.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.librarian.slurm.SacctReader;
import org.librarian.usage.FinishedRuns;
import org.librarian.usage.JobRecord;
import org.librarian.usage.QosUsage;
import org.librarian.usage.StepRecord;
import org.librarian.usage.UserNames;

/** Job records into the per-QoS usage. */
public final class UsageSink implements SacctReader.Sink {
  public final QosUsage usage;

  /**
   * Users whose finished jobs notify reports (jobs_finished rules), and those jobs of the last day.
   */
  final Set<String> watched;

  public final List<FinishedJob> finished = new ArrayList<>();

  /**
   * A finished job for its message, with the largest peak memory of its steps ({@link
   * StepRecord#memoryUsedKib()}: all their tasks), -1 when no step said.
   */
  public record FinishedJob(JobRecord job, long peakMemoryKib) {}

  /** The names users are counted (and so published) under. */
  public final UserNames names;

  UsageSink(QosUsage usage) {
    this(usage, Set.of(), UserNames.REAL);
  }

  UsageSink(QosUsage usage, Set<String> watched, UserNames names) {
    this(usage, watched, names, null);
  }

  /** The finished runs for the job archive, or null when nothing is archived. */
  public final FinishedRuns archive;

  UsageSink(QosUsage usage, Set<String> watched, UserNames names, FinishedRuns archive) {
    this.usage = usage;
    this.watched = watched;
    this.names = names;
    this.archive = archive;
  }

  /** Whether the last job read was a hidden user's: its steps are left out with it. */
  private boolean skippingSteps;

  @Override
  public void job(JobRecord job) {
    // A hidden user's jobs are dropped here, before anything is counted: no total, count, row or
    // message has them.
    skippingSteps = names.hides(job.user());
    if (skippingSteps) {
      if (archive != null) {
        archive.pass();
      }
      return;
    }
    JobRecord counted = names.changesNames() ? job.withUser(names.of(job.user())) : job;
    if (!usage.add(counted)) {
      if (archive != null) {
        archive.pass();
      }
      return; // another QoS's, or a run already counted
    }
    if (archive != null) {
      archive.add(counted, usage.ownerOf(job));
    }
    // Notifications of finished jobs go to the configured channels under the real name; nothing
    // published has it.
    if (!watched.isEmpty()
        && watched.contains(job.user())
        && job.finished()
        && job.end() >= usage.grid().now() - Collection.FINISHED_LOOKBACK
        && usage.ownerOf(job) != null) {
      finished.add(new FinishedJob(job, -1));
    }
  }

  @Override
  public void newRunsOnly() {
    usage.newRunsOnly();
  }

  @Override
  public void malformed(String qos) {
    usage.addMalformed(qos);
  }

  @Override
  public void step(StepRecord step) {
    if (skippingSteps) {
      return;
    }
    usage.addStep(step);
    // Steps follow their job: those of the finished job just kept give its peak memory.
    int last = finished.size() - 1;
    if (last >= 0
        && finished.get(last).job().jobId().equals(step.jobId())
        && step.memoryUsedKib() > finished.get(last).peakMemoryKib()) {
      finished.set(last, new FinishedJob(finished.get(last).job(), step.memoryUsedKib()));
    }
    if (archive != null) {
      archive.add(step);
    }
  }
}
