package org.librarian.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import org.librarian.common.AtomicFile;
import org.librarian.usage.QosReport;

/**
 * What a group's charts were last drawn from: the SHA-256 of its data JSON (every figure the charts
 * and PDFs show, the period and its zone) together with the drawing settings (formats, size, top-N,
 * the program's version, the output directory). Kept in the state directory, one small file per
 * group; equal digests and every chart file present mean the charts on disk are the ones this data
 * would draw. A missing or unreadable digest file means "draw".
 */
public final class ChartDigest {
  private ChartDigest() {}

  /** The digest of {@code json} (the group's data file) drawn with these settings, in hex. */
  static String of(
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
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
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
              + (qos.about() == null
                  ? "-"
                  : qos.about().topUsers() + "\n" + qos.about().generator())
              + "\n";
      sha.update(settings.getBytes(StandardCharsets.UTF_8));
      sha.update(json);
      return HexFormat.of().formatHex(sha.digest());
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

  /** The digest kept in {@code file}; {@code ""} when it is missing or not a digest. */
  static String read(Path file) {
    try {
      String s = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return s.matches("[0-9a-f]{64}") ? s : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  static void write(Path file, String digest) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    AtomicFile.write(file, o -> o.write((digest + "\n").getBytes(StandardCharsets.US_ASCII)));
  }
}
