package org.librarian.run;

import java.nio.file.Path;

/** A second process for {@link RunLockAcrossProcessesTest}: takes the lock, says so, holds it until stdin closes. */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (RunLock lock = RunLock.tryAcquire(Path.of(args[0]), "pid=" + ProcessHandle.current().pid() + " holder")) {
      System.out.println(lock == null ? "busy" : "held");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock until the test closes our stdin
      }
    }
  }
}
