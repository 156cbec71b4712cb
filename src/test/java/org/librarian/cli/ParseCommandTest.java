package org.librarian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.librarian.testing.FakeRunner.failed;
import static org.librarian.testing.FakeRunner.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeRunner;

class ParseCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path HAND = Path.of("src/test/resources/outputs/hand-small/input.sacct.txt");

  @TempDir Path dir;

  private static String sacctOutput() throws Exception {
    return Files.readString(HAND);
  }

  /**
   * {@code parse --qos avery --out site}, then {@code more}, with {@code programs} found on PATH
   * and answered by {@code runner}.
   */
  private Cli.Run parseAvery(CommandRunner runner, List<String> programs, String... more)
      throws Exception {
    return new Cli(dir)
        .programs(programs.toArray(String[]::new))
        .runner(runner)
        .run(List.of("parse", "--qos", "avery", "--out", "site"), more);
  }

  /** sacct prints the hand-made file; sacctmgr answers {@code sacctmgr}. */
  private static FakeRunner sacctAndSacctmgr(CommandResult sacctmgr) throws Exception {
    return FakeRunner.byProgram(Map.of("sacct", ok(sacctOutput()), "sacctmgr", sacctmgr));
  }

  /**
   * {@code parse --qos qos --sacct-file file --out site --timezone UTC}, then {@code more}: a saved
   * file, no program run.
   */
  private Cli.Run parseFile(String qos, String file, String... more) {
    return new Cli(dir)
        .run(
            List.of(
                "parse", "--qos", qos, "--sacct-file", file, "--out", "site", "--timezone", "UTC"),
            more);
  }

  /** The data file parse wrote for {@code qos} under site/. */
  private JsonNode data(String qos) throws Exception {
    return JSON.readTree(dir.resolve("site/data_" + qos + ".json").toFile());
  }

  @Test
  void helpListsTheSubcommands() {
    Cli.Run run = new Cli(dir).run("--help");
    assertEquals(0, run.code());
    assertTrue(run.out().contains("parse") && run.out().contains("demo"), run.out());
  }

  @Test
  void versionIsTheProjectVersion() {
    Cli.Run run = new Cli(dir).run("--version");
    assertEquals(0, run.code());
    assertTrue(run.out().matches("librarian \\d+\\.\\d+\\.\\d+.*\\s*"), run.out());
  }

  @Test
  void runsSacctAndSacctmgrAndWritesTheJson() throws Exception {
    FakeRunner runner = sacctAndSacctmgr(ok("avery|cpu=48,gres/gpu=3,mem=200G\n"));
    Cli.Run run =
        parseAvery(
            runner, List.of("sacct", "sacctmgr"), "--timezone=UTC", "--window=6h", "--cluster=hpg");
    assertEquals(0, run.code(), run.err());
    assertTrue(
        run.out()
            .startsWith(
                "avery: 7 rows read, 1 skipped, 3 jobs, 3 users, 14.5 CPU-hours, 2.0 GPU-hours"),
        run.out());
    Command sacct = runner.calls.get(0);
    assertEquals("%s", sacct.environment().get("SLURM_TIME_FORMAT"));
    assertTrue(
        sacct
            .argv()
            .containsAll(
                List.of(
                    "--qos=avery",
                    "--starttime=2026-11-20T07:00:00",
                    "--clusters=hpg",
                    "--duplicates")),
        sacct.display());
    JsonNode json = data("avery");
    assertEquals(48, json.at("/thresholds/NCPUS").asInt());
    assertEquals(3, json.at("/thresholds/NGPUS").asInt());
    assertEquals(200, json.at("/thresholds/MEMORY").asInt());
    assertEquals("sacctmgr", json.at("/metadata/thresholds_source").asText());
    assertEquals("hpg", json.at("/metadata/cluster").asText());
    assertEquals(8.0, json.at("/observables/NCPUS/bob/5").asDouble());
  }

  @Test
  void missingSacctSaysWhatToDo() {
    Cli.Run run = new Cli(dir).run("parse", "--qos", "avery");
    assertEquals(1, run.code());
    assertTrue(
        run.err().contains("sacct not found on PATH; is this a Slurm login node? Use --sacct-file"),
        run.err());
  }

  @Test
  void failingSacctWritesNothing() throws Exception {
    // What sacct 22.05 printed on the project's test Slurm with slurmdbd stopped (exit code 1).
    String stderr = Files.readString(Path.of("src/test/resources/sacct/slurmdbd-down.stderr.txt"));
    FakeRunner runner =
        FakeRunner.byProgram(
            Map.of("sacct", failed(1, stderr), "squeue", ok("JOBID|USER|STATE|REASON\n")));
    Cli.Run run = parseAvery(runner, List.of("sacct", "squeue"));
    assertEquals(1, run.code());
    assertEquals(
        "librarian: sacct for avery failed (exit 1): sacct: error: Problem talking to the database: "
            + "Connection refused\n",
        run.err(),
        "the conclusion, not the first of the connection errors");
    assertFalse(Files.exists(dir.resolve("site/data_avery.json")));
  }

  @Test
  void sacctTimeoutIsAFailure() throws Exception {
    FakeRunner runner = new FakeRunner(c -> null);
    Cli.Run run = parseAvery(runner, List.of("sacct"));
    assertEquals(1, run.code());
    assertTrue(run.err().contains("did not finish"), run.err());
  }

  @Test
  void failedLimitLookupWarnsAndDrawsNoLine() throws Exception {
    Cli.Run run =
        parseAvery(
            sacctAndSacctmgr(failed(1, "sacctmgr: error: Problem talking to the database\n")),
            List.of("sacct", "sacctmgr"));
    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().contains("warning"), run.err());
    JsonNode json = data("avery");
    assertEquals(0, json.at("/thresholds/NCPUS").asInt());
  }

  @Test
  void dryRunPrintsTheCommandAndWritesNothing() throws Exception {
    Cli.Run run =
        new Cli(dir)
            .run("parse", "--qos", "avery", "--out", "site", "--dry-run", "--timezone", "UTC");
    assertEquals(0, run.code(), run.err());
    assertTrue(
        run.out().contains("would run SLURM_TIME_FORMAT=%s TZ=UTC sacct --allusers --duplicates"),
        run.out());
    assertTrue(run.out().contains("would write " + dir.resolve("site/data_avery.json")), run.out());
    // The one limits call for every QoS, no QoS name on it.
    assertTrue(
        run.out()
            .contains("avery: would ask for limits: sacctmgr -P -n show qos format=Name,GrpTRES\n"),
        run.out());
    assertFalse(Files.exists(dir.resolve("site")));
  }

  @Test
  void debugOutputReadsBackToTheSameJson() throws Exception {
    FakeRunner runner = FakeRunner.byProgram(Map.of("sacct", ok(sacctOutput())));
    Cli cli = new Cli(dir).programs("sacct").runner(runner);
    Cli.Run first =
        cli.run("parse", "--qos", "avery", "--out", "a", "--debug", "--timezone", "UTC");
    assertEquals(0, first.code(), first.err());
    // stderr holds the command as a comment, the raw output, then librarian's own messages ("avery:
    // ...").
    String debug =
        first
            .err()
            .lines()
            .dropWhile(l -> !l.startsWith("# "))
            .takeWhile(l -> !l.startsWith("avery: "))
            .collect(Collectors.joining("\n", "", "\n"));
    Files.writeString(dir.resolve("saved.txt"), debug);
    Cli.Run second =
        new Cli(dir)
            .run(
                "parse",
                "--qos",
                "avery",
                "--out",
                "b",
                "--sacct-file",
                "saved.txt",
                "--timezone",
                "UTC");
    assertEquals(0, second.code(), second.err());
    // The same but for where the limits came from and the cluster's partitions (sinfo runs only
    // live).
    ObjectNode live = (ObjectNode) JSON.readTree(dir.resolve("a/data_avery.json").toFile());
    ObjectNode replay = (ObjectNode) JSON.readTree(dir.resolve("b/data_avery.json").toFile());
    for (ObjectNode j : List.of(live, replay)) {
      j.remove("cluster");
      ((ObjectNode) j.get("metadata")).remove("thresholds_source");
    }
    assertEquals(live, replay);
  }

  @Test
  void badQosNameIsAUsageError() {
    Cli.Run run = new Cli(dir).run("parse", "--qos", "avery;rm -rf", "--sacct-file", "x");
    assertEquals(2, run.code());
    assertTrue(run.err().contains("may only contain letters, digits"), run.err());
  }

  @Test
  void unknownOptionIsAUsageError() {
    Cli.Run run = new Cli(dir).run("parse", "--frobnicate");
    assertEquals(2, run.code());
    assertTrue(run.err().contains("Unknown option: '--frobnicate'"), run.err());
  }

  @Test
  void notASacctFileIsRefusedWithAMessage() throws Exception {
    Files.writeString(dir.resolve("squeue.txt"), "debug|RUNNING|4|None|alice\n");
    Cli.Run run = parseFile("avery", "squeue.txt");
    assertEquals(1, run.code());
    assertTrue(run.err().contains("is not a header naming the fields"), run.err());
    assertFalse(Files.exists(dir.resolve("site/data_avery.json")));
  }

  @Test
  void aRowThatIsNotUtf8IsSkippedWithItsLineNumberAndTheOthersCount() throws Exception {
    // Latin-1 bytes of a name: the reader's ASCII fast path must not pass them through, and the one
    // bad row must not cost the rest of the file.
    Files.write(
        dir.resolve("latin1.txt"),
        ("JobID|User|State|Start|End|NCPUS\n"
                + "1|jos\u00e9|COMPLETED|1763650000|1763653600|4\n"
                + "2|ann|COMPLETED|1763650000|1763653600|2\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    Cli.Run run = parseFile("avery", "latin1.txt", "--now=2025-11-21T00:00:00Z", "--no-plots");
    assertEquals(0, run.code(), run.err());
    assertTrue(
        run.err().contains("skipped malformed row, line 2: bytes that are not UTF-8"), run.err());
    JsonNode json = data("avery");
    assertEquals(1, json.at("/metadata/rows_skipped").asInt());
    assertEquals(2.0, json.at("/totals/ann/cpu_hours").asDouble());
  }

  @Test
  void backfillRangeUsesTheDates() throws Exception {
    Cli.Run run =
        parseFile(
            "avery", HAND.toAbsolutePath().toString(), "--start=2026-11-19", "--end=2026-11-20");
    assertEquals(0, run.code(), run.err());
    JsonNode json = data("avery");
    assertEquals(48, json.get("time_idxs").size()); // two whole days
    assertEquals("2026-11-19T00:00:00+00:00", json.at("/metadata/window_start").asText());
    assertEquals("2026-11-21T00:00:00+00:00", json.at("/metadata/window_end").asText());
    assertEquals(6.0, json.at("/totals/ann/cpu_hours").asDouble());
  }

  @Test
  void everyQosOfTheConfigIsParsed() throws Exception {
    Files.writeString(
        dir.resolve("librarian.yaml"),
        "timezone: UTC\nwindow: 6h\nqos:\n  - name: avery\n"
            + "    limits: {cpus: 430, gpus: 39, memory_gb: 3359}\n  - name: avery-b\n    limits: {cpus: 3870}\n");
    FakeRunner runner = FakeRunner.byProgram(Map.of("sacct", ok(sacctOutput())));
    Cli.Run run = new Cli(dir).programs("sacct").runner(runner).run("parse", "--out", "site");
    assertEquals(0, run.code(), run.err());
    assertEquals(430, data("avery").at("/thresholds/NCPUS").asInt());
    assertEquals(3870, data("avery-b").at("/thresholds/NCPUS").asInt());
    // One sacct query for both QoS, its rows told apart by their QOS column.
    assertEquals(1, runner.calls.size());
    assertTrue(
        runner.calls.get(0).argv().contains("--qos=avery,avery-b"), runner.calls.get(0).display());
    assertEquals(
        14.5,
        data("avery").at("/totals").findValues("cpu_hours").stream()
            .mapToDouble(JsonNode::asDouble)
            .sum(),
        1e-9);
    assertEquals(0, data("avery-b").at("/users").size());
  }

  /**
   * Efficiency through the whole command, from steps in every TotalCPU form (UTC, 2026-11-20):
   * ann's job 1 held 4 CPUs for 1 h (14400 CPU-s) and used 01:00:00 (its own row); its step's
   * TRESUsageInTot mem=4G (not MaxRSS 2G) of 8G: 0.5. Job 2 held 2 CPUs for 2 h (14400 CPU-s); no
   * TotalCPU on its row, so its steps': 00:10:00.500 + 05:00.250 = 900.75 s (low: 0.0625); MaxRSS
   * 512M of 2G: 0.25. ann: 8 h held, 4500.75 s = 1.25 h used, 0.1563, median memory 0.25 (rank 1 of
   * 2), 1 low job. bob held 48 CPUs for 1 h and used 1-00:00:00: 48 h, 24 h, 0.5; GPU util 80 %.
   */
  @Test
  void efficiencyFromStepsInEveryTotalCpuForm() throws Exception {
    String text =
        rows(
            "JobID|User|QOS|State|Start|End|ElapsedRaw|NCPUS|ReqMem|AllocTRES|TotalCPU|MaxRSS|TRESUsageInTot|TRESUsageInAve",
            "1|ann|q|COMPLETED|@0|@3600|3600|4|8G|cpu=4,mem=8G,node=1|01:00:00|||",
            "1.batch||||@0|@3600|3600|4|||30:00.000|2G|cpu=00:30:00,mem=4G|",
            "2|ann|q|FAILED|@0|@7200|7200|2|2G|cpu=2,mem=2G,node=1||||",
            "2.batch||||@0|@7200|7200|2|||00:10:00.500|||",
            "2.0||||@0|@7200|7200|2|||05:00.250|512M||",
            "3|bob|q|COMPLETED|@0|@3600|3600|48|4G|cpu=48,gres/gpu=1,mem=4G,node=1|1-00:00:00|||",
            "3.0||||@0|@3600|3600|48||||||gres/gpuutil=80");
    Files.writeString(dir.resolve("steps.txt"), text);
    Cli.Run run = parseFile("q", "steps.txt", "--now=2026-11-20T12:00:00Z", "--no-plots");
    assertEquals(0, run.code(), run.err());
    JsonNode json = data("q");
    JsonNode e = json.get("efficiency");
    assertEquals(List.of("bob", "ann"), List.copyOf(iterable(e.fieldNames())));
    assertEquals(
        "{\"jobs\":2,\"cpu_alloc_hours\":8.0,\"cpu_used_hours\":1.25,\"cpu_efficiency\":0.1563,"
            + "\"mem_efficiency_p50\":0.25,\"low_cpu_jobs\":1,"
            // No exclusive job (4 and 2 CPUs asked, as held), no Timelimit column, FAILED is not a
            // timeout, no gres/gpumem.
            + "\"exclusive_jobs\":0,\"mem_efficiency_p50_exclusive\":null,\"time_efficiency_p50\":null,"
            + "\"timeouts\":0,\"gpu_memory_max_gb\":null}",
        e.get("ann").toString());
    assertEquals(
        "{\"jobs\":1,\"cpu_alloc_hours\":48.0,\"cpu_used_hours\":24.0,\"cpu_efficiency\":0.5,"
            + "\"mem_efficiency_p50\":null,\"low_cpu_jobs\":0,"
            + "\"exclusive_jobs\":0,\"mem_efficiency_p50_exclusive\":null,\"time_efficiency_p50\":null,"
            + "\"timeouts\":0,\"gpu_memory_max_gb\":null}",
        e.get("bob").toString());
    assertEquals(
        "{\"collected\":true,\"users\":{\"bob\":80.0}}",
        json.get("efficiency_gpu_util").toString());
    assertEquals(7, json.at("/metadata/rows_read").asInt(), "3 job rows and 4 step rows");
  }

  /**
   * sacct's rows, one a line, each ending in a newline; {@code @N} stands for the epoch second N
   * seconds after 2026-11-20T00:00:00Z (1795132800).
   */
  private static String rows(String... lines) {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      Matcher at = Pattern.compile("@(\\d+)").matcher(line);
      text.append(at.replaceAll(m -> String.valueOf(1795132800L + Long.parseLong(m.group(1)))));
      text.append('\n');
    }
    return text.toString();
  }

  private static <T> List<T> iterable(Iterator<T> it) {
    List<T> all = new ArrayList<>();
    it.forEachRemaining(all::add);
    return all;
  }

  /**
   * Waiting work through the whole command, with squeue's live reason (UTC, now 2026-11-20T12:30):
   * ann's job 1 waited 08:00-10:00 for the QoS CPU limit with 4 CPUs (8 CPU-hours; wait 7200 s);
   * her pending array 2_[1-3] (3 tasks of 2 CPUs) waits since 12:00, squeue says QOSGrpCpuLimit
   * (sacct says None): 3 x 2 x 0.5 h = 3 CPU-hours, 6 CPUs in the current bin. bob's job 3 has no
   * Eligible (held): it does not wait.
   */
  @Test
  void waitingWorkWithSqueuesLiveReasons() throws Exception {
    String text =
        rows(
            "JobID|User|QOS|State|Start|End|ElapsedRaw|NCPUS|ReqMem|AllocTRES|Eligible|ReqCPUS|ReqTRES|Reason",
            "1|ann|q|COMPLETED|@36000|@39600|3600|4|4G|cpu=4,mem=4G,node=1|@28800|4|cpu=4,mem=4G,node=1|QOSGrpCpuLimit",
            "2_[1-3]|ann|q|PENDING|Unknown|Unknown|0|2|2G||@43200|2|cpu=2,mem=2G,node=1|None",
            "3|bob|q|PENDING|Unknown|Unknown|0|8|8G||Unknown|8|cpu=8,mem=8G,node=1|None");
    Files.writeString(dir.resolve("waiting.txt"), text);
    Files.writeString(
        dir.resolve("squeue.txt"),
        "JOBID|USER|STATE|REASON\n2_[1-3]|ann|PENDING|QOSGrpCpuLimit\n"
            + "3|bob|PENDING|JobHeldUser\n");
    Cli.Run run =
        parseFile(
            "q",
            "waiting.txt",
            "--squeue-file=squeue.txt",
            "--now=2026-11-20T12:30:00Z",
            "--window=6h",
            "--no-plots");
    assertEquals(0, run.code(), run.err());
    JsonNode json = data("q");
    assertEquals("[0.0,4.0,4.0,0.0,0.0,6.0]", json.at("/demand/users/ann/NCPUS").toString());
    assertEquals("[0.0,1.0,1.0,0.0,0.0,3.0]", json.at("/demand/users/ann/NJOBS").toString());
    assertEquals(json.at("/demand/users/ann/NCPUS"), json.at("/demand/by_reason/qos_limit/NCPUS"));
    assertTrue(json.at("/demand/users/bob").isMissingNode(), "a held job does not wait");
    assertEquals(11.0, json.at("/demand/totals/ann/cpu_hours").asDouble());
    assertEquals(
        "{\"jobs\":1,\"mean_s\":7200.0,\"p50_s\":7200,\"p90_s\":7200,\"max_s\":7200}",
        json.at("/wait/ann").toString());
    assertEquals("2026-11-20T12:30:00+00:00", json.at("/now/at").asText());
    assertEquals(
        "{\"NCPUS\":6,\"NGPUS\":0,\"MEMORY\":6.0,\"NJOBS\":3}",
        json.at("/now/users/ann/waiting/qos_limit").toString());
  }

  /**
   * Live, one sinfo call for the partitions the jobs asked for; a failing sinfo is said in the
   * JSON, and nothing fails.
   */
  @Test
  void theClusterNowFromOneSinfoCall() throws Exception {
    String sacct =
        rows(
            "JobID|User|QOS|State|Start|End|ElapsedRaw|NCPUS|ReqMem|AllocTRES|Eligible|ReqCPUS|ReqTRES|Reason|Partition",
            "1|ann|avery|COMPLETED|@0|@3600|3600|4|4G|cpu=4,mem=4G,node=1|@0|4||None|cpu,gpu");
    // sacct prints those rows, squeue no waiting job, sinfo its answer.
    Function<CommandResult, FakeRunner> sinfoSays =
        sinfo ->
            FakeRunner.byProgram(
                Map.of(
                    "sacct", ok(sacct), "squeue", ok("JOBID|USER|STATE|REASON\n"), "sinfo", sinfo));
    FakeRunner runner =
        sinfoSays.apply(ok("cpu|4096/0/0/4096|64/0/0/64|up\ngpu*|96/32/0/128|3/1/0/4|up\n"));
    Cli.Run run =
        parseAvery(runner, List.of("sacct", "squeue", "sinfo"), "--timezone=UTC", "--no-plots");
    assertEquals(0, run.code(), run.err());
    Command sinfo =
        runner.calls.stream()
            .filter(c -> c.argv().get(0).endsWith("sinfo"))
            .findFirst()
            .orElseThrow();
    assertTrue(sinfo.argv().contains("--partition=cpu,gpu"), sinfo.display());
    JsonNode cluster = data("avery").get("cluster");
    assertEquals("2026-11-20T12:30:00+00:00", cluster.get("at").asText());
    assertTrue(cluster.get("error").isNull());
    assertEquals("red", cluster.at("/partitions/cpu/light").asText());
    assertEquals(32, cluster.at("/partitions/gpu/cpus/idle").asInt());
    assertEquals(
        "green", cluster.at("/partitions/gpu/light").asText(), "32 of 128 CPUs idle: a quarter");

    FakeRunner failing =
        sinfoSays.apply(failed(1, "sinfo: error: Unable to contact slurm controller\n"));
    run = parseAvery(failing, List.of("sacct", "squeue", "sinfo"), "--timezone=UTC", "--no-plots");
    assertEquals(0, run.code(), run.err());
    assertEquals(
        "sinfo failed (exit 1): sinfo: error: Unable to contact slurm controller",
        data("avery").at("/cluster/error").asText());
  }

  /**
   * Reported: {@code parse --qos nosuchqos --sacct-file F} whose QOS column never says nosuchqos
   * exited 0 and counted every job of the file for it.
   */
  @Test
  void aQosTheFilesQosColumnNeverNamesIsAnError() {
    Cli.Run run =
        parseFile("nosuchqos", HAND.toAbsolutePath().toString(), "--now=2026-11-20T12:30:00Z");
    assertEquals(2, run.code(), run.out());
    assertTrue(
        run.err()
            .contains(
                "its QOS column never names 'nosuchqos'; it holds avery (name one of those with --qos)"),
        run.err());
    assertFalse(Files.exists(dir.resolve("site/data_nosuchqos.json")), "nothing written");
  }

  /**
   * With several QoS the file's rows are told apart by their QOS column: a misspelt one ('nomral')
   * used to end with no job and exit 0. It is refused, naming what the file holds.
   */
  @Test
  void oneOfSeveralQosTheFilesQosColumnNeverNamesIsAnError() throws Exception {
    Path file = dir.resolve("sacct.txt");
    Files.writeString(
        file,
        "JobID|JobIDRaw|User|Account|QOS|State|Submit|Start|End|ElapsedRaw|NCPUS|NNodes|ReqMem|AllocTRES\n"
            + "1|1|ann|lab|avery|COMPLETED|1795159800|1795159800|1795165200|5400|4|1|8G|cpu=4,mem=8G,node=1\n"
            + "2|2|bob|lab|normal|COMPLETED|1795159800|1795159800|1795165200|5400|2|1|8G|cpu=2,mem=8G,node=1\n");
    Cli.Run run = parseFile("avery", file.toString(), "--qos=nomral", "--now=2026-11-20T12:30:00Z");
    assertEquals(2, run.code(), run.out());
    assertTrue(
        run.err()
            .contains(
                "its QOS column never names 'nomral'; it holds avery, normal (name one of those"
                    + " with --qos)"),
        run.err());
    assertFalse(Files.exists(dir.resolve("site/data_avery.json")), "nothing written");
    Cli.Run right =
        parseFile(
            "avery", file.toString(), "--qos=normal", "--now=2026-11-20T12:30:00Z", "--no-plots");
    assertEquals(0, right.code(), right.err());
  }
}
