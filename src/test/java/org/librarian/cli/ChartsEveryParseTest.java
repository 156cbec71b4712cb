package org.librarian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;

/**
 * {@code charts_every: 1h} from the configuration to the files: runs of {@code parse} at 12:30,
 * 12:40 and 13:31 (their {@code --now}, never the wall clock) draw the charts at 12:30 and 13:31
 * only, while the data file follows every run.
 */
class ChartsEveryParseTest {
  private static final Path HAND_SMALL =
      Path.of("src/test/resources/outputs/hand-small/input.sacct.txt");

  @TempDir Path tmp;

  private void parseAt(String now) {
    Cli.Run run =
        new Cli(tmp)
            .run(
                "parse",
                "--qos=avery",
                "--sacct-file=" + HAND_SMALL.toAbsolutePath(),
                "--now=" + now,
                "--timezone=UTC",
                "--window=6h",
                "--out=site",
                "--formats=png,pdf",
                "--plot-size=400x225");
    assertEquals(0, run.code(), run.err());
  }

  private double bobsCpuHours() throws Exception {
    return new ObjectMapper()
        .readTree(tmp.resolve("site/data_avery.json").toFile())
        .path("totals")
        .path("bob")
        .path("cpu_hours")
        .asDouble();
  }

  /** The PNG's identity and modification time, the report's, and the digest's text. */
  private List<Object> charts() throws Exception {
    Path png = tmp.resolve("site/NCPUS_avery.png");
    Path pdf = tmp.resolve("site/report_avery.pdf");
    return List.of(
        Files.readAttributes(png, BasicFileAttributes.class).fileKey(),
        Files.getLastModifiedTime(png),
        Files.readAttributes(pdf, BasicFileAttributes.class).fileKey(),
        Files.getLastModifiedTime(pdf),
        Files.readString(digest()));
  }

  private Path digest() {
    // HOME is the test's directory (Cli), so the state directory is under it.
    return tmp.resolve(".local/state/librarian/charts/default/avery.sha256");
  }

  @Test
  void newDataWithinTheHourKeepsTheChartsAndAfterItDrawsThem() throws Exception {
    Files.writeString(tmp.resolve("librarian.yaml"), "charts_every: 1h\n");
    // bob's job runs from 11:30 on 8 CPUs: 8 × 1 h = 8 CPU-hours at 12:30.
    parseAt("2026-11-20T12:30:00Z");
    assertEquals(8.0, bobsCpuHours(), 1e-9);
    List<Object> first = charts();
    assertEquals("drawn 2026-11-20T12:30:00Z", Files.readAllLines(digest()).get(2));

    // Ten minutes later: 8 × 70/60 = 9.333 CPU-hours, the data changed; the charts stay.
    parseAt("2026-11-20T12:40:00Z");
    assertEquals(9.333, bobsCpuHours(), 1e-3);
    assertEquals(first, charts());

    // 61 minutes after the charts were drawn: drawn again.
    parseAt("2026-11-20T13:31:00Z");
    assertNotEquals(first.get(0), charts().get(0));
    assertNotEquals(first.get(2), charts().get(2));
    assertEquals("drawn 2026-11-20T13:31:00Z", Files.readAllLines(digest()).get(2));
  }
}
