package org.librarian.usage;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.librarian.common.DaemonPool;

/**
 * Where {@link QosUsage} counts its groups' records: on the caller's thread (one lane), or on
 * several lanes beside it, each group on one of them. A lane counts its groups' records in the
 * order they were given, so every group's state is exactly what one thread would have counted; only
 * different groups are counted at once. At a centre's scale, counting was three quarters of the
 * reading, all on one thread, while the second core stayed half idle.
 *
 * <p>Records go over in batches of {@value #BATCH}, at most {@value #WAITING} waiting per lane (the
 * caller waits for room, so memory does not grow with the input). A lane is not a thread of its
 * own: a task drains it while it has batches, on daemon threads that end when idle, so a count that
 * is thrown away unfinished leaves nothing waiting. A failure while counting (a bug, an Error) is
 * thrown by the next record handed over or by {@link #finish()}; what is handed over after it is
 * dropped.
 */
final class CountingLanes {
  static final int BATCH = 1024;
  static final int WAITING = 4;

  private final Lane[] lanes;
  private final ExecutorService pool;
  private volatile Throwable failure;
  private int nextLane;

  /** {@code count} lanes; 1 counts on the caller's thread. */
  CountingLanes(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("lanes: " + count);
    }
    this.lanes = new Lane[count == 1 ? 0 : count];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new Lane();
    }
    // At most one task per lane is ever queued or running, so the queue stays short.
    this.pool = lanes.length == 0 ? null : DaemonPool.endingWhenIdle(count, "counting");
  }

  /** The lane of the next new group: round the lanes in turn. */
  int next() {
    if (lanes.length == 0) {
      return 0;
    }
    int lane = nextLane;
    nextLane = (nextLane + 1) % lanes.length;
    return lane;
  }

  /** Counts a job record for its group, now or on the group's lane. */
  void job(QosUsage.Counted group, JobRecord job) {
    if (lanes.length == 0) {
      group.add(job);
    } else {
      put(group, job);
    }
  }

  /** Counts a step record for its job's group, now or on the group's lane. */
  void step(QosUsage.Counted group, StepRecord step) {
    if (lanes.length == 0) {
      group.add(step);
    } else {
      put(group, step);
    }
  }

  /**
   * Waits until every record handed over is counted, and throws a lane's failure. Records may be
   * handed over again afterwards.
   */
  void finish() {
    for (Lane lane : lanes) {
      if (lane.size > 0) {
        Object[] last = new Object[lane.size];
        System.arraycopy(lane.batch, 0, last, 0, lane.size);
        lane.size = 0;
        handOver(lane, last);
      }
    }
    for (Lane lane : lanes) {
      // Every permit back: no batch waits or is being counted; the semaphore also makes what the
      // lane counted visible here.
      lane.room.acquireUninterruptibly(WAITING);
      lane.room.release(WAITING);
    }
    failed();
  }

  private void put(QosUsage.Counted group, Object record) {
    Lane lane = lanes[group.lane];
    lane.batch[lane.size++] = group;
    lane.batch[lane.size++] = record;
    if (lane.size == lane.batch.length) {
      Object[] full = lane.batch;
      lane.batch = new Object[2 * BATCH];
      lane.size = 0;
      handOver(lane, full);
    }
  }

  private void handOver(Lane lane, Object[] batch) {
    failed();
    lane.room.acquireUninterruptibly();
    lane.queue.add(batch);
    if (lane.scheduled.compareAndSet(false, true)) {
      pool.execute(() -> drain(lane));
    }
  }

  /** Counts a lane's batches until none is left; one such task per lane at a time. */
  private void drain(Lane lane) {
    while (true) {
      for (Object[] batch = lane.queue.poll(); batch != null; batch = lane.queue.poll()) {
        if (failure == null) {
          try {
            count(batch);
          } catch (RuntimeException | Error e) {
            failure = e;
          }
        }
        lane.room.release();
      }
      lane.scheduled.set(false);
      // A batch added after the last poll but before the flag was cleared found the task still
      // scheduled: take it on, unless another task already has.
      if (lane.queue.isEmpty() || !lane.scheduled.compareAndSet(false, true)) {
        return;
      }
    }
  }

  private static void count(Object[] batch) {
    for (int i = 0; i < batch.length; i += 2) {
      QosUsage.Counted group = (QosUsage.Counted) batch[i];
      if (batch[i + 1] instanceof JobRecord job) {
        group.add(job);
      } else {
        group.add((StepRecord) batch[i + 1]);
      }
    }
  }

  private void failed() {
    Throwable f = failure;
    if (f instanceof RuntimeException r) {
      throw r;
    }
    if (f instanceof Error e) {
      throw e;
    }
  }

  /** One lane: the batch being filled by the caller, and those waiting to be counted. */
  private static final class Lane {
    Object[] batch = new Object[2 * BATCH];
    int size;
    final ConcurrentLinkedQueue<Object[]> queue = new ConcurrentLinkedQueue<>();
    final Semaphore room = new Semaphore(WAITING);
    final AtomicBoolean scheduled = new AtomicBoolean();
  }
}
