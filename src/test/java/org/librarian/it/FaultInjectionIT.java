package org.librarian.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.ProcessCommandRunner;
import org.librarian.testing.Poll;
import org.librarian.testing.RunConfig;

/**
 * The packaged jar's {@code run}, killed with SIGKILL at random moments (reading sacct, drawing,
 * writing, pushing): after each kill the local site and the published branch hold only whole files,
 * and every QoS's JSON has all its charts beside it; the next run finishes, removes what the killed
 * ones left (temporary files in the site, in STATE_DIR/tmp and their temporary repositories), and
 * publishes what it wrote.
 */
class FaultInjectionIT {
  @TempDir Path tmp;
  final ProcessCommandRunner runner = new ProcessCommandRunner();
  final ObjectMapper json = new ObjectMapper();
  final Path jar = Path.of("target/librarian.jar").toAbsolutePath();
  final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

  /**
   * {@code argv} in {@code dir}. Its deadline is ten minutes, which only a failure waits: a demo
   * with charts took over two on a shared machine with a load average of 30.
   */
  CommandResult sh(Path dir, String... argv) throws Exception {
    List<String> all = new ArrayList<>(List.of("env", "-C", dir.toString()));
    all.addAll(List.of(argv));
    return runner.run(Command.of(all, Duration.ofMinutes(10)));
  }

  CommandResult sh(Path dir, List<String> argv) throws Exception {
    return sh(dir, argv.toArray(String[]::new));
  }

  /** The packaged jar with {@code args}, headless, its temporary files under {@code javaTmp}. */
  List<String> jarArgv(Path javaTmp, String... args) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-Djava.awt.headless=true",
                "-Djava.io.tmpdir=" + javaTmp,
                "-jar",
                jar.toString()));
    argv.addAll(List.of(args));
    return argv;
  }

  /**
   * The packaged jar's {@code run} of {@code config}, its temporary files under {@code javaTmp}.
   */
  List<String> runArgv(Path javaTmp, Path config) {
    return jarArgv(javaTmp, "run", "--config", config.toString());
  }

  /**
   * {@code argv} started in {@code dir}, its output into dir/{@code output}. The test starts the
   * process itself (not through the command runner), since it must kill it at a moment of its
   * choosing.
   */
  static Process startToKill(List<String> argv, Path dir, String output) throws IOException {
    return new ProcessBuilder(argv)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(output).toFile())
        .start();
  }

  /** An empty bare repository tmp/{@code name}, to publish into. */
  Path bareRepository(String name) throws Exception {
    Path repo = tmp.resolve(name);
    assertEquals(0, sh(tmp, "git", "init", "-q", "--bare", repo.toString()).exitCode());
    return repo;
  }

  /** The demo month, without charts, at 2026-11-28 12:00 in New York, written under tmp/demo. */
  void demoMonth() throws Exception {
    assertEquals(
        0,
        sh(
                tmp,
                java.toString(),
                "-jar",
                jar.toString(),
                "demo",
                "--out",
                "demo",
                "--no-plots",
                "--now",
                "2026-11-28T12:00:00-05:00")
            .exitCode());
  }

  /**
   * tmp/sacct: a script that takes {@code seconds}, as a real sacct takes a moment, then prints
   * {@code answer}.
   */
  Path fakeSacct(String seconds, Path answer) throws Exception {
    Path sacct = tmp.resolve("sacct");
    Files.writeString(sacct, "#!/bin/sh\nsleep " + seconds + "\ncat '" + answer + "'\n");
    Files.setPosixFilePermissions(sacct, PosixFilePermissions.fromString("rwxr-xr-x"));
    return sacct;
  }

  @Test
  void killedAtRandomMomentsTheSiteStaysWholeAndTheNextRunCleansUp() throws Exception {
    // Two QoS of the demo month, as one sacct answer; the fake sacct takes a moment, as a real one
    // does.
    demoMonth();
    List<String> a = Files.readAllLines(tmp.resolve("demo/sample/sacct_avery.txt"));
    List<String> b = Files.readAllLines(tmp.resolve("demo/sample/sacct_avery-b.txt"));
    List<String> both = new ArrayList<>(a);
    both.addAll(b.subList(1, b.size()));
    Path answer = Files.write(tmp.resolve("answer.txt"), both);
    Path sacct = fakeSacct("0.3", answer);
    Path remote = bareRepository("remote.git");
    Path config =
        RunConfig.site("America/New_York")
            .lines(
                "sacct: " + sacct,
                "qos:",
                "  - name: avery",
                "    limits: {cpus: 430, gpus: 39, memory_gb: 3359}",
                "  - name: avery-b",
                "    limits: {cpus: 3870}",
                "deploy:",
                "  repo: " + remote)
            .writeTo(tmp);
    Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));

    // The kill moments are points of the run's progress, measured in the CPU time its process
    // tree has used, never in wall time (which a busy machine stretches): first, what a whole run
    // uses, from a run of the same site into other directories and another repository.
    Path calibrateRepo = bareRepository("calibrate.git");
    Path calibrate =
        Files.writeString(
            tmp.resolve("calibrate.yaml"),
            Files.readString(config)
                .replace("output: site", "output: calibrate-site")
                .replace("state_dir: state", "state_dir: calibrate-state")
                .replace("log_dir: logs", "log_dir: calibrate-logs")
                .replace("repo: " + remote, "repo: " + calibrateRepo));
    long before = reapedChildrenCpuTicks();
    CommandResult whole = sh(tmp, runArgv(javaTmp, calibrate));
    assertEquals(0, whole.exitCode(), whole.stdout() + whole.stderr());
    long wholeRun = reapedChildrenCpuTicks() - before;
    assertTrue(wholeRun > 0, "a whole run used some CPU: " + wholeRun + " ticks");

    Random random = new Random(20261129);
    for (int i = 0; i < 10; i++) {
      Process p = startToKill(runArgv(javaTmp, config), tmp, "killed-" + i + ".out");
      long moment = random.nextLong(wholeRun);
      boolean ended = !waitForCpu(p, moment, "run " + i);
      p.destroyForcibly();
      assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the killed run's JVM ended");
      String when =
          "after kill "
              + i
              + " at "
              + moment
              + " of a whole run's "
              + wholeRun
              + " CPU ticks"
              + (ended ? " (the run had ended)" : "");
      checkWhole(tmp.resolve("site"), when);
      checkPublished(remote, when);
    }

    CommandResult last = sh(tmp, runArgv(javaTmp, config));
    assertEquals(0, last.exitCode(), last.stdout() + last.stderr());
    checkWhole(tmp.resolve("site"), "after the last run");
    try (Stream<Path> site = Files.list(tmp.resolve("site"))) {
      assertEquals(
          List.of(), site.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
    }
    try (Stream<Path> state = Files.list(tmp.resolve("state/tmp"))) {
      assertEquals(List.of(), state.toList());
    }
    try (Stream<Path> repos = Files.list(javaTmp)) {
      assertEquals(
          List.of(),
          repos.filter(f -> f.getFileName().toString().startsWith("librarian-deploy-")).toList());
    }
    for (String qos : List.of("avery", "avery-b")) {
      assertEquals(
          Files.readString(tmp.resolve("site/data_" + qos + ".json")),
          sh(tmp, "git", "--git-dir=" + remote, "show", "gh-pages:data_" + qos + ".json").stdout());
    }
  }

  /** Every JSON file parses, and a QoS's JSON has all its charts beside it. */
  void checkWhole(Path site, String when) throws Exception {
    if (!Files.isDirectory(site)) {
      return;
    }
    try (Stream<Path> files = Files.list(site)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".json")) {
          JsonNode node = json.readTree(f.toFile());
          assertTrue(node != null && node.isObject(), when + ": " + name + " is whole JSON");
        }
        if (name.startsWith("data_") && name.endsWith(".json")) {
          String qos = name.substring(5, name.length() - 5);
          for (String chart :
              List.of(
                  "NCPUS_" + qos + ".png", "MEMORY_" + qos + ".pdf", "report_" + qos + ".pdf")) {
            assertTrue(
                Files.isRegularFile(site.resolve(chart)), when + ": " + chart + " beside " + name);
          }
          byte[] pdf = Files.readAllBytes(site.resolve("report_" + qos + ".pdf"));
          assertTrue(
              new String(pdf, pdf.length - 8, 8, StandardCharsets.ISO_8859_1).contains("%%EOF"),
              when + ": report_" + qos + ".pdf is whole");
        }
      }
    }
  }

  /** What the branch holds, if it exists yet, is whole. */
  void checkPublished(Path remote, String when) throws Exception {
    CommandResult tree =
        sh(tmp, "git", "--git-dir=" + remote, "ls-tree", "--name-only", "gh-pages");
    if (tree.exitCode() != 0) {
      return;
    }
    for (String name : tree.stdout().lines().toList()) {
      if (name.endsWith(".json")) {
        String text = sh(tmp, "git", "--git-dir=" + remote, "show", "gh-pages:" + name).stdout();
        assertTrue(json.readTree(text).isObject(), when + ": published " + name + " is whole JSON");
      }
      assertFalse(name.endsWith(".tmp"), when + ": published " + name);
    }
  }

  /**
   * The packaged jar's {@code deploy}, killed with SIGKILL while it publishes to a gh-pages branch
   * of a local bare repository (real git) and to a copy_to directory (real rsync). Each kill waits
   * for a phase of the deploy to appear among the process's children (git fetch, git add, git push,
   * the receiving git, rsync) and kills either the whole process group, as Slurm ends a job, or the
   * JVM alone, whose children then finish as orphans. After each kill the branch holds the whole
   * previous or the whole new site and {@code git fsck} is clean; the copy target holds the whole
   * previous or the whole new site, or (a kill while rsync moves the finished files into place)
   * files each whole and from one of the two, the rest waiting in rsync's hidden {@code .~tmp~};
   * the next deploy exits 0 and leaves exactly the current site, with nothing of the killed one.
   */
  @Test
  void aDeployKilledWhilePublishingLeavesAWholeSiteAndTheNextDeployCompletes() throws Exception {
    Map<String, Path> sites = new LinkedHashMap<>();
    for (String name : List.of("a", "b")) {
      // Two sites that differ in their data and charts (another seed, ten minutes later).
      CommandResult demo =
          sh(
              tmp,
              java.toString(),
              "-Djava.awt.headless=true",
              "-jar",
              jar.toString(),
              "demo",
              "--out",
              name,
              "--seed",
              name.equals("a") ? "1" : "2",
              "--now",
              name.equals("a") ? "2026-11-28T12:00:00-05:00" : "2026-11-28T12:10:00-05:00");
      assertEquals(0, demo.exitCode(), demo.stderr());
      sites.put(name, tmp.resolve(name));
    }
    Path remote = bareRepository("remote.git");
    Path target = Files.createDirectories(tmp.resolve("www"));
    Files.writeString(target.resolve("mine.txt"), "the user's own file\n");
    Path config =
        Files.writeString(
            tmp.resolve("librarian.yaml"),
            String.join(
                "\n",
                "timezone: America/New_York",
                "deploy:",
                "  repo: " + remote,
                "  copy_to:",
                "    - " + target + "/",
                ""));
    Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
    Map<String, String> trees = new HashMap<>();
    Map<String, Map<String, String>> files = new HashMap<>();
    for (String name : List.of("b", "a")) {
      deployWhole(name, config, javaTmp);
      trees.put(name, branchTree(remote));
      files.put(name, digests(sites.get(name)));
    }
    assertFalse(trees.get("a").equals(trees.get("b")), "the two sites differ");

    // "writing": rsync's first hidden temporary file has appeared in the target. Each phase is
    // killed once with the whole process group, then once with the JVM alone.
    List<String> phases = List.of("fetch", "add", "push", "receive-pack", "rsync", "writing");
    Random random = new Random(20261206);
    Set<String> hit = new TreeSet<>();
    String previous = "a";
    for (int i = 0; i < 2 * phases.size(); i++) {
      String next = previous.equals("a") ? "b" : "a";
      String phase = phases.get(i % phases.size());
      boolean wholeGroup = i < phases.size();
      // setsid: the deploy and its children are a process group of their own, which the test can
      // kill at once.
      List<String> deploy = new ArrayList<>(List.of("setsid"));
      deploy.addAll(jarArgv(javaTmp, "deploy", "--config", config.toString(), "--site", next));
      Process p = startToKill(deploy, tmp, "killed-deploy-" + i + ".out");
      List<String> alive = waitForPhase(p, phase, target, random);
      if (wholeGroup) {
        CommandResult kill =
            runner.run(
                Command.of(List.of("kill", "-KILL", "--", "-" + p.pid()), Duration.ofSeconds(30)));
        if (kill.exitCode() != 0) {
          // The deploy ended (and was reaped) between the phase being seen and the kill: then no
          // process of the group is left, and the kill did not land.
          assertFalse(
              groupAlive(p.pid()),
              "kill the process group " + p.pid() + ": " + kill.stdout() + kill.stderr());
          alive = List.of();
        }
      } else {
        if (!p.isAlive()) {
          alive = List.of(); // the deploy's JVM had ended before the kill
        }
        p.destroyForcibly();
      }
      assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the killed deploy's JVM ended");
      // The orphans of a JVM killed alone finish (or fail) on their own; check once they are gone.
      Poll.until(
          Duration.ofMinutes(5),
          Duration.ofMillis(10),
          "the killed deploy's children (process group " + p.pid() + ") to end",
          () -> "",
          () -> !groupAlive(p.pid()));
      boolean landed = !alive.isEmpty();
      if (landed) {
        hit.add(phase);
      }
      String when =
          "kill "
              + i
              + " ("
              + (wholeGroup ? "process group" : "JVM alone")
              + ", deploying "
              + next
              + ") "
              + (landed
                  ? "during " + alive
                  : "after the deploy had ended, phase " + phase + " not seen");

      String tree = branchTree(remote);
      assertTrue(
          tree.equals(trees.get(previous)) || tree.equals(trees.get(next)),
          when + ": the branch holds a whole site");
      checkPublished(remote, when);
      CommandResult fsck = sh(tmp, "git", "--git-dir=" + remote, "fsck", "--no-progress");
      assertEquals(0, fsck.exitCode(), when + ": git fsck: " + fsck.stdout() + fsck.stderr());
      String copy = checkCopy(target, files.get(previous), files.get(next), when);
      System.out.println(
          "FaultInjectionIT: "
              + when
              + "; branch: "
              + (tree.equals(trees.get(next)) ? "new" : "previous")
              + "; copy target: "
              + copy);

      deployWhole(next, config, javaTmp);
      assertEquals(
          trees.get(next),
          branchTree(remote),
          when + ": the next deploy publishes the current site");
      assertEquals(
          "whole new site",
          checkCopy(target, files.get(previous), files.get(next), when + ", then deployed"));
      try (Stream<Path> left = Files.walk(target)) {
        assertEquals(
            List.of(),
            left.filter(f -> f.getFileName().toString().startsWith(".")).toList(),
            when + ": nothing of the killed copy is left in the target");
      }
      assertEquals("the user's own file\n", Files.readString(target.resolve("mine.txt")));
      previous = next;
    }
    try (Stream<Path> repos = Files.list(javaTmp)) {
      assertEquals(
          List.of(),
          repos.filter(f -> f.getFileName().toString().startsWith("librarian-deploy-")).toList());
    }
    assertEquals(new TreeSet<>(phases), hit, "every phase was hit by at least one kill");
  }

  /**
   * Whether a process of the group is still running (zombies, which nothing here may reap, do not
   * count).
   */
  static boolean groupAlive(long group) throws Exception {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(d -> d.getFileName().toString().matches("[0-9]+")).toList()) {
        String stat;
        try {
          stat = Files.readString(proc.resolve("stat"));
        } catch (IOException gone) {
          continue;
        }
        // pid (comm) state ppid pgrp ...: comm may hold spaces, so read after its closing
        // parenthesis.
        String[] f = statFields(stat);
        if (!f[0].equals("Z") && f[2].equals(Long.toString(group))) {
          return true;
        }
      }
    }
    return false;
  }

  void deployWhole(String site, Path config, Path javaTmp) throws Exception {
    CommandResult r =
        sh(tmp, jarArgv(javaTmp, "deploy", "--config", config.toString(), "--site", site));
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
  }

  String branchTree(Path remote) throws Exception {
    CommandResult r = sh(tmp, "git", "--git-dir=" + remote, "rev-parse", "gh-pages^{tree}");
    assertEquals(0, r.exitCode(), r.stderr());
    return r.stdout().strip();
  }

  /**
   * Polls the deploy's children (or, for "writing", the target) until the deploy is in the phase,
   * then (once its process tree has used 0 to 2 more CPU ticks, 0 to 4 while writing) returns the
   * children's command lines; empty when the deploy ended first.
   */
  List<String> waitForPhase(Process p, String phase, Path target, Random random) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (p.isAlive()) {
      assertTrue(
          System.nanoTime() < deadline,
          "waited 5 min for phase " + phase + " or the end of the deploy");
      List<String> children = p.descendants().map(c -> c.info().commandLine().orElse("")).toList();
      boolean in;
      if (phase.equals("writing")) {
        try (Stream<Path> entries = Files.list(target)) {
          in = entries.anyMatch(f -> f.getFileName().toString().startsWith("."));
        }
      } else {
        in =
            children.stream()
                .anyMatch(
                    c ->
                        phase.equals("rsync")
                            ? c.contains("rsync ")
                            : c.contains("git")
                                && c.contains(phase)
                                && !(phase.equals("push") && c.contains("receive-pack")));
      }
      if (in) {
        long further = random.nextInt(phase.equals("writing") ? 5 : 3);
        waitForCpu(p, treeCpuTicks(p.pid()) + further, "phase " + phase);
        List<String> now = p.descendants().map(c -> c.info().commandLine().orElse("?")).toList();
        return phase.equals("writing")
            ? List.of(phase + ": " + String.join(", ", now))
            : now.isEmpty() ? children : now;
      }
      Thread.onSpinWait();
    }
    return List.of();
  }

  /**
   * Waits until the process tree of p has used {@code ticks} of CPU time in all (see {@link
   * #treeCpuTicks}); false when p ended first.
   */
  static boolean waitForCpu(Process p, long ticks, String what) throws Exception {
    boolean[] reached = {false};
    // A 1 ms pause between checks: the kernel counts CPU in 10 ms ticks.
    Poll.until(
        Duration.ofMinutes(5),
        Duration.ofMillis(1),
        what + " to use " + ticks + " CPU ticks, or to end",
        () -> "",
        () -> !p.isAlive() || (reached[0] = treeCpuTicks(p.pid()) >= ticks));
    return reached[0];
  }

  /**
   * The CPU time a process and its descendants have used, in clock ticks (USER_HZ): user and system
   * time of each live one, with what its children that ended had used (cutime, cstime), so the sum
   * only grows as they end. 0 for a process already gone.
   */
  static long treeCpuTicks(long pid) {
    long ticks = cpuTicks(Path.of("/proc", Long.toString(pid), "stat"));
    Optional<ProcessHandle> root = ProcessHandle.of(pid);
    if (root.isPresent()) {
      for (ProcessHandle d : root.get().descendants().toList()) {
        ticks += cpuTicks(Path.of("/proc", Long.toString(d.pid()), "stat"));
      }
    }
    return ticks;
  }

  /** The CPU the test JVM's children that it has waited for used (cutime + cstime), in ticks. */
  static long reapedChildrenCpuTicks() throws IOException {
    String[] f = statFields(Files.readString(Path.of("/proc/self/stat")));
    return Long.parseLong(f[13]) + Long.parseLong(f[14]);
  }

  /** utime + stime + cutime + cstime of one /proc/PID/stat, or 0 once it is gone. */
  static long cpuTicks(Path stat) {
    String text;
    try {
      text = Files.readString(stat);
    } catch (IOException gone) {
      return 0;
    }
    String[] f = statFields(text);
    return Long.parseLong(f[11])
        + Long.parseLong(f[12])
        + Long.parseLong(f[13])
        + Long.parseLong(f[14]);
  }

  /**
   * The fields of /proc/PID/stat after "pid (comm) ": comm may hold spaces, so split after its
   * closing parenthesis; f[0] is the state (field 3 of proc(5)), f[11] utime (field 14).
   */
  static String[] statFields(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
  }

  /**
   * The first day an unfinished backfill of 2026-10-29 on has still to do, as its archive says;
   * LocalDate.MAX once it is finished.
   */
  LocalDate nextDay(Path archive) throws IOException {
    if (!Files.exists(archive)) {
      return LocalDate.parse("2026-10-29");
    }
    JsonNode b = json.readTree(archive.toFile()).path("backfill");
    return b.isObject() ? LocalDate.parse(b.path("next").asText()) : LocalDate.MAX;
  }

  /** The SHA-256 of every file under a site, by relative path. */
  static Map<String, String> digests(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
        out.put(root.relativize(f).toString(), HexFormat.of().formatHex(sha));
      }
    }
    return out;
  }

  /**
   * Checks that the copy target holds each site file whole, from the previous or the new site, and
   * nothing else visible but the user's own file; says which it is.
   */
  String checkCopy(Path target, Map<String, String> previous, Map<String, String> next, String when)
      throws Exception {
    Map<String, String> found = digests(target);
    found.remove("mine.txt");
    // rsync's holding directories (one per directory of the site), which it empties and removes at
    // the end.
    found.keySet().removeIf(name -> name.startsWith(".~tmp~/") || name.contains("/.~tmp~/"));
    // rsync writes each file as .NAME.XXXXXX beside it and renames it: a killed rsync leaves that
    // hidden part.
    found
        .keySet()
        .removeIf(
            name -> {
              Path f = Path.of(name);
              String base = f.getFileName().toString();
              return base.matches("\\..+\\.[A-Za-z0-9]{6}")
                  && next.containsKey(
                      f.resolveSibling(base.substring(1, base.length() - 7)).toString());
            });
    assertEquals(
        next.keySet(),
        found.keySet(),
        when + ": the target holds the site's files and nothing else");
    int fromNext = 0;
    int fromPrevious = 0;
    for (Map.Entry<String, String> e : found.entrySet()) {
      boolean isNext = e.getValue().equals(next.get(e.getKey()));
      boolean isPrevious = e.getValue().equals(previous.get(e.getKey()));
      assertTrue(
          isNext || isPrevious,
          when + ": " + e.getKey() + " in the target is whole, from one of the sites");
      if (!(isNext && isPrevious)) {
        fromNext += isNext ? 1 : 0;
        fromPrevious += isPrevious ? 1 : 0;
      }
    }
    if (fromNext == 0) {
      return "whole previous site";
    }
    if (fromPrevious == 0) {
      return "whole new site";
    }
    assertTrue(
        digests(target).keySet().stream()
            .anyMatch(n -> n.startsWith(".~tmp~/") || n.contains("/.~tmp~/")),
        when
            + ": "
            + fromNext
            + " files new and "
            + fromPrevious
            + " previous, and no finished files waiting in .~tmp~: the copy was not being moved into place");
    return "killed while moving files into place: "
        + fromNext
        + " new, "
        + fromPrevious
        + " previous";
  }

  /**
   * backfill, one sacct query a day over 30 days, killed with SIGKILL three times: the archive is
   * whole JSON after every kill, each new start resumes, and the history it ends with is the one an
   * uninterrupted backfill writes, byte for byte.
   */
  @Test
  void aKilledBackfillResumesAndEndsWithTheSameHistory() throws Exception {
    demoMonth();
    Path sacct = fakeSacct("0.2", tmp.resolve("demo/sample/sacct_avery.txt"));
    List<String> backfill =
        List.of(
            java.toString(),
            "-Djava.awt.headless=true",
            "-jar",
            jar.toString(),
            "backfill",
            "--qos",
            "avery",
            "--since",
            "2026-10-29",
            "--chunk",
            "1d",
            "--now",
            "2026-11-28T12:00:00-05:00");
    for (String dir : List.of("whole", "killed")) {
      Files.createDirectories(tmp.resolve(dir));
      Files.writeString(
          tmp.resolve(dir).resolve("librarian.yaml"),
          String.join(
              "\n",
              "timezone: America/New_York",
              "output: site",
              "state_dir: state",
              "sacct: " + sacct,
              "qos:",
              "  - name: avery",
              "    limits: {cpus: 430, gpus: 39, memory_gb: 3359}",
              ""));
    }
    List<String> whole = new ArrayList<>(List.of("env", "-C", tmp.resolve("whole").toString()));
    whole.addAll(backfill);
    CommandResult done = runner.run(Command.of(whole, Duration.ofMinutes(3)));
    assertEquals(0, done.exitCode(), done.stderr());

    Path killed = tmp.resolve("killed");
    Path archive = killed.resolve("state/history/default/avery.json");
    Random random = new Random(20261130);
    int resumed = 0;
    for (int i = 0; i < 3; i++) {
      Process p = startToKill(backfill, killed, "killed-" + i + ".out");
      // Killed once this start has saved 1 to 5 more days of the 30: a point of the backfill's
      // progress, whatever the machine's speed.
      LocalDate killAt = nextDay(archive).plusDays(1 + random.nextInt(5));
      Poll.until(
          Duration.ofMinutes(5),
          Duration.ofMillis(10),
          "start " + i + " to save the days up to " + killAt,
          () -> "",
          () -> !p.isAlive() || !nextDay(archive).isBefore(killAt));
      p.destroyForcibly();
      assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the killed backfill's JVM ended");
      if (Files.exists(archive)) {
        JsonNode a = json.readTree(archive.toFile());
        assertTrue(a.get("days").isArray(), "after kill " + i);
      }
      resumed +=
          Files.readString(killed.resolve("killed-" + i + ".out")).contains("resuming the backfill")
              ? 1
              : 0;
    }
    List<String> last = new ArrayList<>(List.of("env", "-C", killed.toString()));
    last.addAll(backfill);
    CommandResult finished = runner.run(Command.of(last, Duration.ofMinutes(3)));
    assertEquals(0, finished.exitCode(), finished.stderr());
    assertTrue(
        resumed + (finished.stdout().contains("resuming the backfill") ? 1 : 0) >= 1,
        "some start resumed");
    assertEquals(
        Files.readString(tmp.resolve("whole/site/history_avery.json")),
        Files.readString(killed.resolve("site/history_avery.json")));
    assertFalse(json.readTree(archive.toFile()).has("backfill"), "finished: no progress left");
  }
}
