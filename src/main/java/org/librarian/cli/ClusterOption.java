package org.librarian.cli;

import picocli.CommandLine.Option;

/** {@code --cluster}: the cluster sacct is asked about. */
final class ClusterOption {
  @Option(names = "--cluster", paramLabel = "NAME", description = "cluster for sacct --clusters")
  String cluster;
}
