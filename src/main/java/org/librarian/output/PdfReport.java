package org.librarian.output;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.librarian.common.AtomicFile;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.UsageReport;

/**
 * The PDFs of one QoS: one vector chart per observable it has a chart of ({@code NCPUS_<qos>.pdf},
 * ...; see {@link PageHints#charted}) and the multi-page {@code report_<qos>.pdf} (what it is
 * about, every user's totals, the work waiting, the efficiency, then the charts). The chart draws
 * into OpenPDF's Graphics2D, so text stays text and lines stay lines. Times carry the grid's zone.
 */
final class PdfReport {
  /** Page size of a one-chart PDF, in points (16:9). */
  static final float PDF_WIDTH = 800;

  static final float PDF_HEIGHT = 450;

  private PdfReport() {}

  /**
   * The PDF files of {@code qos} in {@code dir}, each as content still to be written, the report
   * first (the longest to draw).
   */
  static Map<Path, AtomicFile.Content> files(QosReport qos, Path dir) {
    UsageReport report = qos.usage();
    String name = qos.qos();
    QosLimits limits = qos.limits();
    Map<Observable, UsageCharts.Bands> bands = UsageCharts.bands(qos);
    String generatedAt = PeriodText.instant(report.grid().now(), report.grid().zone());
    Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
    files.put(
        dir.resolve(QosFiles.reportName(name)),
        out -> {
          List<JFreeChart> charts = new ArrayList<>();
          for (Observable o : PageHints.charted(qos)) {
            charts.add(UsageCharts.chart(report, bands.get(o), limits, name));
          }
          writePdf(
              out,
              charts,
              (document, writer) -> {
                boolean gpus = PageHints.charted(qos).contains(Observable.NGPUS);
                ReportPages.summary(document, writer, report, limits, name, generatedAt, gpus);
                if (qos.demand() != null && qos.demand().available()) {
                  ReportPages.waiting(document, writer, report, qos.demand(), gpus);
                }
                if (qos.efficiency() != null) {
                  ReportPages.efficiency(document, writer, report, qos.efficiency());
                }
              });
        });
    for (Observable o : PageHints.charted(qos)) {
      files.put(
          dir.resolve(QosFiles.fileName(o, name, QosFiles.Format.PDF)),
          out ->
              writePdf(out, List.of(UsageCharts.chart(report, bands.get(o), limits, name)), null));
    }
    return files;
  }

  /** Something drawn on the first page before the charts. */
  interface FirstPage {
    void write(Document document, PdfWriter writer) throws DocumentException, IOException;
  }

  static void writePdf(OutputStream out, List<JFreeChart> charts, FirstPage first)
      throws IOException {
    Document document = new Document(new Rectangle(PDF_WIDTH, PDF_HEIGHT), 36, 36, 30, 30);
    try {
      PdfWriter writer = PdfWriter.getInstance(document, out);
      writer.setCloseStream(false);
      document.addCreator("librarian");
      document.open();
      if (first != null) {
        first.write(document, writer);
      }
      PdfContentByte cb = writer.getDirectContent();
      for (int i = 0; i < charts.size(); i++) {
        if (first != null || i > 0) {
          document.newPage();
        }
        Graphics2D g2 = cb.createGraphics(PDF_WIDTH, PDF_HEIGHT, ChartFonts.pdfMapper());
        charts.get(i).draw(g2, new Rectangle2D.Double(0, 0, PDF_WIDTH, PDF_HEIGHT));
        g2.dispose();
      }
      document.close();
    } catch (DocumentException e) {
      throw new IOException("cannot write PDF: " + e.getMessage(), e);
    }
  }
}
