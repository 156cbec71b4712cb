package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.librarian.usage.ClusterNow;

class SinfoPartitionsTest {
  @Test
  void theTestSlurmsIdlePartition() throws Exception {
    Map<String, ClusterNow.Partition> p =
        SinfoPartitions.parse(
            Files.readString(Path.of("src/test/resources/sinfo/testbed-idle.txt")));
    assertEquals(Map.of("main", new ClusterNow.Partition(0, 64, 0, 64, 0, 1, 0, 1)), p);
    assertEquals("green", p.get("main").light());
  }

  /**
   * A partition on several lines (node groups) is summed; the default partition's '*' is dropped.
   */
  @Test
  void linesOfOnePartitionAreSummedAndLightsFollowIdleCpus() {
    Map<String, ClusterNow.Partition> p =
        SinfoPartitions.parse(
            "gpu*|96/32/0/128|3/1/0/4|up\n"
                + "gpu*|0/0/64/64|0/0/2/2|up\ncpu|4096/0/0/4096|64/0/0/64|up\nlong|900/100/0/1000|9/1/0/10|up\nbad line\n");
    assertEquals(new ClusterNow.Partition(96, 32, 64, 192, 3, 1, 2, 6), p.get("gpu"));
    assertEquals("amber", p.get("gpu").light(), "32 of 192 CPUs idle: under a quarter");
    assertEquals("red", p.get("cpu").light(), "full");
    assertEquals("amber", p.get("long").light());
    assertEquals(List.of("gpu", "cpu", "long"), List.copyOf(p.keySet()));
  }

  @Test
  void theCommandAsksForThePartitionsOnly() {
    assertEquals(
        List.of(
            "sinfo", "--partition=cpu,gpu", "--noheader", "--format=%R|%C|%F|%a", "--clusters=hpg"),
        SinfoPartitions.command(
                "sinfo", List.of("cpu", "gpu", "-x", ""), "hpg", Duration.ofSeconds(5))
            .argv());
  }
}
