package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.librarian.testing.Jobs;

/** Runs told apart by JobID text and Start, packed or not, and shared by parallel parts. */
class SeenRunsTest {
  private static final long S = 1_700_000_000L;

  @Test
  void aRunIsNewOnceAndTheSameRunAgainIsNot() {
    SeenRuns runs = new SeenRuns();
    assertTrue(runs.add("123", S));
    assertFalse(runs.add("123", S));
    assertTrue(runs.add("123", S + 1), "a requeued run: same JobID, its own Start");
    assertEquals(2, runs.size());
  }

  @Test
  void arrayTaskHetComponentAndPlainJobAreDifferentRuns() {
    SeenRuns runs = new SeenRuns();
    // 123_4 packs as (123, task 4), 1234 as (1234, plain), 123+0 as (123, het 0), 123 as (123,
    // plain), 123_0 as (123, task 0): five different runs with one Start.
    for (String id : List.of("123_4", "1234", "123+0", "123", "123_0", "123+4")) {
      assertTrue(runs.add(id, S), id);
    }
    for (String id : List.of("123_4", "1234", "123+0", "123", "123_0", "123+4")) {
      assertFalse(runs.add(id, S), id);
    }
    assertEquals(6, runs.size());
    assertNotEquals(PackedJobId.pack("123_4"), PackedJobId.pack("1234"));
    assertNotEquals(PackedJobId.pack("123+0"), PackedJobId.pack("123"));
  }

  @Test
  void unknownStartIsARunOfItsOwn() {
    SeenRuns runs = new SeenRuns();
    assertTrue(runs.add("77", JobRecord.UNKNOWN));
    assertFalse(runs.add("77", JobRecord.UNKNOWN));
    assertTrue(runs.add("77", S));
    assertTrue(runs.add("77", 0), "Start 0 (1970) is not Start unknown");
    // The same for a JobID that is not packed.
    assertTrue(runs.add("77_[1-3]", JobRecord.UNKNOWN));
    assertFalse(runs.add("77_[1-3]", JobRecord.UNKNOWN));
    assertTrue(runs.add("77_[1-3]", 0));
    assertEquals(5, runs.size());
  }

  @Test
  void jobIdsThatDoNotPackAreStillTold() {
    // A pending array, leading zeros, a job number of 2^32 (one past Slurm's 32 bits), a task of
    // 2^30, an empty task, two separators, a step, letters: each kept as its text.
    List<String> others =
        List.of(
            "123_[1-10%2]",
            "0123",
            "123_04",
            "4294967296",
            "5_1073741824",
            "5_",
            "5+1_2",
            "5.batch",
            "abc",
            "12345678901");
    for (String id : others) {
      assertEquals(0, PackedJobId.pack(id), id);
    }
    // The largest that pack: job 2^32 - 1, task and component 2^30 - 1.
    assertNotEquals(0, PackedJobId.pack("4294967295"));
    assertNotEquals(0, PackedJobId.pack("5_1073741823"));
    assertNotEquals(0, PackedJobId.pack("5+1073741823"));
    assertNotEquals(0, PackedJobId.pack("0"));
    SeenRuns runs = new SeenRuns();
    for (String id : others) {
      assertTrue(runs.add(id, S), id);
    }
    // "0123" and "123", "123_04" and "123_4" are different texts, so different runs.
    assertTrue(runs.add("123", S));
    assertTrue(runs.add("123_4", S));
    for (String id : others) {
      assertFalse(runs.add(id, S), id);
    }
    assertEquals(others.size() + 2, runs.size());
  }

  /**
   * Looking a run up adds nothing: 123@S and 123_4@S are in, 1234@S (plain, not the task) and 123@S
   * + 1 are not, a pending array is found by its text, and a run key reads back as its run.
   */
  @Test
  void aRunIsFoundWithoutBeingAdded() {
    SeenRuns runs = new SeenRuns();
    runs.add("123", S);
    runs.add("123_4", S);
    runs.add("9_[1-3]", JobRecord.UNKNOWN);
    assertTrue(runs.contains("123", S));
    assertTrue(runs.contains("123_4", S));
    assertFalse(runs.contains("1234", S));
    assertFalse(runs.contains("123", S + 1));
    assertTrue(runs.contains("9_[1-3]", JobRecord.UNKNOWN));
    assertFalse(runs.contains("9_[1-3]", S));
    assertTrue(runs.containsKey("123_4@" + S));
    assertTrue(runs.containsKey("9_[1-3]@none"));
    assertFalse(runs.containsKey("123@none"));
    assertEquals(3, runs.size());
  }

  @Test
  void aTableThatGrowsKeepsEveryRun() {
    SeenRuns runs = new SeenRuns();
    // 100,000 runs: 50,000 job numbers × 2 Starts, spread over the 64 stripes, each growing from 16
    // slots many times over.
    for (int j = 1; j <= 50_000; j++) {
      assertTrue(runs.add(Integer.toString(j), S));
      assertTrue(runs.add(Integer.toString(j), S + j));
    }
    for (int j = 1; j <= 50_000; j++) {
      assertFalse(runs.add(Integer.toString(j), S));
      assertFalse(runs.add(Integer.toString(j), S + j));
      assertTrue(runs.contains(Integer.toString(j), S + j));
      assertFalse(runs.contains(Integer.toString(j), S - j));
    }
    assertEquals(100_000, runs.size());
  }

  /**
   * Two parts of one input in two threads, each giving all 20,000 runs (10,000 jobs × 2 Starts) in
   * its own order: every run is new to exactly one of them, so the two counts of new runs add up to
   * 20,000.
   */
  @Test
  void partsInParallelCountEachRunOnce() throws Exception {
    SeenRuns runs = new SeenRuns();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> parts = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        boolean reversed = p == 1;
        Callable<Integer> part =
            () -> {
              go.await();
              int fresh = 0;
              for (int n = 0; n < 20_000; n++) {
                int i = reversed ? 19_999 - n : n;
                String id = i % 3 == 0 ? (i / 2) + "_7" : Integer.toString(i / 2);
                if (runs.add(id, S + (i % 2))) {
                  fresh++;
                }
              }
              return fresh;
            };
        parts.add(pool.submit(part));
      }
      go.countDown();
      int total = 0;
      for (Future<Integer> f : parts) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      assertEquals(20_000, total);
      assertEquals(20_000, runs.size());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The same run in two parts' accumulators: counted by the first, a repeat for the second. */
  @Test
  void theSameRunInTwoPartsCountsOnce() {
    BinGrid grid =
        BinGrid.rolling(
            Instant.parse("2026-11-20T12:30:00Z"),
            Duration.ofDays(30),
            Duration.ofHours(1),
            ZoneId.of("UTC"));
    SeenRuns runs = new SeenRuns();
    QosUsage a = new QosUsage(grid, List.of("q"), false, Map.of(), runs);
    QosUsage b = new QosUsage(grid, List.of("q"), false, Map.of(), runs);
    long t = Instant.parse("2026-11-20T10:00:00Z").getEpochSecond();
    JobRecord run =
        Jobs.held(
            "123_4", "ann", "q", JobState.COMPLETED, t, t + 3600, 3600, 2, 0, 0, JobRecord.UNKNOWN);
    assertTrue(a.add(run));
    assertFalse(b.add(run));
    a.merge(b);
    // 2 CPUs × 1 h once: 2.0 CPU-hours; two rows read, one a repeat.
    assertEquals(2.0, a.report("q").totalHours(Observable.NCPUS), 1e-9);
    assertEquals(1, a.report("q").jobsCounted());
    assertEquals(1, a.repeatedRows("q"));
    assertEquals(2, a.rows("q"));
  }
}
