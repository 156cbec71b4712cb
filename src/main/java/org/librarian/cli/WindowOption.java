package org.librarian.cli;

import picocli.CommandLine.Option;

/** {@code --window}: the length of the rolling window, as the verbs that read sacct take it. */
final class WindowOption {
  @Option(
      names = "--window",
      paramLabel = "DURATION",
      description = "length of the rolling window (default 30d)")
  String window;
}
