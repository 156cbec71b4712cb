package org.librarian.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * The real-testbed case (src/test/resources/outputs/real-testbed; its README says how it was
 * recorded): QoS avery-b's sacct output, read at the moment it was recorded.
 */
public final class RealTestbed {
  public static final Path DIR = Path.of("src/test/resources/outputs/real-testbed");

  private RealTestbed() {}

  /**
   * {@code librarian parse} of the recorded output into {@code dir}/out without charts, at
   * 2026-11-23T03:15:22Z in UTC, then {@code more}.
   */
  public static Cli.Run parse(Path dir, String... more) {
    return new Cli(dir)
        .run(
            List.of(
                "parse",
                "--sacct-file",
                DIR.resolve("input.sacct.txt").toAbsolutePath().toString(),
                "--out",
                "out",
                "--no-plots",
                "--qos",
                "avery-b",
                "--now",
                "2026-11-23T03:15:22Z",
                "--timezone",
                "UTC"),
            more);
  }
}
