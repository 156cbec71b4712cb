package org.librarian.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import org.librarian.bench.SyntheticSacct;

/**
 * Sites of synthetic sacct output (bench/SyntheticSacct) for the browser tests, parsed without
 * charts in America/New_York as of a given instant: each writes NAME.sacct.txt, NAME.yaml and
 * NAME-state/ in a test's directory and the site into NAME/.
 */
public final class SyntheticSites {
  private SyntheticSites() {}

  /** A QoS "big" of 400 users (40 k jobs over the window), as a large group's would be. */
  public static Path big(Path tmp, Instant now) throws IOException {
    Path file = tmp.resolve("big.sacct.txt");
    try (Writer w = Files.newBufferedWriter(file)) {
      SyntheticSacct.write(w, 40_000, 11, now.getEpochSecond(), "big", 400);
    }
    return parse(tmp, "big", "big", "{cpus: 20000, gpus: 600, memory_gb: 80000}", now);
  }

  /**
   * avery with a year of synthetic jobs (20 k over 380 days, 40 users): parsed (the 30-day data)
   * and backfilled (the 370 days before {@code now}).
   */
  public static Path year(Path tmp, Instant now) throws IOException {
    Path file = tmp.resolve("year.sacct.txt");
    try (Writer w = Files.newBufferedWriter(file)) {
      SyntheticSacct.write(w, 20_000, 7, now.getEpochSecond(), "avery", 40, false, 380);
    }
    Path dir = parse(tmp, "year", "avery", "{cpus: 430, gpus: 39, memory_gb: 3359}", now);
    String since =
        now.atZone(ZoneId.of("America/New_York")).toLocalDate().minusDays(370).toString();
    Cli.Run backfill =
        new Cli(tmp)
            .clock(now)
            .run(
                "backfill",
                "--config",
                "year.yaml",
                "--qos",
                "avery",
                "--since",
                since,
                "--sacct-file",
                file.toString(),
                "--out",
                dir.toString());
    assertEquals(0, backfill.code(), backfill.err());
    return dir;
  }

  /** parse of tmp/NAME.sacct.txt as QoS {@code qos} with {@code limits} into tmp/NAME. */
  public static Path parse(Path tmp, String name, String qos, String limits, Instant now)
      throws IOException {
    Files.writeString(
        tmp.resolve(name + ".yaml"),
        "timezone: America/New_York\nstate_dir: "
            + tmp.resolve(name + "-state")
            + "\nqos:\n  - name: "
            + qos
            + "\n    limits: "
            + limits
            + "\n");
    Path dir = tmp.resolve(name);
    Cli.Run parse =
        new Cli(tmp)
            .clock(now)
            .run(
                "parse",
                "--config",
                name + ".yaml",
                "--qos",
                qos,
                "--sacct-file",
                tmp.resolve(name + ".sacct.txt").toString(),
                "--out",
                dir.toString(),
                "--no-plots");
    assertEquals(0, parse.code(), parse.err());
    return dir;
  }
}
