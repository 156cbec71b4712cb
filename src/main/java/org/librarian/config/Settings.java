package org.librarian.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * The effective configuration: librarian.yaml, overridden by {@code LIBRARIAN_*} environment
 * variables, overridden by command-line flags.
 *
 * @param source where the file came from, or null when none was read
 * @param cluster the cluster for sacct's {@code -M}, or null
 */
public record Settings(Path source, ZoneId zone, Duration window, Duration resolution, Path output,
    String cluster, String sacct, String sacctmgr, Duration sacctTimeout, List<QosSpec> qos) {}
