package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeAccounting;
import org.librarian.testing.SacctRow;

/**
 * Incremental sacct against a simulated accounting database that answers {@code --starttime} the
 * way sacct does (jobs pending, running or ended at or after the start): over a sequence of runs
 * every 10 minutes, the incremental result equals a full query's, series for series, byte for byte.
 */
class IncrementalSacctTest {
  static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
  static final String HEADER = SacctRow.HEADER;

  @TempDir Path tmp;
  final ObjectMapper json = new ObjectMapper();
  final List<Job> jobs = new ArrayList<>();
  final List<Long> returned = new ArrayList<>();
  Instant now;

  /** Whether sacct prints every column librarian asks for, and each started job's steps. */
  boolean rich;

  /**
   * Whether the jobs are a centre's, spread over three QoS and read with {@code qos: all} (counted
   * on a lane per core), rather than all avery's.
   */
  boolean centre;

  /** Lines added to the configuration. */
  String config = "";

  /** The JobIDs whose rows sacct prints twice (as a run it printed twice). */
  final List<String> twice = new ArrayList<>();

  private String qosOf(Job j) {
    return centre
        ? List.of("avery", "birch", "cedar").get(Math.floorMod(j.id.hashCode(), 3))
        : "avery";
  }

  record Job(
      String id,
      String user,
      long submit,
      long start,
      long end,
      int cpus,
      int gpus,
      String finalState) {}

  @BeforeEach
  void database() {
    SplittableRandom random = new SplittableRandom(7);
    String[] users = {"ann", "bob", "cyd", "dee", "eve"};
    String[] ends = {
      "COMPLETED",
      "COMPLETED",
      "COMPLETED",
      "FAILED",
      "CANCELLED by 1001",
      "TIMEOUT",
      "OUT_OF_MEMORY"
    };
    long from = T0.getEpochSecond() - 35L * 86_400;
    for (int i = 0; i < 3000; i++) {
      long submit = from + random.nextLong(36L * 86_400);
      long start = submit + random.nextLong(4 * 3600);
      long end = start + 60 + random.nextLong(2L * 86_400);
      String id = i % 10 == 0 ? (5000 + i / 10) + "_" + (i % 7) : String.valueOf(10_000 + i);
      jobs.add(
          new Job(
              id,
              users[random.nextInt(users.length)],
              submit,
              start,
              end,
              1 << random.nextInt(5),
              random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0,
              ends[random.nextInt(ends.length)]));
    }
  }

  /**
   * What a job's row says at the moment sacct is asked: State, Start, End, ElapsedRaw, AllocTRES.
   */
  private record At(String state, String start, String end, long elapsed, String tres) {}

  /** sacct as the accounting database answers it at {@link #now}. */
  final CommandRunner sacct =
      (Command c) -> {
        assertEquals("sacct", c.argv().get(0));
        String since = FakeAccounting.option(c, "--starttime=");
        long s = LocalDateTime.parse(since).toEpochSecond(ZoneOffset.UTC);
        long t = now.getEpochSecond();
        StringBuilder out = new StringBuilder();
        long rows = 0;
        for (Job j : jobs) {
          if (j.submit > t) {
            continue;
          }
          String tres =
              "billing="
                  + j.cpus
                  + ",cpu="
                  + j.cpus
                  + (j.gpus > 0 ? ",gres/gpu=" + j.gpus : "")
                  + ",mem="
                  + j.cpus
                  + "G,node=1";
          String raw = j.id.contains("_") ? String.valueOf(90_000 + jobs.indexOf(j)) : j.id;
          At at;
          if (j.start > t) {
            at = new At("PENDING", "Unknown", "Unknown", 0, "");
          } else if (j.end > t) {
            at = new At("RUNNING", "" + j.start, "Unknown", t - j.start, tres);
          } else if (j.end >= s) {
            at = new At(j.finalState, "" + j.start, "" + j.end, j.end - j.start, tres);
          } else {
            continue;
          }
          SacctRow row =
              new SacctRow(
                  j.id,
                  raw,
                  j.user,
                  "lab",
                  qosOf(j),
                  at.state(),
                  j.submit,
                  at.start(),
                  at.end(),
                  at.elapsed(),
                  j.cpus,
                  j.cpus + "G",
                  at.tres());
          for (int copy = twice.contains(j.id) ? 2 : 1; copy > 0; copy--) {
            if (rich) {
              rows += richRows(out, j, row, at);
            } else {
              out.append(row.line()).append('\n');
              rows++;
            }
          }
        }
        returned.add(rows);
        try {
          Files.writeString(
              c.stdoutFile(),
              rich
                  ? FakeAccounting.option(c, "--format=").replace(",", SacctQuery.DELIMITER)
                      + "\n"
                      + out
                  : FakeAccounting.printed(c, out.toString()),
              StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return new CommandResult(0, "", "");
      };

  /**
   * {@code row} with the columns beyond the usage ones (TotalCPU, MaxRSS, TRESUsageInTot,
   * TRESUsageInAve, Eligible, ReqCPUS, ReqTRES, Reason, Partition, JobName, NTasks, TimelimitRaw)
   * filled in, and a started job's {@code .batch} step, as sacct prints them; how many rows.
   */
  private static long richRows(StringBuilder out, Job j, SacctRow row, At at) {
    String d = SacctQuery.DELIMITER;
    boolean ended = !at.state().equals("RUNNING") && !at.state().equals("PENDING");
    long cpuSeconds = at.elapsed() * j.cpus / 3;
    String totalCpu = ended ? clock(cpuSeconds) : "";
    // A name can hold '|', quotes, markup and emoji: the delimiter is the unit separator.
    String name = "fit|\"λ\" <" + j.user + "> 🦉 " + (j.cpus % 3);
    out.append(row.line().replace("|", d))
        .append(String.join(d, "", totalCpu, "", "", "", String.valueOf(j.submit)))
        .append(d)
        .append(j.cpus)
        .append(d)
        .append(SacctRow.tres(j.cpus, j.cpus + "G"))
        .append(String.join(d, "", "None", j.gpus > 0 ? "gpu,batch" : "batch", name, "", "2880"))
        .append('\n');
    if (at.state().equals("PENDING")) {
      return 1;
    }
    long rss = 1024L * (100 + j.submit % 900);
    String ave =
        j.gpus > 0 ? "cpu=" + clock(cpuSeconds) + ",gres/gpumem=2048K,gres/gpuutil=37.5" : "";
    out.append(j.id)
        .append(".batch")
        .append(d)
        .append(String.join(d, row.raw(), "", "", "", at.state(), "" + j.submit))
        .append(String.join(d, "", at.start(), at.end(), "" + at.elapsed(), "" + j.cpus, "1"))
        .append(String.join(d, "", "", "cpu=" + j.cpus + ",mem=" + j.cpus + "G,node=1", totalCpu))
        .append(d)
        .append(ended ? rss + "K" : "")
        .append(d)
        .append(ended ? "cpu=" + clock(cpuSeconds) + ",mem=" + (2 * rss) + "K" : "")
        .append(d)
        .append(ave)
        .append(String.join(d, "", "", "", "", "", "", "", "1", ""))
        .append('\n');
    return 2;
  }

  /** Seconds as sacct prints a duration: D-HH:MM:SS. */
  private static String clock(long s) {
    return String.format(
        java.util.Locale.ROOT,
        "%d-%02d:%02d:%02d",
        s / 86_400,
        s % 86_400 / 3600,
        s % 3600 / 60,
        s % 60);
  }

  Cli.Run parse(String home, String... extra) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(home));
    List<String> args =
        new ArrayList<>(List.of("parse", "--out", "site", "--timezone", "UTC", "--no-plots"));
    if (!centre) {
      args.addAll(1, List.of("--qos", "avery"));
    }
    args.addAll(List.of(extra));
    Files.writeString(
        dir.resolve("librarian.yaml"),
        centre
            ? "qos: all\nsacctmgr: /nonexistent/sacctmgr\n"
            : "qos:\n  - name: avery\n    limits: {cpus: 64, gpus: 8, memory_gb: 64}\n" + config);
    Cli.Run run =
        new Cli(dir).programs("sacct").runner(sacct).clock(now).run(args.toArray(String[]::new));
    assertEquals(0, run.code(), run.err());
    return run;
  }

  String series(String home) throws IOException {
    JsonNode d = json.readTree(tmp.resolve(home).resolve("site/data_avery.json").toFile());
    return json.writeValueAsString(
        List.of(
            d.get("time_idxs"),
            d.get("users"),
            d.get("observables"),
            d.get("totals"),
            d.get("metadata").get("jobs_counted")));
  }

  @Test
  void incrementalRunsEqualFullQueriesAndFetchLittle() throws Exception {
    List<Instant> runs = new ArrayList<>();
    for (int k = 0; k <= 12; k++) {
      runs.add(T0.plus(Duration.ofMinutes(10L * k)));
    }
    runs.add(
        T0.plus(
            Duration.ofHours(20))); // a long pause: the cache is old but still inside the window
    runs.add(T0.plus(Duration.ofHours(20).plusMinutes(10)));
    for (int k = 0; k < runs.size(); k++) {
      now = runs.get(k);
      Cli.Run incremental = parse("incremental");
      long fetched = returned.get(returned.size() - 1);
      Cli.Run full = parse("full", "--full");
      long all = returned.get(returned.size() - 1);
      // Compared as text, byte for byte; the message stays short (the series run to megabytes).
      assertTrue(
          series("full").equals(series("incremental")),
          "run " + k + " at " + now + ": the series differ");
      assertTrue(
          incremental.out().contains("; sacct returned " + fetched + " rows ("), incremental.out());
      assertTrue(
          full.out().contains("; sacct returned " + all + " rows (full window)"), full.out());
      if (k == 0) {
        assertTrue(incremental.out().contains("(full window)"), incremental.out());
      } else {
        assertTrue(incremental.out().contains("(incremental since "), incremental.out());
        assertTrue(full.out().contains("(full window)"), full.out());
      }
      if (k >= 1 && k <= 12 || k == runs.size() - 1) {
        assertTrue(
            fetched <= 0.05 * all, "run " + k + ": fetched " + fetched + " of " + all + " rows");
      }
    }
  }

  /** Every file the run wrote under site/, by name. */
  Map<String, byte[]> site(String home) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    Path dir = tmp.resolve(home).resolve("site");
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(f).toString(), Files.readAllBytes(f));
      }
    }
    return files;
  }

  /**
   * Asserts that the incremental run wrote the same files as the full query, byte for byte; returns
   * the full query's.
   */
  Map<String, byte[]> sameFiles(String run) throws IOException {
    Map<String, byte[]> want = site("full");
    Map<String, byte[]> got = site("incremental");
    assertEquals(want.keySet(), got.keySet(), run);
    for (String name : want.keySet()) {
      assertTrue(Arrays.equals(want.get(name), got.get(name)), run + ": " + name);
    }
    return want;
  }

  /**
   * Over four runs (the last one 20 h later), each run from the cache writes the same files as a
   * full query, byte for byte, among them the data file of each of {@code groups}.
   */
  void eachRunFromTheCacheWritesWhatAFullQueryWrites(List<String> groups) throws Exception {
    List<Instant> runs =
        List.of(
            T0,
            T0.plus(Duration.ofMinutes(10)),
            T0.plus(Duration.ofMinutes(20)),
            T0.plus(Duration.ofHours(20)));
    for (int k = 0; k < runs.size(); k++) {
      now = runs.get(k);
      Cli.Run incremental = parse("incremental");
      parse("full", "--full");
      assertTrue(
          incremental.out().contains(k == 0 ? "(full window)" : "(incremental since "),
          incremental.out());
      Map<String, byte[]> want = sameFiles("run " + k);
      for (String group : groups) {
        assertTrue(want.containsKey("data_" + group + ".json"), want.keySet().toString());
      }
    }
  }

  @Test
  void aRunFromTheCacheWritesTheSameFilesAsAFullQuery() throws Exception {
    // Every column librarian asks for, steps included: requests, origins, names with '|' and
    // emoji, TotalCPU, MaxRSS, GPU utilisation all go through the cache's records.
    rich = true;
    eachRunFromTheCacheWritesWhatAFullQueryWrites(List.of("avery"));
    // The steps were read: the data file has the CPU time the .batch steps used.
    String data = Files.readString(tmp.resolve("incremental/site/data_avery.json"));
    assertTrue(data.contains("efficiency"), "no efficiency in the data file");
  }

  @Test
  void aCentreRunFromTheCacheWritesTheSameFilesAsAFullQuery() throws Exception {
    // Three QoS in one answer, each group counted on its lane: the cache's runs and sacct's fresh
    // ones reach every group in their order, as a full query's do.
    rich = true;
    centre = true;
    eachRunFromTheCacheWritesWhatAFullQueryWrites(List.of("avery", "birch", "cedar"));
  }

  @Test
  void aCorruptOrForeignCacheFallsBackToAFullQueryAndIsRebuilt() throws Exception {
    now = T0;
    parse("a");
    Path cache = SacctCache.file(tmp.resolve("a/.local/state/librarian"), null, List.of("avery"));
    assertTrue(Files.isRegularFile(cache));
    now = T0.plus(Duration.ofMinutes(10));
    String expected = series(parseFull());

    // Cut short.
    byte[] whole = Files.readAllBytes(cache);
    Files.write(cache, Arrays.copyOf(whole, whole.length / 2));
    Cli.Run cut = parse("a");
    assertTrue(cut.out().contains("(full window)"), cut.out());
    assertTrue(expected.equals(series("a")), "the series differ after a cut-short cache");
    assertTrue(
        parse("a").out().contains("(incremental since "), "the full query rebuilt the cache");

    // The row count changed: the last byte of its varint, just before the 4 bytes of the CRC-32.
    try (InputStream in = new GZIPInputStream(Files.newInputStream(cache))) {
      byte[] plain = in.readAllBytes();
      plain[plain.length - 5] ^= 0x02;
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(cache))) {
        out.write(plain);
      }
    }
    Cli.Run count = parse("a");
    assertTrue(count.out().contains("(full window)"), count.out());
    assertTrue(expected.equals(series("a")), "the series differ after a changed row count");

    // Another format version (3: the sacct text of the version before), another QoS, garbage.
    for (String header :
        List.of(
            "# librarian sacct cache version=3 cluster=null qos=avery queried="
                + now.getEpochSecond()
                + " full="
                + now.getEpochSecond()
                + " fields="
                + String.join(",", SacctReader.requestedFields()),
            "# librarian sacct cache version=1 cluster=null qos=avery queried="
                + now.getEpochSecond()
                + " full="
                + now.getEpochSecond()
                + " fields="
                + HEADER.replace('|', ','),
            "# librarian sacct cache version=2 cluster=null qos=avery-b queried="
                + now.getEpochSecond()
                + " full="
                + now.getEpochSecond()
                + " fields="
                + HEADER.replace('|', ','),
            "not a cache at all")) {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(cache))) {
        out.write((header + "\n" + HEADER + "\n#open|\n#end|0\n").getBytes(StandardCharsets.UTF_8));
      }
      Cli.Run run = parse("a");
      assertTrue(run.out().contains("(full window)"), header + ": " + run.out());
      assertTrue(expected.equals(series("a")), header + ": the series differ");
    }
  }

  /**
   * A cache directory where no file can be made (a file system out of inodes, which stops root too)
   * is a warning, once a run: the run reads sacct's whole answer without keeping it and writes what
   * a full query writes, the cache already there stays as it was, and once a file can be made again
   * the next run is incremental from that cache.
   */
  @Test
  void aCacheDirectoryWhereNoFileCanBeMadeIsAWarningAndTheRunGoesOn() throws Exception {
    Path dir = Files.createDirectories(base("a").getParent());
    SacctCacheTest.mount(
        "mount", "-t", "tmpfs", "-o", "size=8m,nr_inodes=16", "tmpfs", dir.toString());
    try {
      now = T0;
      parse("a");
      byte[] before = Files.readAllBytes(base("a"));
      List<Path> fillers = new ArrayList<>();
      try {
        for (int i = 0; i < 64; i++) {
          fillers.add(Files.createFile(dir.resolve("filler-" + i)));
        }
      } catch (IOException outOfInodes) {
        // what the run meets next
      }
      assertTrue(fillers.size() < 64, "the file system took " + fillers.size() + " files");

      now = T0.plus(Duration.ofMinutes(10));
      String expected = series(parseFull());
      for (int k = 0; k < 2; k++) {
        Cli.Run run = parse("a");
        assertTrue(run.out().contains("(full window)"), run.out());
        String warning = "warning: cannot write the cache " + base("a") + ": ";
        assertEquals(1, run.err().split(java.util.regex.Pattern.quote(warning), -1).length - 1);
        assertTrue(expected.equals(series("a")), "the series differ from a full query's");
        assertArrayEquals(before, Files.readAllBytes(base("a")));
      }

      for (Path f : fillers) {
        Files.delete(f);
      }
      now = T0.plus(Duration.ofMinutes(20));
      expected = series(parseFull());
      Cli.Run again = parse("a");
      assertTrue(again.out().contains("(incremental since "), again.out());
      assertFalse(again.err().contains("cannot write the cache"), again.err());
      assertTrue(expected.equals(series("a")), "the series differ after the cache came back");
    } finally {
      SacctCacheTest.mount("umount", dir.toString());
    }
  }

  /**
   * A disk that fills while a new cache is written (a tmpfs, filled after the first run) is a
   * warning: the run counts every record as a full query does, the cache already there stays as it
   * was, nothing half-written is left beside it, and once there is room the next run is incremental
   * from that cache. The answer is large (43,000 jobs) so that the writing fails while the records
   * are still being read, not only when the file is finished.
   */
  @Test
  void aDiskThatFillsWhileTheCacheIsWrittenIsAWarningAndTheRunGoesOn() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    long from = T0.getEpochSecond() - 20L * 86_400;
    for (int i = 0; i < 40_000; i++) {
      long start = from + random.nextLong(19L * 86_400);
      jobs.add(
          new Job(
              String.valueOf(200_000 + i),
              "u" + random.nextInt(40),
              start - 60,
              start,
              start + 60 + random.nextLong(86_400),
              1 + random.nextInt(8),
              0,
              "COMPLETED"));
    }
    Path dir = Files.createDirectories(base("a").getParent());
    SacctCacheTest.mount("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", dir.toString());
    try {
      now = T0;
      parse("a");
      byte[] before = Files.readAllBytes(base("a"));
      Path filler = dir.resolve("filler");
      try (OutputStream out = Files.newOutputStream(filler)) {
        byte[] block = new byte[4096];
        for (int i = 0; i < 16 * 256; i++) {
          out.write(block);
          out.flush();
        }
      } catch (IOException full) {
        // the disk is full
      }

      now = T0.plus(Duration.ofMinutes(10));
      String expected = series(parseFull());
      Cli.Run run = parse("a", "--full");
      assertTrue(run.out().contains("(full window)"), run.out());
      String warning = "warning: cannot write the cache " + base("a") + ": ";
      assertEquals(1, run.err().split(java.util.regex.Pattern.quote(warning), -1).length - 1);
      assertTrue(run.err().contains("No space left on device"), run.err());
      assertTrue(expected.equals(series("a")), "the series differ from a full query's");
      assertArrayEquals(before, Files.readAllBytes(base("a")));
      try (Stream<Path> left = Files.list(dir)) {
        assertEquals(
            List.of(base("a").getFileName().toString(), "filler"),
            left.map(f -> f.getFileName().toString()).sorted().toList());
      }

      Files.delete(filler);
      now = T0.plus(Duration.ofMinutes(20));
      expected = series(parseFull());
      Cli.Run again = parse("a");
      assertTrue(again.out().contains("(incremental since "), again.out());
      assertTrue(expected.equals(series("a")), "the series differ after the disk had room");
    } finally {
      SacctCacheTest.mount("umount", dir.toString());
    }
  }

  Path base(String home) {
    return SacctCache.file(
        tmp.resolve(home).resolve(".local/state/librarian"), null, List.of("avery"));
  }

  String baseId(String home) {
    return SacctCache.meta(base(home), null, List.of("avery"), SacctReader.requestedFields()).id();
  }

  @Test
  void theRecentFileIsFoldedIntoANewBaseOnceItIsAQuarterOfTheBase() throws Exception {
    // Daily runs with no full query in between: from a base of about 15 days of jobs, a day adds
    // about a fifteenth of it to the recent file, so it reaches a quarter within days.
    rich = true;
    config = "cache_reconcile: 30d\n";
    Path base = base("incremental");
    Path recent = SacctCache.recentFile(base);
    int folded = 0;
    int added = 0;
    String lastId = null;
    for (int day = 0; day <= 12; day++) {
      now = T0.minus(Duration.ofDays(20)).plus(Duration.ofDays(day));
      byte[] baseBefore = day == 0 ? null : Files.readAllBytes(base);
      long recentBefore = Files.exists(recent) ? Files.size(recent) : -1;
      Cli.Run incremental = parse("incremental");
      parse("full", "--full");
      assertTrue(
          incremental.out().contains(day == 0 ? "(full window)" : "(incremental since "),
          incremental.out());
      sameFiles("day " + day);
      String id = baseId("incremental");
      if (day == 0) {
        assertFalse(Files.exists(recent));
      } else if (recentBefore >= 0.25 * baseBefore.length) {
        // Folded: a new base with everything, and no recent file beside it.
        assertNotEquals(lastId, id, "day " + day);
        assertFalse(Files.exists(recent), "day " + day);
        folded++;
      } else {
        // The base only read, its bytes as they were; the run's finished jobs in the recent file.
        assertEquals(lastId, id, "day " + day);
        assertArrayEquals(baseBefore, Files.readAllBytes(base), "day " + day);
        assertTrue(Files.exists(recent), "day " + day);
        added++;
      }
      lastId = id;
    }
    assertTrue(folded >= 2 && added >= 4, folded + " folded, " + added + " added");
  }

  @Test
  void aRecentFileOfAReplacedBaseIsPassedOver() throws Exception {
    // A job that ended 55 min before T0: the run at T0 + 10 min asks from T0 - 50 min, so only the
    // recent file and the base hold it.
    Job late =
        new Job(
            "77777",
            "ann",
            T0.getEpochSecond() - 5 * 3600,
            T0.getEpochSecond() - 4 * 3600,
            T0.getEpochSecond() - 55 * 60,
            4,
            0,
            "COMPLETED");
    jobs.add(late);
    now = T0.minus(Duration.ofMinutes(50));
    parse("a");
    now = T0.plus(Duration.ofMinutes(10));
    assertTrue(parse("a").out().contains("(incremental since "));
    Path recent = SacctCache.recentFile(base("a"));
    byte[] stale = Files.readAllBytes(recent);
    // slurmdbd corrects the job (4 CPUs were 16), a full query takes the correction into a new
    // base, and the old recent file comes back (a run killed before it deleted it, say).
    jobs.set(
        jobs.indexOf(late),
        new Job("77777", "ann", late.submit(), late.start(), late.end(), 16, 0, "COMPLETED"));
    parse("a", "--full");
    assertFalse(Files.exists(recent), "a full query leaves no recent file");
    Files.write(recent, stale);
    now = T0.plus(Duration.ofMinutes(20));
    Cli.Run run = parse("a");
    assertTrue(run.out().contains("(incremental since 2026-11-19T23:10:00"), run.out());
    assertTrue(series(parseFull()).equals(series("a")), "the stale recent file was read");
  }

  @Test
  void aRecentFileCutShortFallsBackToAFullQuery() throws Exception {
    now = T0;
    parse("a");
    now = T0.plus(Duration.ofMinutes(10));
    parse("a");
    Path recent = SacctCache.recentFile(base("a"));
    byte[] whole = Files.readAllBytes(recent);
    Files.write(recent, Arrays.copyOf(whole, whole.length / 2));
    now = T0.plus(Duration.ofMinutes(20));
    Cli.Run cut = parse("a");
    assertTrue(cut.out().contains("(full window)"), cut.out());
    assertTrue(
        series(parseFull()).equals(series("a")), "the series differ after a cut recent file");
    assertFalse(Files.exists(recent), "the full query left the cut file");
    now = T0.plus(Duration.ofMinutes(30));
    assertTrue(
        parse("a").out().contains("(incremental since "), "the full query rebuilt the cache");
    assertTrue(Files.exists(recent));
  }

  SacctCache.Meta baseMeta(String home) {
    return SacctCache.meta(base(home), null, List.of("avery"), SacctReader.requestedFields());
  }

  @Test
  void aBaseThatHoldsEachRunOnceIsReadWithoutLookingForRepeats() throws Exception {
    rich = true;
    eachRunFromTheCacheWritesWhatAFullQueryWrites(List.of("avery"));
    assertTrue(baseMeta("incremental").once(), "the base holds each run once");
  }

  @Test
  void aRunSacctPrintedTwiceCountsOnceFromTheCacheAsInAFullQuery() throws Exception {
    // Two finished runs that ended 3 to 10 days before the first run (inside every run's window):
    // only the base holds them after it, each twice. Their second rows are repeats in a full
    // query, and must be from the cache too.
    rich = true;
    long before = T0.getEpochSecond() - 3 * 86_400;
    long after = T0.getEpochSecond() - 10 * 86_400;
    List<Job> old =
        jobs.stream()
            .filter(j -> j.end() < before && j.end() > after && !j.id().contains("_"))
            .toList();
    twice.add(old.get(0).id());
    twice.add(old.get(old.size() - 1).id());
    eachRunFromTheCacheWritesWhatAFullQueryWrites(List.of("avery"));
    assertFalse(baseMeta("incremental").once(), "the base holds a run twice");
    now = now.plus(Duration.ofMinutes(10));
    Cli.Run run = parse("incremental");
    assertTrue(run.out().contains("(incremental since "), run.out());
    assertTrue(
        run.err().contains("avery: 2 rows repeated a run already read (same JobID and Start)"),
        run.err());
  }

  String parseFull() throws IOException {
    parse("reference", "--full");
    return "reference";
  }
}
