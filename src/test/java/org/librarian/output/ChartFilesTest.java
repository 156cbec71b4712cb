package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lowagie.text.pdf.PdfDictionary;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.common.AtomicFile;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.ProcessCommandRunner;
import org.librarian.testing.ColorDistance;
import org.librarian.testing.Jobs;
import org.librarian.testing.Reports;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DemandCounter;
import org.librarian.usage.DemandReport;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.UsageBinner;
import org.librarian.usage.UsageReport;

class ChartFilesTest {
  private static final Instant NOW = Instant.parse("2026-11-20T17:30:00Z");
  private static final QosLimits LIMITS = new QosLimits(430, 39, 3359, 0);

  @TempDir Path dir;

  private static UsageReport report(String... users) {
    BinGrid grid =
        BinGrid.rolling(
            NOW, Duration.ofDays(30), Duration.ofHours(1), ZoneId.of("America/New_York"));
    UsageBinner b = new UsageBinner(grid);
    for (int i = 0; i < users.length; i++) {
      long start = grid.start() + i * 3600L * 20;
      b.add(Jobs.ran("" + i, users[i], start, start + 86_400 * 3, 40 + i, 2, 64L * 1024 * 1024));
    }
    return b.report();
  }

  /** avery's files of these formats, from {@code usage} under LIMITS, into dir at w×h. */
  private List<Path> writeAvery(
      UsageReport usage, Set<QosFiles.Format> formats, int width, int height) throws Exception {
    return QosFiles.write(Reports.of("avery", usage, LIMITS), dir, formats, width, height);
  }

  @Test
  void allFilesWithTheOriginalNames() throws Exception {
    List<Path> written =
        writeAvery(report("ann", "bob"), EnumSet.allOf(QosFiles.Format.class), 1600, 900);
    List<String> names = written.stream().map(p -> p.getFileName().toString()).sorted().toList();
    assertEquals(
        List.of(
            "MEMORY_avery.pdf",
            "MEMORY_avery.png",
            "NCPUS_avery.pdf",
            "NCPUS_avery.png",
            "NGPUS_avery.pdf",
            "NGPUS_avery.png",
            "NJOBS_avery.pdf",
            "NJOBS_avery.png",
            "data_avery.json",
            "report_avery.pdf"),
        names);
  }

  @Test
  void pngIsFullSizeNotBlankAndHasTheLimitLineAtTheLimit() throws Exception {
    UsageReport r = report("ann", "bob", "cy");
    JFreeChart chart = UsageCharts.chart(r, Observable.NCPUS, LIMITS, "avery");
    ChartRenderingInfo info = new ChartRenderingInfo();
    BufferedImage image = chart.createBufferedImage(1600, 900, info);
    assertEquals(1600, image.getWidth());
    assertEquals(900, image.getHeight());
    XYPlot plot = chart.getXYPlot();
    Rectangle2D area = info.getPlotInfo().getDataArea();
    int row = (int) Math.round(plot.getRangeAxis().valueToJava2D(430, area, RectangleEdge.LEFT));
    int red = 0;
    int colored = 0;
    for (int x = (int) area.getMinX(); x < area.getMaxX(); x++) {
      for (int y = row - 1; y <= row + 1; y++) {
        if (image.getRGB(x, y) == UsageCharts.LIMIT.getRGB()) {
          red++;
        }
      }
      int rgb = image.getRGB(x, (int) area.getMaxY() - 3);
      if (rgb != 0xffffffff) {
        colored++;
      }
    }
    assertTrue(
        red > area.getWidth() / 3, "dashed limit line at row " + row + ": " + red + " red pixels");
    assertTrue(colored > 10, "bands drawn");
    Path png = dir.resolve("x.png");
    writeAvery(r, EnumSet.of(QosFiles.Format.PNG), 1600, 900);
    BufferedImage read = ImageIO.read(dir.resolve("NCPUS_avery.png").toFile());
    assertEquals(1600, read.getWidth());
    assertTrue(Files.notExists(png));
  }

  @Test
  void pdfsAreVectorWithTextThatCanBeExtracted() throws Exception {
    String hostile = "<b>x</b> Zoë 山田";
    writeAvery(report("ann", "bob", hostile), EnumSet.of(QosFiles.Format.PDF), 1600, 900);
    PdfReader single = new PdfReader(dir.resolve("NCPUS_avery.pdf").toString());
    assertEquals(1, single.getNumberOfPages());
    String text = new PdfTextExtractor(single).getTextFromPage(1);
    assertTrue(text.contains("CPUs in use"), text);
    assertTrue(text.contains("limit 430 CPUs"), text);
    assertTrue(text.contains("ann") && text.contains("bob"), text);
    PdfReader report = new PdfReader(dir.resolve("report_avery.pdf").toString());
    assertEquals(5, report.getNumberOfPages()); // summary and four charts
    String summary = new PdfTextExtractor(report).getTextFromPage(1);
    assertTrue(summary.contains("QoS usage report"), summary);
    assertTrue(summary.contains("CPU-hours"), summary);
    assertTrue(summary.contains("Zoë"), summary);
    assertTrue(summary.contains("America/New_York"), summary);
    // No embedded raster images: the charts are drawn, not pasted.
    for (int page = 1; page <= report.getNumberOfPages(); page++) {
      PdfDictionary resources = report.getPageN(page).getAsDict(PdfName.RESOURCES);
      PdfDictionary xobjects = resources == null ? null : resources.getAsDict(PdfName.XOBJECT);
      assertTrue(xobjects == null || xobjects.size() == 0, "page " + page + " has an image");
    }
  }

  @Test
  void emptyQosSaysSo() throws Exception {
    UsageReport empty = report();
    QosFiles.write(
        Reports.of("quiet", empty, LIMITS), dir, EnumSet.allOf(QosFiles.Format.class), 800, 450);
    String text =
        new PdfTextExtractor(new PdfReader(dir.resolve("NCPUS_quiet.pdf").toString()))
            .getTextFromPage(1);
    assertTrue(text.contains("no jobs in this window"), text);
  }

  @Test
  void moreThanTwelveUsersShowElevenAndOthers() {
    String[] users = new String[15];
    for (int i = 0; i < users.length; i++) {
      users[i] = "user" + i;
    }
    UsageReport report = report(users);
    JFreeChart chart = UsageCharts.chart(report, Observable.NCPUS, LIMITS, "avery");
    XYDataset data = chart.getXYPlot().getDataset();
    assertEquals(12, data.getSeriesCount());
    assertEquals("others (4 users)", data.getSeriesKey(11));
    // The series are running totals, so the top one is everybody's sum in every bin, held flat from
    // the bin's start (item 2i) to its end (item 2i + 1).
    for (int i = 0; i < report.grid().size(); i++) {
      double sum = 0;
      for (var u : report.users()) {
        sum += u.series(Observable.NCPUS)[i];
      }
      assertEquals(sum, data.getYValue(11, 2 * i), 1e-9, "bin " + i);
      assertEquals(sum, data.getYValue(11, 2 * i + 1), 1e-9, "bin " + i + " end");
      assertEquals(
          report.grid().edge(i + 1) * 1000.0, data.getXValue(11, 2 * i + 1), "bin " + i + " end");
    }
  }

  @Test
  void theReportTableRunsOverPagesWithItsHeadOnEach() throws Exception {
    String[] users = new String[70];
    for (int i = 0; i < users.length; i++) {
      users[i] = String.format(Locale.ROOT, "user%02d", i);
    }
    BinGrid grid = BinGrid.rolling(NOW, Duration.ofDays(30), Duration.ofHours(1), ZoneId.of("UTC"));
    UsageBinner b = new UsageBinner(grid);
    for (int i = 0; i < users.length; i++) {
      long start = grid.start() + (i % 29) * 86_400L;
      b.add(Jobs.ran("" + i, users[i], start, start + 3600, 1 + i, 0, 0));
    }
    assertEquals(70, b.report().users().size());
    writeAvery(b.report(), EnumSet.of(QosFiles.Format.PDF), 1600, 900);
    PdfReader pdf = new PdfReader(dir.resolve("report_avery.pdf").toString());
    int tablePages = pdf.getNumberOfPages() - 4;
    assertTrue(tablePages >= 3, "70 rows take several pages, not " + tablePages);
    StringBuilder all = new StringBuilder();
    for (int page = 1; page <= tablePages; page++) {
      String text = new PdfTextExtractor(pdf).getTextFromPage(page);
      assertTrue(text.contains("share of CPU-hours"), "page " + page + ": " + text);
      all.append(text).append('\n');
    }
    for (String user : users) {
      assertEquals(1, all.toString().split(user + " ", -1).length - 1, user + " once in the table");
    }
    String last = new PdfTextExtractor(pdf).getTextFromPage(tablePages);
    assertTrue(last.contains("total") && last.contains("100.0 %"), last);
    assertTrue(new PdfTextExtractor(pdf).getTextFromPage(tablePages + 1).contains("CPUs in use"));
  }

  /**
   * Poppler, not OpenPDF, draws the report: the page a reader sees has the chart and the red limit
   * line.
   */
  @Test
  void theReportRendersInAnotherPdfReader() throws Exception {
    Path pdftoppm = Path.of("/usr/bin/pdftoppm");
    // Skipped, and says why, only where poppler is missing; scripts/test installs it, so CI runs
    // it.
    Assumptions.assumeTrue(
        Files.isExecutable(pdftoppm),
        "pdftoppm (poppler-utils) is missing: skipped; scripts/install-deps installs it");
    writeAvery(report("ann", "bob", "cy"), EnumSet.of(QosFiles.Format.PDF), 1600, 900);
    CommandResult r =
        new ProcessCommandRunner()
            .run(
                Command.of(
                    List.of(
                        pdftoppm.toString(),
                        "-png",
                        "-r",
                        "60",
                        "-f",
                        "2",
                        "-l",
                        "2",
                        dir.resolve("report_avery.pdf").toString(),
                        dir.resolve("page").toString()),
                    Duration.ofMinutes(1)));
    assertEquals(0, r.exitCode(), r.stderr());
    Path page;
    try (var files = Files.list(dir)) {
      page =
          files
              .filter(f -> f.getFileName().toString().startsWith("page"))
              .findFirst()
              .orElseThrow();
    }
    BufferedImage image = ImageIO.read(page.toFile());
    int red = 0;
    int coloured = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        Color c = new Color(image.getRGB(x, y));
        if (Math.abs(c.getRed() - UsageCharts.LIMIT.getRed()) < 30
            && Math.abs(c.getGreen() - UsageCharts.LIMIT.getGreen()) < 30
            && Math.abs(c.getBlue() - UsageCharts.LIMIT.getBlue()) < 30) {
          red++;
        }
        if (Math.max(c.getRed(), Math.max(c.getGreen(), c.getBlue()))
                - Math.min(c.getRed(), Math.min(c.getGreen(), c.getBlue()))
            > 40) {
          coloured++;
        }
      }
    }
    assertTrue(red > 50, "the limit line is drawn: " + red + " red pixels");
    assertTrue(
        coloured > image.getWidth() * image.getHeight() / 50,
        "the user bands are drawn: " + coloured + " coloured pixels");
  }

  /**
   * The PDF report of {@code report} as poppler's pdftotext lays it out, runs of blanks folded to
   * one space; the test is skipped where pdftotext is missing.
   */
  private String pdfText(QosReport report) throws Exception {
    Path pdftotext = Path.of("/usr/bin/pdftotext");
    Assumptions.assumeTrue(
        Files.isExecutable(pdftotext),
        "pdftotext (poppler-utils) is missing: skipped; scripts/install-deps installs it");
    QosFiles.write(report, dir, EnumSet.of(QosFiles.Format.PDF), 1600, 900);
    CommandResult r =
        new ProcessCommandRunner()
            .run(
                Command.of(
                    List.of(
                        pdftotext.toString(),
                        "-layout",
                        dir.resolve("report_avery.pdf").toString(),
                        "-"),
                    Duration.ofMinutes(1)));
    assertEquals(0, r.exitCode(), r.stderr());
    return r.stdout().replace('\u00a0', ' ').replaceAll("[ \t]+", " ");
  }

  /**
   * The report's efficiency page, as poppler's pdftotext reads it: the period with its zone, each
   * user, the totals.
   */
  @Test
  void theReportHasAnEfficiencyPage() throws Exception {
    // ann held 4 CPUs for 2 h (8 CPU-h) and used 2 CPU-h: 25.0 %, 6.0 idle; bob 1 CPU-h, used 0.9:
    // 90.0 %;
    // together 2.9 of 9 CPU-h: 32 %, 6.1 idle.
    EfficiencyReport e =
        new EfficiencyReport(
            Map.of(
                "ann", new EfficiencyReport.User(2, 28_800, 7_200_000, 0.5, 1, null),
                "bob", new EfficiencyReport.User(1, 3_600, 3_240_000, null, 0, null)),
            false);
    String text = pdfText(Reports.of("avery", report("ann", "bob"), e, null, LIMITS));
    // The window: 720 hourly bins up to 18:00Z, from 2026-10-21T18:00Z (14:00 EDT, −4 h); the
    // page covers them up to now, 17:30Z (12:30 EST, −5 h).
    assertTrue(
        text.contains("Efficiency — jobs that ended 21 Oct 14:00 EDT – 20 Nov 2026 12:30 EST"),
        "the period and its zone: " + text);
    assertTrue(text.contains("32 % of the CPU-hours held were used; 6 CPU-hours sat idle."), text);
    assertTrue(text.contains("ann 2 8.0 2.0 25.0 % 6.0 50.0 % 1"), text);
    assertTrue(text.contains("bob 1 1.0 0.9 90.0 % 0.1 – 0"), text);
    assertTrue(text.contains("total 3 9.0 2.9 32.2 % 6.1 1"), text);
  }

  /**
   * Work waiting on the charts and in the report. ann runs 40 CPUs for 3 days from the window's
   * start; bob's job (48 CPUs) waited for the QoS limit for the first 10 hours (480 CPU-hours),
   * cyd's (4 CPUs) for the cluster for 2 hours (8 CPU-hours). The CPU chart's bands: ann, then
   * "waiting for the QoS limit" (40 + 48 in the first hours), then "waiting for the cluster".
   */
  @Test
  void waitingWorkStacksOnTopOfUsageAndHasAReportPage() throws Exception {
    UsageReport usage = report("ann");
    BinGrid grid = usage.grid();
    DemandCounter c = new DemandCounter(grid, Map.of());
    c.add(Jobs.waitedFromTheStart(grid, "9", "bob", 36_000, 40_000, 48, 0, "QOSGrpCpuLimit"));
    c.add(Jobs.waitedFromTheStart(grid, "10", "cyd", 7200, 9000, 4, 0, "Resources"));
    DemandReport demand = c.report();
    UsageCharts.Bands bands = UsageCharts.bands(usage, Observable.NCPUS, demand);
    assertEquals(
        List.of("ann", "waiting for the QoS limit", "waiting for the cluster"), bands.names());
    assertEquals(
        40 + 48 + 4,
        bands.totals()[2][0],
        1e-9,
        "first hour: ann's 40 + bob's 48 + cyd's 4 waiting");
    assertEquals(40 + 48, bands.totals()[2][5], 1e-9, "sixth hour: cyd no longer waits");
    assertEquals(40, bands.totals()[2][10], 1e-9, "eleventh hour: nothing waits");
    assertTrue(bands.colors().get(1).getAlpha() < 255, "see-through");

    String text = pdfText(Reports.of("avery", usage, null, demand, LIMITS));
    assertTrue(text.contains("Work waiting — "), text);
    assertTrue(text.contains("Jobs waited 480.0 CPU-hours for the QoS limit."), text);
    // bob waited 600 min = 10 h 0 min, cyd 120 min = 2 h 0 min.
    assertTrue(text.contains("bob 480.0 0.0 0.0 0.0 0.0 1 10 h 0 min 10 h 0 min"), text);
    assertTrue(text.contains("cyd 0.0 0.0 8.0 0.0 0.0 1 2 h 0 min 2 h 0 min"), text);
    assertTrue(text.contains("total 480.0 0.0 8.0 0.0 0.0 2"), text);
    assertTrue(text.contains("waiting for the QoS limit"), "the legend of the charts: " + text);
  }

  /**
   * The files of {@code qos} as the writers draw them, with a JSON whose writing fails as on a full
   * disk.
   */
  private Map<Path, AtomicFile.Content> failingJson(QosReport qos, Path json) {
    Map<Path, AtomicFile.Content> files = new LinkedHashMap<>(PdfReport.files(qos, dir));
    files.put(
        json,
        out -> {
          throw new IOException("No space left on device");
        });
    files.putAll(PngCharts.files(qos, dir, 400, 225));
    return files;
  }

  /** A full disk, simulated by one file that cannot be written: no file of the QoS is replaced. */
  @Test
  void aFailedFileLeavesEveryOldFileInPlace() throws Exception {
    writeAvery(report("ann", "bob"), EnumSet.allOf(QosFiles.Format.class), 400, 225);
    Map<Path, byte[]> before = new HashMap<>();
    for (String name : QosFiles.fileNames("avery")) {
      before.put(dir.resolve(name), Files.readAllBytes(dir.resolve(name)));
    }
    Files.writeString(dir.resolve("data_avery.json"), "{\"old\": true}");
    Path json = dir.resolve("data_avery.json");
    IOException e =
        Assertions.assertThrows(
            IOException.class,
            () ->
                QosFiles.together(
                    failingJson(Reports.of("avery", report("ann", "bob", "cy"), LIMITS), json),
                    json));
    assertTrue(e.getMessage().contains("data_avery.json: No space left on device"), e.getMessage());
    assertEquals("{\"old\": true}", Files.readString(json));
    for (Map.Entry<Path, byte[]> old : before.entrySet()) {
      Assertions.assertArrayEquals(
          old.getValue(), Files.readAllBytes(old.getKey()), old.getKey().getFileName().toString());
    }
    try (var files = Files.list(dir)) {
      assertEquals(
          List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
    }
  }

  /**
   * Any two colours shown in one chart (the palette and the grey of "others") lie at CIE76 ΔE ≥ 20,
   * and ≥ 10 seen with deuteranopia (Machado et al. 2009, severity 1, on linear sRGB); measured:
   * 29.7 and 14.5.
   */
  @Test
  void thePaletteIsToldApartAlsoWithDeuteranopia() {
    List<Color> shown = new ArrayList<>(UserColors.PALETTE);
    shown.add(UserColors.OTHERS);
    double normal = Double.MAX_VALUE;
    double deuteranopia = Double.MAX_VALUE;
    for (int i = 0; i < shown.size(); i++) {
      for (int j = i + 1; j < shown.size(); j++) {
        normal = Math.min(normal, deltaE(lab(shown.get(i), false), lab(shown.get(j), false)));
        deuteranopia =
            Math.min(deuteranopia, deltaE(lab(shown.get(i), true), lab(shown.get(j), true)));
      }
    }
    assertEquals(29.7, normal, 0.05);
    assertEquals(14.5, deuteranopia, 0.05);
    assertTrue(normal >= 20 && deuteranopia >= 10);
  }

  /**
   * WCAG contrast (L1 + 0.05) / (L2 + 0.05) of every colour and the grey against white, the page's
   * light panel #f6f8fa and its dark panel #151b23 is at least 3:1. E.g. #0077bb: linear 0, 0.1845,
   * 0.4969 → L = 0.7152·0.1845 + 0.0722·0.4969 = 0.1678; against white 1.05 / 0.2178 = 4.82;
   * against #151b23 (L = 0.0106) 0.2178 / 0.0606 = 3.59.
   */
  @Test
  void everyColourHasThreeToOneContrastOnBothBackgrounds() {
    List<Color> shown = new ArrayList<>(UserColors.PALETTE);
    shown.add(UserColors.OTHERS);
    assertEquals(4.82, contrast(UserColors.PALETTE.get(0), Color.WHITE), 0.005);
    assertEquals(3.59, contrast(UserColors.PALETTE.get(0), new Color(0x15, 0x1b, 0x23)), 0.005);
    for (Color c : shown) {
      for (Color bg :
          List.of(Color.WHITE, new Color(0xf6, 0xf8, 0xfa), new Color(0x15, 0x1b, 0x23))) {
        assertTrue(contrast(c, bg) >= 3, UserColors.hex(c) + " on " + UserColors.hex(bg));
      }
    }
  }

  private static double contrast(Color a, Color b) {
    double la = luminance(a);
    double lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  private static double luminance(Color c) {
    return 0.2126 * linear(c.getRed())
        + 0.7152 * linear(c.getGreen())
        + 0.0722 * linear(c.getBlue());
  }

  private static double linear(int v) {
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  /**
   * The 11 users with the most CPU-hours get their home slot in the palette, or in name order the
   * next free one; the 12th, the only one left, is drawn by name in the grey of "others" (a band of
   * one user would hide it for nothing); with a 13th, both are "others (2 users)".
   */
  /**
   * Thirteen users, "ny" and "mia" with the fewest CPUs (40 and 41, the others 42 to 52), so they
   * are the CPU chart's "others (2 users)"; of the two only ny has GPUs. In the GPU chart one user
   * is left beyond the top, and the page's rule (others_min_users, 2) draws it by name in the grey
   * of "others": so does the PNG, not "others (1 user)".
   */
  @Test
  void aGpuChartDrawsTheOneUserLeftByNameAsThePageDoes() {
    String[] names = {
      "ny", "mia", "bo", "zed", "al", "cy", "di", "ed", "fa", "gu", "ho", "iv", "ja"
    };
    BinGrid grid =
        BinGrid.rolling(
            NOW, Duration.ofDays(30), Duration.ofHours(1), ZoneId.of("America/New_York"));
    UsageBinner b = new UsageBinner(grid);
    for (int i = 0; i < names.length; i++) {
      b.add(
          Jobs.ran(
              "" + i,
              names[i],
              grid.start(),
              grid.start() + 86_400,
              40 + i,
              names[i].equals("mia") ? 0 : 2,
              Jobs.GIB));
    }
    UsageReport usage = b.report();
    UsageCharts.Bands cpus = UsageCharts.bands(usage, Observable.NCPUS);
    assertEquals("others (2 users)", cpus.names().get(cpus.names().size() - 1));
    UsageCharts.Bands gpus = UsageCharts.bands(usage, Observable.NGPUS);
    // 11 named users with GPUs, then ny by name: 12 bands, none of them "others".
    assertEquals(12, gpus.names().size());
    assertEquals("ny", gpus.names().get(11));
    assertEquals(UserColors.OTHERS, gpus.colors().get(11));
    assertTrue(
        gpus.names().stream().noneMatch(n -> n.startsWith("others")), gpus.names().toString());
    // ny's band is its own 2 GPUs for a day on top of the 11 others' 22: 24 at the first hour.
    assertEquals(24.0, gpus.totals()[11][0], 1e-9);
  }

  @Test
  void coloursGoToTheLargestUsersInNameOrderAndStayWhileTheyStay() {
    String[] names = {"mia", "bo", "zed", "al", "cy", "di", "ed", "fa", "gu", "ho", "iv", "ja"};
    UsageReport twelve = report(names); // CPUs 40 + i: "ja", the first, has the fewest CPU-hours
    Map<String, Color> colors = UserColors.of(twelve);
    assertEquals(12, colors.size());
    assertEquals(UserColors.OTHERS, colors.get("mia"), "the smallest (40 CPUs), by name, in grey");
    assertEquals(
        List.of("al", "bo", "cy", "di", "ed", "fa", "gu", "ho", "iv", "ja", "mia", "zed"),
        List.copyOf(colors.keySet()));
    // Home slots, String.hashCode mod 11: "al" = 97·31 + 108 = 3115 → 2; "zed" = 122·961 + 101·31
    // + 100 = 120473 → 1; "bo" 3149 → 3; "fa" 3259 → 3, taken by "bo" (earlier by name), and 4 by
    // "di" (3205 → 4), so 5; "ho" 3335 → 2 (al), so 6; "ja" 3383 → 6 (ho), 7 (iv: 3373 → 7), 8
    // (ed: 3231 → 8), so 9.
    assertEquals(UserColors.PALETTE.get(2), colors.get("al"));
    assertEquals(UserColors.PALETTE.get(1), colors.get("zed"));
    assertEquals(UserColors.PALETTE.get(5), colors.get("fa"));
    assertEquals(UserColors.PALETTE.get(6), colors.get("ho"));
    assertEquals(UserColors.PALETTE.get(9), colors.get("ja"));
    // Without "bo" among the shown users, "fa" takes its home slot 3: the next free one only when
    // another shown user holds it.
    assertEquals(UserColors.PALETTE.get(3), UserColors.of(report("fa", "al", "zed"), 11).get("fa"));
    assertEquals(UserColors.PALETTE.get(2), UserColors.of(report("al"), 11).get("al"));
    UsageCharts.Bands bands = UsageCharts.bands(twelve, Observable.NCPUS);
    assertEquals("mia", bands.names().get(bands.names().size() - 1));
    assertEquals(UserColors.OTHERS, bands.colors().get(bands.colors().size() - 1));
    // Thirteen users (one more, "ny", with the fewest CPUs): mia and ny are "others (2 users)".
    String[] thirteen = {
      "ny", "mia", "bo", "zed", "al", "cy", "di", "ed", "fa", "gu", "ho", "iv", "ja"
    };
    UsageCharts.Bands two = UsageCharts.bands(report(thirteen), Observable.NCPUS);
    assertEquals("others (2 users)", two.names().get(two.names().size() - 1));
    assertEquals(11, UserColors.of(report(thirteen)).size());
    assertEquals(12, UserColors.shownCount(12, 11));
    assertEquals(11, UserColors.shownCount(13, 11));
    assertEquals(3, UserColors.shownCount(3, 11));
    assertEquals(
        colors.get("zed"),
        bands.colors().get(bands.names().indexOf("zed")),
        "the chart uses the same colour");
  }

  private static double[] lab(Color c, boolean deuteranopia) {
    return ColorDistance.lab(c, deuteranopia);
  }

  private static double deltaE(double[] a, double[] b) {
    return ColorDistance.deltaE(a, b);
  }
}
