package org.librarian.common;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Pools of daemon threads under one name: work handed to them never keeps the process alive after
 * the command has ended (a part of a file, a chart, a group's files, a lane of counting).
 */
public final class DaemonPool {
  private DaemonPool() {}

  /** {@code threads} daemon threads, each named {@code name}; the caller shuts the pool down. */
  public static ExecutorService of(int threads, String name) {
    return Executors.newFixedThreadPool(threads, daemons(name));
  }

  /**
   * Up to {@code threads} daemon threads named {@code name}, each ending after a second without
   * work, so a pool its owner dropped unfinished leaves no thread behind; tasks beyond the threads
   * wait in an unbounded queue.
   */
  public static ExecutorService endingWhenIdle(int threads, String name) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads, threads, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons(name));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * What a task handed to a pool threw, to be thrown by the thread that waited for it as if the
   * task had run there: an Error is thrown from here, an unchecked exception is returned as it was,
   * and a checked one (which the caller did not handle itself) wrapped.
   */
  public static RuntimeException rethrown(ExecutionException e) {
    if (e.getCause() instanceof Error error) {
      throw error;
    }
    if (e.getCause() instanceof RuntimeException r) {
      return r;
    }
    return new IllegalStateException(e.getCause());
  }

  private static ThreadFactory daemons(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
