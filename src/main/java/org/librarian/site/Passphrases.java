package org.librarian.site;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.librarian.config.ConfigException;

/**
 * The passphrase file: one group per line, {@code GROUP PASSPHRASE} (the passphrase is the rest of
 * the line after the spaces that follow the group's name, trailing spaces dropped); blank lines and
 * lines starting with {@code #} are ignored. The file must be readable by its owner only: one that
 * its group or others may read or write is refused, and no message ever repeats a passphrase.
 */
public final class Passphrases {
  private static final Set<PosixFilePermission> NOT_OWNER =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private Passphrases() {}

  /** Group name to passphrase, in name order. */
  public static Map<String, String> read(Path file) throws ConfigException {
    List<String> lines;
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (mode.stream().anyMatch(NOT_OWNER::contains)) {
        throw new ConfigException(
            "the passphrase file "
                + file
                + " has mode "
                + PosixFilePermissions.toString(mode)
                + ": others than its owner may read or change it, so librarian will not use it;"
                + " make it readable by its owner only (chmod 600 "
                + file
                + ") and choose new passphrases if others may have read them");
      }
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | UnsupportedOperationException e) {
      throw new ConfigException("cannot read the passphrase file " + file + ": " + e.getMessage());
    }
    Map<String, String> all = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("[ \t]+", 2);
      String where = file + " line " + (i + 1);
      if (parts.length < 2 || parts[1].isEmpty()) {
        throw new ConfigException(
            where + ": a group (" + parts[0] + ") without a passphrase; write: GROUP PASSPHRASE");
      }
      if (all.put(parts[0], parts[1]) != null) {
        throw new ConfigException(where + ": a second passphrase for " + parts[0]);
      }
    }
    return all;
  }
}
