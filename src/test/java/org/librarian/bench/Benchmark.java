package org.librarian.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.librarian.output.QosFiles;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.ProcessCommandRunner;
import org.librarian.slurm.SacctReader;
import org.librarian.slurm.SacctSource;
import org.librarian.testing.BinnedJobs;
import org.librarian.testing.Reports;
import org.librarian.usage.BinGrid;
import org.librarian.usage.QosLimits;
import org.librarian.usage.UsageReport;

/**
 * The speed and memory figures of the README: parse + bin throughput in rows/s and peak heap for
 * 100 k, 1 M and 5 M synthetic rows, the wall time of a whole {@code librarian parse} (JVM start,
 * JSON, all charts) as a user runs it (through scripts/librarian), and a 1 M-row parse under {@code
 * -Xmx256m}. Run by scripts/bench.
 *
 * <p>Usage: {@code java -cp librarian.jar org.librarian.bench.Benchmark LAUNCHER WORKDIR [ROWS...]}
 */
public final class Benchmark {
  static final long SEED = 20261101;
  static final Instant NOW = Instant.parse("2026-11-20T17:30:00Z");
  static final ZoneId ZONE = ZoneId.of("America/New_York");

  private Benchmark() {}

  /** Parse + bin of a saved file, as {@code parse --sacct-file} does it (in parallel parts). */
  static UsageReport report(Path file, BinGrid grid, int cores) throws Exception {
    return SacctSource.readFile(
            file,
            new SacctReader.Format("|", null, ZONE),
            cores,
            () -> new BinnedJobs(grid),
            BinnedJobs::merge)
        .records()
        .binner
        .report();
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: Benchmark LAUNCHER WORKDIR [ROWS...]");
      System.exit(2);
    }
    Path launcher = Path.of(args[0]);
    Path work = Files.createDirectories(Path.of(args[1]));
    List<Long> sizes = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      sizes.add(Long.parseLong(args[i]));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(100_000L, 1_000_000L, 5_000_000L);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(
        Locale.ROOT,
        "librarian benchmark: %d cores, java %s, max heap %d MB, seed %d%n",
        cores,
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        SEED);
    System.out.printf(
        Locale.ROOT,
        "%-10s %10s %14s %14s %12s%n",
        "rows",
        "file MB",
        "parse+bin s",
        "rows/s",
        "peak heap MB");
    for (long rows : sizes) {
      Path file = work.resolve("sacct-" + rows + ".txt");
      if (!Files.exists(file)) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
          SyntheticSacct.write(w, rows, SEED, NOW.getEpochSecond(), "bench");
        }
      }
      double best = Double.MAX_VALUE;
      long peak = 0;
      for (int run = 0; run < 3; run++) {
        System.gc();
        resetPeaks();
        long t0 = System.nanoTime();
        BinGrid grid = BinGrid.rolling(NOW, Duration.ofDays(30), Duration.ofHours(1), ZONE);
        report(file, grid, cores);
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        peak = Math.max(peak, peakHeap());
      }
      System.out.printf(
          Locale.ROOT,
          "%-10d %10.1f %14.3f %14.0f %12d%n",
          rows,
          Files.size(file) / 1e6,
          best,
          rows / best,
          peak >> 20);
    }

    charts(work, cores);

    ProcessCommandRunner runner = new ProcessCommandRunner();
    // Limits in the config: the figure is librarian's own time, not a sacctmgr round trip.
    Path config = work.resolve("bench.yaml");
    Files.writeString(
        config, "qos:\n  - name: bench\n    limits: {cpus: 20000, gpus: 600, memory_gb: 80000}\n");
    System.out.println();
    System.out.printf(
        Locale.ROOT, "%-46s %10s %s%n", "whole command (JVM start included)", "wall s", "result");
    // A fresh cache directory: nothing of an earlier run (the launcher kept caches there once) is
    // used.
    Path cache = work.resolve("cache");
    deleteTree(cache);
    for (long rows : sizes) {
      if (rows > 1_000_000) {
        continue;
      }
      Path file = work.resolve("sacct-" + rows + ".txt");
      Path out = work.resolve("site-" + rows);
      List<String> parse = parseCommand(launcher, config, file, out);
      for (int run = 1; run <= 3; run++) {
        timed(runner, "parse " + rows + " rows, JSON + 4 PNG + 4 PDF + report", parse, cache, "");
      }
      timed(runner, "parse " + rows + " rows, JSON only", concat(parse, "--no-plots"), cache, "");
      if (rows == 1_000_000) {
        timed(
            runner,
            "parse " + rows + " rows, JSON only, -Xmx256m",
            concat(parse, "--no-plots"),
            cache,
            "-Xmx256m");
      }
    }
    steps(runner, launcher, work, config, cache, cores);
    history(runner, launcher, work, config, cache);
  }

  /**
   * A year of 300 users (300 k jobs submitted over 366 days) through {@code backfill --sacct-file}:
   * the time, and the size of history_bench.json, which the page loads for its 90d, 1y and All
   * views.
   */
  static void history(
      ProcessCommandRunner runner, Path launcher, Path work, Path config, Path cache)
      throws Exception {
    Path file = work.resolve("sacct-year-300k.txt");
    if (!Files.exists(file)) {
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        SyntheticSacct.write(w, 300_000, SEED, NOW.getEpochSecond(), "bench", 300, false, 366);
      }
    }
    Path out = work.resolve("site-year");
    Path state = work.resolve("state-year");
    deleteTree(state);
    Path yearConfig = work.resolve("bench-year.yaml");
    Files.writeString(
        yearConfig,
        Files.readString(config) + "timezone: " + ZONE.getId() + "\nstate_dir: " + state + "\n");
    String since = NOW.atZone(ZONE).toLocalDate().minusDays(365).toString();
    List<String> backfill =
        List.of(
            "bash",
            launcher.toString(),
            "backfill",
            "--config",
            yearConfig.toString(),
            "--qos",
            "bench",
            "--since",
            since,
            "--sacct-file",
            file.toString(),
            "--now",
            NOW.toString(),
            "--out",
            out.toString());
    System.out.println();
    timed(runner, "backfill a year, 300 users, 300 k jobs", backfill, cache, "");
    Path history = out.resolve("history_bench.json");
    System.out.printf(
        Locale.ROOT,
        "history_bench.json: %.2f MB for %s to %s, %d users%n",
        Files.size(history) / 1e6,
        since,
        NOW.atZone(ZONE).toLocalDate(),
        new ObjectMapper().readTree(history.toFile()).get("users").size());
  }

  /**
   * The same jobs as sacct prints them without --allocations, for efficiency: each ended job
   * followed by its .batch and .extern steps, with TotalCPU and MaxRSS. How many more rows, and
   * what they cost.
   */
  private static void steps(
      ProcessCommandRunner runner, Path launcher, Path work, Path config, Path cache, int cores)
      throws Exception {
    long jobs = 300_000;
    Path file = work.resolve("sacct-steps-" + jobs + ".txt");
    if (!Files.exists(file)) {
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        SyntheticSacct.write(w, jobs, SEED, NOW.getEpochSecond(), "bench", 300, true);
      }
    }
    long lines;
    try (Stream<String> all = Files.lines(file)) {
      lines = all.count() - 1;
    }
    BinGrid grid = BinGrid.rolling(NOW, Duration.ofDays(30), Duration.ofHours(1), ZONE);
    double best = Double.MAX_VALUE;
    for (int run = 0; run < 3; run++) {
      long t0 = System.nanoTime();
      report(file, grid, cores);
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    System.out.printf(
        Locale.ROOT,
        "%nwith steps: %d jobs are %d rows (%.2f rows a job), %.1f MB; parse + bin %.3f s%n",
        jobs,
        lines,
        lines / (double) jobs,
        Files.size(file) / 1e6,
        best);
    List<String> parse =
        concat(parseCommand(launcher, config, file, work.resolve("site-steps")), "--no-plots");
    timed(runner, "parse " + lines + " rows with steps, JSON + efficiency", parse, cache, "");
    timed(runner, "the same, -Xmx256m", parse, cache, "-Xmx256m");
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /**
   * `librarian parse` of a synthetic file for the bench QoS, at the benchmark's fixed now and zone.
   */
  private static List<String> parseCommand(Path launcher, Path config, Path file, Path out) {
    return List.of(
        "bash",
        launcher.toString(),
        "parse",
        "--config",
        config.toString(),
        "--qos",
        "bench",
        "--sacct-file",
        file.toString(),
        "--now",
        NOW.toString(),
        "--timezone",
        ZONE.getId(),
        "--out",
        out.toString());
  }

  private static List<String> concat(List<String> a, String b) {
    List<String> all = new ArrayList<>(a);
    all.add(b);
    return all;
  }

  /** All charts of one QoS with 30 users and 720 hourly bins: 4 PNG, 4 PDF and the report. */
  private static void charts(Path work, int cores) throws Exception {
    Path file = work.resolve("sacct-30-users.txt");
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      SyntheticSacct.write(w, 20_000, SEED, NOW.getEpochSecond(), "bench", 30);
    }
    // As in parse with sacct: the chart stack warms up on a thread of its own while sacct runs.
    Thread warmUp = QosFiles.warmUp(true);
    BinGrid grid = BinGrid.rolling(NOW, Duration.ofDays(30), Duration.ofHours(1), ZONE);
    UsageReport report = report(file, grid, cores);
    long waited = System.nanoTime();
    warmUp.join();
    System.out.printf(
        Locale.ROOT,
        "%nthorough warm-up (done while sacct runs in a real run) went on %.2f s after the parse%n",
        (System.nanoTime() - waited) / 1e9);
    QosLimits limits = new QosLimits(2000, 60, 8000, 0);
    Path out = Files.createDirectories(work.resolve("charts"));
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "charts: %d users x %d bins, 4 PNG 1600x900 + 4 PDF + report%n",
        report.users().size(),
        grid.size());
    double best = Double.MAX_VALUE;
    for (int run = 0; run < 4; run++) {
      long t0 = System.nanoTime();
      QosFiles.write(
          Reports.of("bench", report, limits),
          out,
          EnumSet.allOf(QosFiles.Format.class),
          1600,
          900);
      double s = (System.nanoTime() - t0) / 1e9;
      if (run == 0) {
        System.out.printf(Locale.ROOT, "  first after the warm-up: %.2f s%n", s);
      } else {
        best = Math.min(best, s);
      }
    }
    System.out.printf(Locale.ROOT, "  warm, best of 3: %.2f s%n", best);
  }

  /**
   * Runs the launcher as a user would, with the benchmark's own cache directory and JVM options.
   */
  private static void timed(
      ProcessCommandRunner runner, String what, List<String> argv, Path cache, String javaOpts)
      throws Exception {
    long t0 = System.nanoTime();
    CommandResult r =
        runner.run(
            new Command(
                argv,
                Map.of("XDG_CACHE_HOME", cache.toString(), "LIBRARIAN_JAVA_OPTS", javaOpts),
                Duration.ofMinutes(10),
                null));
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT, "%-46s %10.2f %s%n", what, s, r.ok() ? "ok" : "FAILED: " + r.firstErrorLine());
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
