package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Jobs;
import org.librarian.testing.Reports;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DemandCounter;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.UsageReport;

class ReportPagesTest {
  private static final Instant NOW = Instant.parse("2026-11-20T17:30:00Z");

  @TempDir Path dir;

  /**
   * Waits in the report's table as a person reads them: 66,756 s = 1,112.6 min → 1,113 min = 18 h
   * 33 min; 720 s = 12 min; 3,599 s = 59.98 min → 60 min = 1 h 0 min; under a minute in seconds.
   */
  @Test
  void waitsReadInHoursAndMinutes() {
    assertEquals("18 h 33 min", ReportPages.minutes(66_756));
    assertEquals("12 min", ReportPages.minutes(720));
    assertEquals("1 h 0 min", ReportPages.minutes(3_599));
    assertEquals("45 s", ReportPages.minutes(45));
  }

  /**
   * The grid: 720 hourly bins up to ceil(17:30Z) = 18:00Z (13:00 EST, −5 h), so from
   * 2026-10-21T18:00Z (14:00 EDT, −4 h). ann ran 8 CPUs in the first 2 bins; bob waited for the QoS
   * limit from the window's start for 66,756 s (18 h 33 min, as above) before he started.
   */
  private static UsageReport usage(BinGrid grid) {
    return Jobs.annsFirstTwoHours(grid, 8, 0);
  }

  private static BinGrid grid() {
    return BinGrid.rolling(
        NOW, Duration.ofDays(30), Duration.ofHours(1), ZoneId.of("America/New_York"));
  }

  @Test
  void titlesHaveHumanDatesAndTheTableHumanWaits() throws Exception {
    BinGrid grid = grid();
    DemandCounter c = new DemandCounter(grid, Map.of());
    c.add(Jobs.waitedFromTheStart(grid, "9", "bob", 66_756, 70_000, 4, 0, "QOSGrpCpuLimit"));
    QosFiles.write(
        Reports.of("q", usage(grid), null, c.report(), new QosLimits(430, 0, 0, 0)),
        dir,
        EnumSet.of(QosFiles.Format.PDF),
        480,
        270);
    String chart = text(dir.resolve("NCPUS_q.pdf"), 1);
    assertTrue(chart.contains("21 Oct 14:00 EDT – 20 Nov 2026 13:00 EST · hourly averages"), chart);
    String summary = text(dir.resolve("report_q.pdf"), 1);
    assertTrue(
        summary.contains(
            "Window: 21 Oct 14:00 EDT – 20 Nov 2026 13:00 EST · times in America/New_York"),
        summary);
    // Made at now, 17:30Z = 12:30 EST.
    assertTrue(summary.contains("Generated at 20 Nov 2026 12:30 (EST) · 1 jobs, 1 users"), summary);
    String waiting = text(dir.resolve("report_q.pdf"), 2);
    assertTrue(
        waiting.contains("Work waiting — 21 Oct 14:00 EDT – 20 Nov 2026 12:30 EST"), waiting);
    assertTrue(waiting.contains("18 h 33 min"), waiting);
    assertTrue(!waiting.contains("1112") && !waiting.contains("T14:00"), waiting);
  }

  private static String text(Path pdf, int page) throws Exception {
    return new PdfTextExtractor(new PdfReader(pdf.toString()))
        .getTextFromPage(page)
        .replace(PeriodText.NBSP, ' ')
        .replaceAll(" +", " ");
  }

  /**
   * The efficiency table's column "median memory eff." is 2.2 of 16.1 width units of the 728-point
   * text width: 99.5 points, 93.5 inside its padding; at 9-point bold it needs two lines, each
   * inside its borders.
   */
  @Test
  void aColumnNameWiderThanItsColumnWrapsInsideItsBorders() throws Exception {
    BaseFont bold = ChartFonts.baseFont(true);
    float room = 728f * 2.2f / 16.1f - 6;
    assertTrue(bold.getWidthPoint("median memory eff.", 9) > room, "the name does not fit as is");
    List<String> lines = PdfTable.wrap("median memory eff.", bold, room);
    assertEquals(List.of("median memory", "eff."), lines);
    for (String line : lines) {
      assertTrue(bold.getWidthPoint(line, 9) <= room, line);
    }
    assertEquals(List.of("user"), PdfTable.wrap("user", bold, room));
  }

  @Test
  void aNameTooWideForItsCellIsCutShortInsideIt() throws Exception {
    BaseFont regular = ChartFonts.baseFont(false);
    String name = "a-very-long-user-name-from-a-directory-service";
    String cut = PdfTable.cut(name, regular, 6.5f, 100);
    assertTrue(cut.endsWith("…") && name.startsWith(cut.substring(0, cut.length() - 1)), cut);
    assertTrue(regular.getWidthPoint(cut, 6.5f) <= 100, cut);
    assertEquals("ann", PdfTable.cut("ann", regular, 9, 100));
  }

  /**
   * The charts draw hourly steps as the page does, no ramps: ann's 8 CPUs hold flat across bins 0
   * and 1, and at the end of bin 1 the band drops straight to 0 (two points at the same instant).
   */
  @Test
  void theChartsAreHourlyStepsNotRamps() {
    BinGrid grid = grid();
    UsageReport usage = usage(grid);
    XYDataset data =
        UsageCharts.chart(usage, Observable.NCPUS, new QosLimits(430, 0, 0, 0), "q")
            .getXYPlot()
            .getDataset();
    double edge1 = grid.edge(1) * 1000.0;
    double edge2 = grid.edge(2) * 1000.0;
    assertEquals(edge1 - 3_600_000, grid.start() * 1000.0, 0);
    // Items 2i and 2i + 1 are bin i's start and end.
    assertEquals(8, data.getYValue(0, 0), 0);
    assertEquals(8, data.getYValue(0, 1), 0);
    assertEquals(edge1, data.getXValue(0, 1), 0);
    assertEquals(edge1, data.getXValue(0, 2), 0);
    assertEquals(8, data.getYValue(0, 3), 0);
    assertEquals(edge2, data.getXValue(0, 3), 0);
    assertEquals(edge2, data.getXValue(0, 4), 0);
    assertEquals(0, data.getYValue(0, 4), 0);
  }
}
