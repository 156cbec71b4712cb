package org.librarian.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of strict UTF-8 bytes, as {@code BufferedReader.readLine} splits them ({@code \n},
 * {@code \r} or {@code \r\n}). sacct's output is nearly all ASCII, so a line without a byte over
 * 127 becomes a String by a plain copy; only other lines go through a decoder. A line with bytes
 * that are not UTF-8 is returned with U+FFFD in their place and {@link #lastLineInvalid()} set, so
 * the reader can skip that one row with its line number instead of refusing the whole input.
 */
final class Utf8Lines {
  private final InputStream in;
  private final CharsetDecoder strict =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] buf;
  private int pos;
  private int limit;
  private boolean eof;

  /** The previous line ended with \r: a \n right after it belongs to that line end. */
  private boolean skipNewline;

  private boolean invalid;

  Utf8Lines(InputStream in) {
    this(in, 1 << 16);
  }

  /** With a first buffer of {@code size} bytes; it grows to hold the longest line. */
  Utf8Lines(InputStream in, int size) {
    this.in = in;
    this.buf = new byte[size];
  }

  /** Whether the line {@link #next()} returned last had bytes that are not UTF-8. */
  boolean lastLineInvalid() {
    return invalid;
  }

  /** The next line without its terminator, or null at the end. */
  String next() throws IOException {
    invalid = false;
    int scanned = pos;
    int high = 0;
    while (true) {
      if (skipNewline && pos < limit) {
        skipNewline = false;
        if (buf[pos] == '\n') {
          pos++;
          scanned = pos;
        }
      }
      for (int i = scanned; i < limit; i++) {
        byte b = buf[i];
        if (b == '\n' || b == '\r') {
          String line = text(pos, i - pos, high);
          pos = i + 1;
          skipNewline = b == '\r';
          return line;
        }
        high |= b;
      }
      scanned = limit;
      if (eof) {
        if (pos == limit) {
          return null;
        }
        String line = text(pos, limit - pos, high);
        pos = limit;
        return line;
      }
      scanned -= fill();
    }
  }

  /** Reads more bytes, keeping the unfinished line; returns how far the kept bytes moved down. */
  private int fill() throws IOException {
    int moved = pos;
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
    return moved;
  }

  private String text(int from, int length, int high) throws IOException {
    if (high >= 0) {
      // No byte had its top bit set: ASCII, for which ISO-8859-1 is the same and a plain copy.
      return new String(buf, from, length, StandardCharsets.ISO_8859_1);
    }
    try {
      return strict.decode(ByteBuffer.wrap(buf, from, length)).toString();
    } catch (CharacterCodingException e) {
      invalid = true;
      return new String(buf, from, length, StandardCharsets.UTF_8);
    }
  }
}
