package org.librarian.bench;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.ProcessCommandRunner;
import org.librarian.slurm.SacctReader;
import org.librarian.slurm.SacctSource;
import org.librarian.testing.UsageRecords;
import org.librarian.usage.BinGrid;
import org.librarian.usage.GroupBy;
import org.librarian.usage.JobRecord;
import org.librarian.usage.QosUsage;
import org.librarian.usage.SeenRuns;
import org.librarian.usage.UsageBinner;

/**
 * What the usage state of a centre month holds in memory, and what binning costs. Reads a synthetic
 * centre month (ROWS allocation rows plus steps, GROUPS QoS, USERS users) into one {@link QosUsage}
 * per part with one shared set of the runs seen, as {@code parse --sacct-file} with {@code qos:
 * all} does, then prints {@code jmap -histo:live} of the long[], int[], byte[], String and set-node
 * classes; then the time {@link UsageBinner#add} takes over the job records of a single-QoS file
 * (best of five passes, records already parsed). Not a test.
 *
 * <p>Usage: {@code BinningMemory WORKDIR ROWS GROUPS USERS}
 */
public final class BinningMemory {
  private BinningMemory() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: BinningMemory WORKDIR ROWS GROUPS USERS");
      System.exit(2);
    }
    Path work = Files.createDirectories(Path.of(args[0]));
    long rows = Long.parseLong(args[1]);
    int groups = Integer.parseInt(args[2]);
    int users = Integer.parseInt(args[3]);
    Path file = work.resolve("centre-" + rows + "-" + groups + "-" + users + ".txt");
    if (!Files.exists(file)) {
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        SyntheticSacct.writeCentre(
            w, rows, Benchmark.SEED, Benchmark.NOW.getEpochSecond(), groups, users);
      }
    }
    BinGrid grid =
        BinGrid.rolling(Benchmark.NOW, Duration.ofDays(30), Duration.ofHours(1), Benchmark.ZONE);
    long t0 = System.nanoTime();
    SeenRuns runs = new SeenRuns();
    QosUsage usage =
        SacctSource.readFile(
                file,
                new SacctReader.Format("|", null, Benchmark.ZONE),
                1, // as parse reads a centre's file (groups found in the rows): one part
                () ->
                    new UsageRecords(
                        new QosUsage(
                            grid,
                            List.of(),
                            true,
                            Map.of(),
                            runs,
                            new GroupBy(GroupBy.Key.QOS, List.of("*")),
                            // as parse counts a centre's groups: a lane per core
                            Runtime.getRuntime().availableProcessors())),
                UsageRecords::merge)
            .records()
            .usage;
    // Every record counted (the lanes drained), as the pipeline does before writing.
    usage.endOfRecords();
    System.out.printf(
        Locale.ROOT,
        "centre month %s: %d groups read in %.1f s%n",
        file.getFileName(),
        usage.groups().size(),
        (System.nanoTime() - t0) / 1e9);
    histogram();
    // Kept reachable until the histogram is taken.
    System.out.println("groups: " + usage.groups().size());
    binningTime(work);
  }

  /** The classes of the usage state in {@code jmap -histo:live} of this JVM. */
  private static void histogram() throws Exception {
    long pid = ManagementFactory.getRuntimeMXBean().getPid();
    CommandResult r =
        new ProcessCommandRunner()
            .run(
                new Command(
                    List.of("jmap", "-histo:live", Long.toString(pid)),
                    Map.of(),
                    Duration.ofMinutes(5),
                    null));
    for (String line : r.stdout().split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length >= 4
          && (f[3].equals("[J")
              || f[3].equals("[I")
              || f[3].equals("[B")
              || f[3].equals("java.lang.String")
              || f[3].startsWith("java.util.concurrent.ConcurrentHashMap$Node")
              || f[3].startsWith("org.librarian.usage"))) {
        System.out.printf(
            Locale.ROOT,
            "  %-60s %,12d instances %,10.1f MB%n",
            f[3],
            Long.parseLong(f[1]),
            Long.parseLong(f[2]) / 1e6);
      }
    }
  }

  /** Time of binning alone: the jobs of a single-QoS file, parsed once, binned five times. */
  private static void binningTime(Path work) throws Exception {
    long rows = 1_000_000;
    Path file = work.resolve("sacct-" + rows + ".txt");
    if (!Files.exists(file)) {
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        SyntheticSacct.write(w, rows, Benchmark.SEED, Benchmark.NOW.getEpochSecond(), "bench");
      }
    }
    List<JobRecord> jobs =
        SacctSource.readFile(
                file,
                new SacctReader.Format("|", null, Benchmark.ZONE),
                1,
                Collected::new,
                (a, b) -> {
                  a.jobs.addAll(b.jobs);
                  return a;
                })
            .records()
            .jobs;
    BinGrid grid =
        BinGrid.rolling(Benchmark.NOW, Duration.ofDays(30), Duration.ofHours(1), Benchmark.ZONE);
    double best = Double.MAX_VALUE;
    long bins = 0;
    for (int pass = 0; pass < 5; pass++) {
      long t0 = System.nanoTime();
      UsageBinner binner = new UsageBinner(grid);
      for (JobRecord job : jobs) {
        binner.add(job);
      }
      bins += binner.report().users().size();
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    System.out.printf(
        Locale.ROOT,
        "binning %,d job records (1 h bins, 30 days) and reporting: best of 5 %.3f s (%d users)%n",
        jobs.size(),
        best,
        bins / 5);
  }

  private static final class Collected implements SacctReader.Sink {
    final List<JobRecord> jobs = new ArrayList<>();

    @Override
    public void job(JobRecord job) {
      jobs.add(job);
    }
  }
}
