package org.librarian.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.librarian.common.AtomicFile;
import org.librarian.usage.UserNames;

/**
 * The secret behind the pseudonyms ({@code STATE_DIR/privacy/secret}, 32 random bytes, readable by
 * its owner only) and the mapping for the admin ({@code STATE_DIR/privacy/pseudonyms.tsv}: real
 * name, tab, pseudonym). Both stay in STATE_DIR, never in the site, and are written readable by
 * their owner only (0600, in a 0700 directory) from the moment they exist.
 */
public final class PseudonymStore {
  private final Path dir;

  public PseudonymStore(Path stateDir) {
    this.dir = stateDir.resolve("privacy");
  }

  public Path mappingFile() {
    return dir.resolve("pseudonyms.tsv");
  }

  /**
   * The names to publish under: real ones when nothing is asked; else with the secret and the known
   * mapping.
   */
  public UserNames load(boolean pseudonymize, Set<String> hidden) throws IOException {
    if (!pseudonymize) {
      return new UserNames(false, hidden, new byte[0], Map.of());
    }
    return new UserNames(true, hidden, secret(), mapping());
  }

  /** Saves the mapping when new pseudonyms were given. */
  public void save(UserNames names) throws IOException {
    if (!names.changed()) {
      return;
    }
    StringBuilder b =
        new StringBuilder(
            "# real name<TAB>pseudonym, as librarian publishes it; keep this file private\n");
    names
        .mapping()
        .forEach((real, pseudonym) -> b.append(real).append('\t').append(pseudonym).append('\n'));
    AtomicFile.privateDirectory(dir);
    AtomicFile.writePrivate(
        mappingFile(), o -> o.write(b.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A fingerprint of what the privacy settings make of the published names: SHA-256 over the
   * pseudonymize flag, the sorted hidden users and (with pseudonyms) the secret, in hex. It changes
   * when any of them does (a new secret gives everyone new pseudonyms). Never published: it is kept
   * in {@link #publishedFile()}, readable by its owner only (without pseudonyms, names could be
   * guessed from it).
   */
  public String fingerprint(boolean pseudonymize, Set<String> hidden) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(
          ("librarian privacy 1\npseudonymize=" + pseudonymize + "\nhide=")
              .getBytes(StandardCharsets.UTF_8));
      for (String u : new TreeSet<>(hidden)) {
        sha.update((u + "\u0000").getBytes(StandardCharsets.UTF_8));
      }
      if (pseudonymize) {
        sha.update("\nsecret=".getBytes(StandardCharsets.UTF_8));
        sha.update(secret());
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * Where the fingerprint of the privacy settings each published branch was last written with is
   * kept.
   */
  public Path publishedFile() {
    return dir.resolve("published.tsv");
  }

  private Map<String, String> mapping() throws IOException {
    Map<String, String> known = new LinkedHashMap<>();
    if (Files.isRegularFile(mappingFile())) {
      for (String line : Files.readAllLines(mappingFile(), StandardCharsets.UTF_8)) {
        int tab = line.indexOf('\t');
        if (!line.startsWith("#") && tab > 0) {
          known.put(line.substring(0, tab), line.substring(tab + 1));
        }
      }
    }
    return known;
  }

  private byte[] secret() throws IOException {
    Path file = dir.resolve("secret");
    if (Files.isRegularFile(file)) {
      byte[] s = Files.readAllBytes(file);
      if (s.length < 16) {
        throw new IOException(
            file
                + " is too short to be the pseudonyms' secret; move it away to make a new one"
                + " (every pseudonym then changes)");
      }
      return s;
    }
    byte[] s = new byte[32];
    new SecureRandom().nextBytes(s);
    AtomicFile.privateDirectory(dir);
    // Not a POSIX file system: the directory's own permissions are what protects it.
    Path temp =
        dir.getFileSystem().supportedFileAttributeViews().contains("posix")
            ? Files.createTempFile(
                dir,
                ".secret",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(dir, ".secret", ".tmp");
    Files.write(temp, s);
    try {
      // A link fails when another process made the secret first: then both use that one.
      Files.createLink(file, temp);
    } catch (FileAlreadyExistsException e) {
      return Files.readAllBytes(file);
    } finally {
      Files.deleteIfExists(temp);
    }
    return s;
  }
}
