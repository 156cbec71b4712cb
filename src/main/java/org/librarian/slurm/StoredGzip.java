package org.librarian.slurm;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;

/**
 * A gzip member (RFC 1952) whose data is stored, not compressed (deflate's stored blocks, RFC 1951
 * 3.2.4): its length depends only on the data's, so a member can be written first and replaced in
 * place by one of the same length later. A gzip reader reads members one after another as one
 * stream ({@link java.util.zip.GZIPInputStream} does).
 */
final class StoredGzip {
  private StoredGzip() {}

  /** The largest stored block. */
  private static final int MAX_BLOCK = 0xFFFF;

  static byte[] member(byte[] data) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(data.length + 32);
    // ID1 ID2, deflate, no flags, no time, no extra flags, unknown OS.
    b.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
    int at = 0;
    do {
      int len = Math.min(MAX_BLOCK, data.length - at);
      boolean last = at + len == data.length;
      b.write(last ? 1 : 0); // BFINAL, BTYPE 00: stored
      b.write(len & 0xFF);
      b.write(len >>> 8);
      b.write(~len & 0xFF);
      b.write((~len >>> 8) & 0xFF);
      b.write(data, at, len);
      at += len;
    } while (at < data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    littleEndian(b, crc.getValue());
    littleEndian(b, data.length);
    return b.toByteArray();
  }

  private static void littleEndian(ByteArrayOutputStream b, long v) {
    for (int i = 0; i < 4; i++) {
      b.write((int) (v >>> (8 * i)) & 0xFF);
    }
  }
}
