package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Jobs;
import org.librarian.testing.Reports;
import org.librarian.usage.BinGrid;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;

/**
 * A group's charts and PDFs are drawn again only when what they are drawn from changed: the data,
 * the zone, the size, the formats or the number of users drawn one by one.
 */
class ChartRedrawTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final QosLimits LIMITS = new QosLimits(430, 0, 0, 0);
  private static final Set<QosFiles.Format> BOTH = EnumSet.allOf(QosFiles.Format.class);

  @TempDir Path tmp;
  private Path site;
  private Path digest;

  @BeforeEach
  void paths() {
    site = tmp.resolve("site");
    digest = ChartDigest.path(tmp.resolve("state"), "c1", "q");
  }

  /** ann's job: {@code cpus} CPUs for the first 2 hours of a 30-day window in {@code zone}. */
  private static QosReport report(int cpus, ZoneId zone) {
    BinGrid grid = BinGrid.rolling(NOW, Duration.ofDays(30), Duration.ofHours(1), zone);
    return Reports.of("q", Jobs.annsFirstTwoHours(grid, cpus, 0), LIMITS);
  }

  private static QosReport report(int cpus) {
    return report(cpus, ZoneId.of("UTC"));
  }

  /** The file's identity (its inode): a file replaced by a new one has another. */
  private static Object identity(Path p) throws Exception {
    return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
  }

  private Path png() {
    return site.resolve("NCPUS_q.png");
  }

  private Path report() {
    return site.resolve("report_q.pdf");
  }

  private List<Path> write(QosReport r, Set<QosFiles.Format> formats, int w, int h)
      throws Exception {
    Files.createDirectories(site);
    return QosFiles.write(r, site, formats, w, h, digest);
  }

  @Test
  void sameDataLeavesTheChartsAsTheyWere() throws Exception {
    List<Path> first = write(report(8), BOTH, 480, 270);
    // data_q.json, report_q.pdf, NCPUS, MEMORY and NJOBS as PNG and PDF (no GPU chart: no GPU
    // limit, no GPU job): 1 + 1 + 3 × 2 = 8 files.
    assertEquals(8, first.size());
    String kept = Files.readString(digest, StandardCharsets.US_ASCII).strip();
    assertTrue(kept.matches("[0-9a-f]{64}"), kept);
    Object pngId = identity(png());
    Object pdfId = identity(report());
    Object jsonId = identity(site.resolve("data_q.json"));
    byte[] pngBytes = Files.readAllBytes(png());

    List<Path> second = write(report(8), BOTH, 480, 270);

    // Only the data JSON is in place, and it too is the same file: its bytes did not change.
    assertEquals(List.of(site.resolve("data_q.json")), second);
    assertEquals(jsonId, identity(site.resolve("data_q.json")));
    assertEquals(pngId, identity(png()));
    assertEquals(pdfId, identity(report()));
    assertArrayEquals(pngBytes, Files.readAllBytes(png()));
    assertEquals(kept, Files.readString(digest, StandardCharsets.US_ASCII).strip());
  }

  @Test
  void aDataFileDamagedOnDiskIsWrittenAgainWhileTheChartsStay() throws Exception {
    write(report(8), BOTH, 480, 270);
    Path json = site.resolve("data_q.json");
    byte[] whole = Files.readAllBytes(json);
    Object pngId = identity(png());
    // Cut to half its length, then the same length with its last byte changed.
    Files.write(json, java.util.Arrays.copyOf(whole, whole.length / 2));
    write(report(8), BOTH, 480, 270);
    assertArrayEquals(whole, Files.readAllBytes(json));
    byte[] changed = whole.clone();
    changed[changed.length - 1] = (byte) (whole[whole.length - 1] == 32 ? 9 : 32);
    Files.write(json, changed);
    write(report(8), BOTH, 480, 270);
    assertArrayEquals(whole, Files.readAllBytes(json));
    assertEquals(pngId, identity(png()));
  }

  @Test
  void changedDataRedraws() throws Exception {
    write(report(8), BOTH, 480, 270);
    Object pngId = identity(png());
    String before = Files.readString(digest);
    byte[] pngBytes = Files.readAllBytes(png());

    // 9 CPUs instead of 8: the CPU chart's band is higher, so the picture differs.
    List<Path> second = write(report(9), BOTH, 480, 270);

    assertEquals(8, second.size());
    assertNotEquals(pngId, identity(png()));
    assertFalse(java.util.Arrays.equals(pngBytes, Files.readAllBytes(png())));
    assertNotEquals(before, Files.readString(digest));
  }

  @Test
  void aDeletedPngIsDrawnAgain() throws Exception {
    write(report(8), BOTH, 480, 270);
    Object pdfId = identity(report());
    Files.delete(png());

    List<Path> second = write(report(8), BOTH, 480, 270);

    assertTrue(Files.isRegularFile(png()));
    assertTrue(second.contains(png()));
    // Drawn all together: the report was replaced as well.
    assertNotEquals(pdfId, identity(report()));
  }

  @Test
  void aMissingOrCorruptDigestRedraws() throws Exception {
    write(report(8), BOTH, 480, 270);
    Object first = identity(png());
    Files.writeString(digest, "not a digest\n");
    write(report(8), BOTH, 480, 270);
    Object second = identity(png());
    assertNotEquals(first, second);
    Files.delete(digest);
    write(report(8), BOTH, 480, 270);
    assertNotEquals(second, identity(png()));
  }

  @Test
  void aChangedSizeRedraws() throws Exception {
    write(report(8), BOTH, 480, 270);
    write(report(8), BOTH, 400, 225);
    BufferedImage image = ImageIO.read(png().toFile());
    // The size asked the second time: 400 × 225 pixels.
    assertEquals(400, image.getWidth());
    assertEquals(225, image.getHeight());
  }

  @Test
  void aChangedFormatListRedraws() throws Exception {
    write(report(8), EnumSet.of(QosFiles.Format.PNG), 480, 270);
    assertFalse(Files.exists(report()));
    Object pngId = identity(png());

    write(report(8), BOTH, 480, 270);

    assertTrue(Files.isRegularFile(report()));
    assertTrue(Files.isRegularFile(site.resolve("NCPUS_q.pdf")));
    assertNotEquals(pngId, identity(png()));
  }

  @Test
  void aChangedZoneRedraws() throws Exception {
    write(report(8, ZoneId.of("UTC")), BOTH, 480, 270);
    Object pngId = identity(png());
    write(report(8, ZoneId.of("America/New_York")), BOTH, 480, 270);
    assertNotEquals(pngId, identity(png()));
  }

  @Test
  void aChangedTopNRedraws() throws Exception {
    QosReport r = report(8);
    write(r, BOTH, 480, 270);
    Object pngId = identity(png());
    // 11 users drawn one by one, then 10: the same data, another setting.
    QosReport fewer =
        new QosReport(
            "q",
            r.usage(),
            null,
            null,
            null,
            LIMITS,
            "config",
            null,
            new QosReport.About(null, "test", 0, 0, 10, false),
            null,
            null,
            null,
            null,
            null);
    write(fewer, BOTH, 480, 270);
    assertNotEquals(pngId, identity(png()));
  }

  /**
   * Two outputs, one state directory: site2 holds the charts of 9 CPUs, then site1 is drawn with 8;
   * site2 drawn with 8 must not keep its charts of 9.
   */
  @Test
  void anotherOutputDirectoryDoesNotShareTheDigest() throws Exception {
    Path site2 = tmp.resolve("site2");
    Files.createDirectories(site2);
    QosFiles.write(report(9), site2, BOTH, 480, 270, digest);
    Object nine = identity(site2.resolve("NCPUS_q.png"));
    write(report(8), BOTH, 480, 270);
    QosFiles.write(report(8), site2, BOTH, 480, 270, digest);
    assertNotEquals(nine, identity(site2.resolve("NCPUS_q.png")));
    assertArrayEquals(Files.readAllBytes(png()), Files.readAllBytes(site2.resolve("NCPUS_q.png")));
  }

  @Test
  void withoutADigestFileEveryRunDraws() throws Exception {
    Files.createDirectories(site);
    QosFiles.write(report(8), site, BOTH, 480, 270, null);
    Object pngId = identity(png());
    QosFiles.write(report(8), site, BOTH, 480, 270, null);
    assertNotEquals(pngId, identity(png()));
    assertFalse(Files.exists(digest));
  }
}
