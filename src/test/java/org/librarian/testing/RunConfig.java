package org.librarian.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The librarian.yaml of a scheduled run in a test's directory: time zone UTC, output to site/,
 * state in state/ and logs in logs/ beside it, then the lines a test adds, in order. For parse (or
 * a run that keeps no log), the same without logs.
 */
public final class RunConfig {
  private final List<String> lines =
      new ArrayList<>(
          List.of("timezone: UTC", "output: site", "state_dir: state", "log_dir: logs"));

  private boolean qosHeader;

  private RunConfig() {}

  /** The common lines alone: no QoS yet. */
  public static RunConfig site() {
    return new RunConfig();
  }

  /** The common lines in the time zone {@code zone} instead of UTC. */
  public static RunConfig site(String zone) {
    RunConfig config = new RunConfig();
    config.lines.set(0, "timezone: " + zone);
    return config;
  }

  /** The common lines and one QoS, avery, limited to 48 CPUs. */
  public static RunConfig avery48() {
    return site().lines("qos:", "  - name: avery", "    limits: {cpus: 48}");
  }

  /**
   * The common lines of a parse, or of a run that keeps no log: time zone UTC, output to site/,
   * state in state/; no logs.
   */
  public static RunConfig parse() {
    RunConfig c = new RunConfig();
    c.lines.remove("log_dir: logs");
    return c;
  }

  /** Another time zone than UTC. */
  public RunConfig zone(String zone) {
    lines.set(0, "timezone: " + zone);
    return this;
  }

  /**
   * One more QoS under {@code qos:} (written before the first), with its limits as the YAML writes
   * them, e.g. {@code "cpus: 64"}.
   */
  public RunConfig qos(String name, String limits) {
    if (!qosHeader) {
      lines.add("qos:");
      qosHeader = true;
    }
    return lines("  - name: " + name, "    limits: {" + limits + "}");
  }

  public RunConfig lines(String... more) {
    lines.addAll(List.of(more));
    return this;
  }

  /** An alerts section whose one channel, {@code name}, is a webhook at {@code url}. */
  public RunConfig webhook(String name, String url) {
    return lines(
        "alerts:", "  channels:", "    " + name + ": {type: webhook, url: \"" + url + "\"}");
  }

  /** A weekly digest sent to {@code channel}. */
  public RunConfig weeklyDigest(String channel) {
    return lines("digest:", "  every: weekly", "  channels: [" + channel + "]");
  }

  /** Writes dir/librarian.yaml, one line each, and returns its path. */
  public Path writeTo(Path dir) throws IOException {
    return Files.writeString(dir.resolve("librarian.yaml"), String.join("\n", lines) + "\n");
  }
}
