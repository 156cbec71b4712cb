package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Jobs;
import org.librarian.testing.Reports;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DemandCounter;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.Request;
import org.librarian.usage.UsageBinner;

/**
 * What {@link UsageJson} writes, {@link DataFile} reads back; a file without a required key is
 * refused by name.
 */
class DataFileTest {
  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  private static final long T9 = NOW.getEpochSecond() - 3 * 3600;

  @TempDir Path tmp;

  /**
   * Three hours, 09–12 UTC. ann holds 4 CPUs 09:00–10:30 (4, 2, 0 CPUs per hour), bob 2 CPUs
   * 10:00–12:00 (0, 2, 2). cyd's 8 CPUs waited for the QoS limit from 09:00 to 11:00 (8, 8, 0; 16
   * CPU-hours). Efficiency: ann held 6 CPU-hours and used 3 (0.5, memory 0.75), bob held 4 and used
   * none.
   */
  static QosReport report() {
    BinGrid grid = BinGrid.rolling(NOW, Duration.ofHours(3), Duration.ofHours(1), ZoneOffset.UTC);
    UsageBinner usage = new UsageBinner(grid);
    usage.add(
        Jobs.held(
            "1",
            "ann",
            "",
            JobState.COMPLETED,
            T9,
            T9 + 5400,
            5400,
            4,
            0,
            1L << 20,
            JobRecord.UNKNOWN));
    usage.add(
        Jobs.held(
            "2",
            "bob",
            "",
            JobState.COMPLETED,
            T9 + 3600,
            T9 + 3 * 3600,
            7200,
            2,
            0,
            1L << 20,
            JobRecord.UNKNOWN));
    DemandCounter demand = new DemandCounter(grid, Map.of());
    demand.add(
        new JobRecord(
            "3",
            "cyd",
            "q",
            JobState.COMPLETED,
            T9 + 7200,
            T9 + 9000,
            1800,
            8,
            0,
            1L << 20,
            JobRecord.UNKNOWN,
            new Request(T9, 8, 0, 1L << 20, "QOSGrpCpuLimit"),
            null,
            null));
    EfficiencyReport efficiency =
        new EfficiencyReport(
            Map.of(
                "ann", new EfficiencyReport.User(1, 6 * 3600, 3 * 3_600_000L, 0.75, 0, null),
                "bob", new EfficiencyReport.User(1, 4 * 3600, 0, null, 1, null)),
            false);
    return Reports.of(
        "q", usage.report(), efficiency, demand.report(), new QosLimits(430, 39, 3359.5, 0));
  }

  static byte[] written(QosReport report) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UsageJson.write(report, out);
    return out.toByteArray();
  }

  @Test
  void whatUsageJsonWritesDataFileReadsBack() throws Exception {
    QosReport report = report();
    Path file = tmp.resolve(UsageJson.fileName("q"));
    Files.write(file, written(report));
    DataFile d = DataFile.read(file);
    assertEquals("q", d.qos());
    assertEquals(ZoneOffset.UTC, d.zone());
    assertEquals(NOW.getEpochSecond(), d.lastUpdated());
    assertArrayEquals(new long[] {T9, T9 + 3600, T9 + 7200}, d.starts());
    assertArrayEquals(new long[] {T9 + 3600, T9 + 7200, T9 + 3 * 3600}, d.ends());
    assertEquals(List.of("ann", "bob"), d.users());
    assertArrayEquals(new double[] {4, 2, 0}, d.series().get("NCPUS").get("ann"));
    assertArrayEquals(new double[] {0, 2, 2}, d.series().get("NCPUS").get("bob"));
    assertArrayEquals(new double[] {1, 0.5, 0}, d.series().get("NJOBS").get("ann"));
    assertEquals(List.of("NCPUS", "NGPUS", "MEMORY", "NJOBS"), List.copyOf(d.series().keySet()));
    assertEquals(4, d.total("NCPUS", 1), 1e-9);
    assertEquals(
        Map.of("NCPUS", 430.0, "NGPUS", 39.0, "MEMORY", 3359.5, "NJOBS", 0.0), d.thresholds());
    assertEquals("GB", d.unit("MEMORY"));
    assertArrayEquals(new double[] {8, 8, 0}, d.waitingAtLimitCpus());
    assertEquals(Map.of("cyd", 16.0), d.waitedAtLimitCpuHours());
    assertEquals(Summaries.lastWeek(report), d.summary());
    assertEquals(new DataFile.Efficiency(1, 6, 3, 0.5, 0.75, 0), d.efficiency().get("ann"));
    assertEquals(new DataFile.Efficiency(1, 4, 0, 0.0, null, 1), d.efficiency().get("bob"));
    assertEquals(
        List.of("ann", "bob"),
        List.copyOf(d.efficiency().keySet()),
        "largest CPU-hours held first");
  }

  @Test
  void withoutDemandOrEfficiencyThoseAreNull() throws Exception {
    QosReport full = report();
    QosReport bare = Reports.of("q", full.usage(), QosLimits.NONE);
    DataFile d = DataFile.of(new ObjectMapper().readTree(written(bare)));
    assertNull(d.waitingAtLimitCpus());
    assertNull(d.waitedAtLimitCpuHours());
    assertNull(d.efficiency());
  }

  @Test
  void aFileMissingARequiredKeyIsRefusedNamingIt() throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (String key : List.of("metadata", "time_idxs", "users", "observables", "thresholds")) {
      ObjectNode d = (ObjectNode) json.readTree(written(report()));
      d.remove(key);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> DataFile.of(d));
      assertEquals("no '" + key + "'", e.getMessage());
    }
    for (String key : List.of("qos", "timezone", "last_updated", "time_resolution_seconds")) {
      ObjectNode d = (ObjectNode) json.readTree(written(report()));
      ((ObjectNode) d.get("metadata")).remove(key);
      assertEquals(
          "no '" + key + "'",
          assertThrows(IllegalArgumentException.class, () -> DataFile.of(d)).getMessage());
    }
  }

  @Test
  void aSiteFileMissingAKeyIsANoteAndTheOthersAreRead() throws Exception {
    Files.write(tmp.resolve("data_q.json"), written(report()));
    ObjectNode broken = (ObjectNode) new ObjectMapper().readTree(written(report()));
    broken.remove("thresholds");
    ((ObjectNode) broken.get("metadata")).put("qos", "r");
    try (OutputStream o = Files.newOutputStream(tmp.resolve("data_r.json"))) {
      new ObjectMapper().writeValue(o, broken);
    }
    List<String> notes = new ArrayList<>();
    assertEquals(List.of("q"), List.copyOf(DataFile.readAll(tmp, notes).keySet()));
    assertEquals(List.of("data_r.json not read: no 'thresholds'"), notes);
  }

  @Test
  void binStartsInEveryOffsetFormRead() {
    // 2026-11-20T08:00:00Z is 1,795,161,600 s; 17:00Z is 9 × 3,600 s later: 1,795,194,000.
    assertEquals(1_795_194_000L, DataFile.epochSecond("2026-11-20T12:00:00-05:00"));
    assertEquals(1_795_161_600L, DataFile.epochSecond("2026-11-20T13:30:00+05:30"));
    assertEquals(1_795_161_600L, DataFile.epochSecond("2026-11-20T08:00:00Z"));
    assertEquals(1_795_161_600L, DataFile.epochSecond("2026-11-20T08:00:00.000+00:00"));
    org.junit.jupiter.api.Assertions.assertThrows(
        java.time.DateTimeException.class, () -> DataFile.epochSecond("2026-13-20T08:00:00+00:00"));
    org.junit.jupiter.api.Assertions.assertThrows(
        java.time.DateTimeException.class, () -> DataFile.epochSecond("2026-11-20T08:0x:00+00:00"));
  }
}
