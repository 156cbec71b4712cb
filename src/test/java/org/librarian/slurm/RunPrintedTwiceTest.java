package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.librarian.testing.Jobs;
import org.librarian.testing.RecordSink;
import org.librarian.usage.BinGrid;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.Observable;
import org.librarian.usage.QosUsage;
import org.librarian.usage.SeenRuns;
import org.librarian.usage.UserUsage;

/**
 * One count per run (#24, item 6): the real file rug-cit-hpc__slurm-jobinfo__sacct-snowman-2021.txt
 * (see corpus/PROVENANCE.md) prints its first 41 rows (17 jobs and their steps) twice; each run
 * counts once in usage, efficiency and jobs, read in one part or in two parallel parts.
 */
class RunPrintedTwiceTest {
  static final Path FILE =
      CorpusTest.CORPUS.resolve("rug-cit-hpc__slurm-jobinfo__sacct-snowman-2021.txt");
  static final List<String> FIELDS = CorpusTest.SNOWMAN;
  static final ZoneId UTC = ZoneId.of("UTC");
  static final Instant NOW = Instant.parse("2021-07-22T12:00:00Z");

  /**
   * CPU-seconds per user, each (JobID, Start) once, NCPUS × (End − Start), running jobs up to NOW.
   * Computed independently of librarian with python3 over the file:
   *
   * <pre>
   * for each row split at '☃': skip JobIDs with '.', skip a (JobID, Start) seen before, skip Start=Unknown;
   * cpu_seconds[User] += NCPUS * ((NOW if End == 'Unknown' else End) - Start)
   * </pre>
   *
   * (Counting every row instead gives twice these for the 9 users of the repeated block: user15
   * shows 370.3 CPU-hours instead of 185.2.)
   */
  static final Map<String, Long> CPU_SECONDS = new LinkedHashMap<>();

  static {
    CPU_SECONDS.put("user1", 6_345_600L);
    CPU_SECONDS.put("user10", 2_993_820L);
    CPU_SECONDS.put("user11", 278_736L);
    CPU_SECONDS.put("user12", 322_226L);
    CPU_SECONDS.put("user13", 513_336L);
    CPU_SECONDS.put("user15", 666_552L);
    CPU_SECONDS.put("user2", 91_719L);
    CPU_SECONDS.put("user3", 135_480L);
    CPU_SECONDS.put("user4", 159_384L);
    CPU_SECONDS.put("user5", 1_716_138L);
    CPU_SECONDS.put("user6", 161_862L);
    CPU_SECONDS.put("user7", 2_473_728L);
    CPU_SECONDS.put("user8", 365_108L);
    CPU_SECONDS.put("user9", 27_368L);
  }

  static final BinGrid GRID = grid();

  static BinGrid grid() {
    return BinGrid.fixed(
        Instant.parse("2021-07-01T00:00:00Z"),
        Instant.parse("2021-07-23T00:00:00Z"),
        NOW,
        Duration.ofHours(1),
        UTC);
  }

  /** Job records and steps into one QoS's usage. */
  static final class Sink extends RecordSink {
    final QosUsage usage;

    Sink(SeenRuns runs) {
      this(new QosUsage(GRID, List.of("q"), false, Map.of(), runs));
    }

    private Sink(QosUsage usage) {
      super(usage::add, usage::addStep);
      this.usage = usage;
    }
  }

  private static void assertCountedOnce(QosUsage usage) {
    Map<String, Double> hours = new LinkedHashMap<>();
    for (UserUsage u : usage.report("q").users()) {
      hours.put(u.user(), u.totalHours(Observable.NCPUS));
    }
    assertEquals(CPU_SECONDS.keySet(), hours.keySet());
    CPU_SECONDS.forEach(
        (user, seconds) -> assertEquals(seconds / 3600.0, hours.get(user), 1e-9, user));
    assertEquals("185.2", String.format(Locale.ROOT, "%.1f", hours.get("user15")));
    // 20 runs: 17 started (10 ended, 7 running), 3 pending; 85 rows: 41 repeated, 17 of them jobs.
    assertEquals(17, usage.report("q").jobsCounted());
    assertEquals(17, usage.repeatedRows("q"));
    assertEquals(85, usage.rows("q"));
    // Efficiency: the 10 ended runs once each; user8's three, user15's one with 6 CPUs × 111,092 s
    // held.
    EfficiencyReport e = usage.efficiency("q");
    assertEquals(10, e.users().values().stream().mapToLong(EfficiencyReport.User::jobs).sum());
    assertEquals(3, e.users().get("user8").jobs());
    assertEquals(666_552L, e.users().get("user15").cpuHeldSeconds());
    // TotalCPU of 20872560's row, 7-17:10:15, once.
    assertEquals(
        ((7 * 24 + 17) * 3600L + 10 * 60 + 15) * 1000, e.users().get("user15").cpuUsedMillis());
  }

  @Test
  void runPrintedTwiceCountsOnce() throws Exception {
    Sink sink = new Sink(new SeenRuns());
    try (InputStream in = Files.newInputStream(FILE)) {
      SacctReader.read(in, new SacctReader.Format("\u2603", FIELDS, UTC), sink);
    }
    assertCountedOnce(sink.usage);
  }

  /** The repeat lies in the other half of the file: the parts share one set of runs seen. */
  @Test
  void runPrintedTwiceCountsOnceWhenTheFileIsReadInParallelParts() throws Exception {
    SeenRuns runs = new SeenRuns();
    SacctSource.Result<Sink> result =
        SacctSource.readFile(
            FILE,
            new SacctReader.Format("\u2603", FIELDS, UTC),
            2,
            1,
            () -> new Sink(runs),
            (a, b) -> {
              a.usage.merge(b.usage);
              return a;
            });
    assertCountedOnce(result.records().usage);
  }

  /**
   * Every run of a requeued job counts (same JobID, each run its own Start); array tasks ({@code
   * 3_4} and {@code 3}) and het components ({@code 10+0}, {@code 10+1}) with one Start are
   * different runs; records without a JobID are never taken for repeats.
   */
  @Test
  void requeuedRunsArrayTasksAndHetComponentsEachCount() {
    QosUsage usage = new QosUsage(grid(), List.of("q"), false, Map.of());
    long t = Instant.parse("2021-07-20T00:00:00Z").getEpochSecond();
    List<JobRecord> jobs =
        List.of(
            job("18", t, t + 3600), job("18", t + 7200, t + 10_800), // requeued: two runs
            job("3_4", t, t + 3600), job("3", t, t + 3600), // array task, last task
            job("10+0", t, t + 3600), job("10+1", t, t + 3600), // het components
            job("", t, t + 3600), job("", t, t + 3600)); // no JobID column
    for (JobRecord j : jobs) {
      assertTrue(usage.add(j), j.jobId());
    }
    assertFalse(usage.add(job("10+1", t, t + 3600)), "the same run again");
    assertEquals(8, usage.report("q").jobsCounted());
    assertEquals(8 * 2, usage.report("q").totalHours(Observable.NCPUS), 1e-9);
    assertEquals(1, usage.repeatedRows("q"));
  }

  /**
   * Runs given after {@link QosUsage#newRunsOnly} (a cache base that holds each run once) are not
   * looked up: the caller's word is taken, and a run given twice would count twice. Before it, the
   * same run is a repeat.
   */
  @Test
  void afterNewRunsOnlyRunsAreNotLookedUp() {
    QosUsage usage = new QosUsage(grid(), List.of("q"), false, Map.of());
    long t = Instant.parse("2021-07-20T00:00:00Z").getEpochSecond();
    assertTrue(usage.add(job("18", t, t + 3600)));
    assertFalse(usage.add(job("18", t, t + 3600)), "a repeat before");
    usage.newRunsOnly();
    assertTrue(usage.add(job("19", t, t + 3600)));
    assertTrue(usage.add(job("19", t, t + 3600)), "not looked up after");
    assertEquals(3, usage.report("q").jobsCounted());
    assertEquals(1, usage.repeatedRows("q"));
    assertEquals(4, usage.rows("q"));
  }

  private static JobRecord job(String id, long start, long end) {
    return Jobs.held(
        id, "ann", "q", JobState.COMPLETED, start, end, end - start, 2, 0, 1024, JobRecord.UNKNOWN);
  }
}
