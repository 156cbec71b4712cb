package org.librarian.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;

/**
 * The one way tests wait: check a condition until it holds, failing after a deadline long enough
 * for a slow machine with a message that says what was awaited (and what was seen). Never a sleep
 * standing in for the condition; the pause between checks only spares the machine.
 */
public final class Poll {
  private Poll() {}

  /** A condition that may need a program or a file to tell. */
  @FunctionalInterface
  public interface Check {
    boolean holds() throws Exception;
  }

  /** What the failure adds, read when the deadline passes. */
  @FunctionalInterface
  public interface Seen {
    String get() throws Exception;
  }

  /**
   * Checks every {@code every} until {@code check} holds; fails after {@code limit} with "waited N
   * s for {what}" and {@code seen}, read at that moment.
   */
  public static void until(Duration limit, Duration every, String what, Seen seen, Check check)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        fail("waited " + limit.toSeconds() + " s for " + what + seen.get());
      }
      Thread.sleep(every.toMillis());
    }
  }
}
