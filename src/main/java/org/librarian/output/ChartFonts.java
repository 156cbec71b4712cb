package org.librarian.output;

import com.lowagie.text.DocumentException;
import com.lowagie.text.ExceptionConverter;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.FontMapper;
import java.awt.Font;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Fonts for charts and PDFs: DejaVu Sans, from Debian's fonts-dejavu-core, which covers the names
 * users have (accents, Greek, Cyrillic). PDFs embed it, so text stays text and reads anywhere.
 */
final class ChartFonts {
  static final String DIRECTORY = "/usr/share/fonts/truetype/dejavu";
  static final String FAMILY = "DejaVu Sans";
  static final String REGULAR_FILE = DIRECTORY + "/DejaVuSans.ttf";
  static final String BOLD_FILE = DIRECTORY + "/DejaVuSans-Bold.ttf";

  private ChartFonts() {}

  static boolean available() {
    return new File(REGULAR_FILE).isFile();
  }

  static Font font(int style, float size) {
    return new Font(available() ? FAMILY : Font.SANS_SERIF, style, Math.round(size));
  }

  /**
   * Maps the AWT fonts a chart draws with to embedded DejaVu Sans (bold or regular), with Unicode
   * encoding; Helvetica when DejaVu is not installed. Charts draw only with {@link #font}, so the
   * two files are all there is to map; naming them directly spares scanning a font directory per
   * PDF.
   */
  static FontMapper pdfMapper() {
    return PdfMapper.INSTANCE;
  }

  /** A regular or bold PDF font: embedded DejaVu when installed, else the standard Helvetica. */
  static BaseFont baseFont(boolean bold) throws DocumentException, IOException {
    if (!available()) {
      return BaseFont.createFont(
          bold ? BaseFont.HELVETICA_BOLD : BaseFont.HELVETICA,
          BaseFont.WINANSI,
          BaseFont.NOT_EMBEDDED);
    }
    // createFont caches by name, so every document shares one parsed font. It is made from the
    // file's
    // bytes in memory: from a path, each document's subset reads the font a few bytes per system
    // call.
    String file = bold ? BOLD_FILE : REGULAR_FILE;
    return BaseFont.createFont(
        file, BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true, bytes(file), null);
  }

  /** The two font files' bytes, each read once. */
  private static final Map<String, byte[]> FONT_BYTES = new HashMap<>();

  private static synchronized byte[] bytes(String file) throws IOException {
    byte[] read = FONT_BYTES.get(file);
    if (read == null) {
      read = Files.readAllBytes(Path.of(file));
      FONT_BYTES.put(file, read);
    }
    return read;
  }

  private enum PdfMapper implements FontMapper {
    INSTANCE;

    @Override
    public BaseFont awtToPdf(Font font) {
      try {
        return baseFont(font.isBold());
      } catch (DocumentException | IOException e) {
        throw new ExceptionConverter(e);
      }
    }

    @Override
    public Font pdfToAwt(BaseFont font, int size) {
      boolean bold = font.getPostscriptFontName().contains("Bold");
      return new Font(available() ? FAMILY : Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size);
    }
  }
}
