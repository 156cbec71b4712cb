package org.librarian.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Groups written on several threads look, from outside, as if written one after another. */
class InOrderTest {
  /** Long enough for a slow machine; what is asserted is the order, never how long it took. */
  static final long DEADLINE_SECONDS = 120;

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @Test
  void linesAndResultsComeInTheGroupsOrderThoughTheLastEndsFirst() {
    CountDownLatch lastEnded = new CountDownLatch(1);
    List<String> results =
        InOrder.run(
            List.of("a", "b", "c"),
            2,
            new PrintWriter(out),
            new PrintWriter(err),
            g ->
                (o, e) -> {
                  if (g.equals("a")) {
                    // a ends only after c, which starts once b has ended: all three ran at once
                    // on two threads, yet a's lines come first.
                    try {
                      assertTrue(lastEnded.await(DEADLINE_SECONDS, TimeUnit.SECONDS), "c ended");
                    } catch (InterruptedException x) {
                      throw new IllegalStateException(x);
                    }
                  }
                  o.println(g + ": written");
                  e.println(g + ": a warning");
                  if (g.equals("c")) {
                    lastEnded.countDown();
                  }
                  return g.toUpperCase();
                },
            g -> "failed " + g);
    assertEquals(List.of("A", "B", "C"), results);
    assertEquals("a: written\nb: written\nc: written\n", out.toString().replace("\r\n", "\n"));
    assertEquals(
        "a: a warning\nb: a warning\nc: a warning\n", err.toString().replace("\r\n", "\n"));
  }

  @Test
  void oneThreadRunsEachInTurnOnTheCallersThread() {
    Thread caller = Thread.currentThread();
    List<Boolean> onCaller =
        InOrder.run(
            List.of("a", "b"),
            1,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            g ->
                (o, e) -> {
                  o.println(g);
                  return Thread.currentThread() == caller;
                },
            g -> false);
    assertEquals(List.of(true, true), onCaller);
    assertEquals("a\nb\n", out.toString().replace("\r\n", "\n"));
  }

  @Test
  void anInterruptedCallerInterruptsTheGroupsAndGivesTheRestAsFailed() throws Exception {
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch interrupted = new CountDownLatch(2);
    List<List<String>> results = new CopyOnWriteArrayList<>();
    List<Boolean> passedOn = new CopyOnWriteArrayList<>();
    Thread caller =
        new Thread(
            () -> {
              results.add(
                  onTwoThreads(
                      g ->
                          (o, e) -> {
                            started.countDown();
                            try {
                              new CountDownLatch(1).await(DEADLINE_SECONDS, TimeUnit.SECONDS);
                              return "not interrupted";
                            } catch (InterruptedException x) {
                              interrupted.countDown();
                              return "interrupted";
                            }
                          }));
              passedOn.add(Thread.currentThread().isInterrupted());
            });
    caller.start();
    assertTrue(started.await(DEADLINE_SECONDS, TimeUnit.SECONDS), "both groups started");
    caller.interrupt();
    caller.join(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
    assertEquals(List.of(List.of("failed a", "failed b")), results);
    assertEquals(List.of(true), passedOn, "the interrupt is passed on");
    assertTrue(interrupted.await(DEADLINE_SECONDS, TimeUnit.SECONDS), "both were interrupted");
    assertEquals("", out.toString());
  }

  @Test
  void aGroupThatThrowsThrowsAsOnOneThread() {
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                onTwoThreads(
                    g ->
                        (o, e) -> {
                          if (g.equals("b")) {
                            throw new IllegalStateException("b broke");
                          }
                          return g;
                        }));
    assertEquals("b broke", thrown.getMessage());
  }

  /** Groups a and b on two threads, into this test's writers; a failed group is "failed NAME". */
  List<String> onTwoThreads(Function<String, InOrder.Task<String>> task) {
    return InOrder.run(
        List.of("a", "b"), 2, new PrintWriter(out), new PrintWriter(err), task, g -> "failed " + g);
  }
}
