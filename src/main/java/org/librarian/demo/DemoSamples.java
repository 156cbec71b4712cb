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

  /** A QoS's two sample files. */
  public record Files(Path month, Path earlier) {}

  /**
   * Writes the month ending at {@code now} to {@code DIR/sacct_<qos>.txt} and the submissions of
   * [{@code from}, {@code until}) (epoch seconds) to {@code DIR/sacct_<qos>_earlier.txt}, {@code
   * perDay} jobs a day on average.
   */
  public static Files write(
      DemoSacctGenerator generator,
      Path dir,
      String qos,
      QosLimits limits,
      int perDay,
      long from,
      long until,
      long now)
      throws IOException {
    int cpus = (int) limits.cpus();
    int gpus = (int) limits.gpus();
    Files files =
        new Files(
            dir.resolve("sacct_" + qos + ".txt"), dir.resolve("sacct_" + qos + "_earlier.txt"));
    write(files.month(), w -> generator.write(w, qos, now, cpus, gpus, perDay));
    write(
        files.earlier(), w -> generator.writeEarlier(w, qos, from, until, now, cpus, gpus, perDay));
    return files;
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
