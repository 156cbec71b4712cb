package org.librarian.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.librarian.common.AtomicFile;

/**
 * Which privacy settings each published branch was last written with, kept as a fingerprint (never
 * the settings themselves) in a file readable by its owner only: one line per branch, {@code
 * fingerprint TAB branch TAB repository}. A branch last published with other settings, or never
 * recorded while privacy is on, must be rewritten: every earlier commit may hold real names.
 */
public final class PublishedPrivacy {
  /** Computes the current fingerprint (it may need the pseudonyms' secret, so only when asked). */
  @FunctionalInterface
  public interface Fingerprint {
    String get() throws IOException;
  }

  /**
   * No bookkeeping: nothing is ever rewritten (for tests and callers without a state directory).
   */
  public static final PublishedPrivacy NONE = new PublishedPrivacy(null, false, () -> "");

  private final Path file;
  private final boolean privacyOn;
  private final Fingerprint fingerprint;
  private String current;

  /**
   * @param privacyOn whether pseudonyms or hidden users are asked for now
   */
  public PublishedPrivacy(Path file, boolean privacyOn, Fingerprint fingerprint) {
    this.file = file;
    this.privacyOn = privacyOn;
    this.fingerprint = fingerprint;
  }

  private String current() throws IOException {
    if (current == null) {
      current = fingerprint.get();
    }
    return current;
  }

  /**
   * Whether the branch must get a new root commit, so that nothing published before stays
   * reachable.
   */
  public boolean mustRewrite(String repo, String branch) throws IOException {
    if (file == null) {
      return false;
    }
    String recorded = recorded(repo, branch);
    return recorded == null ? privacyOn : !recorded.equals(current());
  }

  /** Records that the branch now shows the site as the current settings make it. */
  public void record(String repo, String branch) throws IOException {
    // Never asked for privacy: nothing to remember (no record reads as "off"), and no STATE_DIR
    // made for it.
    if (file == null || (!privacyOn && !Files.isRegularFile(file))) {
      return;
    }
    List<String> lines = new ArrayList<>();
    lines.add(current() + "\t" + branch + "\t" + repo);
    for (String line : read()) {
      String[] f = line.split("\t", 3);
      if (f.length == 3 && !(f[1].equals(branch) && f[2].equals(repo))) {
        lines.add(line);
      }
    }
    AtomicFile.privateDirectory(file.toAbsolutePath().getParent());
    AtomicFile.writePrivate(
        file, o -> o.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
  }

  private String recorded(String repo, String branch) throws IOException {
    for (String line : read()) {
      String[] f = line.split("\t", 3);
      if (f.length == 3 && f[1].equals(branch) && f[2].equals(repo)) {
        return f[0];
      }
    }
    return null;
  }

  private List<String> read() throws IOException {
    return Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
  }
}
