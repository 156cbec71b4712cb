package org.librarian.testing;

import org.librarian.usage.QosUsage;

/** A sacct read's records counted into one {@link QosUsage}, as the pipeline's sink counts them. */
public final class UsageRecords extends RecordSink {
  public final QosUsage usage;

  public UsageRecords(QosUsage usage) {
    super(usage::add, usage::addStep);
    this.usage = usage;
  }

  @Override
  public void malformed(String qos) {
    usage.addMalformed(qos);
  }

  /** Another part's records added to these (a file read in parallel parts). */
  public UsageRecords merge(UsageRecords other) {
    usage.merge(other.usage);
    return this;
  }
}
