package org.librarian.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.librarian.testing.Cli;

/**
 * Every file the tool writes, compared whole with a checked-in copy. A case is a directory under
 * {@code src/test/resources/outputs/}: {@code commands} (one librarian command a line, arguments
 * separated by single spaces; {@code ${CASE}} is the case directory, {@code ${OUT}} the output
 * directory, {@code ${WORK}} the working directory, {@code ${RES}} the test resources), optionally
 * {@code clock} (the instant the commands' clock shows), and {@code expected/}: every file written
 * under {@code ${OUT}} plus {@code stdout.txt}, what the commands printed. Files the site copies
 * unchanged from the jar (the page's code, Plotly) are checked to be exact copies and not kept;
 * files over 512 KB are kept as their SHA-256 ({@code NAME.sha256}). PDFs are compared without
 * their creation date and file id, which OpenPDF takes from the wall clock, and without the random
 * tag of each embedded font subset (see {@link #comparable}).
 *
 * <p>{@code mvn test -Dtest=OutputGoldenTest -Dgolden.update=true} rewrites {@code expected/}; read
 * the diff before committing it.
 */
class OutputGoldenTest {
  private static final Path RES = Path.of("src/test/resources");
  private static final Path CASES = RES.resolve("outputs");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final int LARGE = 512 * 1024;
  private static final Set<String> TEXT = Set.of("json", "txt", "html", "csv", "tsv", "md", "log");

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> s = Files.list(CASES)) {
      return s.filter(Files::isDirectory).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyFileTheToolWritesMatches(Path dir, @TempDir Path tmp) throws Exception {
    Path commands = dir.resolve("commands");
    assertTrue(Files.isRegularFile(commands), dir + " needs a commands file");
    assertTrue(
        UPDATE || Files.isDirectory(dir.resolve("expected")),
        dir + " has no expected/ (write it with -Dgolden.update=true)");
    Path out = tmp.resolve("out");
    Instant clock =
        Files.isRegularFile(dir.resolve("clock"))
            ? Instant.parse(Files.readString(dir.resolve("clock")).strip())
            : Instant.parse("2026-11-20T12:30:00Z");
    StringBuilder stdout = new StringBuilder();
    for (String line : Files.readAllLines(commands)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] args =
          Arrays.stream(line.strip().split(" "))
              .map(
                  a ->
                      a.replace("${CASE}", dir.toAbsolutePath().toString())
                          .replace("${OUT}", out.toString())
                          .replace("${WORK}", tmp.toString())
                          .replace("${RES}", RES.toAbsolutePath().toString()))
              .toArray(String[]::new);
      Cli.Run run = new Cli(tmp).clock(clock).run(args);
      assertEquals(0, run.code(), line + "\n" + run.err());
      stdout
          .append("$ librarian ")
          .append(line.strip())
          .append('\n')
          .append(normalize(run.out().replace(tmp.toString(), "${WORK}")));
    }
    Map<String, byte[]> actual = written(out);
    actual.put("stdout.txt", stdout.toString().getBytes(StandardCharsets.UTF_8));
    Path expectedDir = dir.resolve("expected");
    if (UPDATE) {
      rewrite(expectedDir, actual);
      return;
    }
    Map<String, byte[]> expected = read(expectedDir);
    assertEquals(
        new TreeSet<>(expected.keySet()),
        new TreeSet<>(actual.keySet()),
        dir.getFileName() + ": the files written differ from expected/");
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      String name = e.getKey();
      byte[] want = e.getValue();
      byte[] got = actual.get(name);
      if (TEXT.contains(extension(name))) {
        assertEquals(
            new String(want, StandardCharsets.UTF_8),
            new String(got, StandardCharsets.UTF_8),
            dir.getFileName() + "/" + name);
      } else if (!Arrays.equals(comparable(name, want), comparable(name, got))) {
        fail(
            dir.getFileName()
                + "/"
                + name
                + " differs from expected/ ("
                + want.length
                + " bytes expected, "
                + got.length
                + " written)");
      }
    }
  }

  /**
   * Every file under {@code out} by its relative path, copies of the jar's page files checked and
   * left out.
   */
  private static Map<String, byte[]> written(Path out) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    if (!Files.isDirectory(out)) {
      return files;
    }
    List<Path> paths;
    try (Stream<Path> s = Files.walk(out)) {
      paths = s.filter(Files::isRegularFile).toList();
    }
    for (Path p : paths) {
      String rel = out.relativize(p).toString().replace('\\', '/');
      byte[] bytes = Files.readAllBytes(p);
      byte[] resource = jarCopy(rel);
      if (resource != null) {
        assertTrue(Arrays.equals(resource, bytes), rel + " is not an exact copy of the jar's file");
        continue;
      }
      if (bytes.length > LARGE) {
        files.put(rel + ".sha256", (sha256(bytes) + "\n").getBytes(StandardCharsets.US_ASCII));
      } else {
        files.put(rel, bytes);
      }
    }
    return files;
  }

  /**
   * The jar's file that {@code rel} is a copy of, or null when it is written by the tool itself.
   */
  private static byte[] jarCopy(String rel) throws IOException {
    String resource =
        switch (rel) {
          case "plotly.js" -> "/org/librarian/plotly/plotly-basic.min.js";
          case "plotly.LICENSE.txt" -> "/org/librarian/plotly/LICENSE";
          default ->
              rel.contains("/") && !rel.startsWith("panels/")
                  ? null
                  : "/org/librarian/dashboard/" + rel;
        };
    if (resource == null) {
      return null;
    }
    try (InputStream in = OutputGoldenTest.class.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  private static Map<String, byte[]> read(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return files;
  }

  /**
   * Rewrites expected/; a file equal to its old copy (PDFs: up to what varies) is left as it was.
   */
  private static void rewrite(Path dir, Map<String, byte[]> files) throws IOException {
    Map<String, byte[]> old = Files.isDirectory(dir) ? read(dir) : Map.of();
    files = new TreeMap<>(files);
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      byte[] before = old.get(e.getKey());
      if (before != null
          && Arrays.equals(comparable(e.getKey(), before), comparable(e.getKey(), e.getValue()))) {
        e.setValue(before);
      }
    }
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
          Files.delete(p);
        }
      }
    }
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path target = dir.resolve(e.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, e.getValue());
    }
  }

  /** Run times in what the commands print ("1.39 s") vary from run to run. */
  static String normalize(String text) {
    return text.replaceAll("\\b\\d+\\.\\d+ s\\b", "N.NN s");
  }

  /**
   * A PDF without what OpenPDF makes up anew each time: the date, the file id and the random tag of
   * each embedded font subset, which also sits inside the compressed font programs, and the order
   * and numbers of objects, since images come in an order that varies. Streams are compared
   * inflated; the lengths and offsets that follow from their compressed size are left out.
   */
  static byte[] comparable(String name, byte[] bytes) {
    if (!name.endsWith(".pdf")) {
      return bytes;
    }
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    StringBuilder canonical = new StringBuilder();
    int at = 0;
    while (true) {
      int start = s.indexOf("stream\n", at);
      if (start < 0 || s.startsWith("end", start - 3)) {
        if (start < 0) {
          int xref = s.lastIndexOf("\nxref\n");
          canonical.append(s, at, xref < at ? s.length() : xref);
          break;
        }
        canonical.append(s, at, start + 7);
        at = start + 7;
        continue;
      }
      int end = s.indexOf("endstream", start);
      canonical.append(s, at, start).append("stream\n");
      byte[] raw = s.substring(start + 7, end).getBytes(StandardCharsets.ISO_8859_1);
      canonical.append(new String(inflate(raw), StandardCharsets.ISO_8859_1));
      at = end;
    }
    String normalized =
        canonical
            .toString()
            .replaceAll("/Length \\d+", "/Length N")
            .replaceAll("/Length1 \\d+", "/Length1 N")
            .replaceAll("/CreationDate\\(D:[0-9Z+'-]+\\)", "/CreationDate(D:0)")
            .replaceAll("[A-Z]{6}\\+", "SUBSET+")
            .replaceAll("/img\\d+", "/img")
            .replaceAll("\\d+ 0 R", "R")
            .replaceAll("/ID \\[<[0-9a-f]+><[0-9a-f]+>\\]", "/ID");
    // Objects in a stable order: images (the memory chart's patterns) come in an order that varies.
    List<String> objects = new ArrayList<>(List.of(normalized.split("\\d+ 0 obj")));
    Collections.sort(objects);
    return String.join("\n--\n", objects).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A Flate stream inflated, or the bytes as they are when they are not one. */
  private static byte[] inflate(byte[] raw) {
    Inflater inflater = new Inflater();
    inflater.setInput(raw);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[65536];
    try {
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      return raw;
    } finally {
      inflater.end();
    }
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
