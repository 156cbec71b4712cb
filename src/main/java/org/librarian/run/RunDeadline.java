package org.librarian.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.librarian.common.Ticker;

/**
 * The deadline of one {@code run}: each step runs on a worker thread of its own, and a step still
 * going at the deadline is abandoned (interrupted, never waited for again) so that the rest of the
 * run goes on. Collecting and drawing must end by the deadline; publishing (deploy, notify) also,
 * except that once the deadline has passed it may still use the time up to the end of the interval,
 * so a run whose collecting overran still publishes what it has and ends before the next run
 * starts. Abandoned steps can only leave whole files behind: every file librarian writes is written
 * atomically.
 */
public final class RunDeadline {
  /** A step ran past the deadline (or had no time left to start) and was abandoned. */
  public static final class Abandoned extends Exception {
    private static final long serialVersionUID = 1L;

    Abandoned(String step, Duration limit) {
      super(
          step
              + " was abandoned: it did not end within the run's deadline of "
              + limit.toSeconds()
              + " s");
    }
  }

  private final Duration deadline;
  private final Ticker ticker;
  private final long startNanos;
  private final long deadlineNanos;
  private final long endNanos;
  private final List<String> abandoned = new ArrayList<>();

  /**
   * @param deadline from now; {@code interval} (the end of the publishing grace) is at least as
   *     long
   * @param ticker the time both are measured in ({@link Ticker#SYSTEM} but in tests)
   */
  public RunDeadline(Duration deadline, Duration interval, Ticker ticker) {
    this.deadline = deadline;
    this.ticker = ticker;
    this.startNanos = ticker.nanoTime();
    this.deadlineNanos = startNanos + deadline.toNanos();
    this.endNanos = startNanos + Math.max(deadline.toNanos(), interval.toNanos());
  }

  public Duration deadline() {
    return deadline;
  }

  /** The steps abandoned so far, in order. */
  public synchronized List<String> abandoned() {
    return List.copyOf(abandoned);
  }

  /** Runs a collecting or drawing step; it must end by the deadline. */
  public <T> T step(String name, Callable<T> work) throws Abandoned, Exception {
    return within(name, deadlineNanos, work);
  }

  /**
   * Runs a publishing step: by the deadline, or when that has passed, by the end of the interval.
   */
  public <T> T publish(String name, Callable<T> work) throws Abandoned, Exception {
    return within(name, ticker.nanoTime() - deadlineNanos < 0 ? deadlineNanos : endNanos, work);
  }

  private <T> T within(String name, long untilNanos, Callable<T> work) throws Abandoned, Exception {
    if (untilNanos - ticker.nanoTime() <= 0) {
      return abandon(name);
    }
    FutureTask<T> task = new FutureTask<>(work);
    Thread worker = new Thread(task, "librarian-run-" + name);
    // A hung step must not keep the process alive once the run has ended.
    worker.setDaemon(true);
    worker.start();
    try {
      if (!ticker.await(task, untilNanos)) {
        task.cancel(true);
        return abandon(name);
      }
      return task.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception x) {
        throw x;
      }
      if (cause instanceof Error x) {
        throw x;
      }
      throw e;
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  private synchronized <T> T abandon(String name) throws Abandoned {
    abandoned.add(name);
    throw new Abandoned(name, deadline);
  }
}
