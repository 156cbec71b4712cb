package org.librarian.testing;

import org.librarian.slurm.SacctReader;
import org.librarian.usage.JobRecord;
import org.librarian.usage.QosUsage;
import org.librarian.usage.StepRecord;

/** A sacct read's records counted into one {@link QosUsage}, as the pipeline's sink counts them. */
public final class UsageRecords implements SacctReader.Sink {
  public final QosUsage usage;

  public UsageRecords(QosUsage usage) {
    this.usage = usage;
  }

  @Override
  public void job(JobRecord job) {
    usage.add(job);
  }

  @Override
  public void malformed(String qos) {
    usage.addMalformed(qos);
  }

  @Override
  public void step(StepRecord step) {
    usage.addStep(step);
  }

  /** Another part's records added to these (a file read in parallel parts). */
  public UsageRecords merge(UsageRecords other) {
    usage.merge(other.usage);
    return this;
  }
}
