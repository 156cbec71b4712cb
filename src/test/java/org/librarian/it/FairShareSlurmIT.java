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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.testing.Cli;
import org.librarian.testing.Poll;

/**
 * Fair share and Slurm's start estimate against the real Slurm of scripts/slurm-testbed.sh (run
 * with -Pslurm, as root, under {@code flock /tmp/slurm-it.lock}): bob runs 48 CPUs in avery-b on
 * the 64-CPU node and cyd's 32-CPU job in avery waits for Resources, with a start the backfill
 * scheduler plans (a job held by a QoS limit got none on this Slurm); a live parse of avery must
 * publish sshare's rows and squeue --start's estimate as Slurm prints them at the same time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FairShareSlurmIT {
  final TestSlurm slurm = new TestSlurm();
  final ObjectMapper json = new ObjectMapper();
  Path work;

  @BeforeAll
  void cluster() throws Exception {
    work = slurm.workDir("librarian-fairshare-it-");
    for (String u : List.of("ann", "bob", "cyd")) {
      slurm.sh("scancel", "-u", u);
    }
  }

  @AfterAll
  void cleanUp() throws Exception {
    for (String u : List.of("ann", "bob", "cyd")) {
      slurm.sh("scancel", "-u", u);
    }
  }

  @Test
  void publishedFairShareAndEstimateEqualWhatSlurmPrintsAtTheSameTime() throws Exception {
    String running =
        slurm.submit(
            "bob", "--qos=avery-b", "-c", "48", "--mem=1G", "--time=4", "--wrap", "sleep 230");
    waitUntil(Duration.ofMinutes(1), "bob's job to run", () -> state(running).equals("RUNNING"));
    String pending =
        slurm.submit("cyd", "--qos=avery", "-c", "32", "--mem=1G", "--time=1", "--wrap", "true");
    waitUntil(
        Duration.ofMinutes(2),
        "cyd's job to wait for the node's CPUs with a start planned by Slurm",
        () -> reason(pending).equals("Resources") && slurmStart(pending) != null);
    waitUntil(
        Duration.ofMinutes(1),
        "sacct to know both jobs",
        () ->
            slurm
                    .sh("sacct", "-X", "-n", "-P", "-j", running + "," + pending, "--format=JobID")
                    .stdout()
                    .lines()
                    .count()
                == 2);
    Files.writeString(work.resolve("fs.yaml"), "timezone: UTC\nqos:\n  - name: avery\n");

    // sshare's usage figures change each PriorityCalcPeriod (1 min) and the backfill scheduler
    // revises its plan: a parse counts only when Slurm printed the same before and after it.
    for (int attempt = 1; ; attempt++) {
      String shareBefore = sshare();
      Long startBefore = slurmStart(pending);
      Cli.Run parse =
          new Cli(work)
              .runner(slurm.runner)
              .env("PATH", System.getenv("PATH"))
              .clock(Instant.now())
              .run("parse", "--config", "fs.yaml", "--out", "site", "--no-plots", "--full");
      assertEquals(0, parse.code(), parse.err());
      String shareAfter = sshare();
      Long startAfter = slurmStart(pending);
      if (!shareBefore.equals(shareAfter) || !startBefore.equals(startAfter)) {
        assertTrue(attempt < 4, "Slurm changed its figures during each of 3 parses");
        continue;
      }
      JsonNode data = json.readTree(work.resolve("site/data_avery.json").toFile());
      assertFairShareAsSshare(data.get("fairshare"), shareAfter);
      JsonNode job = null;
      for (JsonNode j : data.at("/waiting_jobs/jobs")) {
        if (j.get("job_id").asText().equals(pending)) {
          job = j;
        }
      }
      assertTrue(job != null, "job " + pending + " in " + data.get("waiting_jobs"));
      assertEquals(
          startAfter.longValue(),
          OffsetDateTime.parse(job.get("slurm_start").asText()).toEpochSecond(),
          job.toString());
      assertEquals("9-32", job.get("shape").asText());
      for (JsonNode j : data.at("/waiting_jobs/jobs")) {
        assertFalse(j.get("job_id").asText().equals(running), "bob's job runs: " + j);
      }
      break;
    }
  }

  /**
   * Every published account and user row equals sshare's row (22.05's columns: Account|User|
   * RawShares|NormShares|RawUsage|NormUsage|EffectvUsage|FairShare|LevelFS|...), and every user row
   * of a published account in sshare is published.
   */
  private static void assertFairShareAsSshare(JsonNode fair, String sshare) {
    assertTrue(fair != null && fair.get("accounts").size() > 0, "no fairshare key");
    List<String[]> rows = new ArrayList<>();
    sshare.lines().forEach(l -> rows.add(l.split("\\|", -1)));
    List<String> accounts = new ArrayList<>();
    int published = 0;
    for (JsonNode a : fair.get("accounts")) {
      accounts.add(a.get("account").asText());
      published += 1 + a.get("users").size();
      assertRow(a, find(rows, a.get("account").asText(), ""));
      for (JsonNode u : a.get("users")) {
        assertRow(u, find(rows, a.get("account").asText(), u.get("user").asText()));
      }
    }
    assertTrue(accounts.contains("avery-lab"), accounts.toString());
    long inSshare = rows.stream().filter(r -> accounts.contains(r[0].strip())).count();
    assertEquals(inSshare, published, "the rows of the published accounts, all of them");
    assertTrue(fair.get("decay_half_life_days").isNumber(), "the test Slurm's half-life is 7 days");
    assertEquals(7, fair.get("decay_half_life_days").asInt());
  }

  private static String[] find(List<String[]> rows, String account, String user) {
    return rows.stream()
        .filter(r -> r[0].strip().equals(account) && r[1].equals(user))
        .findFirst()
        .orElseThrow(() -> new AssertionError("sshare has no row " + account + "/" + user));
  }

  private static void assertRow(JsonNode published, String[] sshare) {
    String what = String.join("|", sshare);
    assertEquals(Long.parseLong(sshare[2]), published.get("raw_shares").asLong(), what);
    assertEquals(Double.parseDouble(sshare[3]), published.get("norm_shares").asDouble(), what);
    assertEquals(Long.parseLong(sshare[4]), published.get("raw_usage").asLong(), what);
    assertEquals(Double.parseDouble(sshare[6]), published.get("effectv_usage").asDouble(), what);
    assertNumberOrNull(sshare[7], published.get("fair_share"), what);
    assertNumberOrNull(sshare[8], published.get("level_fs"), what);
  }

  /** sshare's empty value and {@code inf} are published as null. */
  private static void assertNumberOrNull(String sshare, JsonNode published, String what) {
    if (sshare.isEmpty() || sshare.equals("inf")) {
      assertTrue(published.isNull(), what + " → " + published);
    } else {
      assertEquals(Double.parseDouble(sshare), published.asDouble(), what);
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  String sshare() throws Exception {
    CommandResult r = slurm.sh("sshare", "-P", "-n", "-l", "-a");
    assertEquals(0, r.exitCode(), r.stderr());
    return r.stdout();
  }

  /** {@code squeue --start}'s expected start of the job in epoch seconds, or null (N/A). */
  Long slurmStart(String id) throws Exception {
    CommandResult r =
        slurm.runner.run(
            new Command(
                List.of("squeue", "--start", "-h", "-j", id, "-o", "%S"),
                Map.of("SLURM_TIME_FORMAT", "%s"),
                Duration.ofSeconds(30),
                null));
    String s = r.stdout().strip();
    return s.matches("\\d+") ? Long.valueOf(s) : null;
  }

  String state(String id) throws Exception {
    return slurm.sh("squeue", "-h", "-j", id, "-o", "%T").stdout().strip();
  }

  String reason(String id) throws Exception {
    return slurm.sh("squeue", "-h", "-j", id, "-o", "%r").stdout().strip();
  }

  void waitUntil(Duration limit, String what, Check check) throws Exception {
    Poll.until(
        limit,
        Duration.ofSeconds(1),
        what,
        () -> "; squeue: " + slurm.sh("squeue", "-o", "%i %u %T %r %S").stdout(),
        check::ok);
  }

  interface Check {
    boolean ok() throws Exception;
  }
}
