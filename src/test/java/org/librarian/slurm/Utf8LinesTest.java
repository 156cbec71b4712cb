package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8LinesTest {
  private static List<String> lines(byte[] bytes, int size) throws Exception {
    Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(bytes), size);
    List<String> all = new ArrayList<>();
    for (String line = lines.next(); line != null; line = lines.next()) {
      all.add(line);
    }
    assertNull(lines.next());
    return all;
  }

  private static List<String> readLine(String text) throws Exception {
    BufferedReader r = new BufferedReader(new StringReader(text));
    List<String> all = new ArrayList<>();
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      all.add(line);
    }
    return all;
  }

  @Test
  void splitsAsReadLineDoesAtEveryBufferSize() throws Exception {
    // Line ends of every kind, empty lines, no end at the end, names beyond ASCII; buffers from
    // 1 byte (a refill inside every line and between \r and \n) to larger than the text.
    SplittableRandom random = new SplittableRandom(3);
    String[] pieces = {
      "1001|ann|COMPLETED", "", "\n", "\r", "\r\n", "\n\r", "josé|Ωmega", "日本", "|", "x"
    };
    for (int round = 0; round < 300; round++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      for (int size : new int[] {1, 2, 3, 7, 64, 1 << 16}) {
        assertEquals(
            readLine(text.toString()),
            lines(bytes, size),
            "'" + text + "' with a buffer of " + size);
      }
    }
  }

  @Test
  void aLineWithBytesThatAreNotUtf8IsFlaggedAndTheNextIsNot() throws Exception {
    byte[] latin1 = "ok\nJos\u00e9|1\nann|2\n".getBytes(StandardCharsets.ISO_8859_1);
    Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(latin1), 4);
    assertEquals("ok", lines.next());
    assertFalse(lines.lastLineInvalid());
    assertEquals("Jos\ufffd|1", lines.next());
    assertTrue(lines.lastLineInvalid());
    assertEquals("ann|2", lines.next());
    assertFalse(lines.lastLineInvalid());
  }
}
