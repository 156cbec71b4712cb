package org.librarian.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.librarian.slurm.AssocMgrQos;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.ProcessCommandRunner;
import org.librarian.slurm.SlurmTime;
import org.librarian.slurm.TresParser;
import org.librarian.testing.Browser;
import org.librarian.testing.Cli;
import org.librarian.testing.Poll;
import org.librarian.usage.TresMinutes;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * librarian against the real Slurm that scripts/slurm-testbed.sh starts (run with -Pslurm, as
 * root). Jobs are submitted as the testbed's Unix users; librarian's own commands run as those
 * users too where Slurm cares who asks (the watchdog), through the packaged jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlurmClusterIT {
  static final Path STATE =
      Path.of(
          System.getenv().getOrDefault("LIBRARIAN_TESTBED_STATE", "/var/lib/librarian-testbed"));
  final TestSlurm slurm = new TestSlurm();
  final ProcessCommandRunner runner = slurm.runner;
  final ObjectMapper json = new ObjectMapper();
  final List<String> leftovers = new ArrayList<>();
  Path work;
  Path jar;
  String requeued;
  String busy;
  Path measured;

  @BeforeAll
  void cluster() throws Exception {
    work = slurm.workDir("librarian-it-");
    jar = work.resolve("librarian.jar");
    Files.copy(Path.of("target/librarian.jar"), jar, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    for (String u : List.of("ann", "bob", "cyd")) {
      sh("scancel", "-u", u);
      as(u, "scrontab", "-r");
    }
    Files.deleteIfExists(STATE.resolve("fail-prolog"));
    resumeNode();
  }

  /**
   * ann's job of 2 CPUs for 20 s in avery (and bob's short one in avery-b beside it), requeued once
   * it has run 5 s by Slurm's count, so that its two runs can be told apart; its id.
   */
  String submitAndRequeueAfterFiveSeconds() throws Exception {
    String id = submit("ann", "--qos=avery", "-n", "2", "--mem=1G", "--wrap", "sleep 20");
    submit("bob", "--qos=avery-b", "-n", "3", "--mem=1G", "--wrap", "sleep 5");
    waitUntil(
        Duration.ofMinutes(3),
        "ann's job " + id + " to have run 5 s by Slurm's count (squeue %M)",
        () -> {
          String used = sh("squeue", "-h", "-j", id, "-t", "RUNNING", "-o", "%M").stdout();
          return !used.isBlank() && SlurmTime.durationMillis(used) >= 5000;
        });
    assertEquals(0, sh("scontrol", "requeue", id).exitCode());
    return id;
  }

  @AfterAll
  void cleanUp() throws Exception {
    Files.deleteIfExists(STATE.resolve("fail-prolog"));
    for (String u : List.of("ann", "bob", "cyd")) {
      sh("scancel", "-u", u);
      as(u, "scrontab", "-r");
    }
    resumeNode();
  }

  @Test
  @Order(1)
  void watchdogHealsAStuckCronJobAndTouchesNothingElse() throws Exception {
    // First, while no other job is about to start: the failing prolog fails whatever starts.
    // bob's ordinary job fails its prolog: launch failed requeued held.
    Files.writeString(STATE.resolve("fail-prolog"), "");
    String bobs = submit("bob", "--qos=avery", "-n", "1", "--mem=100M", "--wrap", "sleep 1");
    waitUntil(
        Duration.ofMinutes(4),
        "bob's job to be held",
        () -> reason(bobs).contains("requeued held"));
    resumeNode();
    // ann's job held on purpose.
    String held =
        submit("ann", "--qos=avery", "--hold", "-n", "1", "--mem=100M", "--wrap", "sleep 1");
    // ann's cron job fails its prolog at its next minute.
    Path tab = work.resolve("ann.scrontab");
    String scrontab =
        "#SCRON --job-name=lib-cron\n#SCRON --qos=avery\n#SCRON --mem=100M\n#SCRON -t 1\n* * * * * /bin/true\n";
    Files.writeString(tab, scrontab);
    Files.setPosixFilePermissions(tab, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(0, as("ann", "scrontab", tab.toString()).exitCode());
    String cron = jobOf("ann", "lib-cron");
    waitUntil(
        Duration.ofMinutes(5),
        "ann's cron job to be held",
        () -> reason(cron).contains("requeued held"));
    Files.deleteIfExists(STATE.resolve("fail-prolog"));
    resumeNode();
    String bobReason = reason(bobs);
    String heldReason = reason(held);
    assertEquals("JobHeldUser", heldReason);

    CommandResult watchdog =
        as("ann", "java", "-jar", jar.toString(), "watchdog", "--confirm-wait", "60s");
    assertEquals(0, watchdog.exitCode(), watchdog.stdout() + watchdog.stderr());
    assertTrue(
        watchdog
            .stdout()
            .contains(
                "job " + cron + " (lib-cron, launch failed requeued held): cancelled; re-armed"),
        watchdog.stdout());
    String after = as("ann", "scrontab", "-l").stdout();
    assertFalse(after.contains("#DISABLED"), after);
    assertTrue(after.contains("* * * * * /bin/true"), after);
    String fresh = jobOf("ann", "lib-cron");
    assertFalse(fresh.equals(cron), "a new cron job, under a new id");
    assertEquals(heldReason, reason(held), "ann's deliberate hold is untouched");
    assertEquals(bobReason, reason(bobs), "bob's stuck job is not ann's to heal");
  }

  @Test
  @Order(2)
  void parseMatchesSlurmsOwnAccountingPerUser() throws Exception {
    List<String> mix = new ArrayList<>();
    mix.add(submit("ann", "--qos=avery", "-n", "4", "--mem=4G", "--wrap", "sleep 20"));
    mix.add(
        submit("ann", "--qos=avery", "-n", "2", "--gres=gpu:2", "--mem=8G", "--wrap", "sleep 15"));
    mix.add(submit("bob", "--qos=avery", "-n", "3", "--mem-per-cpu=2G", "--wrap", "sleep 10"));
    mix.add(
        submit(
            "bob",
            "--qos=avery",
            "--array=1-4%2",
            "-n",
            "1",
            "--mem=1G",
            "--gres=gpu:1",
            "--wrap",
            "sleep 5"));
    mix.add(submit("cyd", "--qos=avery", "-n", "1", "--mem=1G", "--wrap", "sleep 2; exit 3"));
    String cancelled = submit("cyd", "--qos=avery", "-n", "2", "--mem=1G", "--wrap", "sleep 300");
    mix.add(
        submit("cyd", "--qos=avery-b", "-n", "1", "--mem=1G", "--time=1", "--wrap", "sleep 600"));
    // The two longest waits of later tests pass while this mix runs: bob's busy job (40 CPU-s) and
    // ann's requeued job, which Slurm holds about two minutes before its second run. Both are in
    // the window counted below, whatever their state then, as Slurm's own figures are.
    busy = submitBusyJob();
    requeued = submitAndRequeueAfterFiveSeconds();
    String running = submit("ann", "--qos=avery-b", "-n", "8", "--mem=16G", "--wrap", "sleep 900");
    String pending =
        submit("bob", "--qos=avery", "-n", "1", "--mem=1G", "--begin=now+2hours", "--wrap", "true");
    leftovers.addAll(List.of(running, pending));
    // Cancelled once it runs, so that it counts: a job cancelled while it waits never started.
    waitUntil(
        Duration.ofMinutes(4),
        "cyd's job " + cancelled + " to run",
        () -> sh("squeue", "-h", "-j", cancelled, "-o", "%T").stdout().strip().equals("RUNNING"));
    sh("scancel", cancelled);
    // Het job last: on one node its components wait for each other and would hold up later jobs.
    Path het = work.resolve("het.sh");
    Files.writeString(
        het,
        "#!/bin/sh\n#SBATCH --qos=avery-b\n#SBATCH -n 1 --mem=1G\n#SBATCH hetjob\n#SBATCH -n 1 --mem=1G\nsleep 1\n");
    Files.setPosixFilePermissions(het, PosixFilePermissions.fromString("rwxr-xr-x"));
    String hetId = submit("cyd", het.toString());
    leftovers.add(hetId);

    // Everything but the long-running, the pending and the het job ends (the TIMEOUT one last,
    // after its minute).
    waitUntil(
        Duration.ofMinutes(8),
        "the job mix " + mix + " to finish",
        () -> sh("squeue", "-h", "-j", String.join(",", mix), "-o", "%i").stdout().isBlank());
    // The real cluster's present: parse's clock and the expected totals both count up to this one
    // instant, so nothing below depends on when the assertions run.
    Instant now = Instant.now().minusSeconds(1);

    Path config = work.resolve("parse.yaml");
    Files.writeString(config, "timezone: UTC\nqos:\n  - name: avery\n  - name: avery-b\n");
    Cli.Run parse =
        librarian(
            now, "parse", "--config", config.toString(), "--out", "site", "--full", "--no-plots");
    assertEquals(0, parse.code(), parse.err());
    assertTrue(parse.out().contains("(full window)"), parse.out());
    String fullSeries =
        json.readTree(work.resolve("site/data_avery.json").toFile()).get("observables").toString();
    // Again, from the cache the first run left plus an incremental query: the same series.
    Cli.Run again =
        librarian(now, "parse", "--config", config.toString(), "--out", "site", "--no-plots");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("(incremental since "), again.out());
    assertEquals(
        fullSeries,
        json.readTree(work.resolve("site/data_avery.json").toFile()).get("observables").toString());

    for (String qos : List.of("avery", "avery-b")) {
      JsonNode data = json.readTree(work.resolve("site/data_" + qos + ".json").toFile());
      // Every job of the window, including those of earlier runs on this testbed.
      Map<String, long[]> expected = expected(qos, now.minus(Duration.ofDays(29)), now);
      assertFalse(expected.isEmpty(), qos);
      for (Map.Entry<String, long[]> e : expected.entrySet()) {
        JsonNode totals = data.get("totals").get(e.getKey());
        assertEquals(
            e.getValue()[0] / 3600.0,
            totals.get("cpu_hours").asDouble(),
            0.0006,
            qos + " " + e.getKey() + " CPU");
        assertEquals(
            e.getValue()[1] / 3600.0,
            totals.get("gpu_hours").asDouble(),
            0.0006,
            qos + " " + e.getKey() + " GPU");
      }
      assertEquals("sacctmgr", data.get("metadata").get("thresholds_source").asText());
    }
    JsonNode avery = json.readTree(work.resolve("site/data_avery.json").toFile());
    assertEquals(48, avery.get("thresholds").get("NCPUS").asInt());
    assertEquals(3, avery.get("thresholds").get("NGPUS").asInt());
    assertEquals(200, avery.get("thresholds").get("MEMORY").asInt());
    assertEquals(
        64,
        json.readTree(work.resolve("site/data_avery-b.json").toFile())
            .get("thresholds")
            .get("NCPUS")
            .asInt());
    for (String id : leftovers) {
      sh("scancel", id);
    }
  }

  /**
   * Per user, CPU- and GPU-seconds from Slurm's own numbers: AllocCPUS (and gres/gpu) × ElapsedRaw
   * for ended jobs (checked against End − Start), and × (now − Start) for the job still running.
   */
  Map<String, long[]> expected(String qos, Instant since, Instant now) throws Exception {
    CommandResult r =
        sacctSince(
            since,
            "-X",
            "--qos=" + qos,
            "--format=JobID,User,State,Start,End,ElapsedRaw,AllocCPUS,AllocTRES");
    assertEquals(0, r.exitCode(), r.stderr());
    Map<String, long[]> perUser = new TreeMap<>();
    for (String line : r.stdout().strip().split("\n")) {
      String[] f = line.split("\\|", -1);
      if (f[3].equals("Unknown") || f[3].equals("None")) {
        continue; // never started
      }
      long start = Long.parseLong(f[3]);
      if (start > now.getEpochSecond()) {
        continue; // started after the instant parse counted up to
      }
      long seconds;
      if (f[4].equals("Unknown")) {
        seconds = now.getEpochSecond() - start;
      } else {
        seconds = Long.parseLong(f[5]);
        assertEquals(Long.parseLong(f[4]) - start, seconds, "ElapsedRaw of " + f[0]);
        // A job that ended after parse's clock (the het job, a second after it) counted only up to
        // it.
        seconds = Math.min(seconds, now.getEpochSecond() - start);
      }
      long cpus = Long.parseLong(f[6]);
      long gpus = Math.max(0, TresParser.parse(f[7]).gpus());
      long[] sums = perUser.computeIfAbsent(f[1], u -> new long[2]);
      sums[0] += cpus * seconds;
      sums[1] += gpus * seconds;
    }
    return perUser;
  }

  /** The users of a data file with a value above 0 in any of its series, sorted. */
  static List<String> usersWithUsage(JsonNode data) {
    Set<String> users = new TreeSet<>();
    data.get("observables")
        .fields()
        .forEachRemaining(
            o ->
                o.getValue()
                    .fields()
                    .forEachRemaining(
                        u -> {
                          for (JsonNode v : u.getValue()) {
                            if (v.asDouble() > 0) {
                              users.add(u.getKey());
                            }
                          }
                        }));
    return List.copyOf(users);
  }

  @Test
  @Order(3)
  void runPublishesRealDataToABareRepository() throws Exception {
    Path remote = work.resolve("remote.git");
    assertEquals(0, sh("git", "init", "-q", "--bare", remote.toString()).exitCode());
    Path config = work.resolve("run.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "timezone: America/New_York",
            "output: run-site",
            "state_dir: state",
            "log_dir: logs",
            "qos:",
            "  - name: avery",
            "deploy:",
            "  repo: " + remote,
            ""));
    Cli.Run run = librarian(Instant.now(), "run", "--config", config.toString(), "--no-plots");
    assertEquals(0, run.code(), run.out() + run.err());
    JsonNode published =
        json.readTree(
            sh("git", "--git-dir=" + remote, "show", "gh-pages:data_avery.json").stdout());
    List<String> users = new ArrayList<>();
    published.get("users").forEach(u -> users.add(u.asText()));
    assertTrue(users.containsAll(List.of("ann", "bob", "cyd")), users.toString());
    assertTrue(published.get("totals").get("ann").get("cpu_hours").asDouble() > 0);
    JsonNode status =
        json.readTree(sh("git", "--git-dir=" + remote, "show", "gh-pages:status.json").stdout());
    assertTrue(status.get("ok").asBoolean());
    String files = sh("git", "--git-dir=" + remote, "ls-tree", "--name-only", "gh-pages").stdout();
    for (String f : List.of("index.html", "app.js", "plotly.js", "manifest.json", ".nojekyll")) {
      assertTrue(files.lines().anyMatch(f::equals), f + " in " + files);
    }
  }

  @Test
  @Order(4)
  void whileSlurmdbdIsDownTheLastGoodDataStaysAndThePageSaysSo() throws Exception {
    Path remote = work.resolve("remote.git");
    Path config = work.resolve("run.yaml");
    String before = sh("git", "--git-dir=" + remote, "show", "gh-pages:data_avery.json").stdout();
    Path pidFile = STATE.resolve("pids/slurmdbd.pid");
    sh("kill", Files.readString(pidFile).strip());
    waitUntil(
        Duration.ofMinutes(2),
        "slurmdbd to stop",
        () -> sh("sacctmgr", "-n", "show", "cluster").exitCode() != 0);
    try {
      Cli.Run down = librarian(Instant.now(), "run", "--config", config.toString(), "--no-plots");
      assertEquals(1, down.code(), down.out() + down.err());
      assertTrue(down.err().contains("Problem talking to the database"), down.err());
      assertEquals(
          before,
          sh("git", "--git-dir=" + remote, "show", "gh-pages:data_avery.json").stdout(),
          "the published data is the last good data");
      JsonNode status =
          json.readTree(sh("git", "--git-dir=" + remote, "show", "gh-pages:status.json").stdout());
      assertFalse(status.get("ok").asBoolean());

      // The published page, in the browser, says the last update failed.
      Path checkout = work.resolve("published");
      assertEquals(
          0,
          sh("git", "clone", "-q", "-b", "gh-pages", remote.toString(), checkout.toString())
              .exitCode());
      try (Browser browser = Browser.start(1400, 1700)) {
        ChromeDriver driver = browser.driver();
        driver.get(browser.serve(checkout));
        new WebDriverWait(driver, Duration.ofMinutes(2))
            .withMessage("the published page to render or show its banner")
            .until(
                d ->
                    "1".equals(d.findElement(By.tagName("body")).getAttribute("data-renders"))
                        || d.findElement(By.id("banner")).isDisplayed());
        String banner = driver.findElement(By.id("banner")).getText();
        assertTrue(banner.contains("failed — avery: sacct for avery failed (exit 1)"), banner);
        assertTrue(banner.contains("The charts show the last good data."), banner);
        // The users' bands are the traces of the usage stack; the waiting strip, the period
        // before, the limit and the hover are traces of their own. A band is drawn for each user
        // with usage in the published series: cyd's few CPU-seconds, split by an hour's edge,
        // can round to 0 in both bins, so the expected set is read from the data, not fixed.
        List<String> withUsage = usersWithUsage(json.readTree(before));
        assertTrue(withUsage.containsAll(List.of("ann", "bob")), withUsage.toString());
        assertEquals(
            withUsage,
            browser.js(
                "return document.getElementById('chart-NCPUS').data"
                    + ".filter(t => t.stackgroup === 'one').map(t => t.meta).sort()"),
            "every user with usage in the last good data is drawn");
      }
    } finally {
      sh("slurmdbd");
      waitUntil(
          Duration.ofMinutes(3),
          "slurmdbd to come back",
          () -> sh("sacctmgr", "-n", "show", "cluster").exitCode() == 0);
    }
    Cli.Run back = librarian(Instant.now(), "run", "--config", config.toString(), "--no-plots");
    assertEquals(0, back.code(), back.out() + back.err());
    assertTrue(
        json.readTree(sh("git", "--git-dir=" + remote, "show", "gh-pages:status.json").stdout())
            .get("ok")
            .asBoolean());
  }

  @Test
  @Order(5)
  void scrontabExampleIsAcceptedAndQueuesBothEntries() throws Exception {
    Path example = work.resolve("scrontab.example");
    Files.copy(Path.of("scrontab.example"), example, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(example, PosixFilePermissions.fromString("rw-r--r--"));
    CommandResult installed = as("cyd", "scrontab", example.toString());
    assertEquals(0, installed.exitCode(), installed.stderr());
    assertFalse(jobOf("cyd", "librarian-run").isEmpty());
    assertFalse(jobOf("cyd", "librarian-watchdog").isEmpty());
    as("cyd", "scrontab", "-r");
  }

  @Test
  @Order(6)
  void runAsksSacctOncePerRunForTwoQosAndCountsEveryRunOfARequeuedJob() throws Exception {
    // The configured sacct is a wrapper that counts its calls, then runs the real one.
    Path calls = work.resolve("sacct-calls");
    Path wrapper = work.resolve("counting-sacct");
    Files.writeString(wrapper, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\nexec sacct \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    // ann's job, requeued by the set-up after 5 s, waits about two minutes (BeginTime) before it
    // runs again; then it runs to its end (by now, as a rule: the first test waited for it).
    waitUntil(
        Duration.ofMinutes(8),
        "ann's requeued job to run again and end",
        () -> sh("squeue", "-h", "-j", requeued).stdout().isBlank());
    CommandResult runs =
        sh("sacct", "-X", "-D", "-P", "-n", "-j", requeued, "--format=State,CPUTimeRAW");
    List<String> states = runs.stdout().lines().map(l -> l.split("\\|")[0]).toList();
    assertTrue(states.size() >= 2 && states.get(0).equals("REQUEUED"), runs.stdout());

    Path config = work.resolve("two-qos.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "timezone: UTC",
            "output: two-site",
            "state_dir: two-state",
            "log_dir: two-logs",
            "sacct: " + wrapper,
            "qos:",
            "  - name: avery",
            "  - name: avery-b",
            ""));
    Instant first = Instant.now();
    Cli.Run full = librarian(first, "run", "--config", config.toString(), "--no-plots");
    assertEquals(0, full.code(), full.out() + full.err());
    assertEquals(1, Files.readAllLines(calls).size(), Files.readString(calls));
    assertTrue(
        Files.readString(calls).contains("--qos=avery,avery-b")
            && Files.readString(calls).contains("--duplicates"),
        Files.readString(calls));
    assertTrue(full.out().contains("(full window)"), full.out());
    Cli.Run incremental =
        librarian(first.plusSeconds(60), "run", "--config", config.toString(), "--no-plots");
    assertEquals(0, incremental.code(), incremental.out() + incremental.err());
    assertEquals(2, Files.readAllLines(calls).size(), Files.readString(calls));
    assertTrue(incremental.out().contains("(incremental since "), incremental.out());

    for (String qos : List.of("avery", "avery-b")) {
      JsonNode data = json.readTree(work.resolve("two-site/data_" + qos + ".json").toFile());
      Map<String, long[]> expected =
          expected(qos, first.plusSeconds(60).minus(Duration.ofDays(29)), first.plusSeconds(60));
      for (Map.Entry<String, long[]> e : expected.entrySet()) {
        assertEquals(
            e.getValue()[0] / 3600.0,
            data.get("totals").get(e.getKey()).get("cpu_hours").asDouble(),
            0.0006,
            qos + " " + e.getKey());
      }
    }
    // ann's requeued job: both runs count, each as Slurm accounts it (CPUTimeRAW = CPUs x elapsed).
    long requeuedSeconds =
        runs.stdout().lines().mapToLong(l -> Long.parseLong(l.split("\\|")[1])).sum();
    long lastRunOnly =
        Long.parseLong(
            runs.stdout().strip().lines().reduce((a, b) -> b).orElseThrow().split("\\|")[1]);
    assertTrue(requeuedSeconds > lastRunOnly, runs.stdout());
    Map<String, long[]> ann =
        expected("avery", first.plusSeconds(60).minus(Duration.ofDays(29)), first.plusSeconds(60));
    assertTrue(
        ann.get("ann")[0] >= requeuedSeconds, "ann's total includes every run of " + requeued);
  }

  /**
   * bob's busy job: 4 CPUs, two busy loops of 20 CPU-s each and about 300 MB held meanwhile, which
   * writes what it measured itself into {@link #measured}; its id.
   */
  String submitBusyJob() throws Exception {
    measured = work.resolve("measured.txt");
    Path script = work.resolve("busy.py");
    Files.writeString(
        script,
        String.join(
            "\n",
            "import os, resource, time",
            "def busy(cpu_seconds):",
            "    # CPU time, not wall time: on a busy machine the loop gets less of a core, not less work.",
            "    start = time.process_time()",
            "    while time.process_time() - start < cpu_seconds:",
            "        pass",
            "children = []",
            "for i in range(2):",
            "    pid = os.fork()",
            "    if pid == 0:",
            "        busy(20)",
            "        os._exit(0)",
            "    children.append(pid)",
            "held = b'\\x01' * (300 << 20)  # touched, so resident",
            "for pid in children:",
            "    os.waitpid(pid, 0)",
            "c = resource.getrusage(resource.RUSAGE_CHILDREN)",
            "s = resource.getrusage(resource.RUSAGE_SELF)",
            "with open('" + measured + "', 'w') as f:",
            "    f.write('%f %d\\n' % (c.ru_utime + c.ru_stime + s.ru_utime + s.ru_stime, s.ru_maxrss))",
            ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
    Files.deleteIfExists(measured);
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
    // In the QoS 'normal', where this test's job is bob's only one (but for earlier runs of it).
    return submit("bob", "--qos=normal", "-c", "4", "--mem=1G", "--wrap", "python3 " + script);
  }

  /**
   * A job that uses a known share of what it holds: 4 CPUs, two busy loops for 20 s and about 300
   * MB held meanwhile. The job measures itself (rusage of itself and its children, its own peak
   * RSS); librarian's efficiency for it must agree with that, and with Slurm's ElapsedRaw for what
   * it held.
   */
  @Test
  @Order(7)
  void efficiencyAgreesWithWhatTheJobMeasuredItself() throws Exception {
    // 40 CPU-s on whatever share of the cores the machine leaves it (it started in the set-up).
    String id = busy;
    waitUntil(
        Duration.ofMinutes(10),
        "the busy job to end",
        () -> sh("squeue", "-h", "-j", id).stdout().isBlank());
    waitForAccounting(List.of(id));
    String[] self = Files.readString(measured).strip().split(" ");
    double cpuSeconds = Double.parseDouble(self[0]);
    long peakKib = Long.parseLong(self[1]);
    // Each child loops until its own CPU time reaches 20 s: 2 x 20 = 40 CPU-s at least by the job's
    // own count; the loops overshoot by a few milliseconds, the parent's 300 MB and Python's start
    // add about a second, so well under 50.
    assertTrue(
        cpuSeconds >= 40 && cpuSeconds < 50,
        "two busy loops of 20 CPU-s each, by the job's own rusage: " + cpuSeconds + " s");
    // Slurm's TotalCPU of the job (without -X: with it, TotalCPU reads zero) is what the job
    // measured itself, within 10 %: two measurements of the same job.
    String total =
        sh("sacct", "-P", "-n", "-j", id, "--format=JobID,TotalCPU")
            .stdout()
            .lines()
            .filter(l -> l.startsWith(id + "|"))
            .findFirst()
            .orElseThrow()
            .split("\\|")[1];
    double slurmCpu = SlurmTime.durationMillis(total) / 1000.0;
    assertEquals(cpuSeconds, slurmCpu, 0.1 * cpuSeconds, "TotalCPU " + total);

    Path config = work.resolve("efficiency.yaml");
    Files.writeString(config, "timezone: UTC\nqos:\n  - name: normal\n");
    Instant now = Instant.now();
    Cli.Run parse = parseFull(now, config, "eff-site");
    JsonNode bob =
        json.readTree(work.resolve("eff-site/data_normal.json").toFile())
            .get("efficiency")
            .get("bob");
    assertTrue(bob != null, "bob's job is counted");
    // Against Slurm's own numbers for bob's jobs in 'normal' that ended in the window: AllocCPUS x
    // ElapsedRaw held, TotalCPU used.
    CommandResult all =
        sacctSince(
            now.minus(Duration.ofDays(29)),
            "--qos=normal",
            "-u",
            "bob",
            "--format=State,End,ElapsedRaw,AllocCPUS,TotalCPU,JobID");
    long heldSeconds = 0;
    double usedSeconds = 0;
    int jobs = 0;
    for (String line : all.stdout().strip().split("\n")) {
      String[] f = line.split("\\|", -1);
      boolean allocation = !f[5].contains(".");
      if (allocation
          && f[1].matches("\\d+")
          && !f[0].startsWith("RUNNING")
          && !f[0].startsWith("PENDING")) {
        heldSeconds += Long.parseLong(f[2]) * Long.parseLong(f[3]);
        usedSeconds += SlurmTime.durationMillis(f[4]) / 1000.0;
        jobs++;
      }
    }
    // On a mismatch, what each side saw: sacct's rows after the parse, and the parse's own account.
    assertEquals(
        jobs,
        bob.get("jobs").asInt(),
        "sacct after the parse:\n" + all.stdout() + "parse (now " + now + "):\n" + parse.out());
    assertEquals(
        heldSeconds / 3600.0, bob.get("cpu_alloc_hours").asDouble(), 0.0006, "held CPU-hours");
    assertEquals(
        usedSeconds / 3600.0, bob.get("cpu_used_hours").asDouble(), 0.0006, "used CPU-hours");
    // Memory: the step's peak (jobacct_gather/linux, sampled every second, the whole process tree)
    // of 1 GiB allocated; the job's own peak RSS is a lower bound, its two small children add a
    // little.
    double memory = bob.get("mem_efficiency_p50").asDouble() * (1 << 20);
    assertTrue(
        memory >= 0.9 * peakKib && memory <= peakKib + 100 * 1024,
        "peak memory " + memory + " KiB against the job's own " + peakKib + " KiB");
  }

  /**
   * More than the QoS allows: three 32-CPU jobs against avery's cpu=48. While two wait, a live
   * parse (sacct and squeue) shows them waiting for the QoS limit at that instant; after all ran,
   * bob's longest wait is Slurm's own Start - Eligible of the job that waited longest.
   */
  @Test
  @Order(8)
  void workWaitingAtTheQosLimitIsSeenWhileItWaitsAndItsWaitAfterItRan() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(submit("bob", "--qos=avery", "-c", "32", "--mem=1G", "--wrap", "sleep 20"));
    }
    waitUntil(
        Duration.ofMinutes(3),
        "two of them to wait for the QoS limit",
        () ->
            sh("squeue", "-h", "-u", "bob", "-t", "PENDING", "-o", "%r")
                    .stdout()
                    .lines()
                    .filter(r -> r.equals("QOSGrpCpuLimit"))
                    .count()
                == 2);
    // slurmctld tells slurmdbd of new jobs a moment later: until then sacct does not list them.
    waitUntil(
        Duration.ofMinutes(3),
        "sacct to know the three jobs",
        () ->
            sh("sacct", "-X", "-n", "-P", "-j", String.join(",", ids), "--format=JobID")
                    .stdout()
                    .lines()
                    .count()
                == 3);
    Path config = work.resolve("demand.yaml");
    Files.writeString(config, "timezone: UTC\nqos:\n  - name: avery\n");
    parseFull(Instant.now(), config, "demand-site");
    JsonNode now =
        json.readTree(work.resolve("demand-site/data_avery.json").toFile()).at("/now/users/bob");
    assertEquals(64, now.at("/waiting/qos_limit/NCPUS").asInt(), now.toString());
    assertEquals(2, now.at("/waiting/qos_limit/NJOBS").asInt(), now.toString());
    assertEquals(32, now.at("/in_use/NCPUS").asInt(), now.toString());

    waitUntil(
        Duration.ofMinutes(6),
        "all three to run and end",
        () ->
            sh("squeue", "-h", "-u", "bob", "-t", "PENDING,RUNNING", "-o", "%i")
                .stdout()
                .lines()
                .noneMatch(ids::contains));
    waitForAccounting(ids);
    Instant after = Instant.now();
    parseFull(after, config, "demand-site");
    CommandResult r =
        sacctSince(
            after.minus(Duration.ofDays(29)),
            "-X",
            "--qos=avery",
            "-u",
            "bob",
            "--format=JobID,Eligible,Start,Reason");
    long longest = 0;
    String longestReason = "";
    for (String line : r.stdout().strip().split("\n")) {
      String[] f = line.split("\\|", -1);
      if (f[1].matches("\\d+")
          && f[2].matches("\\d+")
          && Long.parseLong(f[2]) - Long.parseLong(f[1]) > longest) {
        longest = Long.parseLong(f[2]) - Long.parseLong(f[1]);
        longestReason = f[3];
      }
    }
    assertTrue(longest >= 15, "the third job waited for the first two: " + r.stdout());
    assertEquals(
        "QOSGrpCpuLimit", longestReason, "sacct keeps the reason that held a job back once it ran");
    JsonNode data = json.readTree(work.resolve("demand-site/data_avery.json").toFile());
    assertEquals(longest, data.at("/wait/bob/max_s").asLong(), data.at("/wait/bob").toString());
    assertTrue(data.at("/demand/by_reason/qos_limit/NCPUS").isArray());
  }

  /**
   * A QoS given a GrpTRESMins budget: the parsed limit is what sacctmgr set, and the used
   * CPU-minutes Slurm reports grow while a 48-CPU job runs (multifactor priority refreshes them
   * every minute on the test bed; 32 CPU-minutes are 40 s of 48 CPUs, so the first or the second
   * refresh after it starts shows them).
   */
  @Test
  @Order(9)
  void budgetUsedValueGrowsWhileAJobRunsAndParsesAsScontrolPrintsIt() throws Exception {
    assertEquals(
        0,
        sh("sacctmgr", "-i", "modify", "qos", "avery-b", "set", "GrpTRESMins=cpu=600000")
            .exitCode());
    try {
      Command ask = AssocMgrQos.command("scontrol", "avery-b", Duration.ofSeconds(30));
      Supplier<TresMinutes> cpu =
          () -> {
            try {
              CommandResult r = runner.run(ask);
              assertEquals(0, r.exitCode(), r.stderr());
              return AssocMgrQos.parse("avery-b", r.stdout()).stream()
                  .filter(t -> t.tres().equals("cpu"))
                  .findFirst()
                  .orElseThrow();
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          };
      TresMinutes before = cpu.get();
      assertEquals(600_000L, before.limitMinutes());
      submit("cyd", "--qos=avery-b", "-c", "48", "--mem=1G", "--wrap", "sleep 150");
      waitUntil(
          Duration.ofMinutes(3),
          "the used CPU-minutes to grow past " + before.usedMinutes() + " + 32",
          () -> cpu.get().usedMinutes() >= before.usedMinutes() + 32);
      assertEquals(600_000L, cpu.get().limitMinutes());
    } finally {
      sh("scancel", "-u", "cyd");
      sh("sacctmgr", "-i", "modify", "qos", "avery-b", "set", "GrpTRESMins=cpu=-1");
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  /**
   * librarian's {@code args} in the working directory, through the real Slurm on this PATH, its
   * clock at {@code now}.
   */
  Cli.Run librarian(Instant now, String... args) {
    return new Cli(work).runner(runner).env("PATH", System.getenv("PATH")).clock(now).run(args);
  }

  /**
   * {@code librarian parse --full --no-plots} of {@code config} into {@code out}, which succeeds.
   */
  Cli.Run parseFull(Instant now, Path config, String out) {
    Cli.Run parse =
        librarian(
            now, "parse", "--config", config.toString(), "--out", out, "--no-plots", "--full");
    assertEquals(0, parse.code(), parse.err());
    return parse;
  }

  String submit(String user, String... args) throws Exception {
    return slurm.submit(user, args);
  }

  String reason(String id) throws Exception {
    return slurm.squeue(id, "%r");
  }

  String jobOf(String user, String name) throws Exception {
    CommandResult r = sh("squeue", "-h", "-u", user, "-n", name, "-o", "%i");
    assertEquals(0, r.exitCode(), r.stderr());
    String id = r.stdout().strip();
    assertFalse(id.isEmpty(), "no job " + name + " of " + user);
    return id.lines().findFirst().orElseThrow();
  }

  void resumeNode() throws Exception {
    String node = sh("sinfo", "-h", "-o", "%n").stdout().strip();
    sh("scontrol", "update", "nodename=" + node, "state=resume");
  }

  void waitUntil(Duration limit, String what, Poll.Check check) throws Exception {
    slurm.waitUntil(limit, what, check);
  }

  /**
   * Until slurmdbd holds the whole record of each job: its allocation and its batch step, each with
   * an End time (the step's CPU time arrives with the step's end).
   */
  void waitForAccounting(List<String> jobs) throws Exception {
    waitUntil(
        Duration.ofMinutes(3),
        "the accounting of " + jobs + " to reach slurmdbd",
        () -> {
          List<String> rows =
              sh("sacct", "-n", "-P", "-j", String.join(",", jobs), "--format=JobID,End")
                  .stdout()
                  .lines()
                  .filter(l -> l.contains("|"))
                  .toList();
          return rows.stream().noneMatch(l -> l.endsWith("|Unknown") || l.endsWith("|"))
              && jobs.stream()
                  .allMatch(
                      j ->
                          rows.stream().anyMatch(l -> l.startsWith(j + "|"))
                              && rows.stream().anyMatch(l -> l.startsWith(j + ".batch|")));
        });
  }

  CommandResult as(String user, String... argv) throws Exception {
    return slurm.as(user, argv);
  }

  /**
   * {@code sacct -a -D -P -n} with {@code options}, from {@code since} (in UTC, to the second), its
   * times in epoch seconds.
   */
  CommandResult sacctSince(Instant since, String... options) throws Exception {
    List<String> argv = new ArrayList<>(List.of("sacct", "-a", "-D", "-P", "-n"));
    argv.addAll(List.of(options));
    argv.add(
        "--starttime="
            + LocalDateTime.ofInstant(since, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    return runner.run(
        new Command(
            argv, Map.of("SLURM_TIME_FORMAT", "%s", "TZ", "UTC"), Duration.ofMinutes(1), null));
  }

  CommandResult sh(String... argv) throws Exception {
    return slurm.sh(argv);
  }
}
