package org.librarian.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Poll;

/**
 * The packaged jar's {@code parse --archive}, killed with SIGKILL at moments chosen by what it has
 * written (while the first month's jobs file is being written; while the second is, the first one
 * renamed into place; while the daily history is): after each kill DuckDB reads every visible
 * Parquet file whole and no run is there twice, and the next run completes the archive with every
 * finished job exactly once and no temporary file left.
 */
class ArchiveFaultIT {
  @TempDir Path tmp;
  final Path jar = Path.of("target/librarian.jar").toAbsolutePath();
  final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

  /**
   * 40,000 finished jobs, one every 131 s from 2026-10-01T00:00Z (so over 60.6 days: October and
   * November), of 400 users; each its own JobID.
   */
  static final int JOBS = 40_000;

  private Path input() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("JobID|JobIDRaw|User|Account|QOS|State|Submit|Eligible|Start|End|ElapsedRaw|NCPUS");
    long base = 1_790_812_800L; // 2026-10-01T00:00:00Z
    for (int i = 0; i < JOBS; i++) {
      long start = base + i * 131L;
      long elapsed = 60 + i % 3600;
      lines.add(
          String.join(
              "|",
              "" + (i + 1),
              "" + (i + 1),
              "u" + i % 400,
              "acc" + i % 20,
              "big",
              "COMPLETED",
              "" + (start - 30),
              "" + (start - 30),
              "" + start,
              "" + (start + elapsed),
              "" + elapsed,
              "" + (1 + i % 8)));
    }
    return Files.write(tmp.resolve("big.txt"), lines);
  }

  private List<String> command(Path input) {
    return List.of(
        java.toString(),
        "-jar",
        jar.toString(),
        "parse",
        "--sacct-file",
        input.toString(),
        "--qos",
        "big",
        "--out",
        "out",
        "--no-plots",
        "--now",
        "2026-12-02T00:00:00Z",
        "--timezone",
        "UTC",
        "--window",
        "63d",
        "--archive",
        "arch");
  }

  /** The files under {@code dataset} of the archive whose names satisfy {@code test}. */
  private List<Path> files(String dataset, BiPredicate<Path, String> test) {
    Path d = tmp.resolve("arch").resolve(dataset);
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(d)) {
      return all.filter(p -> test.test(p, p.getFileName().toString())).sorted().toList();
    } catch (IOException | RuntimeException e) {
      return List.of(); // a file renamed while walking: look again
    }
  }

  private List<Path> visible(String dataset) {
    return files(dataset, (p, n) -> !n.startsWith(".") && n.endsWith(".parquet"));
  }

  /** Whether process {@code pid} has a temporary file (.NAME.PID.N.tmp) under {@code dataset}. */
  private boolean writing(String dataset, long pid) {
    return !files(
            dataset,
            (p, n) -> n.startsWith(".") && n.endsWith(".tmp") && n.contains("." + pid + "."))
        .isEmpty();
  }

  /** Every visible file read whole by DuckDB; returns the rows and the distinct keys of jobs. */
  private long[] check(String when) throws Exception {
    long rows = 0;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      for (String dataset : List.of("jobs", "daily")) {
        for (Path f : visible(dataset)) {
          try (ResultSet r = s.executeQuery("SELECT count(*) FROM read_parquet('" + f + "')")) {
            assertTrue(r.next(), when + ": " + f);
            assertTrue(r.getLong(1) > 0, when + ": " + f);
          }
        }
      }
      List<Path> jobs = visible("jobs");
      if (jobs.isEmpty()) {
        return new long[] {0, 0};
      }
      String list = String.join(", ", jobs.stream().map(p -> "'" + p + "'").toList());
      try (ResultSet r =
          s.executeQuery(
              "SELECT count(*), count(DISTINCT (job_id, start_time)) FROM read_parquet(["
                  + list
                  + "])")) {
        r.next();
        rows = r.getLong(1);
        assertEquals(rows, r.getLong(2), when + ": a run archived twice");
        return new long[] {rows, r.getLong(2)};
      }
    }
  }

  @Test
  void killedWhileWritingTheArchiveShowsOnlyWholeFilesAndTheNextRunCompletesIt() throws Exception {
    Path input = input();
    // Each trial kills at its moment: its own temporary jobs file appears (the first month's);
    // its own temporary jobs file appears beside a visible one (the first month renamed, the second
    // being written); its own temporary daily file appears (every job visible).
    List<BiPredicate<Long, ArchiveFaultIT>> moments =
        List.of(
            (pid, t) -> t.writing("jobs", pid),
            (pid, t) -> t.writing("jobs", pid) && !t.visible("jobs").isEmpty(),
            (pid, t) -> t.writing("daily", pid));
    for (int i = 0; i < moments.size(); i++) {
      Process p =
          new ProcessBuilder(command(input))
              .directory(tmp.toFile())
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("killed-" + i + ".out").toFile())
              .start();
      // The moment, or the run's end (then the moment never came).
      BiPredicate<Long, ArchiveFaultIT> moment = moments.get(i);
      AtomicBoolean seen = new AtomicBoolean();
      Poll.until(
          Duration.ofMinutes(5),
          Duration.ofMillis(1),
          "trial " + i + ": its moment or the run's end",
          () -> "",
          () -> {
            seen.set(p.isAlive() && moment.test(p.pid(), this));
            return seen.get() || !p.isAlive();
          });
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertTrue(seen.get(), "trial " + i + ": the moment never came; see killed-" + i + ".out");
      long[] after = check("after kill " + i);
      assertTrue(after[0] < JOBS || i == 2, "after kill " + i + ": " + after[0] + " jobs");
    }
    // Before the last kill every job was visible (the daily history was being written).
    assertEquals(JOBS, check("before the last run")[0]);

    Process last =
        new ProcessBuilder(command(input))
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("last.out").toFile())
            .start();
    assertTrue(last.waitFor(5, TimeUnit.MINUTES));
    String out = Files.readString(tmp.resolve("last.out"));
    assertEquals(0, last.exitValue(), out);
    assertTrue(out.contains("archive: 0 finished jobs and "), out);
    assertFalse(out.contains("archive: 0 finished jobs and 0 user-days"), out);
    assertEquals(JOBS, check("after the last run")[0]);
    try (Stream<Path> all = Files.walk(tmp.resolve("arch"))) {
      assertEquals(
          List.of(), all.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
    }
  }
}
