package org.librarian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;

/**
 * The capture of waiting work on the project's test Slurm, replayed; every number in its README.
 */
class DemandCaptureTest {
  static final Path CASE = Path.of("src/test/resources/demand/real-testbed").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void waitingForTheQosLimitAsSqueueAndSacctSaidIt() throws Exception {
    Cli.Run run =
        new Cli(dir)
            .run(
                "parse",
                "--qos",
                "avery",
                "--sacct-file",
                CASE.resolve("sacct.txt").toString(),
                "--squeue-file",
                CASE.resolve("squeue.txt").toString(),
                "--now",
                "2026-11-29T11:57:24Z",
                "--timezone",
                "UTC",
                "--out",
                "site",
                "--no-plots");
    assertEquals(0, run.code(), run.err());
    JsonNode json = new ObjectMapper().readTree(dir.resolve("site/data_avery.json").toFile());
    assertEquals(
        "{\"in_use\":{\"NCPUS\":32,\"NGPUS\":0,\"MEMORY\":1.0,\"NJOBS\":1},\"waiting\":{\"qos_limit\":"
            + "{\"NCPUS\":64,\"NGPUS\":0,\"MEMORY\":2.0,\"NJOBS\":2}},\"reason\":\"QoS limit\"}",
        json.at("/now/users/cyd").toString());
    JsonNode cpus = json.at("/demand/users/cyd/NCPUS");
    assertEquals(0.17, cpus.get(cpus.size() - 1).asDouble());
    assertEquals(
        0.0, cpus.get(cpus.size() - 2).asDouble(), "3 CPU-seconds in the 10:00 bin round to 0.00");
    assertEquals(
        "{\"jobs\":9,\"mean_s\":0.7,\"p50_s\":1,\"p90_s\":1,\"max_s\":1}",
        json.at("/wait/cyd").toString());
  }
}
