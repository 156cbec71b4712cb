package org.librarian.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fixed pool of daemon threads under one name: work handed to it never keeps the process alive
 * after the command has ended (a part of a file, a chart, a group's files). The caller shuts it
 * down.
 */
public final class DaemonPool {
  private DaemonPool() {}

  /** {@code threads} daemon threads, each named {@code name}. */
  public static ExecutorService of(int threads, String name) {
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }
}
