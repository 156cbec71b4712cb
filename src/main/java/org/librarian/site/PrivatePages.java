package org.librarian.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.librarian.common.AtomicFile;
import org.librarian.config.ConfigException;
import org.librarian.config.Settings;
import org.librarian.notify.Digest;
import org.librarian.output.HistoryJson;
import org.librarian.output.JobsJson;
import org.librarian.output.QosFiles;
import org.librarian.output.UsageJson;

/**
 * Seals the published files of the groups that have a passphrase: every file of such a group that
 * carries data (data, history and jobs JSON, charts, report, digests) is replaced in the site by a
 * {@link SealedFile} under {@code private/<random>/}, and an index (sealed too) says which is
 * which. The plain files are removed from the site; nothing of the group stays readable but, when
 * the centre chooses, its name. Each assembly seals with a fresh salt per group and a fresh IV per
 * file, so a changed passphrase takes effect on the next run that writes the group's files.
 */
public final class PrivatePages {
  public static final PrivatePages NONE = new PrivatePages(Map.of(), false, 1, null);
  public static final String DIRECTORY = "private";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> passphrases;
  private final boolean showNames;
  private final int iterations;
  private final SecureRandom random;

  /** One protected group as the manifest lists it: its tab's label and its sealed index. */
  public record Sealed(String label, boolean nameShown, String index) {}

  /**
   * @param passphrases group name to passphrase
   * @param showNames whether the manifest names the protected groups (else "Private group N")
   * @param iterations PBKDF2 iterations ({@link SealedFile#ITERATIONS}; fewer only in tests)
   */
  public PrivatePages(
      Map<String, String> passphrases, boolean showNames, int iterations, SecureRandom random) {
    this.passphrases = new TreeMap<>(passphrases);
    this.showNames = showNames;
    this.iterations = iterations;
    this.random = random;
  }

  /**
   * The groups of {@code privacy.passphrases}, or of STATE_DIR/privacy/passphrases when that is not
   * set but the file exists; none otherwise. A file others may read is refused.
   */
  public static PrivatePages of(Settings settings) throws ConfigException {
    Path file = settings.privacy().passphrases();
    if (file == null) {
      file = settings.stateDir().resolve("privacy").resolve("passphrases");
      if (!Files.exists(file)) {
        return NONE;
      }
    } else if (!Files.exists(file)) {
      throw new ConfigException(
          settings.sourceName() + ": privacy.passphrases names " + file + ", which does not exist");
    }
    return new PrivatePages(
        Passphrases.read(file),
        settings.privacy().showProtectedNames(),
        SealedFile.ITERATIONS,
        new SecureRandom());
  }

  /**
   * What a published branch must be rewritten for when it changes (earlier commits would keep files
   * readable with an old passphrase, or plain files of a group now protected): "" without protected
   * groups, else "+sealed:" and SHA-256 over the groups, their passphrases and whether names are
   * shown. Kept only in STATE_DIR, readable by its owner (see PublishedPrivacy).
   */
  public static String fingerprint(Settings settings) throws IOException {
    PrivatePages pages;
    try {
      pages = of(settings);
    } catch (ConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (pages.passphrases.isEmpty()) {
      return "";
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(("librarian sealed 1\nnames=" + pages.showNames).getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<String, String> e : pages.passphrases.entrySet()) {
        sha.update(("\n" + e.getKey() + "\u0000" + e.getValue()).getBytes(StandardCharsets.UTF_8));
      }
      return "+sealed:" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Refuses a site that still holds a plain file of a protected group (built before sealing). */
  public void refuseUnsealed(Path dir) throws ConfigException {
    for (String qos : passphrases.keySet()) {
      for (String name : plainFiles(qos)) {
        if (Files.exists(dir.resolve(name))) {
          throw new ConfigException(
              dir.resolve(name)
                  + " is a plain file of "
                  + qos
                  + ", which has a passphrase; seal the site first with librarian site"
                  + " (run and parse seal it themselves)");
        }
      }
    }
  }

  /**
   * The files of a group whose run failed that the published branch keeps as they were: its plain
   * data and charts; none for a protected group, whose last sealed files stay in the site itself.
   */
  public List<String> keptOnFailure(String qos) {
    if (isProtected(qos)) {
      return List.of();
    }
    List<String> names = new ArrayList<>(List.of(UsageJson.fileName(qos)));
    names.add(JobsJson.fileName(qos));
    names.addAll(QosFiles.fileNames(qos));
    return names;
  }

  public boolean isProtected(String qos) {
    return passphrases.containsKey(qos);
  }

  /**
   * Protected group to the label published for it: its name, or "Private group N" in name order.
   */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    int n = 0;
    for (String qos : passphrases.keySet()) {
      labels.put(qos, showNames ? qos : "Private group " + ++n);
    }
    return labels;
  }

  /** Every file of {@code qos} the site may hold, the data first. */
  static List<String> plainFiles(String qos) {
    List<String> names = new ArrayList<>();
    names.add(UsageJson.fileName(qos));
    names.add(HistoryJson.fileName(qos));
    names.add(JobsJson.fileName(qos));
    names.addAll(QosFiles.fileNames(qos));
    names.add(Digest.htmlName(qos));
    names.add(Digest.markdownName(qos));
    return names;
  }

  /**
   * Seals the protected groups' plain files in {@code dir} and removes them; a group without plain
   * files keeps what an earlier assembly sealed. Returns the sealed groups, in label order.
   */
  public List<Sealed> seal(Path dir) throws IOException {
    if (passphrases.isEmpty() && !Files.isDirectory(dir.resolve(DIRECTORY))) {
      return List.of();
    }
    Map<String, String> before = previous(dir);
    List<Sealed> sealed = new ArrayList<>();
    for (Map.Entry<String, String> label : labels().entrySet()) {
      String qos = label.getKey();
      List<String> present =
          plainFiles(qos).stream().filter(n -> Files.isRegularFile(dir.resolve(n))).toList();
      if (present.contains(UsageJson.fileName(qos))) {
        sealed.add(sealGroup(dir, qos, label.getValue(), present));
        for (String name : present) {
          Files.deleteIfExists(dir.resolve(name));
        }
      } else if (before.containsKey(label.getValue())
          && Files.isRegularFile(dir.resolve(before.get(label.getValue())))) {
        sealed.add(new Sealed(label.getValue(), showNames, before.get(label.getValue())));
      } else {
        // Files without their data JSON (a failed run's leftovers) are not published either.
        for (String name : present) {
          Files.deleteIfExists(dir.resolve(name));
        }
      }
    }
    removeUnlisted(dir, sealed);
    return sealed;
  }

  private Sealed sealGroup(Path dir, String qos, String label, List<String> present)
      throws IOException {
    String token = HexFormat.of().formatHex(bytes(8));
    Path groupDir = dir.resolve(DIRECTORY).resolve(token);
    Files.createDirectories(groupDir);
    try {
      SealedFile.Key key = SealedFile.newKey(passphrases.get(qos), iterations, random);
      ObjectNode index = JSON.createObjectNode();
      index.put("v", 1);
      index.put("qos", qos);
      index.put("data", UsageJson.fileName(qos));
      String history = HistoryJson.fileName(qos);
      if (present.contains(history)) {
        index.put("history", history);
      }
      String jobs = JobsJson.fileName(qos);
      if (present.contains(jobs)) {
        index.put("jobs", jobs); // the drill-down's, opened when it is (sealed.js sealedJson)
      }
      ArrayNode files = index.putArray("files");
      ObjectNode blobs = index.putObject("blobs");
      int n = 0;
      for (String name : present) {
        String path = DIRECTORY + "/" + token + "/" + ++n + ".sealed";
        byte[] envelope = SealedFile.seal(key, Files.readAllBytes(dir.resolve(name)), random);
        AtomicFile.write(dir.resolve(path), out -> out.write(envelope));
        blobs.putObject(name).put("path", path).put("type", type(name));
        if (!name.equals(UsageJson.fileName(qos)) && !name.equals(history) && !name.equals(jobs)) {
          files.add(name);
        }
      }
      String indexPath = DIRECTORY + "/" + token + "/index.sealed";
      byte[] envelope =
          SealedFile.seal(key, index.toString().getBytes(StandardCharsets.UTF_8), random);
      AtomicFile.write(dir.resolve(indexPath), out -> out.write(envelope));
      return new Sealed(label, showNames, indexPath);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot seal the files of " + qos + ": " + e.getMessage(), e);
    }
  }

  /** The sealed indexes the site's current manifest lists, by label. */
  private static Map<String, String> previous(Path dir) {
    Map<String, String> found = new TreeMap<>();
    try {
      JsonNode m = JSON.readTree(dir.resolve(SiteAssembler.MANIFEST).toFile());
      for (JsonNode d : m.path("datasets")) {
        if (d.path("protected").asBoolean() && d.path("sealed").isTextual()) {
          found.put(d.path("qos").asText(), d.path("sealed").asText());
        }
      }
    } catch (IOException | RuntimeException e) {
      // No manifest, or one not readable: nothing sealed before is kept.
    }
    return found;
  }

  /** Removes the sealed directories no group uses any longer. */
  private static void removeUnlisted(Path dir, List<Sealed> sealed) throws IOException {
    Path root = dir.resolve(DIRECTORY);
    if (!Files.isDirectory(root)) {
      return;
    }
    List<String> kept = sealed.stream().map(s -> s.index().split("/")[1]).toList();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path d : dirs) {
        if (!kept.contains(d.getFileName().toString())) {
          try (Stream<Path> files = Files.walk(d)) {
            for (Path f : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
              Files.deleteIfExists(f);
            }
          }
        }
      }
    }
  }

  private static String type(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return switch (ext) {
      case "png" -> "image/png";
      case "pdf" -> "application/pdf";
      case "html" -> "text/html";
      case "md" -> "text/markdown";
      default -> "application/json";
    };
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
