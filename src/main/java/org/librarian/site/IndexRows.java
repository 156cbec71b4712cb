package org.librarian.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rows of {@code index.json} kept between runs, one file per group in {@code STATE_DIR/index/},
 * each with the SHA-256 of the data file it was worked out from, the run interval and the group's
 * name: a data file that did not change is hashed, not parsed (reading 400 groups' data files was a
 * tenth of a centre run over unchanged data). Nothing of a protected group is kept: its data file
 * is sealed before the index is written. Rows of groups no longer in the site are deleted ({@link
 * #prune}).
 */
final class IndexRows {
  private IndexRows() {}

  /** Bumped when a row's content changes, so rows kept by an older build are worked out again. */
  private static final String VERSION = "1";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Works a group's row out of its data file's bytes. */
  @FunctionalInterface
  interface Worker {
    JsonNode row(byte[] data) throws IOException;
  }

  /**
   * The row kept in {@code kept} (null: none) when it was worked out from a data file of the same
   * SHA-256, for the same name and run interval; else {@code worker}'s, kept for the next run
   * unless it is a note (a file not read). A file that cannot be read is a row with its note.
   */
  static JsonNode row(Path file, String name, Duration runInterval, Path kept, Worker worker)
      throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      ObjectNode row = JSON.createObjectNode();
      row.put("name", name);
      row.put("link", GroupIndex.link(name));
      row.put("note", file.getFileName() + " not read: " + e.getMessage());
      return row;
    }
    String key = VERSION + " " + sha256(bytes) + " " + runInterval.getSeconds() + " " + name;
    Path summary = kept == null ? null : kept.resolve(file.getFileName().toString());
    if (summary != null && Files.isRegularFile(summary)) {
      try {
        JsonNode k = JSON.readTree(summary.toFile());
        if (key.equals(k.path("key").asText()) && k.path("row").isObject()) {
          return k.get("row");
        }
      } catch (IOException | RuntimeException e) {
        // A summary cut short or foreign: worked out again below and replaced.
      }
    }
    JsonNode row = worker.row(bytes);
    if (summary != null && !row.has("note")) {
      ObjectNode k = JSON.createObjectNode();
      k.put("key", key);
      k.set("row", row);
      try {
        // Written in place, not renamed over the last one: a row cut short by a crash does not
        // parse, or lacks its key, and is worked out again. Replacing 2,000 rows by rename made
        // ext4 flush each file, about 2 s of a centre's run.
        Files.createDirectories(kept);
        JSON.writeValue(summary.toFile(), k);
      } catch (IOException e) {
        // Only a saving: the next run works the row out again.
      }
    }
    return row;
  }

  /**
   * Deletes the rows kept in {@code kept} (null: none) of groups that have no data file among
   * {@code datasets}, every data file of the site directory after sealing: a group whose data file
   * is gone from the site, or that is now protected. The site's data files are the whole set
   * whichever groups a run wrote (a run restricted to some groups leaves the others' files, so
   * their rows stay). Other files are left alone; a row that cannot be deleted is left for the next
   * run.
   */
  static void prune(Path kept, List<SiteAssembler.Dataset> datasets) {
    if (kept == null || !Files.isDirectory(kept)) {
      return;
    }
    Set<String> listed =
        datasets.stream().map(SiteAssembler.Dataset::data).collect(Collectors.toSet());
    try (DirectoryStream<Path> rows = Files.newDirectoryStream(kept, "data_*.json")) {
      for (Path row : rows) {
        if (!listed.contains(row.getFileName().toString())) {
          try {
            Files.deleteIfExists(row);
          } catch (IOException e) {
            // Only a saving: an unused row costs its bytes until the next run.
          }
        }
      }
    } catch (IOException e) {
      // As above.
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
