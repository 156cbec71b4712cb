package org.librarian.output;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.librarian.common.AtomicFile;
import org.librarian.usage.Observable;
import org.librarian.usage.QosReport;

/**
 * The PNG charts of one QoS, one per observable it has a chart of ({@code NCPUS_<qos>.png}, ...;
 * see {@link PageHints#charted}), width × height pixels.
 */
final class PngCharts {
  private PngCharts() {}

  /** The PNG files of {@code qos} in {@code dir}, each as content still to be written. */
  static Map<Path, AtomicFile.Content> files(QosReport qos, Path dir, int width, int height) {
    Map<Observable, UsageCharts.Bands> bands = UsageCharts.bands(qos);
    Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
    for (Observable o : PageHints.charted(qos)) {
      files.put(
          dir.resolve(QosFiles.fileName(o, qos.qos(), QosFiles.Format.PNG)),
          out ->
              write(
                  out,
                  UsageCharts.chart(qos.usage(), bands.get(o), qos.limits(), qos.qos()),
                  width,
                  height));
    }
    return files;
  }

  static void write(OutputStream out, JFreeChart chart, int width, int height) throws IOException {
    PngWriter.write(
        chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null), out);
  }
}
