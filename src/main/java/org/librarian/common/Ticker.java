package org.librarian.common;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The time deadlines are measured in, in nanoseconds from an arbitrary origin (as {@link
 * System#nanoTime()}), and the waiting for a task against it. {@link #SYSTEM} is the real one;
 * tests pass one that moves only when they say, so a deadline passes without waiting for it.
 */
public interface Ticker {
  /** Now, in nanoseconds; only differences between two readings mean anything. */
  long nanoTime();

  /**
   * Waits until the task is done or this ticker reads {@code untilNanos} or later.
   *
   * @return true when the task is done (with a result, an exception, or cancelled)
   */
  boolean await(Future<?> task, long untilNanos) throws InterruptedException;

  /** System.nanoTime, and a real wait. */
  Ticker SYSTEM =
      new Ticker() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public boolean await(Future<?> task, long untilNanos) throws InterruptedException {
          try {
            task.get(Math.max(0, untilNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
          } catch (TimeoutException e) {
            return false;
          } catch (ExecutionException | CancellationException e) {
            return true;
          }
        }
      };
}
