package org.librarian.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.librarian.usage.BinGrid;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.Request;
import org.librarian.usage.UsageBinner;
import org.librarian.usage.UsageReport;

/** Jobs of the QoS "q" as the tests of waiting make them: 1 GiB each, nothing known of its use. */
public final class Jobs {
  /** 1 GiB in KiB, the memory every such job holds and asked for. */
  public static final long GIB = 1L << 20;

  private Jobs() {}

  /**
   * {@code user}'s job {@code id} in {@code qos}, holding {@code cpus} CPUs, {@code gpus} GPUs and
   * {@code memoryKib} KiB from {@code start} to {@code end} (epoch seconds), with {@code cpuMillis}
   * of CPU time ({@link JobRecord#UNKNOWN}: not known) and nothing known of what it asked for, its
   * origin or its detail.
   */
  public static JobRecord held(
      String id,
      String user,
      String qos,
      JobState state,
      long start,
      long end,
      long elapsed,
      long cpus,
      long gpus,
      long memoryKib,
      long cpuMillis) {
    return new JobRecord(
        id, user, qos, state, start, end, elapsed, cpus, gpus, memoryKib, cpuMillis, null, null,
        null);
  }

  /**
   * {@code user}'s job {@code id} in QoS q, as it asked ({@code request}) and as it was set ({@code
   * detail}): {@code cpus} CPUs and {@code memoryKib} KiB, no GPUs, from {@code start} to {@code
   * end} (epoch seconds, its elapsed time) with {@code cpuMillis} of CPU time.
   */
  public static JobRecord ended(
      String id,
      String user,
      JobState state,
      Request request,
      JobRecord.Detail detail,
      long start,
      long end,
      long cpus,
      long memoryKib,
      long cpuMillis) {
    long elapsed = end - start;
    return new JobRecord(
        id, user, "q", state, start, end, elapsed, cpus, 0, memoryKib, cpuMillis, request, null,
        detail);
  }

  /** A binner of the {@code hours} whole hours before {@code now}, in hourly bins in UTC. */
  public static UsageBinner lastHours(Instant now, int hours) {
    return new UsageBinner(
        BinGrid.rolling(now, Duration.ofHours(hours), Duration.ofHours(1), ZoneOffset.UTC));
  }

  /**
   * {@link #held} for a COMPLETED job of no QoS in particular whose elapsed time Slurm did not
   * give.
   */
  public static JobRecord ran(
      String id, String user, long start, long end, long cpus, long gpus, long memoryKib) {
    return held(
        id,
        user,
        "",
        JobState.COMPLETED,
        start,
        end,
        JobRecord.UNKNOWN,
        cpus,
        gpus,
        memoryKib,
        JobRecord.UNKNOWN);
  }

  /**
   * {@code user}'s COMPLETED job {@code id} in QoS q: {@code cpus} CPUs from {@code start} to
   * {@code end} (epoch seconds) with {@code usedMillis} of CPU time, eligible at {@code eligible}
   * and, when that is before its start, held back by the QoS CPU limit.
   */
  public static JobRecord completed(
      String id, String user, long start, long end, long cpus, long usedMillis, long eligible) {
    return new JobRecord(
        id,
        user,
        "q",
        JobState.COMPLETED,
        start,
        end,
        end - start,
        cpus,
        0,
        0,
        usedMillis,
        new Request(eligible, cpus, 0, 0, eligible < start ? "QOSGrpCpuLimit" : "None"),
        null,
        null);
  }

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
        new Request(eligible, cpus, gpus, GIB, reason),
        null,
        null);
  }

  /**
   * {@link #waited} with its times counted from {@code grid}'s start: eligible then, holding its
   * CPUs and GPUs from {@code startAfter} to {@code endAfter} seconds after it, and COMPLETED.
   */
  public static JobRecord waitedFromTheStart(
      BinGrid grid,
      String id,
      String user,
      long startAfter,
      long endAfter,
      long cpus,
      long gpus,
      String reason) {
    long t = grid.start();
    return waited(
        id, user, JobState.COMPLETED, t, t + startAfter, t + endAfter, cpus, gpus, reason);
  }

  /**
   * The usage of ann's job 1 alone on {@code grid}: {@code cpus} CPUs and {@code gpus} GPUs for the
   * grid's first 2 hours, 1 GiB, COMPLETED.
   */
  public static UsageReport annsFirstTwoHours(BinGrid grid, long cpus, long gpus) {
    UsageBinner b = new UsageBinner(grid);
    b.add(ran("1", "ann", grid.start(), grid.start() + 7200, cpus, gpus, GIB));
    return b.report();
  }
}
