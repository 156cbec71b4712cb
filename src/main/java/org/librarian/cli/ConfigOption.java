package org.librarian.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by every verb that reads librarian.yaml. */
final class ConfigOption {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "configuration file; default: $LIBRARIAN_CONFIG, else ./librarian.yaml")
  Path config;
}
