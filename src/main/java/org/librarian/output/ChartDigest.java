package org.librarian.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.librarian.common.AtomicFile;
import org.librarian.usage.QosReport;

/**
 * What a group's charts were last drawn from, and when: the SHA-256 of the drawing settings
 * (formats, size, zone, top-N, the program's version, the output directory), the SHA-256 of its
 * data JSON (every figure the charts and PDFs show, the period and its zone), and the run's time
 * (its injected now, UTC) they were drawn at. Kept in the state directory, one small file per
 * group, written whole or not at all; a missing, unreadable or damaged file means "draw".
 */
public final class ChartDigest {
  private ChartDigest() {}

  /**
   * Charts drawn with the settings of digest {@code settings}, from a data JSON of digest {@code
   * data}, by a run whose now was {@code at}.
   */
  record Drawn(String settings, String data, Instant at) {}

  /**
   * When a group's charts are drawn again: the digest is kept in {@code file} ({@code
   * <group>.sha256}); new data redraws them only at the group's own time of each period of {@code
   * every} (zero: whenever the data changed), so that a centre's groups come due in turn, not all
   * in one run. That time is the group's name's SHA-256, its first 8 bytes as an unsigned number,
   * modulo {@code every} in seconds, counted from 1970-01-01T00:00Z: charts drawn before such a
   * time and a run at or after it draw. New settings, a chart file missing or a digest file missing
   * or damaged always redraw.
   */
  public record Redraw(Path file, Duration every) {
    public Redraw {
      if (every.isNegative()) {
        throw new IllegalArgumentException("charts_every is negative: " + every);
      }
    }

    /**
     * Whether the charts drawn as {@code kept} stand for {@code wanted} (both every chart file in
     * place): the same settings, and the same data or no time of the group's (see above) in {@code
     * (kept, wanted]}. Drawn after the run's now (a replay of an earlier time) they do not: their
     * age is not known.
     */
    boolean keeps(Drawn kept, Drawn wanted) {
      if (kept == null || !kept.settings().equals(wanted.settings())) {
        return false;
      }
      if (kept.data().equals(wanted.data())) {
        return true;
      }
      if (every.isZero() || wanted.at().isBefore(kept.at())) {
        return false;
      }
      long period = every.toSeconds();
      long phase = phase(file, period);
      return Math.floorDiv(kept.at().getEpochSecond() - phase, period)
          == Math.floorDiv(wanted.at().getEpochSecond() - phase, period);
    }

    /** The group's time in each period, in seconds from its start: see {@link Redraw}. */
    static long phase(Path digestFile, long periodSeconds) {
      String name = digestFile.getFileName().toString();
      if (name.endsWith(".sha256")) {
        name = name.substring(0, name.length() - ".sha256".length());
      }
      try {
        byte[] sha =
            MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        long first = 0;
        for (int i = 0; i < 8; i++) {
          first = first << 8 | (sha[i] & 0xff);
        }
        return Long.remainderUnsigned(first, periodSeconds);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * What drawing {@code json} (the group's data file) with these settings into {@code dir} at the
   * run's now (the report's) would be.
   */
  static Drawn of(
      QosReport qos,
      byte[] json,
      Path dir,
      Path digestFile,
      Set<QosFiles.Format> formats,
      int width,
      int height) {
    // The output directory as seen from the digest's: two outputs sharing a state directory keep
    // different digests, and the same layout gives the same digest wherever it is.
    Path where =
        digestFile
            .toAbsolutePath()
            .normalize()
            .getParent()
            .relativize(dir.toAbsolutePath().normalize());
    String settings =
        "charts 1\n"
            + where
            + "\n"
            + new TreeSet<>(formats)
            + "\n"
            + width
            + "x"
            + height
            + "\n"
            + qos.usage().grid().zone()
            + "\n"
            + (qos.about() == null ? "-" : qos.about().topUsers() + "\n" + qos.about().generator())
            + "\n";
    return new Drawn(
        sha256(settings.getBytes(StandardCharsets.UTF_8)),
        sha256(json),
        Instant.ofEpochSecond(qos.usage().grid().now()));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java", e);
    }
  }

  /** Where the digest of {@code qos}'s charts is kept in the state directory. */
  public static Path path(Path stateDir, String cluster, String qos) {
    return stateDir
        .resolve("charts")
        .resolve(cluster == null ? "default" : cluster)
        .resolve(qos + ".sha256");
  }

  /**
   * The digest kept in {@code file}; null when it is missing or not exactly the three lines {@link
   * #write} writes (a file of an earlier version, one cut short, a time that is not one).
   */
  static Drawn read(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
      if (lines.size() != 3
          || !lines.get(0).matches("settings [0-9a-f]{64}")
          || !lines.get(1).matches("data [0-9a-f]{64}")
          || !lines.get(2).startsWith("drawn ")) {
        return null;
      }
      return new Drawn(
          lines.get(0).substring("settings ".length()),
          lines.get(1).substring("data ".length()),
          Instant.parse(lines.get(2).substring("drawn ".length())));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static void write(Path file, Drawn drawn) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    String text =
        "settings " + drawn.settings() + "\ndata " + drawn.data() + "\ndrawn " + drawn.at() + "\n";
    AtomicFile.write(file, o -> o.write(text.getBytes(StandardCharsets.US_ASCII)));
  }
}
