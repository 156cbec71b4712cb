package org.librarian.output;

import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.DefaultFontMapper;
import java.awt.Font;
import java.io.File;

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

  /** Maps the AWT fonts a chart draws with to embedded DejaVu, with Unicode encoding. */
  static DefaultFontMapper pdfMapper() {
    DefaultFontMapper mapper = new DefaultFontMapper();
    if (available()) {
      mapper.insertDirectory(DIRECTORY);
      for (String name : new String[] {"DejaVu Sans", "DejaVu Sans Bold"}) {
        DefaultFontMapper.BaseFontParameters p = mapper.getBaseFontParameters(name);
        if (p != null) {
          p.encoding = BaseFont.IDENTITY_H;
          p.embedded = true;
        }
      }
    }
    return mapper;
  }
}
