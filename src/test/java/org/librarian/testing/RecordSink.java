package org.librarian.testing;

import java.util.function.Consumer;
import org.librarian.slurm.SacctReader;
import org.librarian.usage.JobRecord;
import org.librarian.usage.StepRecord;

/** A sacct read's job records to one consumer and its step records to another; lines dropped. */
public class RecordSink implements SacctReader.Sink {
  private final Consumer<JobRecord> jobs;
  private final Consumer<StepRecord> steps;

  public RecordSink(Consumer<JobRecord> jobs, Consumer<StepRecord> steps) {
    this.jobs = jobs;
    this.steps = steps;
  }

  @Override
  public void job(JobRecord job) {
    jobs.accept(job);
  }

  @Override
  public void step(StepRecord step) {
    steps.accept(step);
  }
}
