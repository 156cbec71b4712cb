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
import org.librarian.config.Settings;
import org.librarian.testing.Jobs;
import org.librarian.testing.Reports;
import org.librarian.usage.BinGrid;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;

/**
 * A group's charts and PDFs are drawn again only when what they are drawn from changed: the data,
 * the zone, the size, the formats or the number of users drawn one by one; with {@code
 * charts_every}, new data only once the charts on disk are that old (by the run's now).
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
    return report(cpus, zone, NOW);
  }

  /** The same, by a run whose now is {@code now}. */
  private static QosReport report(int cpus, ZoneId zone, Instant now) {
    BinGrid grid = BinGrid.rolling(now, Duration.ofDays(30), Duration.ofHours(1), zone);
    return Reports.of("q", Jobs.annsFirstTwoHours(grid, cpus, 0), LIMITS);
  }

  /** {@code cpus} CPUs, by a run {@code minutes} after NOW (before it when negative). */
  private static QosReport at(int minutes, int cpus) {
    return report(cpus, ZoneId.of("UTC"), NOW.plus(Duration.ofMinutes(minutes)));
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

  /** Written as a run does by default: the charts follow every change of the data. */
  private List<Path> write(QosReport r, Set<QosFiles.Format> formats, int w, int h)
      throws Exception {
    Files.createDirectories(site);
    return QosFiles.write(r, site, formats, w, h, new ChartDigest.Redraw(digest, Duration.ZERO));
  }

  @Test
  void sameDataLeavesTheChartsAsTheyWere() throws Exception {
    List<Path> first = write(report(8), BOTH, 480, 270);
    // data_q.json, report_q.pdf, NCPUS, MEMORY and NJOBS as PNG and PDF (no GPU chart: no GPU
    // limit, no GPU job): 1 + 1 + 3 × 2 = 8 files.
    assertEquals(8, first.size());
    String kept = Files.readString(digest, StandardCharsets.US_ASCII);
    assertTrue(
        kept.matches("settings [0-9a-f]{64}\ndata [0-9a-f]{64}\ndrawn 2026-03-01T12:00:00Z\n"),
        kept);
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
    assertEquals(kept, Files.readString(digest, StandardCharsets.US_ASCII));
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
    ChartDigest.Redraw redraw = new ChartDigest.Redraw(digest, Duration.ZERO);
    QosFiles.write(report(9), site2, BOTH, 480, 270, redraw);
    Object nine = identity(site2.resolve("NCPUS_q.png"));
    write(report(8), BOTH, 480, 270);
    QosFiles.write(report(8), site2, BOTH, 480, 270, redraw);
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

  /** Written as a run with {@code charts_every: 1h} writes. */
  private List<Path> hourly(QosReport r, Set<QosFiles.Format> formats, int w, int h)
      throws Exception {
    Files.createDirectories(site);
    return QosFiles.write(
        r, site, formats, w, h, new ChartDigest.Redraw(digest, Duration.ofHours(1)));
  }

  /** The PNG's and the report's identity and modification time, and the digest's bytes. */
  private List<Object> chartsOnDisk() throws Exception {
    return List.of(
        identity(png()),
        Files.getLastModifiedTime(png()),
        identity(report()),
        Files.getLastModifiedTime(report()),
        identity(digest),
        new String(Files.readAllBytes(digest), StandardCharsets.US_ASCII));
  }

  private String drawnLine() throws Exception {
    return Files.readAllLines(digest).get(2);
  }

  /**
   * charts_every 1h: q's time of the hour is 58:51 (SHA-256 of "q" begins 8e35c2cd3bf6641b, i.e.
   * 10,247,310,713,881,519,131 unsigned; modulo 3,600 s that is 3,531 s = 58 min 51 s). Drawn at
   * 12:00, new data at 12:10 and 12:58 (before 12:58:51) leaves the charts and the digest as they
   * were and replaces the data file alone; at 12:59 everything is drawn and the digest says 12:59;
   * then 13:10 and 13:58 keep them, and 13:59 (13:58:51 passed) draws again, 60 minutes later.
   */
  @Test
  void withChartsEveryNewDataIsDrawnAtTheGroupsOwnTimeOfEachHour() throws Exception {
    assertEquals(3_531, ChartDigest.Redraw.phase(digest, 3_600));
    hourly(at(0, 8), BOTH, 480, 270);
    assertEquals("drawn 2026-03-01T12:00:00Z", drawnLine());
    List<Object> drawnAtNoon = chartsOnDisk();
    Path json = site.resolve("data_q.json");
    byte[] noonData = Files.readAllBytes(json);

    // 9 CPUs instead of 8, ten minutes later: the data changed.
    assertEquals(List.of(json), hourly(at(10, 9), BOTH, 480, 270));
    assertFalse(java.util.Arrays.equals(noonData, Files.readAllBytes(json)));
    assertEquals(drawnAtNoon, chartsOnDisk());

    byte[] tenPastData = Files.readAllBytes(json);
    assertEquals(List.of(json), hourly(at(58, 9), BOTH, 480, 270));
    assertFalse(java.util.Arrays.equals(tenPastData, Files.readAllBytes(json)));
    assertEquals(drawnAtNoon, chartsOnDisk());

    // As in sameDataLeavesTheChartsAsTheyWere: 8 files, the data file last.
    List<Path> drawn = hourly(at(59, 9), BOTH, 480, 270);
    assertEquals(8, drawn.size());
    assertEquals(json, drawn.get(7));
    assertNotEquals(drawnAtNoon.get(0), identity(png()));
    assertNotEquals(drawnAtNoon.get(2), identity(report()));
    assertEquals("drawn 2026-03-01T12:59:00Z", drawnLine());

    List<Object> drawnAt1259 = chartsOnDisk();
    assertEquals(List.of(json), hourly(at(70, 10), BOTH, 480, 270));
    assertEquals(List.of(json), hourly(at(118, 11), BOTH, 480, 270));
    assertEquals(drawnAt1259, chartsOnDisk());
    assertEquals(8, hourly(at(119, 12), BOTH, 480, 270).size());
    assertEquals("drawn 2026-03-01T13:59:00Z", drawnLine());
  }

  /** A run exactly at q's time (12:58:51) draws: a time in (drawn, now] has come. */
  @Test
  void aRunAtTheGroupsTimeDraws() throws Exception {
    hourly(at(0, 8), BOTH, 480, 270);
    Object pngId = identity(png());
    QosReport atItsTime = report(9, ZoneId.of("UTC"), NOW.plusSeconds(3_531));
    assertEquals(8, hourly(atItsTime, BOTH, 480, 270).size());
    assertNotEquals(pngId, identity(png()));
    assertEquals("drawn 2026-03-01T12:58:51Z", drawnLine());
  }

  /**
   * 2,000 groups g0 … g1999 with charts_every 1h come due in turn: their times of the hour fall
   * 340, 338, 357, 332, 317 and 316 in its six 10-minute parts (worked out apart, with Python's
   * hashlib, from the rule in ChartDigest.Redraw), so a run every 10 minutes draws about a sixth of
   * them.
   */
  @Test
  void aCentresGroupsComeDueInTurn() {
    int[] parts = new int[6];
    for (int g = 0; g < 2_000; g++) {
      long phase = ChartDigest.Redraw.phase(Path.of("g" + g + ".sha256"), 3_600);
      parts[(int) (phase / 600)]++;
    }
    assertArrayEquals(new int[] {340, 338, 357, 332, 317, 316}, parts);
  }

  /** A chart file deleted: drawn at once (12:10), however young the others are. */
  @Test
  void withChartsEveryADeletedChartIsDrawnAtOnce() throws Exception {
    hourly(at(0, 8), BOTH, 480, 270);
    Object pngId = identity(png());
    Files.delete(site.resolve("MEMORY_q.pdf"));

    hourly(at(10, 9), BOTH, 480, 270);

    assertTrue(Files.isRegularFile(site.resolve("MEMORY_q.pdf")));
    assertNotEquals(pngId, identity(png()));
    assertEquals("drawn 2026-03-01T12:10:00Z", drawnLine());
  }

  /** New drawing settings (size, formats): drawn at once (12:10 and 12:20). */
  @Test
  void withChartsEveryChangedSettingsDrawAtOnce() throws Exception {
    hourly(at(0, 8), BOTH, 480, 270);
    hourly(at(10, 9), BOTH, 400, 225);
    BufferedImage image = ImageIO.read(png().toFile());
    // The size asked the second time: 400 × 225 pixels.
    assertEquals(400, image.getWidth());
    assertEquals(225, image.getHeight());
    assertEquals("drawn 2026-03-01T12:10:00Z", drawnLine());

    Object pngId = identity(png());
    hourly(at(20, 9), EnumSet.of(QosFiles.Format.PNG), 400, 225);
    assertNotEquals(pngId, identity(png()));
    assertEquals("drawn 2026-03-01T12:20:00Z", drawnLine());
  }

  /**
   * A digest file cut short, one of the earlier form (a bare SHA-256), or with a time that is not
   * one: the charts are drawn, as for a missing digest.
   */
  @Test
  void withChartsEveryADamagedDigestDraws() throws Exception {
    hourly(at(0, 8), BOTH, 480, 270);
    List<String> lines = Files.readAllLines(digest);
    String[] damaged = {
      lines.get(0) + "\n" + lines.get(1) + "\n",
      lines.get(1).substring("data ".length()) + "\n",
      lines.get(0) + "\n" + lines.get(1) + "\ndrawn noon\n",
    };
    int minutes = 0;
    for (String d : damaged) {
      Files.writeString(digest, d);
      Object pngId = identity(png());
      minutes += 10;
      hourly(at(minutes, 8 + minutes / 10), BOTH, 480, 270);
      assertNotEquals(pngId, identity(png()), d);
      assertEquals("drawn " + NOW.plus(Duration.ofMinutes(minutes)), drawnLine());
    }
  }

  /**
   * Charts drawn at 12:00, then a run whose now is 11:30 (a replay of an earlier time): their age
   * is not known, so they are drawn.
   */
  @Test
  void chartsDrawnAfterTheRunsNowAreDrawnAgain() throws Exception {
    hourly(at(0, 8), BOTH, 480, 270);
    Object pngId = identity(png());
    hourly(at(-30, 9), BOTH, 480, 270);
    assertNotEquals(pngId, identity(png()));
    assertEquals("drawn 2026-03-01T11:30:00Z", drawnLine());
  }

  /** Without charts_every (the default), new data ten minutes later is drawn, as before. */
  @Test
  void byDefaultEveryChangeOfTheDataIsDrawn() throws Exception {
    Duration byDefault =
        Settings.of(ZoneId.of("UTC"), site, List.of(), tmp.resolve("state")).chartsEvery();
    assertEquals(Duration.ZERO, byDefault);
    Files.createDirectories(site);
    ChartDigest.Redraw redraw = new ChartDigest.Redraw(digest, byDefault);
    QosFiles.write(at(0, 8), site, BOTH, 480, 270, redraw);
    Object pngId = identity(png());
    List<Path> second = QosFiles.write(at(10, 9), site, BOTH, 480, 270, redraw);
    assertEquals(8, second.size());
    assertNotEquals(pngId, identity(png()));
    assertEquals("drawn 2026-03-01T12:10:00Z", drawnLine());
  }
}
