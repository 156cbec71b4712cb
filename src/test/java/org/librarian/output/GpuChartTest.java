package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;
import org.librarian.testing.Jobs;
import org.librarian.testing.Reports;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DemandCounter;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.UsageReport;

/** A GPU chart where a QoS has GPUs, none where it has none. */
class GpuChartTest {
  private static final Instant NOW = Instant.parse("2026-11-20T17:30:00Z");
  private static final QosLimits CPU_ONLY = new QosLimits(430, 0, 0, 0);
  private static final QosLimits WITH_GPUS = new QosLimits(430, 39, 0, 0);

  @TempDir Path dir;

  private static BinGrid grid() {
    return BinGrid.rolling(
        NOW, Duration.ofDays(30), Duration.ofHours(1), ZoneId.of("America/New_York"));
  }

  /** ann's job: 8 CPUs and {@code gpus} GPUs for the window's first 2 hours. */
  private static UsageReport usage(long gpus) {
    BinGrid grid = grid();
    return Jobs.annsFirstTwoHours(grid, 8, gpus);
  }

  private static List<String> pages(Path pdf) throws Exception {
    PdfReader reader = new PdfReader(pdf.toString());
    List<String> pages = new ArrayList<>();
    for (int p = 1; p <= reader.getNumberOfPages(); p++) {
      pages.add(new PdfTextExtractor(reader).getTextFromPage(p));
    }
    return pages;
  }

  /**
   * Reported: avery-b's GPU PNG of the demo said "no jobs in this window" although 2,851 jobs ran.
   * avery-b has no GPU limit and none of its jobs asks for a GPU; its GPU chart had no band, and an
   * empty chart took the message meant for an empty window. Such a QoS now has no GPU chart: no
   * NGPUS PNG or PDF, no GPU page in its report; avery, whose jobs use GPUs, keeps its.
   */
  @Test
  void averyBGpuPngSaidNoJobsInThisWindowAlthoughJobsRan(@TempDir Path work) throws Exception {
    Path out = work.resolve("out");
    Cli.Run run =
        new Cli(work)
            .clock(Instant.parse("2026-11-20T17:00:00Z"))
            .run(
                "demo",
                "--out",
                out.toString(),
                "--now",
                "2026-11-20T12:00:00-05:00",
                "--plot-size",
                "480x270");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("avery-b: "), run.out());
    assertTrue(run.out().contains(" 0.0 GPU-hours"), "avery-b ran no GPU job: " + run.out());
    assertFalse(Files.exists(out.resolve("NGPUS_avery-b.png")));
    assertFalse(Files.exists(out.resolve("NGPUS_avery-b.pdf")));
    assertTrue(Files.exists(out.resolve("NCPUS_avery-b.png")));
    assertTrue(Files.exists(out.resolve("NGPUS_avery.png")));
    assertTrue(Files.exists(out.resolve("NGPUS_avery.pdf")));
    List<String> report = pages(out.resolve("report_avery-b.pdf"));
    assertTrue(report.stream().anyMatch(p -> p.contains("CPUs in use")), String.join("\n", report));
    for (String page : report) {
      assertFalse(page.contains("GPUs in use"), page);
      assertFalse(page.contains("no jobs in this window"), page);
    }
  }

  /** No GPU limit, no GPU asked for: the three other charts, in the files and in the report. */
  @Test
  void aQosWithoutGpusHasNoGpuChart() throws Exception {
    QosReport qos = Reports.of("cpuq", usage(0), CPU_ONLY);
    assertEquals(
        List.of(Observable.NCPUS, Observable.MEMORY, Observable.NJOBS), PageHints.charted(qos));
    List<Path> written = QosFiles.write(qos, dir, EnumSet.allOf(QosFiles.Format.class), 480, 270);
    List<String> names = written.stream().map(p -> p.getFileName().toString()).sorted().toList();
    assertEquals(
        List.of(
            "MEMORY_cpuq.pdf",
            "MEMORY_cpuq.png",
            "NCPUS_cpuq.pdf",
            "NCPUS_cpuq.png",
            "NJOBS_cpuq.pdf",
            "NJOBS_cpuq.png",
            "data_cpuq.json",
            "report_cpuq.pdf"),
        names);
    // The summary page, then the three charts.
    List<String> report = pages(dir.resolve("report_cpuq.pdf"));
    assertEquals(4, report.size());
    // Nor a column of zero GPU-hours in its totals: ann's 8 CPUs × 2 h = 16.0 CPU-hours, 100 %.
    assertFalse(report.get(0).contains("GPU-hours"), report.get(0));
    assertTrue(report.get(0).contains("CPU-hours"), report.get(0));
    assertTrue(report.get(0).replaceAll("\\s+", " ").contains("ann 16.0"), report.get(0));
    assertTrue(report.get(0).contains("100.0 %"), report.get(0));
  }

  /**
   * A GPU limit and no GPU job: the chart stays (the QoS has GPUs) and says that jobs ran, none
   * with a GPU.
   */
  @Test
  void aQosWithAGpuLimitButNoGpuJobSaysNoGpuJobs() throws Exception {
    QosReport qos = Reports.of("gpuq", usage(0), WITH_GPUS);
    assertTrue(PageHints.charted(qos).contains(Observable.NGPUS));
    QosFiles.write(qos, dir, EnumSet.of(QosFiles.Format.PDF), 480, 270);
    String text = pages(dir.resolve("NGPUS_gpuq.pdf")).get(0);
    assertTrue(text.contains("no GPU jobs in this window"), text);
    assertTrue(text.contains("limit 39 GPUs"), text);
  }

  @Test
  void aGpuJobWithoutALimitGetsAChart() {
    // ann held 2 GPUs for 2 hours: 4 GPU-hours.
    QosReport qos = Reports.of("q", usage(2), CPU_ONLY);
    assertEquals(4.0, qos.usage().totalHours(Observable.NGPUS), 1e-9);
    assertTrue(PageHints.charted(qos).contains(Observable.NGPUS));
  }

  /** A job that only waited for a GPU (it never started in the window) asked for one too. */
  @Test
  void aJobWaitingForAGpuGetsAChart() {
    BinGrid grid = grid();
    DemandCounter c = new DemandCounter(grid, Map.of());
    c.add(Jobs.waitedFromTheStart(grid, "9", "bob", 36_000, 40_000, 4, 1, "QOSGrpCpuLimit"));
    QosReport qos = Reports.of("q", usage(0), null, c.report(), CPU_ONLY);
    assertTrue(PageHints.charted(qos).contains(Observable.NGPUS));
  }

  /** A QoS whose GPUs are gone: the next write removes the GPU chart an earlier one left. */
  @Test
  void theGpuChartOfAnEarlierRunDoesNotStayBehind() throws Exception {
    EnumSet<QosFiles.Format> both = EnumSet.allOf(QosFiles.Format.class);
    QosFiles.write(Reports.of("q", usage(2), CPU_ONLY), dir, both, 480, 270);
    assertTrue(Files.exists(dir.resolve("NGPUS_q.png")));
    QosFiles.write(Reports.of("q", usage(0), CPU_ONLY), dir, both, 480, 270);
    assertFalse(Files.exists(dir.resolve("NGPUS_q.png")));
    assertFalse(Files.exists(dir.resolve("NGPUS_q.pdf")));
  }
}
