package org.librarian.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;
import org.librarian.testing.Cli;
import org.librarian.testing.Poll;

/**
 * Groups by account on the real test Slurm (run with -Pslurm, as root, under flock
 * /tmp/slurm-it.lock): the test adds two accounts with association limits, lib-grp-aN
 * (GrpTRES=cpu=8) and lib-grp-bN (GrpTRES=cpu=4; N this run's own), with ann and bob in both, runs
 * jobs in them under two QoS (normal and avery), and removes the accounts afterwards. One sacct
 * call for every account matching lib-grp-* must give each account the same data file as a query of
 * that account alone, with the limits of its own association (both from one sacctmgr call) and
 * CPU-hours equal to Slurm's CPUTimeRAW.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupSlurmIT {
  /**
   * Names of this run's own: a removed account's jobs stay in slurmdbd, and a later run must not
   * count an earlier one's.
   */
  static final String RUN = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36);

  static final String A = "lib-grp-a" + RUN;
  static final String B = "lib-grp-b" + RUN;
  static final List<String> ACCOUNTS = List.of(A, B);
  final TestSlurm slurm = new TestSlurm();
  final ObjectMapper json = new ObjectMapper();
  final List<String> jobs = new ArrayList<>();
  Path work;

  @BeforeAll
  void accounts() throws Exception {
    work = slurm.workDir("librarian-group-it-");
    for (String[] a : new String[][] {{A, "cpu=8"}, {B, "cpu=4"}}) {
      CommandResult add =
          slurm.sh("sacctmgr", "-i", "add", "account", a[0], "Description=test", "GrpTRES=" + a[1]);
      assertEquals(0, add.exitCode(), add.stderr());
      for (String user : List.of("ann", "bob")) {
        CommandResult u =
            slurm.sh("sacctmgr", "-i", "add", "user", user, "account=" + a[0], "qos=normal,avery");
        assertEquals(0, u.exitCode(), u.stderr());
      }
    }
  }

  void removeAccounts() throws Exception {
    for (String a : ACCOUNTS) {
      slurm.sh("scancel", "--account=" + a);
      slurm.sh("sacctmgr", "-i", "remove", "user", "ann,bob", "account=" + a);
      slurm.sh("sacctmgr", "-i", "remove", "account", a);
    }
  }

  @AfterAll
  void remove() throws Exception {
    removeAccounts();
  }

  void submit(String user, String account, String qos, int cpus) throws Exception {
    jobs.add(
        slurm.submit(
            user,
            "--account=" + account,
            "--qos=" + qos,
            "-c",
            String.valueOf(cpus),
            "--mem=100M",
            "--wrap",
            "sleep 4"));
  }

  /** sacct's states of the test's jobs, one line each. */
  String states() throws Exception {
    CommandResult r =
        slurm.sh(
            "sacct", "-X", "-n", "-P", "--format=JobID,State", "--jobs=" + String.join(",", jobs));
    return r.stdout();
  }

  /** A data file without its metadata (rows read and the command differ by query). */
  JsonNode comparable(Path file) throws Exception {
    ObjectNode d = (ObjectNode) json.readTree(file.toFile());
    d.remove("metadata");
    return d;
  }

  Cli.Run parse(Path dir, String yaml, CommandRunner r, Instant now) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("librarian.yaml"), "timezone: UTC\nstate_dir: state\n" + yaml);
    Cli.Run run =
        new Cli(dir)
            .runner(r)
            .env("PATH", System.getenv("PATH"))
            .clock(now)
            .run("parse", "--now", now.toString(), "--window", "1d", "--out", "site", "--no-plots");
    assertEquals(0, run.code(), run.out() + run.err());
    return run;
  }

  @Test
  void oneQueryForEveryAccountEqualsAQueryOfEachAccount() throws Exception {
    submit("ann", A, "normal", 2);
    submit("bob", A, "avery", 1);
    submit("ann", B, "avery", 4);
    submit("bob", B, "normal", 3); // waits for the account's 4 CPUs: AssocGrpCpuLimit
    Poll.until(
        Duration.ofMinutes(5),
        Duration.ofSeconds(1),
        "the test's jobs to be COMPLETED in sacct",
        () -> ":\n" + states(),
        () -> states().lines().filter(l -> l.endsWith("|COMPLETED")).count() == jobs.size());
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    List<Command> calls = Collections.synchronizedList(new ArrayList<>());
    CommandRunner counting = slurm.recordingInto(calls);
    Cli.Run all =
        parse(work.resolve("all"), "group_by: account\naccounts: \"lib-grp-*\"\n", counting, now);
    List<Command> sacct = calls.stream().filter(c -> c.argv().get(0).endsWith("sacct")).toList();
    assertEquals(1, sacct.size(), all.err());
    assertTrue(
        sacct.get(0).argv().stream()
            .noneMatch(a -> a.startsWith("--accounts") || a.startsWith("--qos")),
        sacct.get(0).argv().toString());
    // Both accounts' limits from one sacctmgr call for every association, not one per account.
    List<Command> limits =
        calls.stream()
            .filter(c -> c.argv().get(0).endsWith("sacctmgr") && c.argv().contains("assoc"))
            .toList();
    assertEquals(1, limits.size(), limits.toString());
    for (String a : ACCOUNTS) {
      Path one = work.resolve("one-" + a);
      parse(one, "group_by: account\naccounts:\n  - name: " + a + "\n", slurm.runner, now);
      Path split = work.resolve("all/site/data_" + a + ".json");
      assertEquals(comparable(one.resolve("site/data_" + a + ".json")), comparable(split), a);
      JsonNode d = json.readTree(split.toFile());
      // The limit of the account's own association.
      assertEquals(a.equals(A) ? 8 : 4, d.at("/thresholds/NCPUS").asInt(), a);
      // CPU-hours: Slurm's own CPUTimeRAW (AllocCPUS × ElapsedRaw) of the account's allocations.
      CommandResult raw =
          slurm.sh(
              "sacct",
              "-X",
              "-n",
              "-P",
              "--format=CPUTimeRAW",
              "--accounts=" + a,
              "--jobs=" + String.join(",", jobs));
      double slurmHours = raw.stdout().lines().mapToLong(Long::parseLong).sum() / 3600.0;
      double ours = 0;
      for (JsonNode u : d.get("totals")) {
        ours += u.get("cpu_hours").asDouble();
      }
      assertEquals(slurmHours, ours, 0.002, a + ": " + raw.stdout());
    }
    // bob's 3 CPUs in lib-grp-b waited while ann's 4 held the account's 4: AssocGrpCpuLimit, the
    // account_limit class.
    JsonNode b = json.readTree(work.resolve("all/site/data_" + B + ".json").toFile());
    assertTrue(b.at("/demand/by_reason").has("account_limit"), b.get("demand").toString());
    assertTrue(b.at("/wait/bob/max_s").asLong() > 0, b.get("wait").toString());
  }
}
