package org.librarian.cli;

import picocli.CommandLine.Option;

/** {@code --full}: a full sacct query, past the cache of finished jobs. */
final class FullOption {
  @Option(
      names = "--full",
      description =
          "ask sacct for the whole window, ignoring (and rebuilding) the cache of finished jobs")
  boolean full;
}
