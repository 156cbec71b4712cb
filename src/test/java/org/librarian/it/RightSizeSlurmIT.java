package org.librarian.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.SlurmTime;
import org.librarian.testing.Cli;
import org.librarian.testing.Poll;

/**
 * Right-size suggestions against the real Slurm of scripts/slurm-testbed.sh (run with -Pslurm, as
 * root): a family of five jobs of ann, named with a '|', quotes, a script tag and an emoji, each on
 * 2 CPUs and 3 GB for at most 60 minutes, holding about 900 MB for 20 s while using next to no CPU.
 * What librarian suggests (parse's data file and {@code advise}) must be what the rules give on
 * what sacct itself reports of those jobs, computed here from sacct's own fields.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RightSizeSlurmIT {
  static final long GIB_KIB = 1 << 20;
  final TestSlurm slurm = new TestSlurm();
  final ObjectMapper json = new ObjectMapper();

  /** Makes this run's family its own; a letter last, so only the job's number is taken away. */
  final String token = "t" + UUID.randomUUID().toString().substring(0, 8) + "z";

  final List<String> ids = new ArrayList<>();
  Path work;

  @BeforeAll
  void cluster() throws Exception {
    work = slurm.workDir("librarian-rightsize-");
  }

  @AfterAll
  void cleanUp() throws Exception {
    for (String id : ids) {
      slurm.sh("scancel", id);
    }
  }

  @Test
  void aFamilyOfFiveJobsGetsWhatTheRulesGiveOnSacctsOwnFigures() throws Exception {
    Path script = work.resolve("hold.py");
    Files.writeString(
        script,
        String.join(
            "\n",
            "import time",
            "held = b'\\x01' * (900 << 20)  # touched, so resident",
            "time.sleep(20)",
            ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
    String prefix = "rs|\"q\" <script>x</script> \uD83D\uDE42 " + token + "_";
    for (int i = 1; i <= 5; i++) {
      ids.add(
          slurm.submit(
              "ann",
              "--qos=normal",
              "-J",
              prefix + i,
              "-c",
              "2",
              "--mem=3G",
              "--time=60",
              "--wrap",
              "python3 " + script));
    }
    Poll.until(
        Duration.ofMinutes(10),
        Duration.ofSeconds(1),
        "the five jobs to end",
        () -> "; squeue: " + slurm.sh("squeue", "-o", "%i %u %T %r %j").stdout(),
        () -> slurm.sh("squeue", "-h", "-j", String.join(",", ids)).stdout().isBlank());
    Poll.until(
        Duration.ofMinutes(3),
        Duration.ofSeconds(1),
        "the accounting of " + ids,
        () -> "",
        () ->
            sacct().stream().filter(r -> r[0].endsWith(".batch") && !r[5].isEmpty()).count() == 5);

    // What sacct reports (bytes with --noconvert): per job AllocCPUS, ElapsedRaw, TotalCPU,
    // AllocTRES mem, TimelimitRaw (minutes), State, JobName; per step TRESUsageInTot mem=.
    List<String[]> rows = sacct();
    String name = null;
    long peakMax = 0;
    long elapsedMax = 0;
    long elapsedSum = 0;
    long completedMax = 0;
    long allocatedKib = -1;
    long limitSeconds = -1;
    List<Double> efficiencies = new ArrayList<>();
    for (String[] r : rows) {
      if (r[0].contains(".")) {
        peakMax = Math.max(peakMax, memBytes(r[6]) / 1024);
        continue;
      }
      long elapsed = Long.parseLong(r[2]);
      elapsedMax = Math.max(elapsedMax, elapsed);
      elapsedSum += elapsed;
      if (r[8].equals("COMPLETED")) {
        completedMax = Math.max(completedMax, elapsed);
      }
      assertEquals("2", r[1]);
      efficiencies.add(SlurmTime.durationMillis(r[3]) / (2 * elapsed * 1000.0));
      allocatedKib = memBytes(r[4]) / 1024;
      limitSeconds = Long.parseLong(r[7]) * 60;
      name = r[9].substring(0, r[9].length() - 1) + "#";
    }
    assertEquals(3 * GIB_KIB, allocatedKib);
    assertEquals(3600, limitSeconds);
    assertTrue(peakMax > 800 * 1024, "the step's peak holds the 900 MB: " + peakMax + " KiB");
    // Nearest rank over 5 jobs: the 95th percentile is the 5th (the largest), the median the 3rd.
    long memGb = Math.max(1, (peakMax * 12 + 10 * GIB_KIB - 1) / (10 * GIB_KIB));
    long time = Math.max(900, 900 * ((Math.max(elapsedMax * 13, completedMax * 10) + 8999) / 9000));
    efficiencies.sort(null);
    double p50 = efficiencies.get(2);
    assertTrue(p50 < 0.5, "sleeping jobs use little of their 2 CPUs: " + efficiencies);
    long cpus = Math.max(1, (long) Math.ceil(2 * p50 * 1.25 - 1e-9));
    double memFreed = (allocatedKib - memGb * GIB_KIB) / (double) GIB_KIB * elapsedSum / 3600.0;
    double timeFreed = 5 * 2 * (limitSeconds - time) / 3600.0;
    double cpuFreed = (2 - cpus) * elapsedSum / 3600.0;

    Path config = work.resolve("librarian.yaml");
    Files.writeString(config, "timezone: UTC\nqos:\n  - name: normal\n");
    Cli cli =
        new Cli(work).runner(slurm.runner).env("PATH", System.getenv("PATH")).clock(Instant.now());
    Cli.Run parse =
        cli.run("parse", "--config", config.toString(), "--out", "site", "--no-plots", "--full");
    assertEquals(0, parse.code(), parse.err());
    JsonNode family = null;
    for (JsonNode f :
        json.readTree(work.resolve("site/data_normal.json").toFile())
            .at("/families/right_size/list")) {
      if (f.get("user").asText().equals("ann") && f.get("name").asText().contains(token)) {
        family = f;
      }
    }
    assertTrue(family != null, "ann's family " + name + " is suggested for");
    // The name as sacct reports it, its number taken away; kept whole in the JSON.
    assertEquals(name, family.get("name").asText());
    assertEquals(5, family.get("jobs").asInt());
    assertEquals("#SBATCH --mem=" + memGb + "G", family.get("mem_line").asText());
    assertEquals(
        String.format(Locale.ROOT, "#SBATCH --time=%02d:%02d:00", time / 3600, time % 3600 / 60),
        family.get("time_line").asText());
    assertEquals("#SBATCH --cpus-per-task=" + cpus, family.get("cpus_line").asText());
    assertEquals(memFreed, family.get("mem_freed_gb_hours").asDouble(), 0.0006);
    assertEquals(timeFreed, family.get("time_freed_cpu_hours").asDouble(), 0.0006);
    assertEquals(cpuFreed, family.get("cpus_freed_cpu_hours").asDouble(), 0.0006);

    Cli.Run advise = cli.run("advise", "--config", config.toString(), "--user", "ann");
    assertEquals(0, advise.code(), advise.err());
    String out = advise.out();
    assertTrue(out.contains("\n" + name + " (5 jobs)\n  #SBATCH --mem=" + memGb + "G\n"), out);
    assertTrue(
        out.contains(
            String.format(
                Locale.ROOT, "(--cpus-per-task would have freed %.1f CPU-hours)", cpuFreed)),
        out);
  }

  /** This test's jobs and their steps, fields split at the unit separator. */
  List<String[]> sacct() throws Exception {
    CommandResult r =
        slurm.runner.run(
            new Command(
                List.of(
                    "sacct",
                    "-a",
                    "-P",
                    "-n",
                    "--noconvert",
                    "--delimiter=\u001f",
                    "-j",
                    String.join(",", ids),
                    "--format=JobID,AllocCPUS,ElapsedRaw,TotalCPU,AllocTRES,End,TRESUsageInTot,"
                        + "TimelimitRaw,State,JobName"),
                Map.of("SLURM_TIME_FORMAT", "%s", "TZ", "UTC"),
                Duration.ofMinutes(1),
                null));
    assertEquals(0, r.exitCode(), r.stderr());
    List<String[]> rows = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      if (!line.isBlank()) {
        String[] f = line.split("\u001f", -1);
        if (f[5].equals("Unknown")) {
          f[5] = "";
        }
        rows.add(f);
      }
    }
    return rows;
  }

  /** {@code mem=} of a TRES list in bytes (--noconvert: a bare number, or with an M/G suffix). */
  static long memBytes(String tres) {
    for (String part : tres.split(",")) {
      if (part.startsWith("mem=")) {
        String v = part.substring(4);
        char unit = Character.toUpperCase(v.charAt(v.length() - 1));
        if (Character.isDigit(unit)) {
          return Long.parseLong(v);
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        return n << (unit == 'K' ? 10 : unit == 'M' ? 20 : unit == 'G' ? 30 : 40);
      }
    }
    return 0;
  }
}
