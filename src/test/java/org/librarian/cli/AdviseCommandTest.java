package org.librarian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;

/**
 * {@code librarian advise} on a hand-made sacct file in librarian's one query's columns, delimited
 * by the unit separator as the live query is.
 */
class AdviseCommandTest {
  private static final String HEADER =
      "JobID,JobIDRaw,User,Account,QOS,State,Submit,Start,End,ElapsedRaw,NCPUS,NNodes,ReqMem,"
          + "AllocTRES,TotalCPU,MaxRSS,TRESUsageInTot,TRESUsageInAve,Eligible,ReqCPUS,ReqTRES,"
          + "Reason,Partition,JobName,NTasks,TimelimitRaw";

  /** The hardest name: a '|', double quotes, a script tag and an emoji, then its number. */
  private static final String NAME = "a|b \"q\" <script>x</script> \uD83D\uDE42_";

  @TempDir Path dir;

  private static String row(String... fields) {
    return String.join("\u001f", fields) + "\n";
  }

  /** What sacct prints for a batch step from ReqTRES on: no request, reason or partition. */
  private static final String BATCH_STEP_TAIL = String.join("\u001f", "", "", "", "batch", "1", "");

  /**
   * State to NNodes, the same on a job's row and its batch step's: COMPLETED, submitted and started
   * at {@code start}, ended 1 h (3600 s) later at {@code end}, on {@code cpus} CPUs of one node.
   */
  private static String ran(String start, String end, String cpus) {
    return String.join("\u001f", "COMPLETED", start, start, end, "3600", cpus, "1");
  }

  /**
   * An ended job of {@code user} in account lab and QoS normal, named {@code name}: {@code cpus}
   * CPUs and {@code mem} asked and given as {@code tres}, {@code totalCpu} of CPU time, a time
   * limit of {@code limitMinutes}.
   */
  private static String job(
      String id,
      String user,
      String name,
      String start,
      String end,
      String cpus,
      String mem,
      String tres,
      String totalCpu,
      String limitMinutes) {
    return row(
        id,
        id,
        user,
        "lab",
        "normal",
        ran(start, end, cpus),
        mem,
        tres,
        totalCpu,
        "",
        "",
        "",
        start,
        cpus,
        tres,
        "None",
        "main",
        name,
        "",
        limitMinutes);
  }

  /**
   * ann: five jobs of NAME (1 h on 8 CPUs of one node, 32 GB and 8 h asked, 3:12:00 of CPU used =
   * 0.4 of 8 CPU-hours, peak 10 GB) and two of prep_; bob: one job.
   */
  private Path file() throws Exception {
    StringBuilder s = new StringBuilder(String.join("\u001f", HEADER.split(",")) + "\n");
    int id = 100;
    for (int i = 1; i <= 7; i++) {
      String name = i <= 5 ? NAME + i : "prep_" + i;
      String start = String.format("2026-11-20T%02d:00:00", i);
      String end = String.format("2026-11-20T%02d:00:00", i + 1);
      String j = "" + id++;
      String tres = "billing=8,cpu=8,mem=32G,node=1";
      s.append(job(j, "ann", name, start, end, "8", "32G", tres, "03:12:00", "480"));
      String used = "cpu=03:12:00,mem=10485760K";
      s.append(
          row(
              j + ".batch",
              j + ".batch",
              "",
              "lab",
              "",
              ran(start, end, "8"),
              "",
              "cpu=8,mem=32G,node=1",
              "03:12:00",
              "10485760K",
              used,
              used,
              start,
              "8",
              BATCH_STEP_TAIL));
    }
    s.append(
        job(
            "200",
            "bob",
            "solo",
            "2026-11-20T09:00:00",
            "2026-11-20T10:00:00",
            "1",
            "1G",
            "cpu=1,mem=1G,node=1",
            "01:00:00",
            "120"));
    return Files.writeString(dir.resolve("sacct.txt"), s.toString());
  }

  /**
   * {@code advise --user user} of normal from the file at 2026-11-20T12:30:00Z in UTC, then {@code
   * more}.
   */
  /**
   * advise reads only sacct: parse's other replay files and its --limits would change nothing in
   * its output, so it does not take them (exit 2, picocli's own message).
   */
  @Test
  void theReplayOptionsOnlyParseReadsAreRefused() throws Exception {
    for (String option :
        List.of("--squeue-file=s.txt", "--assoc-mgr-file=a.txt", "--limits=cpu=4")) {
      Cli.Run run = advise("ann", option);
      assertEquals(2, run.code(), option + ": " + run.out());
      String name = option.substring(0, option.indexOf('='));
      assertTrue(run.err().contains("Unknown option: '" + name), run.err());
    }
  }

  private Cli.Run advise(String user, String... more) throws Exception {
    List<String> args =
        List.of(
            "advise",
            "--user=" + user,
            "--qos=normal",
            "--timezone=UTC",
            "--now=2026-11-20T12:30:00Z",
            "--sacct-file=" + file());
    return new Cli(dir).run(args, more);
  }

  @Test
  void printsTheLinesForTheBatchScriptWithWhatTheyFree() throws Exception {
    Cli.Run r = advise("ann");
    assertEquals(0, r.code(), r.err());
    String out = r.out();
    assertTrue(out.startsWith("ann's job families in normal, jobs that ended from "), out);
    assertTrue(out.contains(" to 2026-11-20 12:30 UTC:\n"), out);
    // The name as read (family: its trailing number taken away), inert text.
    assertTrue(out.contains("\n" + NAME + "# (5 jobs)\n"), out);
    // --mem: p95 of five 10 GB peaks is 10 GB; × 1.2 = 12 GB. Freed (32 − 12) GB × 1 h × 5 =
    // 100 GB-hours.
    assertTrue(
        out.contains("  #SBATCH --mem=12G\n      (--mem would have freed 100.0 GB-hours"), out);
    // --time: p95 3600 s × 1.3 = 4680 s → ⌈4680 / 900⌉ = 6 quarters = 1:30:00. Freed 8 CPUs ×
    // (28800 − 5400) s × 5 = 936000 CPU-s = 260 CPU-hours of time limit.
    assertTrue(
        out.contains(
            "  #SBATCH --time=01:30:00\n      (--time would have freed 260.0 CPU-hours of time"),
        out);
    // --cpus-per-task: efficiency 11520 / 28800 = 0.4 < 0.5: ⌈8 × 0.4 × 1.25⌉ = 4. Freed
    // (8 − 4) × 1 h × 5 = 20 CPU-hours.
    assertTrue(
        out.contains(
            "  #SBATCH --cpus-per-task=4\n      (--cpus-per-task would have freed 20.0 CPU-hours)"),
        out);
    // prep_6 and prep_7: 2 jobs, fewer than 5.
    assertTrue(out.contains("Too few jobs for a suggestion (fewer than 5): prep_# (2 jobs)."), out);
    // Only ann's families.
    assertTrue(!out.contains("solo"), out);
  }

  @Test
  void aUserWithOnlySmallFamiliesIsToldSo() throws Exception {
    Cli.Run r = advise("bob");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("No family of at least 5 jobs."), r.out());
    assertTrue(r.out().contains("solo (1 job)"), r.out());
  }

  @Test
  void anUnknownUserIsAUsageErrorNamingTheWindow() throws Exception {
    Cli.Run r = advise("zed");
    assertEquals(2, r.code());
    assertTrue(
        r.err().startsWith("librarian: no job of user 'zed' ended in normal from "), r.err());
    assertTrue(r.err().contains(" to 2026-11-20 12:30 UTC"), r.err());
  }

  @Test
  void theMinimumIsConfigurable() throws Exception {
    Path config =
        Files.writeString(dir.resolve("librarian.yaml"), "dashboard:\n  right_size_min_jobs: 2\n");
    Cli.Run r = advise("ann", "--config=" + config);
    assertEquals(0, r.code(), r.err());
    // prep_6 and prep_7, 2 jobs, now get theirs: the same jobs' figures, 12G as above.
    assertTrue(r.out().contains("\nprep_# (2 jobs)\n  #SBATCH --mem=12G\n"), r.out());
    assertTrue(!r.out().contains("Too few"), r.out());
    Files.writeString(config, "dashboard:\n  right_size_min_jobs: 0\n");
    Cli.Run bad = new Cli(dir).run("advise", "--config", config.toString(), "--user", "ann");
    assertEquals(2, bad.code());
    assertTrue(
        bad.err()
            .contains(
                "line 2: dashboard.right_size_min_jobs must be a whole number from 1 to 99999, not '0'"),
        bad.err());
  }

  @Test
  void underPseudonymsTheUserIsStillFoundByTheirName() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("private.yaml"),
            "state_dir: state\nprivacy:\n  pseudonymize: true\n  hide_users: [bob]\n");
    Cli.Run ann = advise("ann", "--config=" + config);
    assertEquals(0, ann.code(), ann.err());
    // The same 12G as without pseudonyms; the header names ann, as asked.
    assertTrue(ann.out().startsWith("ann's job families in normal"), ann.out());
    assertTrue(ann.out().contains("  #SBATCH --mem=12G\n"), ann.out());
    // bob is hidden: none of his jobs is counted.
    Cli.Run bob = advise("bob", "--config=" + config);
    assertEquals(2, bob.code(), bob.out());
  }

  @Test
  void theJobsFileUnderPseudonymsNamesNoUserAndNoJob() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("private.yaml"),
            "state_dir: state\nprivacy:\n  pseudonymize: true\n  hide_users: [bob]\n");
    Cli.Run parse =
        new Cli(dir)
            .run(
                "parse",
                "--config",
                config.toString(),
                "--qos",
                "normal",
                "--timezone",
                "UTC",
                "--now",
                "2026-11-20T12:30:00Z",
                "--sacct-file",
                file().toString(),
                "--out",
                "site",
                "--no-plots");
    assertEquals(0, parse.code(), parse.err());
    String text = Files.readString(dir.resolve("site/jobs_normal.json"));
    JsonNode rows = new ObjectMapper().readTree(text).get("rows");
    // ann's 7 jobs (bob is hidden), under her pseudonym as in the data file, without their names:
    // a name such as ann_thesis_3 says who ran it.
    assertEquals(7, rows.size(), text);
    for (JsonNode r : rows) {
      assertTrue(r.get(2).asText().matches("user-[0-9a-f]{4}"), r.toString());
      assertEquals("", r.get(1).asText(), r.toString());
    }
    assertFalse(text.contains("ann") || text.contains("bob") || text.contains("prep"), text);
  }

  @Test
  void controlCharactersInANameArePrintedByTheirCode() {
    // ESC [31m would turn the terminal red; it is printed as text.
    assertEquals(
        "x\\u001B[31m y\\u0007", org.librarian.output.AdviceText.printable("x\u001b[31m y\u0007"));
  }

  @Test
  void helpExplainsTheRules() {
    Cli.Run r = new Cli(dir).run("advise", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("below 50 %, #SBATCH"), r.out());
    assertTrue(r.out().contains("--user=USER"), r.out());
  }
}
