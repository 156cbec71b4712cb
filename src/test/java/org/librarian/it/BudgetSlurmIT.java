package org.librarian.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.librarian.slurm.AssocMgrAssoc;
import org.librarian.slurm.AssocMgrQos;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;
import org.librarian.testing.Cli;
import org.librarian.testing.Poll;
import org.librarian.testing.RunConfig;
import org.librarian.usage.TresMinutes;

/**
 * A GrpTRESMins budget on the real test Slurm (run with -Pslurm, as root, under flock
 * /tmp/slurm-it.lock): avery-b gets cpu=600000 for the test (its earlier value is restored), cyd
 * runs an 8-CPU job in it, and the budget librarian publishes is what {@code scontrol show
 * assoc_mgr} reports around the collection. cyd's account avery-lab gets cpu=300000 too (restored
 * afterwards): its budget is published under {@code budget_accounts}, equal to what {@code
 * flags=assoc} reports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BudgetSlurmIT {
  static final String QOS = "avery-b";
  static final String ACCOUNT = "avery-lab";
  final TestSlurm slurm = new TestSlurm();
  final ObjectMapper json = new ObjectMapper();
  Path work;
  String before;
  String accountBefore;

  @BeforeAll
  void cluster() throws Exception {
    work = slurm.workDir("librarian-budget-it-");
    slurm.sh("scancel", "-u", "cyd");
    CommandResult q = slurm.sh("sacctmgr", "-P", "-n", "show", "qos", QOS, "format=GrpTRESMins");
    assertEquals(0, q.exitCode(), q.stderr());
    before = q.stdout().strip();
    CommandResult set =
        slurm.sh("sacctmgr", "-i", "modify", "qos", QOS, "set", "GrpTRESMins=cpu=600000");
    assertEquals(0, set.exitCode(), set.stderr());
    CommandResult a =
        slurm.sh(
            "sacctmgr",
            "-P",
            "-n",
            "show",
            "assoc",
            "account=" + ACCOUNT,
            "format=User,Partition,GrpTRESMins");
    assertEquals(0, a.exitCode(), a.stderr());
    accountBefore = "";
    for (String line : a.stdout().split("\n")) {
      if (line.startsWith("||")) {
        accountBefore = line.substring(2).strip();
      }
    }
    CommandResult setAccount =
        slurm.sh("sacctmgr", "-i", "modify", "account", ACCOUNT, "set", "GrpTRESMins=cpu=300000");
    assertEquals(0, setAccount.exitCode(), setAccount.stderr());
  }

  @AfterAll
  void restore() throws Exception {
    slurm.sh("scancel", "-u", "cyd");
    slurm.sh(
        "sacctmgr",
        "-i",
        "modify",
        "qos",
        QOS,
        "set",
        "GrpTRESMins=" + (before == null || before.isEmpty() ? "cpu=-1" : before));
    slurm.sh(
        "sacctmgr",
        "-i",
        "modify",
        "account",
        ACCOUNT,
        "set",
        "GrpTRESMins="
            + (accountBefore == null || accountBefore.isEmpty() ? "cpu=-1" : accountBefore));
  }

  /** Slurm's cpu budget of the account avery-lab now, as scontrol prints it. */
  TresMinutes accountCpu() throws Exception {
    CommandResult r =
        slurm.runner.run(
            AssocMgrAssoc.command("scontrol", List.of(ACCOUNT), Duration.ofSeconds(30)));
    assertEquals(0, r.exitCode(), r.stderr());
    return AssocMgrAssoc.parse(r.stdout()).get(ACCOUNT).stream()
        .filter(t -> t.tres().equals("cpu"))
        .findFirst()
        .orElseThrow();
  }

  /** Slurm's cpu budget of avery-b now, as scontrol prints it. */
  TresMinutes cpu() throws Exception {
    CommandResult r =
        slurm.runner.run(AssocMgrQos.command("scontrol", QOS, Duration.ofSeconds(30)));
    assertEquals(0, r.exitCode(), r.stderr());
    return AssocMgrQos.parse(QOS, r.stdout()).stream()
        .filter(t -> t.tres().equals("cpu"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theBudgetPublishedIsWhatScontrolReportsAroundTheRun() throws Exception {
    long usedBeforeTheJob = cpu().usedMinutes();
    CommandResult job =
        slurm.runner.run(
            new Command(
                List.of(
                    "runuser",
                    "-u",
                    "cyd",
                    "--",
                    "sbatch",
                    "--parsable",
                    "-o",
                    "/dev/null",
                    "-D",
                    "/tmp",
                    "--qos=" + QOS,
                    "-c",
                    "8",
                    "--mem=1G",
                    "--wrap",
                    "sleep 400"),
                Map.of("HOME", "/home/cyd", "USER", "cyd"),
                Duration.ofMinutes(2),
                null));
    assertEquals(0, job.exitCode(), job.stderr());
    // Slurm recalculates the used value every minute (PriorityCalcPeriod=1): wait until it has
    // counted some of this job (earlier tests' jobs may have left a value above 0 already).
    Poll.until(
        Duration.ofMinutes(4),
        Duration.ofSeconds(1),
        "the used CPU-minutes of " + QOS + " to count cyd's 8-CPU job",
        () -> " (still " + usedBeforeTheJob + ")",
        () -> cpu().usedMinutes() > usedBeforeTheJob);
    RunConfig.parse().qos(QOS, "cpus: 64").writeTo(work);
    List<Command> calls = Collections.synchronizedList(new ArrayList<>());
    CommandRunner counting = slurm.recordingInto(calls);
    TresMinutes first = cpu();
    TresMinutes accountFirst = accountCpu();
    Cli.Run run =
        new Cli(work)
            .runner(counting)
            .env("PATH", System.getenv("PATH"))
            .clock(Instant.now())
            .run("parse", "--qos", QOS, "--window", "1d");
    TresMinutes after = cpu();
    TresMinutes accountAfter = accountCpu();
    assertEquals(0, run.code(), run.out() + run.err());
    JsonNode budget =
        json.readTree(work.resolve("site/data_" + QOS + ".json").toFile()).get("budget");
    assertTrue(budget != null && budget.has("cpu"), run.err());
    JsonNode c = budget.get("cpu");
    assertEquals(600_000L, after.limitMinutes());
    assertEquals(600_000L, c.get("limit_minutes").asLong());
    long used = c.get("used_minutes").asLong();
    assertReadBetween(used, first, after);
    assertEquals(600_000L - used, c.get("left_minutes").asLong());
    // One collection, no samples yet: the rate is the QoS's own use in the window, so there is one.
    assertEquals("estimated", c.get("basis").asText());
    assertTrue(c.get("rate_minutes_per_day").asDouble() > 0, c.toString());
    assertFalse(c.get("runs_out").isNull(), c.toString());
    assertTrue(LocalDate.parse(c.get("runs_out").asText()).isAfter(LocalDate.now().minusDays(1)));
    assertFalse(c.get("no_decay").asBoolean(), "the test bed's avery-b has no NoDecay flag");
    assertEquals(
        1,
        calls.stream().filter(x -> x.argv().contains("flags=qos")).count(),
        "one scontrol show assoc_mgr flags=qos call per run");
    assertEquals(
        List.of("accounts=" + ACCOUNT),
        calls.stream()
            .filter(x -> x.argv().contains("flags=assoc"))
            .map(x -> x.argv().get(x.argv().size() - 1))
            .toList(),
        "one scontrol show assoc_mgr flags=assoc call per run, for the account of cyd's job");
    // The account's budget, with the same tolerance as the QoS's.
    JsonNode a =
        json.readTree(work.resolve("site/data_" + QOS + ".json").toFile())
            .at("/budget_accounts/" + ACCOUNT + "/cpu");
    assertFalse(a.isMissingNode(), run.err());
    assertEquals(300_000L, accountAfter.limitMinutes());
    assertEquals(300_000L, a.get("limit_minutes").asLong());
    long accountUsed = a.get("used_minutes").asLong();
    assertReadBetween(accountUsed, accountFirst, accountAfter);
    assertEquals(300_000L - accountUsed, a.get("left_minutes").asLong());
    assertTrue(
        a.get("sentence").asText().contains("the " + ACCOUNT + " account's 300,000 CPU-minute"),
        a.toString());
    assertTrue(
        a.get("sentence").asText().contains("every 7 days (PriorityDecayHalfLife)"), a.toString());
    assertTrue(
        Files.readString(work.resolve("state/budget/default.json"))
            .contains("\"account:" + ACCOUNT + "\""),
        "the account's sample is kept in the state directory");
    assertTrue(
        Files.readString(work.resolve("state/budget/default.json")).contains("\"" + QOS + "\""),
        "the run's sample is kept in the state directory");
  }

  /**
   * The used value may grow between scontrol's reads before and after the run: the {@code
   * published} one, read in between, is within that growth of the last, and it never falls.
   */
  static void assertReadBetween(long published, TresMinutes before, TresMinutes after) {
    long growth = after.usedMinutes() - before.usedMinutes();
    assertTrue(growth >= 0, "Slurm's used value fell from " + before + " to " + after);
    assertTrue(
        Math.abs(published - after.usedMinutes()) <= growth,
        "published "
            + published
            + ", scontrol "
            + before.usedMinutes()
            + " before and "
            + after.usedMinutes()
            + " after the run");
  }
}
