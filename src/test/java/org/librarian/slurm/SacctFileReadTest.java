package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.demo.DemoSacctGenerator;
import org.librarian.output.UsageJson;
import org.librarian.testing.BinnedJobs;
import org.librarian.testing.Reports;
import org.librarian.usage.BinGrid;
import org.librarian.usage.QosLimits;

/**
 * A saved file read in parallel parts gives what one read gives, malformed rows and their line
 * numbers included.
 */
class SacctFileReadTest {
  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final Instant NOW = Instant.parse("2026-11-20T17:30:00Z");

  @TempDir Path dir;

  private static SacctSource.Result<BinnedJobs> read(
      Path file, SacctReader.Format format, BinGrid grid, int parts) throws Exception {
    return SacctSource.readFile(
        file, format, parts, 0, () -> new BinnedJobs(grid), BinnedJobs::merge);
  }

  private static String json(SacctSource.Result<BinnedJobs> r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UsageJson.write(
        Reports.of(
            "avery",
            r.records().binner.report(),
            null,
            null,
            QosLimits.NONE,
            r.stats().rowsRead(),
            r.stats().malformed()),
        out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void partsReadInParallelGiveTheSameBytesAsOneRead() throws Exception {
    StringWriter sample = new StringWriter();
    new DemoSacctGenerator(5).write(sample, "avery", NOW.getEpochSecond(), 430, 39, 60);
    // Two malformed rows, far apart, so they land in different parts.
    List<String> lines = new ArrayList<>(sample.toString().lines().toList());
    int first = 10;
    while (!lines.get(first).contains("|avery|")) {
      first++; // a job's row (a step's has no QoS)
    }
    lines.set(first, lines.get(first).replaceFirst("\\|avery\\|", "|avery|extra|"));
    lines.set(lines.size() - 10, lines.get(lines.size() - 10) + "|extra");
    Path file = dir.resolve("sacct.txt");
    Files.write(file, lines);
    BinGrid grid = BinGrid.rolling(NOW, Duration.ofDays(30), Duration.ofHours(1), NY);
    SacctReader.Format format = new SacctReader.Format("|", null, NY);

    SacctSource.Result<BinnedJobs> one = read(file, format, grid, 1);
    SacctSource.Result<BinnedJobs> three = read(file, format, grid, 3);
    assertEquals(json(one), json(three));
    assertEquals(one.stats().rowsRead(), three.stats().rowsRead());
    assertEquals(2, three.stats().malformed());
    assertEquals(
        List.of(first + 1L, (long) lines.size() - 9),
        three.stats().problems().stream().map(SacctReader.Problem::line).toList());
    assertEquals(one.stats().problems(), three.stats().problems());
  }
}
