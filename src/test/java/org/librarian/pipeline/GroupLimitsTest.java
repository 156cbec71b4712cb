package org.librarian.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.librarian.testing.FakeRunner.failed;
import static org.librarian.testing.FakeRunner.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeRunner;

/**
 * The limits of every group without limits in the configuration come from one sacctmgr call,
 * whatever the number of groups. sacctmgr answers with what the project's test Slurm printed
 * (src/test/resources/slurm-recorded/, README there):
 *
 * <pre>
 * sacctmgr-qos-grptres-all.txt   normal|
 *                                avery|cpu=48,gres/gpu=3,mem=200G
 *                                avery-b|cpu=64,mem=250G
 * sacctmgr-assoc-all.txt         rec-a|||cpu=8,gres/gpu=1,mem=32G   (and rec-a|ann||)
 *                                rec-b|||cpu=4                      (and rec-b|bob||)
 *                                avery-lab|||                       (and its three users)
 * </pre>
 *
 * sacct answers with hand-small's rows (QoS avery, account lab); named groups are written even
 * without rows, so each group here has its data file.
 */
class GroupLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path RECORDED = Path.of("src/test/resources/slurm-recorded");
  private static final String QOS_FAILED =
      "warning: sacctmgr -P -n show qos format=Name,GrpTRES failed (exit 1):"
          + " sacctmgr: error: Problem talking to the database; no limit lines";

  @TempDir Path dir;

  private FakeRunner runner(CommandResult sacctmgr) throws Exception {
    String sacct =
        Files.readString(Path.of("src/test/resources/outputs/hand-small/input.sacct.txt"));
    return FakeRunner.byProgram(Map.of("sacct", ok(sacct), "sacctmgr", sacctmgr));
  }

  private static CommandResult recorded(String file) throws Exception {
    return ok(Files.readString(RECORDED.resolve(file)));
  }

  private Cli.Run parse(FakeRunner runner, String yaml, String... groups) throws Exception {
    Files.writeString(dir.resolve("librarian.yaml"), "timezone: UTC\nstate_dir: state\n" + yaml);
    List<String> args = new ArrayList<>(List.of("parse", "--out", "site"));
    for (String g : groups) {
      args.addAll(List.of("--qos", g));
    }
    Cli.Run run =
        new Cli(dir)
            .programs("sacct", "sacctmgr")
            .runner(runner)
            .run(args, "--window=6h", "--cluster=testbed", "--no-plots");
    assertEquals(0, run.code(), run.out() + run.err());
    return run;
  }

  private JsonNode data(String group) throws Exception {
    return JSON.readTree(dir.resolve("site/data_" + group + ".json").toFile());
  }

  /** NCPUS, NGPUS and MEMORY (GB) of the group's limit lines, and where they came from. */
  private String limits(String group) throws Exception {
    JsonNode d = data(group);
    return d.at("/thresholds/NCPUS").asDouble()
        + " "
        + d.at("/thresholds/NGPUS").asDouble()
        + " "
        + d.at("/thresholds/MEMORY").asDouble()
        + " "
        + d.at("/metadata/thresholds_source").asText();
  }

  private static List<Command> sacctmgrCalls(FakeRunner runner) {
    return runner.calls.stream().filter(c -> c.argv().get(0).endsWith("sacctmgr")).toList();
  }

  @Test
  void threeQosOneCallEachItsOwnLimits() throws Exception {
    FakeRunner runner = runner(recorded("sacctmgr-qos-grptres-all.txt"));
    Cli.Run run = parse(runner, "", "avery", "avery-b", "normal");
    List<Command> calls = sacctmgrCalls(runner);
    assertEquals(1, calls.size(), calls.toString());
    // No QoS name reaches sacctmgr: the one call lists every QoS.
    assertEquals(
        List.of("-P", "-n", "show", "qos", "format=Name,GrpTRES"),
        calls.get(0).argv().subList(1, calls.get(0).argv().size()));
    // avery: cpu=48, gres/gpu=3, mem=200G (200 × 1024 × 1024 KiB ÷ 1024² = 200 GB).
    assertEquals("48.0 3.0 200.0 sacctmgr", limits("avery"));
    // avery-b: cpu=64, no GPU limit, mem=250G.
    assertEquals("64.0 0.0 250.0 sacctmgr", limits("avery-b"));
    // normal: an empty GrpTRES, no limit on any TRES.
    assertEquals("0.0 0.0 0.0 sacctmgr", limits("normal"));
    assertEquals(
        "", run.err().lines().filter(l -> l.endsWith("no limit lines")).findAny().orElse(""));
  }

  @Test
  void threeAccountsOneCallOfTheirOwnAssociations() throws Exception {
    FakeRunner runner = runner(recorded("sacctmgr-assoc-all.txt"));
    parse(
        runner,
        "group_by: account\naccounts:\n  - name: rec-a\n  - name: rec-b\n  - name: avery-lab\n");
    List<Command> calls = sacctmgrCalls(runner);
    assertEquals(1, calls.size(), calls.toString());
    assertEquals(
        List.of(
            "-P",
            "-n",
            "show",
            "assoc",
            "clusters=testbed",
            "format=Account,User,Partition,GrpTRES"),
        calls.get(0).argv().subList(1, calls.get(0).argv().size()));
    // rec-a's own line: cpu=8, gres/gpu=1, mem=32G (ann's line under it has no GrpTRES).
    assertEquals("8.0 1.0 32.0 sacctmgr", limits("rec-a"));
    // rec-b's own line: cpu=4 only.
    assertEquals("4.0 0.0 0.0 sacctmgr", limits("rec-b"));
    // avery-lab's own line has an empty GrpTRES.
    assertEquals("0.0 0.0 0.0 sacctmgr", limits("avery-lab"));
  }

  @Test
  void aGroupMissingFromTheAnswerWarnsAsItsOwnCallDid() throws Exception {
    FakeRunner runner = runner(recorded("sacctmgr-qos-grptres-all.txt"));
    Cli.Run run = parse(runner, "", "avery", "gone");
    assertEquals(1, sacctmgrCalls(runner).size());
    assertEquals(
        List.of(
            "gone: warning: limits not read from sacctmgr: sacctmgr knows no QoS named gone;"
                + " no limit lines"),
        run.err().lines().filter(l -> l.endsWith("no limit lines")).toList());
    assertEquals("0.0 0.0 0.0 none", limits("gone"));
    assertEquals("48.0 3.0 200.0 sacctmgr", limits("avery"));
  }

  @Test
  void aFailedCallWarnsForEachGroupAndDrawsNoLine() throws Exception {
    FakeRunner runner = runner(failed(1, "sacctmgr: error: Problem talking to the database\n"));
    Cli.Run run = parse(runner, "", "avery", "avery-b", "normal");
    assertEquals(1, sacctmgrCalls(runner).size(), "one failed call, not one per group");
    assertEquals(
        List.of("avery: " + QOS_FAILED, "avery-b: " + QOS_FAILED, "normal: " + QOS_FAILED),
        run.err().lines().filter(l -> l.endsWith("no limit lines")).toList());
    for (String q : List.of("avery", "avery-b", "normal")) {
      assertEquals("0.0 0.0 0.0 none", limits(q), q);
    }
  }

  @Test
  void limitsGivenInTheConfigurationAskNothing() throws Exception {
    FakeRunner runner = runner(recorded("sacctmgr-qos-grptres-all.txt"));
    parse(runner, "qos:\n  - name: avery\n    limits: {cpus: 10}\n");
    assertEquals(0, sacctmgrCalls(runner).size());
    assertEquals("10.0 0.0 0.0 config", limits("avery"));
  }
}
