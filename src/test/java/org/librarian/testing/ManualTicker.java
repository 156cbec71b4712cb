package org.librarian.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.librarian.common.Ticker;

/**
 * A ticker that reads 0 until a test moves it: a deadline passes when the test says, at once,
 * whatever the wall clock does.
 */
public final class ManualTicker implements Ticker {
  private long now;

  /** Every task waited for, in the order the waits began. */
  private final List<Future<?>> awaited = new ArrayList<>();

  /** How many of the tasks waited for so far are done. */
  public synchronized int done() {
    return (int) awaited.stream().filter(Future::isDone).count();
  }

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  /** Reads {@code sinceStart} from now on, unless it already reads more (it never goes back). */
  public synchronized void moveTo(Duration sinceStart) {
    now = Math.max(now, sinceStart.toNanos());
    notifyAll();
  }

  @Override
  public synchronized boolean await(Future<?> task, long untilNanos) throws InterruptedException {
    awaited.add(task);
    while (!task.isDone() && now - untilNanos < 0) {
      wait(10); // moveTo wakes this at once; a task's end tells nobody, so look again
    }
    return task.isDone();
  }
}
