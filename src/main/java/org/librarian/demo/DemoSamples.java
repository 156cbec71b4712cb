package org.librarian.demo;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.librarian.common.AtomicFile;
import org.librarian.usage.QosLimits;

/**
 * The demo's two sample files of one QoS, each written whole or not at all: its month ({@link
 * DemoSacctGenerator#write}) and its earlier months ({@link DemoSacctGenerator#writeEarlier}).
 */
public final class DemoSamples {
  private DemoSamples() {}

  private interface Sample {
    void writeTo(Writer w) throws IOException;
  }

  /**
   * Writes the month ending at {@code now} to {@code month} and the submissions of [{@code from},
   * {@code until}) to {@code earlier} (epoch seconds), {@code perDay} jobs a day on average.
   */
  public static void write(
      DemoSacctGenerator generator,
      String qos,
      QosLimits limits,
      int perDay,
      Path month,
      Path earlier,
      long from,
      long until,
      long now)
      throws IOException {
    int cpus = (int) limits.cpus();
    int gpus = (int) limits.gpus();
    write(month, w -> generator.write(w, qos, now, cpus, gpus, perDay));
    write(earlier, w -> generator.writeEarlier(w, qos, from, until, now, cpus, gpus, perDay));
  }

  private static void write(Path file, Sample sample) throws IOException {
    AtomicFile.write(
        file,
        o -> {
          try (Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8)) {
            sample.writeTo(w);
          }
        });
  }
}
