package org.librarian.testing;

import org.librarian.slurm.SacctReader;
import org.librarian.usage.BinGrid;
import org.librarian.usage.JobRecord;
import org.librarian.usage.UsageBinner;

/** What a sacct read finds, its job records binned into one binner (steps passed over). */
public final class BinnedJobs implements SacctReader.Sink {
  public final UsageBinner binner;

  public BinnedJobs(BinGrid grid) {
    binner = new UsageBinner(grid);
  }

  @Override
  public void job(JobRecord job) {
    binner.add(job);
  }

  /** Two parts of one read as one: {@code b}'s bins added into {@code a}'s. */
  public static BinnedJobs merge(BinnedJobs a, BinnedJobs b) {
    a.binner.merge(b.binner);
    return a;
  }
}
