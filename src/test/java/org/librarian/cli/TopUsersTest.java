package org.librarian.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.output.UsageCharts;
import org.librarian.output.UserColors;
import org.librarian.slurm.SacctReader;
import org.librarian.testing.Cli;
import org.librarian.usage.BinGrid;
import org.librarian.usage.JobRecord;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.UsageBinner;
import org.librarian.usage.UsageReport;

/** dashboard.top_users: how many of the largest users the charts and the page draw one by one. */
class TopUsersTest {
  @TempDir Path tmp;

  private static final Path HAND_SMALL =
      Path.of("src/test/resources/outputs/hand-small/input.sacct.txt");

  /** Pixels of each exact colour in an image. */
  private static Map<Integer, Integer> colourCounts(BufferedImage image) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        counts.merge(image.getRGB(x, y) & 0xffffff, 1, Integer::sum);
      }
    }
    return counts;
  }

  /**
   * hand-small's users by CPU-hours: bob 8, ann 6, eve 0.5. With top_users 1: bob coloured, ann and
   * eve are others (two users: one user left alone is drawn by name). Home slots (String.hashCode
   * mod 11): ann 96737 → 3, bob 97717 → 4, eve 100820 → 5. The PNG read back holds solid areas of
   * bob's blue (#4488ff) and the grey of others (#808080), and none of the ten other palette
   * colours: with top_users ignored, ann would be drawn in slot 3 (#aa4499), eve in slot 5
   * (#ff4477), and no grey would appear.
   */
  @Test
  void theLargestUsersGetColoursAndTheRestAreOthers() throws Exception {
    Files.writeString(tmp.resolve("librarian.yaml"), "dashboard:\n  top_users: 1\n");
    Cli.Run run =
        new Cli(tmp)
            .run(
                "parse",
                "--qos=avery",
                "--sacct-file=" + HAND_SMALL.toAbsolutePath(),
                "--now=2026-11-20T12:30:00Z",
                "--timezone=UTC",
                "--window=6h",
                "--out=site",
                "--formats=png");
    assertEquals(0, run.code(), run.err());
    JsonNode colors =
        new ObjectMapper().readTree(tmp.resolve("site/data_avery.json").toFile()).get("colors");
    List<String> names = new ArrayList<>();
    colors.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("bob"), names);
    assertEquals("#4488ff", colors.get("bob").asText());
    BufferedImage png = ImageIO.read(tmp.resolve("site/NCPUS_avery.png").toFile());
    Map<Integer, Integer> counts = colourCounts(png);
    // A band's solid inside, not an anti-aliased edge: a few hundred pixels at the least.
    assertTrue(counts.getOrDefault(0x4488ff, 0) > 300, "bob's blue: " + counts.get(0x4488ff));
    assertTrue(
        counts.getOrDefault(0x808080, 0) > 50, "the grey of others: " + counts.get(0x808080));
    for (Color c : UserColors.PALETTE) {
      if (c.equals(new Color(0x4488ff))) {
        continue;
      }
      assertEquals(0, counts.getOrDefault(c.getRGB() & 0xffffff, 0), UserColors.hex(c));
    }
  }

  /**
   * The bands the CPU chart stacks, by hand. Grid: now 12:30Z, 6 h of 1 h bins from 07:00Z to
   * 13:00Z, the last one half gone (its average is over 1800 s). eve (2 CPUs, until 07:15) in bin
   * 07: 2 x 900 / 3600 = 0.5. ann (4 CPUs, 07:30 to 09:00): bin 07 4 x 1800 / 3600 = 2, bin 08 4.
   * bob (8 CPUs, from 11:30, running): bin 11 8 x 1800 / 3600 = 4, bin 12 8 x 1800 / 1800 = 8.
   * Bands largest first (bob, ann), then others on top, each a running total; the legend says the
   * same names in the same colours. With the top 1, ann and eve are others (two users); with the
   * top 2, eve alone is left, and one user is drawn by name in her home colour (slot 5, #ff4477).
   */
  @Test
  void theChartStacksBobAnnAndOthersWithHandComputedTotals() throws Exception {
    List<JobRecord> jobs = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(HAND_SMALL)) {
      SacctReader.read(r, SacctReader.Format.of("|", ZoneId.of("UTC")), jobs::add);
    }
    UsageBinner binner =
        new UsageBinner(
            BinGrid.rolling(
                Instant.parse("2026-11-20T12:30:00Z"),
                Duration.ofHours(6),
                Duration.ofHours(1),
                ZoneId.of("UTC")));
    jobs.forEach(binner::add);
    UsageReport report = binner.report();
    UsageCharts.Bands top1 = UsageCharts.bands(report, Observable.NCPUS, null, 1);
    assertEquals(List.of("bob", "others (2 users)"), top1.names());
    assertEquals(List.of(new Color(0x4488ff), UserColors.OTHERS), top1.colors());
    assertArrayEquals(new double[] {0, 0, 0, 0, 4, 8}, top1.totals()[0], 1e-12);
    assertArrayEquals(new double[] {2.5, 4, 0, 0, 4, 8}, top1.totals()[1], 1e-12);
    UsageCharts.Bands bands = UsageCharts.bands(report, Observable.NCPUS, null, 2);
    assertEquals(List.of("bob", "ann", "eve"), bands.names());
    assertEquals(
        List.of(new Color(0x4488ff), new Color(0xaa4499), new Color(0xff4477)), bands.colors());
    assertEquals(Instant.parse("2026-11-20T07:00:00Z").toEpochMilli(), bands.xMillis()[0]);
    assertArrayEquals(new double[] {0, 0, 0, 0, 4, 8}, bands.totals()[0], 1e-12);
    assertArrayEquals(new double[] {2, 4, 0, 0, 4, 8}, bands.totals()[1], 1e-12);
    assertArrayEquals(new double[] {2.5, 4, 0, 0, 4, 8}, bands.totals()[2], 1e-12);
    LegendItemCollection legend =
        UsageCharts.chart(report, bands, QosLimits.NONE, "avery").getXYPlot().getLegendItems();
    List<String> labels = new ArrayList<>();
    List<Object> paints = new ArrayList<>();
    for (int i = 0; i < legend.getItemCount(); i++) {
      LegendItem item = legend.get(i);
      labels.add(item.getLabel());
      paints.add(item.getFillPaint());
    }
    assertEquals(bands.names(), labels);
    assertEquals(bands.colors(), paints);
  }

  @Test
  void moreThanThePaletteIsRefused() throws Exception {
    Files.writeString(tmp.resolve("librarian.yaml"), "dashboard:\n  top_users: 12\n");
    Cli.Run run = new Cli(tmp).run("parse", "--qos", "avery", "--dry-run");
    assertEquals(2, run.code());
    assertTrue(
        run.err()
            .contains(
                "line 2: dashboard.top_users must be a whole number from 1 to 11 (the palette has 11"
                    + " colours told apart), not '12'"),
        run.err());
  }
}
