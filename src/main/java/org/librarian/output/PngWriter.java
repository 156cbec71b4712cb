package org.librarian.output;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes an opaque RGB image as an 8-bit truecolour PNG (RFC 2083): every row with the "Up" filter,
 * then zlib. A chart is mostly flat colour that repeats from row to row, which "Up" turns into runs
 * of zeros; the files come out the size of ImageIO's, in a fraction of the time, because ImageIO
 * tries five filters on every row in Java code that a short run never gets to compile.
 */
final class PngWriter {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final int COLOUR_TYPE_RGB = 2;
  private static final int FILTER_UP = 2;

  private PngWriter() {}

  /** Writes {@code image}, which must be {@link BufferedImage#TYPE_INT_RGB}. */
  static void write(BufferedImage image, OutputStream out) throws IOException {
    if (image.getType() != BufferedImage.TYPE_INT_RGB) {
      throw new IllegalArgumentException("expected an RGB image, not type " + image.getType());
    }
    int width = image.getWidth();
    int height = image.getHeight();
    // A TYPE_INT_RGB raster made by the image's own constructor is one int per pixel, rows back to
    // back.
    int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();

    DataOutputStream png = new DataOutputStream(out);
    png.write(SIGNATURE);
    ByteArrayOutputStream header = new ByteArrayOutputStream(13);
    DataOutputStream h = new DataOutputStream(header);
    h.writeInt(width);
    h.writeInt(height);
    h.writeByte(8);
    h.writeByte(COLOUR_TYPE_RGB);
    h.writeByte(0); // deflate
    h.writeByte(0); // adaptive filtering, per row
    h.writeByte(0); // not interlaced
    chunk(png, "IHDR", header.toByteArray());

    ByteArrayOutputStream data = new ByteArrayOutputStream(1 << 17);
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    try (DeflaterOutputStream z = new DeflaterOutputStream(data, deflater, 1 << 16)) {
      byte[] row = new byte[1 + 3 * width];
      row[0] = FILTER_UP;
      for (int y = 0; y < height; y++) {
        int at = y * width;
        int above = at - width;
        for (int x = 0, k = 1; x < width; x++) {
          int p = pixels[at + x];
          int q = y == 0 ? 0 : pixels[above + x];
          row[k++] = (byte) ((p >> 16) - (q >> 16));
          row[k++] = (byte) ((p >> 8) - (q >> 8));
          row[k++] = (byte) (p - q);
        }
        z.write(row);
      }
    } finally {
      deflater.end();
    }
    chunk(png, "IDAT", data.toByteArray());
    chunk(png, "IEND", new byte[0]);
    png.flush();
  }

  private static void chunk(DataOutputStream png, String type, byte[] data) throws IOException {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    png.writeInt(data.length);
    png.write(name);
    png.write(data);
    png.writeInt((int) crc.getValue());
  }
}
