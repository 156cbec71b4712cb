package org.librarian.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.librarian.output.HistoryJson;
import org.librarian.output.QosFiles;
import org.librarian.output.UsageJson;
import org.librarian.site.SiteServer;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.ProcessCommandRunner;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A synthetic centre month read in one run: {@code parse --sacct-file} with {@code qos: all} over
 * ROWS allocation rows (plus their steps) of USERS users in GROUPS QoS, with every chart, under
 * {@code -Xms2g -Xmx2g -XX:+UseParallelGC -XX:NewRatio=3}, what docs/usage.md gives a centre (or
 * the JVM options in BENCH_JAVA_OPTS), started through scripts/librarian as a user starts it.
 * Prints wall time, CPU time, peak RSS and peak heap of the whole command; the same again over the
 * same file and state (the groups' data unchanged, so their charts are kept by their digest); the
 * output size per group; and how long groups.html takes to draw every group in headless Chromium.
 * Then the live pair: the same month from a stand-in sacct, a full query that writes the cache of
 * finished runs and an incremental one that reads it ({@code --live}: only that pair). Not a test.
 *
 * <p>Usage: {@code CentreBench LAUNCHER WORKDIR ROWS GROUPS USERS [--live]}, or {@code CentreBench
 * --index SITE GROUPS} to time only the drawing of SITE/groups.html, whose index.json lists GROUPS
 * groups.
 */
public final class CentreBench {
  private CentreBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("--index")) {
      drawIndex(Path.of(args[1]), Integer.parseInt(args[2]));
      return;
    }
    boolean liveOnly = args.length == 6 && args[5].equals("--live");
    if (args.length != 5 && !liveOnly) {
      System.err.println("usage: CentreBench LAUNCHER WORKDIR ROWS GROUPS USERS [--live]");
      System.exit(2);
    }
    Path launcher = Path.of(args[0]);
    Path work = Files.createDirectories(Path.of(args[1]).resolve("centre"));
    long rows = Long.parseLong(args[2]);
    int groups = Integer.parseInt(args[3]);
    int users = Integer.parseInt(args[4]);
    Path file = work.resolve("centre-" + rows + "-" + groups + "-" + users + ".txt");
    if (!Files.exists(file)) {
      long t0 = System.nanoTime();
      Path part = work.resolve(file.getFileName() + ".part");
      try (BufferedWriter w = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
        SyntheticSacct.writeCentre(
            w, rows, Benchmark.SEED, Benchmark.NOW.getEpochSecond(), groups, users);
      }
      Files.move(part, file);
      System.out.printf(
          Locale.ROOT, "generated %s in %.1f s%n", file, (System.nanoTime() - t0) / 1e9);
    }
    long lines;
    try (Stream<String> all = Files.lines(file)) {
      lines = all.count() - 1;
    }
    System.out.printf(
        Locale.ROOT,
        "centre month: %,d allocation rows (%,d lines with steps, %.0f MB), %,d groups, %,d users,"
            + " seed %d, now %s%n",
        rows,
        lines,
        Files.size(file) / 1e6,
        groups,
        users,
        Benchmark.SEED,
        Benchmark.NOW);
    // Limits "none": no sacctmgr is asked (the figure is librarian's own time).
    Path sacctmgr = work.resolve("no-sacctmgr");
    Files.writeString(sacctmgr, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(sacctmgr, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path state = work.resolve("state");
    Path out = work.resolve("site");
    deleteTree(state);
    deleteTree(out);
    Path config = config(work.resolve("centre.yaml"), state, sacctmgr, "");
    if (liveOnly) {
      live(launcher, work, file, sacctmgr);
      return;
    }
    List<String> parse =
        List.of(
            "/usr/bin/time",
            "-f",
            "TIME %e %U %S %M",
            "bash",
            launcher.toString(),
            "parse",
            "--config",
            config.toString(),
            "--sacct-file",
            file.toString(),
            "--now",
            Benchmark.NOW.toString(),
            "--out",
            out.toString());
    System.out.println();
    header("parse --sacct-file, qos: all, " + JVM);
    run(parse, work, "full run, JSON + all charts", "full");
    run(parse, work, "again, same data (charts kept)", "again");
    live(launcher, work, file, sacctmgr);
    sizes(out);
    drawIndex(out, groups);
  }

  /**
   * The live pair: {@code parse} without {@code --sacct-file} against a stand-in sacct ({@link
   * StandInSacct}) through the real command runner, twice, as scheduled runs do: a full query that
   * writes the cache of finished runs, then an incremental one that reads it back and asks only for
   * the last hour. Without charts, so the figures are reading, counting and the JSON files.
   */
  private static void live(Path launcher, Path work, Path file, Path sacctmgr) throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    long t0 = System.nanoTime();
    StandInSacct.Made sacct =
        StandInSacct.write(file, Benchmark.NOW, now, Benchmark.ZONE, work.resolve("live-bin"));
    System.out.printf(
        Locale.ROOT,
        "%nstand-in sacct (%s): %,d rows for a full query, %,d for an incremental one"
            + " (made in %.1f s)%n",
        sacct.script(),
        sacct.fullRows(),
        sacct.recentRows(),
        (System.nanoTime() - t0) / 1e9);
    Path state = work.resolve("live-state");
    Path out = work.resolve("live-site");
    deleteTree(state);
    deleteTree(out);
    Path config =
        config(work.resolve("live.yaml"), state, sacctmgr, "sacct: " + sacct.script() + "\n");
    List<String> parse =
        List.of(
            "/usr/bin/time",
            "-f",
            "TIME %e %U %S %M",
            "bash",
            launcher.toString(),
            "parse",
            "--config",
            config.toString(),
            "--no-plots",
            "--out",
            out.toString());
    header("live parse, qos: all, no charts, " + JVM);
    for (String[] pass :
        List.of(
            new String[] {"full query (writes the cache)", "live-full"},
            new String[] {"incremental (reads the cache)", "live-incremental"})) {
      CommandResult r = run(parse, work, pass[0], pass[1]);
      String how =
          r.stdout()
              .lines()
              .filter(l -> l.contains("sacct returned"))
              .findFirst()
              .orElse("(no summary line)");
      long cache = 0;
      try (Stream<Path> all = Files.walk(state.resolve("cache"))) {
        for (Path f : all.filter(Files::isRegularFile).toList()) {
          cache += Files.size(f);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "  %s%n  cache of finished runs: %,d bytes%n",
          how.substring(how.indexOf("sacct returned")),
          cache);
    }
  }

  private static final Pattern HEAP = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)");

  /**
   * {@code qos: all} in the benchmark's zone with its own state, sacctmgr and {@code more} lines.
   */
  private static Path config(Path file, Path state, Path sacctmgr, String more) throws IOException {
    Files.writeString(
        file,
        "qos: all\ntimezone: "
            + Benchmark.ZONE.getId()
            + "\nstate_dir: "
            + state
            + "\nsacctmgr: "
            + sacctmgr
            + "\n"
            + more);
    return file;
  }

  /** The header of a table of timed runs. */
  private static void header(String what) {
    System.out.printf(
        Locale.ROOT,
        "%-44s %8s %8s %12s %13s%n",
        what,
        "wall s",
        "CPU s",
        "peak RSS MB",
        "peak heap MB");
  }

  /** The heap and collector of the timed runs: BENCH_JAVA_OPTS, else a centre's (docs/usage.md). */
  private static final String JVM =
      System.getenv()
          .getOrDefault("BENCH_JAVA_OPTS", "-Xms2g -Xmx2g -XX:+UseParallelGC -XX:NewRatio=3")
          .strip();

  /**
   * Whether the timed runs record a JFR profile (BENCH_PROFILE=1). Not by default: its profiling
   * settings slowed the 5 M-row incremental run from 98.5 s to 120.9 s (the same build, one run
   * after the other), so profiled figures are not the program's.
   */
  private static final boolean PROFILE = "1".equals(System.getenv("BENCH_PROFILE"));

  /** One timed run of the launcher with {@link #JVM} and a GC log for the peak heap. */
  private static CommandResult run(List<String> argv, Path work, String what, String tag)
      throws Exception {
    Path gc = work.resolve("gc-" + tag + ".log");
    Path jfr = work.resolve("profile-" + tag + ".jfr");
    Files.deleteIfExists(gc);
    String opts =
        JVM
            + " -Xlog:gc:file="
            + gc
            + (PROFILE ? " -XX:StartFlightRecording=filename=" + jfr + ",settings=profile" : "");
    CommandResult r =
        new ProcessCommandRunner()
            .run(
                new Command(
                    argv,
                    Map.of(
                        "XDG_CACHE_HOME",
                        work.resolve("cache").toString(),
                        "LIBRARIAN_JAVA_OPTS",
                        opts),
                    Duration.ofMinutes(30),
                    null));
    String time = "";
    for (String line : r.stderr().split("\n")) {
      if (line.startsWith("TIME ")) {
        time = line;
      }
    }
    String[] t = time.isEmpty() ? new String[] {"", "0", "0", "0", "0"} : time.split(" ");
    long peakHeap = 0;
    if (Files.exists(gc)) {
      Matcher m = HEAP.matcher(Files.readString(gc));
      while (m.find()) {
        peakHeap = Math.max(peakHeap, Long.parseLong(m.group(1)));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%-44s %8.1f %8.1f %12d %13d %s%n",
        what,
        Double.parseDouble(t[1]),
        Double.parseDouble(t[2]) + Double.parseDouble(t[3]),
        Long.parseLong(t[4]) >> 10,
        peakHeap,
        r.ok() ? "ok" : "FAILED: " + r.firstErrorLine());
    if (PROFILE) {
      System.out.println("  profile: " + jfr + " (jfr print --events jdk.ExecutionSample)");
    }
    return r;
  }

  /** The files of each group (data, history, charts): min, median, max and the total. */
  private static void sizes(Path out) throws IOException {
    List<Long> perGroup = new ArrayList<>();
    long json = 0;
    try (DirectoryStream<Path> data = Files.newDirectoryStream(out, "data_*.json")) {
      for (Path f : data) {
        String n = f.getFileName().toString();
        String g = n.substring("data_".length(), n.length() - ".json".length());
        List<String> names = new ArrayList<>(QosFiles.fileNames(g));
        names.add(UsageJson.fileName(g));
        names.add(HistoryJson.fileName(g));
        long sum = 0;
        for (String name : names) {
          Path p = out.resolve(name);
          if (Files.exists(p)) {
            sum += Files.size(p);
          }
        }
        json += Files.size(f);
        perGroup.add(sum);
      }
    }
    perGroup.sort(Comparator.naturalOrder());
    if (perGroup.isEmpty()) {
      System.out.println("no group written");
      return;
    }
    long total = perGroup.stream().mapToLong(Long::longValue).sum();
    System.out.printf(
        Locale.ROOT,
        "%noutput per group (data + history JSON, PNG, PDF): min %.0f kB, median %.0f kB,"
            + " max %.0f kB; %d groups, %.1f MB in all (data JSON %.1f MB)%n",
        perGroup.get(0) / 1e3,
        perGroup.get(perGroup.size() / 2) / 1e3,
        perGroup.get(perGroup.size() - 1) / 1e3,
        perGroup.size(),
        total / 1e6,
        json / 1e6);
  }

  /**
   * groups.html in headless Chromium: from navigation to the table filled with every group (best of
   * three loads), then a sort by a column (the table drawn again, layout included).
   */
  private static void drawIndex(Path out, int groups) throws Exception {
    ChromeDriver driver = PageDrawBench.chromium();
    try (SiteServer server = new SiteServer(out, "127.0.0.1", 0)) {
      JavascriptExecutor js = driver;
      double first = Double.MAX_VALUE;
      double sort = Double.MAX_VALUE;
      String count = "";
      for (int run = 0; run < 3; run++) {
        driver.get("about:blank");
        driver.get(server.uri().resolve("groups.html").toString());
        String want = " of " + groups + " groups";
        new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(5))
            .until(
                d -> {
                  Object c =
                      js.executeScript("return document.getElementById('count').textContent");
                  return c != null && c.toString().endsWith(want) ? c : null;
                });
        // Navigation start to the first moment the filled table was seen (polled every 5 ms).
        first =
            Math.min(
                first,
                ((Number) js.executeScript("return document.body.offsetHeight, performance.now()"))
                    .doubleValue());
        count = (String) js.executeScript("return document.getElementById('count').textContent");
        sort =
            Math.min(
                sort,
                ((Number)
                        js.executeScript(
                            "const t = performance.now();"
                                + " document.querySelectorAll('#head th button')[1].click();"
                                + " document.body.offsetHeight;"
                                + " return performance.now() - t;"))
                    .doubleValue());
      }
      System.out.printf(
          Locale.ROOT,
          "%ngroups.html in headless Chromium (%s): load to filled table %.0f ms,"
              + " sort by a column %.0f ms (best of 3)%n",
          count,
          first,
          sort);
    } finally {
      driver.quit();
    }
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
}
