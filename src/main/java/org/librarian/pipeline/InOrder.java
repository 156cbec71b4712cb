package org.librarian.pipeline;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.librarian.common.DaemonPool;

/**
 * One task per group, run on up to {@code threads} threads, that looks from outside as if they ran
 * one after another: each task prints into its own buffers, which reach {@code out} and {@code err}
 * in the groups' order (a group's lines together, after those of every group before it), and the
 * results come back in that order. A centre writes 2,000 groups' reports and files a run; on one
 * thread the second core stayed half idle.
 */
final class InOrder {
  private InOrder() {}

  /** A group's work, printing into the writers it is given. */
  interface Task<T> {
    T run(PrintWriter out, PrintWriter err);
  }

  /**
   * Runs {@code task} for each of {@code items} and returns the results in their order. When the
   * calling thread is interrupted while it waits, the tasks not yet finished are interrupted too,
   * and the interrupt is passed on: the results so far are returned and the rest are {@code
   * failed(item)}.
   */
  static <I, T> List<T> run(
      List<I> items,
      int threads,
      PrintWriter out,
      PrintWriter err,
      Function<I, Task<T>> task,
      Function<I, T> failed) {
    if (threads <= 1 || items.size() <= 1) {
      List<T> results = new ArrayList<>();
      for (I item : items) {
        results.add(task.apply(item).run(out, err));
      }
      return results;
    }
    ExecutorService pool = DaemonPool.of(Math.min(threads, items.size()), "group-writer");
    try {
      List<Future<Printed<T>>> futures = new ArrayList<>();
      for (I item : items) {
        futures.add(
            pool.submit(
                () -> {
                  StringWriter o = new StringWriter();
                  StringWriter e = new StringWriter();
                  try (PrintWriter po = new PrintWriter(o);
                      PrintWriter pe = new PrintWriter(e)) {
                    T result = task.apply(item).run(po, pe);
                    po.flush();
                    pe.flush();
                    return new Printed<>(result, o.toString(), e.toString());
                  }
                }));
      }
      List<T> results = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Printed<T> p;
        try {
          p = futures.get(i).get();
        } catch (InterruptedException x) {
          futures.forEach(f -> f.cancel(true));
          Thread.currentThread().interrupt();
          for (int j = i; j < items.size(); j++) {
            results.add(failed.apply(items.get(j)));
          }
          return results;
        } catch (ExecutionException x) {
          // A task that throws is a bug of its own: rethrown as it was, as on one thread.
          throw DaemonPool.rethrown(x);
        }
        out.print(p.out());
        err.print(p.err());
        out.flush();
        err.flush();
        results.add(p.result());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private record Printed<T>(T result, String out, String err) {}
}
