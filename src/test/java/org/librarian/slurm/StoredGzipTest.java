package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** A stored gzip member reads back as its data, alone and followed by a compressed member. */
class StoredGzipTest {
  static byte[] gunzip(byte[] bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  @Test
  void aMemberOfAnyLengthReadsBackAndItsLengthDependsOnlyOnTheData() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    // Empty, short, one whole stored block, one byte past it, several blocks.
    for (int n : new int[] {0, 1, 300, 0xFFFF, 0x10000, 200_000}) {
      byte[] data = new byte[n];
      random.nextBytes(data);
      byte[] member = StoredGzip.member(data);
      assertArrayEquals(data, gunzip(member), n + " bytes");
      // A 10-byte header, 5 bytes a block of at most 65,535, the data, an 8-byte trailer.
      int blocks = Math.max(1, (n + 0xFFFE) / 0xFFFF);
      assertEquals(10 + 5 * blocks + n + 8, member.length, n + " bytes");
    }
  }

  @Test
  void aCompressedMemberAfterItReadsOnAsOneStream() throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(StoredGzip.member("# first line\n".getBytes()));
    try (GZIPOutputStream z = new GZIPOutputStream(file)) {
      z.write("the rest".getBytes());
    }
    assertEquals("# first line\nthe rest", new String(gunzip(file.toByteArray())));
  }
}
