package org.librarian.notify;

/**
 * One message to send: a plain sentence ({@code text}, units and zone included), and for e-mail a
 * subject and optionally an HTML body. {@code kind} is alert, resolved, jobs or digest; {@code
 * since} is ISO-8601 with offset, or null.
 */
public record Message(
    String id,
    String kind,
    String rule,
    String qos,
    String subject,
    String text,
    String html,
    Double value,
    Double threshold,
    String unit,
    String since,
    String url) {

  /** The text with the link, for chats and e-mail. */
  public String textWithLink() {
    return url == null ? text : text + " " + url;
  }
}
