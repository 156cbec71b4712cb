package org.librarian.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
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
import org.librarian.slurm.SacctReader;
import org.librarian.usage.BinGrid;
import org.librarian.usage.QosLimits;

class SacctFileReaderTest {
  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final Instant NOW = Instant.parse("2026-11-20T17:30:00Z");

  @TempDir Path dir;

  private static String json(SacctFileReader.Result r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UsageJson.write(r.binner().report(), new UsageJson.Metadata("avery", null, "test", r.stats().rowsRead(),
        r.stats().malformed(), QosLimits.NONE, "none"), out);
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void partsReadInParallelGiveTheSameBytesAsOneRead() throws Exception {
    StringWriter sample = new StringWriter();
    new DemoSacctGenerator(5).write(sample, "avery", NOW.getEpochSecond(), 430, 39, 60);
    // Two malformed rows, far apart, so they land in different parts.
    List<String> lines = new ArrayList<>(sample.toString().lines().toList());
    lines.set(10, lines.get(10).replaceFirst("\\|avery\\|", "|avery|extra|"));
    lines.set(lines.size() - 10, lines.get(lines.size() - 10) + "|extra");
    Path file = dir.resolve("sacct.txt");
    Files.write(file, lines);
    BinGrid grid = BinGrid.rolling(NOW, Duration.ofDays(30), Duration.ofHours(1), NY);
    SacctReader.Format format = new SacctReader.Format("|", null, NY);

    SacctFileReader.Result one = SacctFileReader.read(file, format, grid, 1, 0);
    SacctFileReader.Result three = SacctFileReader.read(file, format, grid, 3, 0);
    assertEquals(json(one), json(three));
    assertEquals(one.stats().rowsRead(), three.stats().rowsRead());
    assertEquals(2, three.stats().malformed());
    assertEquals(List.of(11L, (long) lines.size() - 9),
        three.stats().problems().stream().map(SacctReader.Problem::line).toList());
    assertEquals(one.stats().problems(), three.stats().problems());
  }
}
