package org.librarian.run;

import java.nio.file.Path;

/**
 * A second process for the lock tests: takes the lock (as {@code args[1]} when given, the way a run
 * writes it), says so, holds it until stdin closes.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (RunLock lock =
        RunLock.tryAcquire(
            Path.of(args[0]),
            "pid="
                + ProcessHandle.current().pid()
                + " holder"
                + (args.length > 1 ? " " + args[1] : ""))) {
      System.out.println(lock == null ? "busy" : "held");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock until the test closes our stdin
      }
    }
  }
}
