package org.librarian.testing;

import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.Request;

/** Jobs of the QoS "q" as the tests of waiting make them: 1 GiB each, nothing known of its use. */
public final class Jobs {
  /** 1 GiB in KiB, the memory every such job holds and asked for. */
  public static final long GIB = 1L << 20;

  private Jobs() {}

  /**
   * {@code user}'s job {@code id}: eligible at {@code eligible} and waiting for {@code reason},
   * then holding {@code cpus} CPUs and {@code gpus} GPUs from {@code start} to {@code end} (epoch
   * seconds; {@link JobRecord#UNKNOWN} where it has not started or ended).
   */
  public static JobRecord waited(
      String id,
      String user,
      JobState state,
      long eligible,
      long start,
      long end,
      long cpus,
      long gpus,
      String reason) {
    return new JobRecord(
        id,
        user,
        "q",
        state,
        start,
        end,
        JobRecord.UNKNOWN,
        cpus,
        gpus,
        GIB,
        JobRecord.UNKNOWN,
        new Request(eligible, cpus, gpus, GIB, reason));
  }
}
