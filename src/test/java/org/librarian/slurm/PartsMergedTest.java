package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.demo.DemoSacctGenerator;
import org.librarian.output.UsageJson;
import org.librarian.testing.Reports;
import org.librarian.testing.UsageRecords;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DemandReport;
import org.librarian.usage.GroupBy;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosUsage;
import org.librarian.usage.SeenRuns;
import org.librarian.usage.WaitByShape;

/**
 * What a saved file read in parallel parts gives beyond the usage bins: every part's waits count,
 * whichever part read them.
 */
class PartsMergedTest {
  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final Instant NOW = Instant.parse("2026-11-20T17:30:00Z");

  @TempDir Path dir;

  private static UsageRecords usage(BinGrid grid, SeenRuns runs) {
    return new UsageRecords(
        new QosUsage(grid, List.of("avery"), true, Map.of(), runs, GroupBy.QOS, 1));
  }

  private static QosUsage usage(Path file, BinGrid grid, int parts) throws Exception {
    SeenRuns runs = new SeenRuns();
    return SacctSource.readFile(
            file,
            new SacctReader.Format("|", null, NY),
            parts,
            0,
            () -> usage(grid, runs),
            UsageRecords::merge)
        .records()
        .usage;
  }

  private static DemandReport demand(Path file, BinGrid grid, int parts) throws Exception {
    return usage(file, grid, parts).demand("avery");
  }

  /** The whole data file of what was read: usage, waiting, efficiency, families. */
  private static String json(QosUsage u) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UsageJson.write(
        Reports.of(
            "avery",
            u.report("avery"),
            u.efficiency("avery"),
            u.demand("avery"),
            QosLimits.NONE,
            u.rows("avery"),
            u.malformedRows("avery")),
        out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The demo month of QoS avery made with this seed, as a saved sacct file. */
  private Path demoMonth(int seed) throws Exception {
    StringWriter sample = new StringWriter();
    new DemoSacctGenerator(seed).write(sample, "avery", NOW.getEpochSecond(), 430, 39, 60);
    return Files.writeString(dir.resolve("sacct.txt"), sample.toString());
  }

  /** Every section of the data file is the same whichever number of parts read the file. */
  @Test
  void everyFigureOfAFileReadInPartsIsWhatOneReadGives() throws Exception {
    Path file = demoMonth(7);
    BinGrid grid = BinGrid.rolling(NOW, Duration.ofDays(30), Duration.ofHours(1), NY);
    String one = json(usage(file, grid, 1));
    assertTrue(one.contains("\"wait_by_shape\"") && one.contains("\"families\""), one);
    assertEquals(one, json(usage(file, grid, 3)));
  }

  @Test
  void waitByShapeOfAFileReadInPartsCountsEveryPart() throws Exception {
    Path file = demoMonth(5);
    BinGrid grid = BinGrid.rolling(NOW, Duration.ofDays(30), Duration.ofHours(1), NY);

    // The jobs that started in the window with Eligible at or before Start, counted from the file
    // itself: each is in exactly one shape and in its user's waits.
    List<String> lines = Files.readAllLines(file);
    List<String> header = List.of(lines.get(0).split("\\|", -1));
    int jobId = header.indexOf("JobID");
    int start = header.indexOf("Start");
    int eligible = header.indexOf("Eligible");
    long started =
        lines.stream()
            .skip(1)
            .map(l -> l.split("\\|", -1))
            .filter(f -> !f[jobId].contains("."))
            .filter(f -> f[start].matches("\\d+") && f[eligible].matches("\\d+"))
            .filter(f -> Long.parseLong(f[eligible]) <= Long.parseLong(f[start]))
            .filter(f -> Long.parseLong(f[start]) >= grid.start())
            .filter(f -> Long.parseLong(f[start]) < grid.now())
            .count();
    assertTrue(started > 1000, "the sample has jobs in every part: " + started);

    DemandReport one = demand(file, grid, 1);
    DemandReport three = demand(file, grid, 3);
    for (DemandReport d : List.of(one, three)) {
      assertEquals(started, d.waitByShape().stream().mapToLong(WaitByShape.Waits::jobs).sum());
      assertEquals(started, d.waits().values().stream().mapToLong(DemandReport.Wait::jobs).sum());
    }
    assertEquals(one.waitByShape(), three.waitByShape());
    assertEquals(one.waits(), three.waits());
  }

  @Test
  void aRecordAfterTheEndOfTheRecordsIsRefused() {
    BinGrid grid = BinGrid.rolling(NOW, Duration.ofDays(30), Duration.ofHours(1), NY);
    UsageRecords a = usage(grid, new SeenRuns());
    a.merge(usage(grid, new SeenRuns()));
    assertThrows(IllegalStateException.class, () -> a.usage.add(SacctCacheTest.FULL));
  }
}
