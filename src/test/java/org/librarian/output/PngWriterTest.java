package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngWriterTest {
  private static byte[] png(BufferedImage image) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PngWriter.write(image, out);
    return out.toByteArray();
  }

  @Test
  void anotherDecoderReadsBackEveryPixelExactly() throws Exception {
    // Noise, flat areas and wrap-around differences (255 above 0 and back), on rows of odd length.
    BufferedImage image = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
    SplittableRandom random = new SplittableRandom(7);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = x < 10 ? random.nextInt(1 << 24) : y % 2 == 0 ? 0xff00ff : 0x00ff00;
        image.setRGB(x, y, rgb);
      }
    }
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(png(image)));
    assertEquals(37, back.getWidth());
    assertEquals(23, back.getHeight());
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        assertEquals(image.getRGB(x, y), back.getRGB(x, y), "pixel " + x + "," + y);
      }
    }
  }

  @Test
  void chunksAreWellFormedWithTheirChecksums() throws Exception {
    byte[] png = png(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB));
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(png, 8));
    ByteBuffer b = ByteBuffer.wrap(png, 8, png.length - 8);
    StringBuilder types = new StringBuilder();
    while (b.hasRemaining()) {
      int length = b.getInt();
      byte[] typeAndData = new byte[4 + length];
      b.get(typeAndData);
      CRC32 crc = new CRC32();
      crc.update(typeAndData);
      String type = new String(typeAndData, 0, 4, StandardCharsets.US_ASCII);
      assertEquals((int) crc.getValue(), b.getInt(), "CRC of " + type);
      if (type.equals("IHDR")) {
        ByteBuffer h = ByteBuffer.wrap(typeAndData, 4, length);
        assertEquals(3, h.getInt());
        assertEquals(2, h.getInt());
        assertEquals(8, h.get()); // bits per sample
        assertEquals(2, h.get()); // truecolour, no alpha
      }
      types.append(type).append(' ');
    }
    assertEquals("IHDR IDAT IEND ", types.toString());
  }

  @Test
  void refusesImagesWithAlpha() {
    assertThrows(
        IllegalArgumentException.class,
        () -> png(new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB)));
  }
}
