package org.librarian.notify;

/** Escaping for the HTML parts of messages and digests. */
final class Html {
  private Html() {}

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A message as one HTML paragraph, with its link. */
  static String paragraph(Message m) {
    String p = "<p>" + escape(m.text()) + "</p>";
    return m.url() == null
        ? p
        : p + "<p><a href=\"" + escape(m.url()) + "\">" + escape(m.url()) + "</a></p>";
  }
}
