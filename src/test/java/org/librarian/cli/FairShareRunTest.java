package org.librarian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeRunner;

/**
 * A live parse (the clock at 2026-11-20T12:30:00Z, window 6 h) that asks sshare, scontrol and
 * squeue --start once each, beside sacct:
 *
 * <ul>
 *   <li>job 1 (ann, lab, 9 CPUs) waited 08:00–10:00 = 7200 s; job 2 (ann, lab, 16 CPUs) waited
 *       10:00–10:12 = 720 s: shape 9–32 CPUs without GPUs, waits [720, 7200], nearest-rank p50 =
 *       position ⌈0.5·2⌉ = 1 → 720 s = 12 min, p90 = position ⌈0.9·2⌉ = 2 → 7200 s = 2 h;
 *   <li>job 3 (bob, lab, 16 CPUs) pends since 12:00; squeue --start says 13:00 (epoch t0 + 46800);
 *   <li>job 4 (cyd, other-lab, 1 CPU) pends since 12:10; squeue --start says N/A; no job of 1 CPU
 *       started, so no range.
 * </ul>
 */
public class FairShareRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** 2026-11-20T00:00:00Z */
  private static final long T0 = 1795132800L;

  @TempDir Path dir;

  static final String SACCT =
      String.join(
          "\n",
          "JobID|JobIDRaw|User|Account|QOS|State|Submit|Start|End|ElapsedRaw|NCPUS|NNodes|ReqMem"
              + "|AllocTRES|Eligible|ReqCPUS|ReqTRES|Reason|Partition",
          row("1", "ann", "lab", "COMPLETED", T0 + 36000, T0 + 39600, 9, T0 + 28800),
          row("2", "ann", "lab", "COMPLETED", T0 + 36720, T0 + 40320, 16, T0 + 36000),
          row("3", "bob", "lab", "PENDING", 0, 0, 16, T0 + 43200),
          row("4", "cyd", "other-lab", "PENDING", 0, 0, 1, T0 + 43800),
          "");

  private static String row(
      String id,
      String user,
      String account,
      String state,
      long start,
      long end,
      int cpus,
      long eligible) {
    boolean ran = start > 0;
    return String.join(
        "|",
        id,
        id,
        user,
        account,
        "q",
        state,
        Long.toString(eligible),
        ran ? Long.toString(start) : "Unknown",
        ran ? Long.toString(end) : "Unknown",
        ran ? Long.toString(end - start) : "0",
        Integer.toString(cpus),
        "1",
        "1G",
        ran ? "cpu=" + cpus + ",mem=1G,node=1" : "",
        Long.toString(eligible),
        Integer.toString(cpus),
        "cpu=" + cpus + ",mem=1G,node=1",
        ran ? "Priority" : "QOSGrpCpuLimit",
        "debug");
  }

  static final String SSHARE =
      String.join(
          "\n",
          "Account|User|RawShares|NormShares|RawUsage|NormUsage|EffectvUsage|FairShare|LevelFS"
              + "|GrpTRESMins|TRESRunMins",
          "lab||1|0.250000|4100|0.410000|0.410000||0.609756||cpu=0",
          " lab|ann|1|0.500000|4100|1.000000|1.000000|0.310000|0.500000||cpu=0",
          " lab|bob|1|0.500000|0|0.000000|0.000000|0.750000|inf||cpu=0",
          "other-lab||3|0.750000|5900|0.590000|0.590000||1.271186||cpu=0",
          " other-lab|cyd|1|1.000000|5900|1.000000|1.000000|0.500000|1.000000||cpu=0",
          "");

  /**
   * sacct, sacctmgr, sshare (answering {@code sshare}), scontrol and squeue as this case has them.
   */
  public static FakeRunner slurm(CommandResult sshare) throws Exception {
    return new FakeRunner(answers(sshare));
  }

  /**
   * A QoS q whose jobs and fair share are this case's, as a live parse writes it into {@code dir}.
   */
  public static JsonNode liveData(Path dir) throws Exception {
    Cli.Run run = parse(dir, slurm(new CommandResult(0, SSHARE, "")));
    assertEquals(0, run.code(), run.err());
    return JSON.readTree(dir.resolve("site/data_q.json").toFile());
  }

  private static Function<Command, CommandResult> answers(CommandResult sshare) throws Exception {
    String config =
        Files.readString(Path.of("src/test/resources/slurm-recorded/scontrol-show-config.txt"));
    return c -> {
      String program = Path.of(c.argv().get(0)).getFileName().toString();
      return switch (program) {
        case "sacct" -> new CommandResult(0, SACCT, "");
        case "sacctmgr" -> new CommandResult(0, "q|cpu=48\n", "");
        case "sshare" -> sshare;
        // show config for the half-life; anything else (the budgets' assoc_mgr) has nothing
        case "scontrol" -> new CommandResult(0, c.argv().contains("config") ? config : "", "");
        case "squeue" ->
            c.argv().contains("--start")
                ? new CommandResult(
                    0,
                    "3|bob|" + (T0 + 46800) + "|QOSGrpCpuLimit\n" + "4|cyd|N/A|QOSGrpCpuLimit\n",
                    "")
                : new CommandResult(0, "", "");
        default -> throw new AssertionError("unexpected " + c.display());
      };
    };
  }

  private Cli.Run parse(FakeRunner runner) throws Exception {
    return parse(dir, runner);
  }

  /**
   * scontrol and squeue --start failing are warnings: the fair share goes without its half-life
   * (null, and the sentence says nothing of decay), each waiting job without Slurm's estimate.
   */
  @Test
  void failingScontrolAndSqueueStartLeaveTheirFiguresOut() throws Exception {
    Function<Command, CommandResult> slurm = answers(new CommandResult(0, SSHARE, ""));
    FakeRunner runner =
        new FakeRunner(
            c ->
                c.argv().contains("config") || c.argv().contains("--start")
                    ? new CommandResult(1, "", "slurm_load_ctl_conf error: Unable to contact")
                    : slurm.apply(c));
    Cli.Run run = parse(runner);
    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().contains("the decay of fair-share usage is not published"), run.err());
    assertTrue(run.err().contains("Slurm's start estimates are not published"), run.err());
    JsonNode json = JSON.readTree(dir.resolve("site/data_q.json").toFile());
    assertTrue(json.at("/fairshare/decay_half_life_days").isNull());
    assertTrue(json.at("/fairshare/accounts/0/to_share_days").isNull());
    assertEquals(
        "lab holds 25 % of the shares and has used 41 % of the cluster's decayed usage (LevelFS"
            + " 0.61: its shares over its usage) (as of 2026-11-20 12:30 UTC).",
        json.at("/fairshare/accounts/0/sentence").asText());
    assertEquals(2, json.at("/waiting_jobs/jobs").size());
    for (JsonNode j : json.at("/waiting_jobs/jobs")) {
      assertTrue(j.get("slurm_start").isNull(), j.toString());
    }
    assertEquals(
        "typically 12 min \u2013 2 h for 9\u201332 CPUs without GPUs",
        json.at("/waiting_jobs/jobs/0/typical").asText());
  }

  /**
   * sshare prints real user names: they are published as everything else is, pseudonyms for the
   * rest and nothing of a hidden user (bob: neither his fair-share row nor his waiting job).
   */
  @Test
  void sshareUsersArePublishedUnderThePrivacySettings() throws Exception {
    Files.writeString(
        dir.resolve("private.yaml"),
        "qos:\n  - name: q\nprivacy:\n  pseudonymize: true\n  hide_users: [bob]\n");
    Cli.Run run = parse(dir, slurm(new CommandResult(0, SSHARE, "")), "--config", "private.yaml");
    assertEquals(0, run.code(), run.err());
    JsonNode json = JSON.readTree(dir.resolve("site/data_q.json").toFile());
    String ann = json.at("/users/0").asText();
    assertTrue(ann.matches("user-[0-9a-f]{4,}"), ann);
    JsonNode lab = json.at("/fairshare/accounts/0");
    assertEquals(1, lab.get("users").size(), "bob is hidden: " + lab);
    assertEquals(ann, lab.at("/users/0/user").asText(), "ann under the pseudonym of her usage");
    assertTrue(json.at("/fairshare/accounts/1/users/0/user").asText().startsWith("user-"));
    String text = json.toString();
    for (String real : List.of("\"ann\"", "\"bob\"", "\"cyd\"")) {
      assertFalse(text.contains(real), real + " in " + text);
    }
    assertEquals(1, json.at("/waiting_jobs/jobs").size(), "only cyd's job 4: bob is hidden");
    assertEquals("4", json.at("/waiting_jobs/jobs/0/job_id").asText());
  }

  /** parse of QoS q with every Slurm program answered by {@code runner}. */
  private static Cli.Run parse(Path dir, FakeRunner runner) throws Exception {
    return parse(dir, runner, "--qos", "q");
  }

  /**
   * parse of what {@code which} names (a QoS or a configuration), in UTC over 6 h into site/
   * without charts, with every Slurm program answered by {@code runner}.
   */
  private static Cli.Run parse(Path dir, FakeRunner runner, String... which) throws Exception {
    List<String> args = new ArrayList<>(List.of("parse"));
    args.addAll(List.of(which));
    return new Cli(dir)
        .programs("sacct", "sacctmgr", "sshare", "squeue", "scontrol")
        .runner(runner)
        .run(args, "--timezone", "UTC", "--window", "6h", "--out", "site", "--no-plots");
  }

  @Test
  void fairShareOfTheAccountsOfTheJobsWithTheirUsers() throws Exception {
    FakeRunner runner = slurm(new CommandResult(0, SSHARE, ""));
    Cli.Run run = parse(runner);
    assertEquals(0, run.code(), run.err());
    List<Command> sshare =
        runner.calls.stream().filter(c -> c.argv().get(0).endsWith("sshare")).toList();
    assertEquals(1, sshare.size(), "one sshare per run");
    assertEquals(
        List.of("--parsable2", "--long", "--all", "--accounts=lab,other-lab"),
        sshare.get(0).argv().subList(1, 5));
    JsonNode f = JSON.readTree(dir.resolve("site/data_q.json").toFile()).get("fairshare");
    assertEquals("2026-11-20T12:30:00+00:00", f.get("at").asText());
    assertEquals(7, f.get("decay_half_life_days").asInt());
    JsonNode lab = f.at("/accounts/0");
    assertEquals("lab", lab.get("account").asText());
    assertEquals(
        "{\"raw_shares\":1,\"norm_shares\":0.25,\"raw_usage\":4100,\"effectv_usage\":0.41,"
            + "\"fair_share\":null,\"level_fs\":0.609756}",
        figures(lab));
    // log2(0.41 / 0.25) × 7 days = 0.713696 × 7 = 4.99587, 2 decimals: 5.00
    assertEquals(5.0, lab.get("to_share_days").asDouble());
    assertEquals(
        "lab holds 25 % of the shares and has used 41 % of the cluster's decayed usage (LevelFS"
            + " 0.61: its shares over its usage); idle, its usage halves every 7 days and falls to"
            + " its share in 5 days (as of 2026-11-20 12:30 UTC).",
        lab.get("sentence").asText());
    assertEquals("ann", lab.at("/users/0/user").asText());
    assertEquals(
        "{\"raw_shares\":1,\"norm_shares\":0.5,\"raw_usage\":0,\"effectv_usage\":0,"
            + "\"fair_share\":0.75,\"level_fs\":null}",
        figures(lab.at("/users/1")));
    JsonNode other = f.at("/accounts/1");
    assertEquals(0, other.get("to_share_days").asInt(), "0.59 used of 0.75: under its share");
    assertEquals("cyd", other.at("/users/0/user").asText());
    assertEquals(
        lab.get("sentence").asText() + " " + other.get("sentence").asText(),
        f.get("sentence").asText());
  }

  private static String figures(JsonNode row) {
    var copy = (com.fasterxml.jackson.databind.node.ObjectNode) row.deepCopy();
    copy.remove(List.of("account", "user", "users", "sentence", "to_share_days"));
    return copy.toString();
  }

  @Test
  void noSshareAnswerNoFairShareKey() throws Exception {
    FakeRunner runner =
        slurm(new CommandResult(1, "", "sshare: error: Problem talking to the database"));
    Cli.Run run = parse(runner);
    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().contains("Problem talking to the database; no fair share"), run.err());
    JsonNode json = JSON.readTree(dir.resolve("site/data_q.json").toFile());
    assertTrue(json.path("fairshare").isMissingNode());
    assertTrue(
        runner.calls.stream().noneMatch(c -> c.argv().contains("config")),
        "no half-life asked without fair share");
  }

  @Test
  void slurmsEstimateBesideEachWaitingJobByJobId() throws Exception {
    FakeRunner runner = slurm(new CommandResult(0, SSHARE, ""));
    Cli.Run run = parse(runner);
    assertEquals(0, run.code(), run.err());
    List<Command> start = runner.calls.stream().filter(c -> c.argv().contains("--start")).toList();
    assertEquals(1, start.size(), "one squeue --start per run");
    assertEquals("%s", start.get(0).environment().get("SLURM_TIME_FORMAT"));
    assertTrue(start.get(0).argv().contains("--qos=q"), start.get(0).display());
    JsonNode w = JSON.readTree(dir.resolve("site/data_q.json").toFile()).get("waiting_jobs");
    assertEquals("Slurm's estimate", w.get("slurm_start_label").asText());
    JsonNode bob = w.at("/jobs/0");
    assertEquals("3", bob.get("job_id").asText());
    assertEquals("bob", bob.get("user").asText());
    assertEquals("2026-11-20T12:00:00+00:00", bob.get("eligible").asText());
    assertEquals("2026-11-20T13:00:00+00:00", bob.get("slurm_start").asText());
    assertEquals("9-32", bob.get("shape").asText());
    assertEquals(720, bob.get("shape_p50_seconds").asInt());
    assertEquals(7200, bob.get("shape_p90_seconds").asInt());
    assertEquals(
        "typically 12 min \u2013 2 h for 9\u201332 CPUs without GPUs", bob.get("typical").asText());
    JsonNode cyd = w.at("/jobs/1");
    assertEquals("4", cyd.get("job_id").asText());
    assertTrue(cyd.get("slurm_start").isNull(), "N/A");
    assertTrue(cyd.get("typical").isNull(), "no job of 1 CPU started in the window");
    assertEquals(2, w.get("jobs").size());
  }
}
