package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.librarian.testing.Jobs;
import org.librarian.usage.WaitByShape.Cpus;
import org.librarian.usage.WaitByShape.Shape;
import org.librarian.usage.WaitByShape.Waits;

/**
 * Rule 4 on hand-made jobs. Window [1000000, 2000000). Ten jobs of 12 CPUs without GPUs waited 60,
 * 120, 300, 600, 700, 720, 900, 1800, 11160 and 20000 s: the median is the 5th (700 s, "within 12
 * min" rounded up) and p90 the 9th (11160 s = 3.1 h). One 1-CPU GPU job waited 30 s.
 */
class WaitByShapeTest {
  static final long U = JobRecord.UNKNOWN;
  static final long W0 = 1_000_000;
  static final long NOW = 2_000_000;

  static JobRecord job(long cpus, long gpus, long eligible, long start) {
    return new JobRecord(
        "j",
        "ann",
        "q",
        JobState.COMPLETED,
        start,
        U,
        U,
        cpus,
        gpus,
        1024,
        U,
        new Request(eligible, cpus, gpus, 1024, "None"),
        null,
        null);
  }

  @Test
  void percentilesAndSentenceByShape() {
    WaitByShape w = new WaitByShape(W0, NOW);
    long[] waits = {1800, 60, 20000, 120, 300, 600, 11160, 700, 720, 900};
    for (long s : waits) {
      w.add(job(12, 0, W0 + 5000, W0 + 5000 + s));
    }
    w.add(job(1, 2, W0 + 100, W0 + 130));
    w.add(job(12, 0, W0 - 500, W0 - 10)); // started before the window
    w.add(job(12, 0, U, W0 + 10)); // eligible unknown
    w.add(job(12, 0, W0 + 20, W0 + 10)); // eligible after start: not a wait
    w.add(job(12, 0, W0 + 20, U)); // never started
    w.add(job(12, 0, NOW - 5, NOW)); // starts at now: outside [start, now)
    w.add(
        Jobs.held(
            "x",
            "ann",
            "q",
            JobState.COMPLETED,
            W0 + 1,
            U,
            U,
            12,
            0,
            1024,
            JobRecord.UNKNOWN)); // no request

    List<Waits> r = w.report();
    assertEquals(
        List.of(
            new Waits(new Shape(Cpus.ONE, true), 1, 30, 30),
            new Waits(new Shape(Cpus.UP_TO_32, false), 10, 700, 11160)),
        r);
    assertEquals(
        "Jobs of 9\u201332 CPUs without GPUs started within 12 min half the time and within 3.1 h nine"
            + " times in ten.",
        r.get(1).sentence());
    assertEquals(
        "Jobs of 1 CPU with GPUs started within 30 s half the time and within 30 s nine times in ten.",
        r.get(0).sentence());
    assertEquals("9-32", r.get(1).shape().key());
    assertEquals("1+gpu", r.get(0).shape().key());
  }

  @Test
  void cpuClassBoundaries() {
    assertEquals(Cpus.ONE, Cpus.of(1));
    assertEquals(Cpus.UP_TO_8, Cpus.of(2));
    assertEquals(Cpus.UP_TO_8, Cpus.of(8));
    assertEquals(Cpus.UP_TO_32, Cpus.of(9));
    assertEquals(Cpus.UP_TO_32, Cpus.of(32));
    assertEquals(Cpus.UP_TO_128, Cpus.of(33));
    assertEquals(Cpus.UP_TO_128, Cpus.of(128));
    assertEquals(Cpus.MORE, Cpus.of(129));
    assertEquals("more than 128 CPUs", Cpus.MORE.words());
  }

  /** Durations are rounded up, so "within" stays true; every number carries its unit. */
  @Test
  void durationsRoundUpWithUnits() {
    assertEquals("at once", WaitByShape.within(0));
    assertEquals("within 89 s", WaitByShape.within(89));
    assertEquals("within 2 min", WaitByShape.within(90));
    assertEquals("within 12 min", WaitByShape.within(661));
    assertEquals("within 90 min", WaitByShape.within(90 * 60 - 1));
    assertEquals("within 1.5 h", WaitByShape.within(90 * 60));
    assertEquals("within 3.2 h", WaitByShape.within(11161));
    assertEquals("within 48 h", WaitByShape.within(48 * 3600 - 1));
    assertEquals("within 2 d", WaitByShape.within(48 * 3600));
    assertEquals("within 3.1 d", WaitByShape.within(3 * 86400 + 1));
  }

  /** Nearest rank: of 10 values the median is the 5th and p90 the 9th; of 1 value both are it. */
  @Test
  void nearestRank() {
    assertEquals(4, WaitByShape.rank(50, 10));
    assertEquals(8, WaitByShape.rank(90, 10));
    assertEquals(0, WaitByShape.rank(90, 1));
    assertEquals(9, WaitByShape.rank(90, 11));
  }
}
