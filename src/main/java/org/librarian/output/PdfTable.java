package org.librarian.output;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfWriter;
import java.util.ArrayList;
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

  /** The head's line spacing when a column's name takes more than one line. */
  private static final float LINE = 10;

  /** The smallest size a too-wide cell is drawn at before it is cut short. */
  private static final float SMALLEST = 6.5f;

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
    List<List<String>> headLines = new ArrayList<>();
    int lines = 1;
    for (int c = 0; c < head.length; c++) {
      List<String> wrapped = wrap(head[c], bold, edges[c + 1] - edges[c] - 2 * PADDING);
      headLines.add(wrapped);
      lines = Math.max(lines, wrapped.size());
    }
    float headHeight = ROW_HEIGHT + (lines - 1) * LINE;
    PdfContentByte cb = writer.getDirectContent();
    float top = writer.getVerticalPosition(true) - 8;
    int next = 0;
    while (next < rows.size()) {
      if (top - headHeight - ROW_HEIGHT < document.bottom()) {
        document.newPage();
        top = document.top();
      }
      int fit = Math.max(1, (int) ((top - headHeight - document.bottom()) / ROW_HEIGHT));
      int end = Math.min(rows.size(), next + fit);
      head(cb, edges, top, headLines, lines, bold);
      float body = top - headHeight;
      for (int r = next; r < end; r++) {
        row(
            cb,
            edges,
            body - (r - next) * ROW_HEIGHT,
            rows.get(r),
            r == rows.size() - 1 ? bold : regular);
      }
      float bottom = body - (end - next) * ROW_HEIGHT;
      cb.setLineWidth(0.3f);
      cb.moveTo(edges[0], top);
      cb.lineTo(edges[edges.length - 1], top);
      for (int r = 0; r <= end - next; r++) {
        cb.moveTo(edges[0], body - r * ROW_HEIGHT);
        cb.lineTo(edges[edges.length - 1], body - r * ROW_HEIGHT);
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
   * The head's cells, each wrapped at its spaces onto as many lines as it needs to stay inside its
   * borders, bottom-aligned so the last lines of all cells share a baseline.
   */
  private static void head(
      PdfContentByte cb,
      float[] edges,
      float top,
      List<List<String>> cells,
      int lines,
      BaseFont font) {
    cb.beginText();
    for (int c = 0; c < cells.size(); c++) {
      List<String> cell = cells.get(c);
      float room = edges[c + 1] - edges[c] - 2 * PADDING;
      for (int l = 0; l < cell.size(); l++) {
        float baseline = top - ROW_HEIGHT + PADDING + 1.5f - (lines - cell.size() + l) * LINE;
        show(cb, c == 0, edges, c, cell.get(l), font, room, baseline);
      }
    }
    cb.endText();
  }

  /**
   * One row's text, the first column left-aligned and the numbers right-aligned, in cells from
   * {@code top} down; a text wider than its cell is drawn smaller, and cut short with "…" below the
   * smallest size.
   */
  private static void row(
      PdfContentByte cb, float[] edges, float top, String[] cells, BaseFont font) {
    cb.beginText();
    float baseline = top - ROW_HEIGHT + PADDING + 1.5f;
    for (int c = 0; c < cells.length; c++) {
      float room = edges[c + 1] - edges[c] - 2 * PADDING;
      show(cb, c == 0, edges, c, cells[c], font, room, baseline);
    }
    cb.endText();
  }

  private static void show(
      PdfContentByte cb,
      boolean leftAligned,
      float[] edges,
      int c,
      String text,
      BaseFont font,
      float room,
      float baseline) {
    float size = TEXT_SIZE;
    float measured = font.getWidthPoint(text, size);
    if (measured > room) {
      size = Math.max(SMALLEST, size * room / measured);
      text = cut(text, font, size, room);
    }
    cb.setFontAndSize(font, size);
    if (leftAligned) {
      cb.showTextAligned(Element.ALIGN_LEFT, text, edges[c] + PADDING, baseline, 0);
    } else {
      cb.showTextAligned(Element.ALIGN_RIGHT, text, edges[c + 1] - PADDING, baseline, 0);
    }
  }

  /** {@code text} at {@code size}, shortened to end in "…" when it is wider than {@code room}. */
  static String cut(String text, BaseFont font, float size, float room) {
    if (font.getWidthPoint(text, size) <= room) {
      return text;
    }
    int end = text.length();
    while (end > 1 && font.getWidthPoint(text.substring(0, end) + "…", size) > room) {
      end = text.offsetByCodePoints(end, -1);
    }
    return text.substring(0, end) + "…";
  }

  /**
   * {@code text} in lines no wider than {@code room} at the text size, broken at spaces; a word
   * wider than the room stays whole on its line (and is drawn smaller).
   */
  static List<String> wrap(String text, BaseFont font, float room) {
    List<String> lines = new ArrayList<>();
    String line = "";
    for (String word : text.split(" ")) {
      String longer = line.isEmpty() ? word : line + " " + word;
      if (line.isEmpty() || font.getWidthPoint(longer, TEXT_SIZE) <= room) {
        line = longer;
      } else {
        lines.add(line);
        line = word;
      }
    }
    lines.add(line);
    return lines;
  }
}
