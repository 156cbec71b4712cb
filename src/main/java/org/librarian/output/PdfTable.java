package org.librarian.output;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfWriter;
import java.util.List;

/**
 * A ruled table of text drawn straight onto the pages of a PDF: a bold head on each page, the first
 * column left-aligned and the others right-aligned, the last row (the total) in bold. Sizes are in
 * points.
 */
final class PdfTable {
  private static final float ROW_HEIGHT = 14;
  private static final float TEXT_SIZE = 9;
  private static final float PADDING = 3;

  private PdfTable() {}

  /**
   * Draws the rows (the last one, the total, in bold) as a ruled table under what the document
   * holds so far, across as many pages as it takes, the head on each. Drawn straight onto the page:
   * a laid-out table of a few hundred users costs a tenth of a second more, for the same look.
   */
  static void draw(
      Document document,
      PdfWriter writer,
      String[] head,
      float[] widths,
      List<String[]> rows,
      BaseFont regular,
      BaseFont bold)
      throws DocumentException {
    float left = document.left();
    float width = document.right() - left;
    float sum = 0;
    for (float w : widths) {
      sum += w;
    }
    float[] edges = new float[widths.length + 1];
    edges[0] = left;
    for (int c = 0; c < widths.length; c++) {
      edges[c + 1] = edges[c] + width * widths[c] / sum;
    }
    PdfContentByte cb = writer.getDirectContent();
    float top = writer.getVerticalPosition(true) - 8;
    int next = 0;
    while (next < rows.size()) {
      if (top - 2 * ROW_HEIGHT < document.bottom()) {
        document.newPage();
        top = document.top();
      }
      int fit = Math.max(1, (int) ((top - document.bottom()) / ROW_HEIGHT) - 1);
      int end = Math.min(rows.size(), next + fit);
      row(cb, edges, top, head, bold);
      for (int r = next; r < end; r++) {
        row(
            cb,
            edges,
            top - (r - next + 1) * ROW_HEIGHT,
            rows.get(r),
            r == rows.size() - 1 ? bold : regular);
      }
      float bottom = top - (end - next + 1) * ROW_HEIGHT;
      cb.setLineWidth(0.3f);
      for (int r = 0; r <= end - next + 1; r++) {
        cb.moveTo(edges[0], top - r * ROW_HEIGHT);
        cb.lineTo(edges[edges.length - 1], top - r * ROW_HEIGHT);
      }
      for (float x : edges) {
        cb.moveTo(x, top);
        cb.lineTo(x, bottom);
      }
      cb.stroke();
      next = end;
      top = document.bottom() - 1;
    }
  }

  /**
   * One row's text, the first column left-aligned and the numbers right-aligned, in cells from
   * {@code top} down.
   */
  private static void row(
      PdfContentByte cb, float[] edges, float top, String[] cells, BaseFont font) {
    cb.beginText();
    cb.setFontAndSize(font, TEXT_SIZE);
    float baseline = top - ROW_HEIGHT + PADDING + 1.5f;
    for (int c = 0; c < cells.length; c++) {
      if (c == 0) {
        cb.showTextAligned(Element.ALIGN_LEFT, cells[c], edges[c] + PADDING, baseline, 0);
      } else {
        cb.showTextAligned(Element.ALIGN_RIGHT, cells[c], edges[c + 1] - PADDING, baseline, 0);
      }
    }
    cb.endText();
  }
}
