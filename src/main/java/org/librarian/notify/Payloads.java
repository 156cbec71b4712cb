package org.librarian.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.BiFunction;

/**
 * The JSON body each kind of chat or webhook channel accepts. User, job and QoS names are text,
 * never markup: each chat's escaping is applied to the whole sentence (Slack's {@code & < >}, a
 * backslash before Discord's and Teams' markdown characters), and Discord is told to ping no one. A
 * sentence too long for a chat is cut, never inside an escape, and ends with "…" and then the link.
 */
public final class Payloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Discord refuses content over 2,000 characters. */
  static final int DISCORD_MAX = 2000;

  /** Slack takes 40,000, but past a few thousand a message is a wall; Teams cards alike. */
  static final int CHAT_MAX = 3000;

  private static final String DISCORD_SPECIAL = "\\*_~`|<>[]@#";
  private static final String TEAMS_SPECIAL = "\\*_~`[]#";

  private Payloads() {}

  /**
   * One character as Slack's text needs it: only {@code & < >} are special, and they make links and
   * broadcasts.
   */
  static String slack(int c) {
    return switch (c) {
      case '&' -> "&amp;";
      case '<' -> "&lt;";
      case '>' -> "&gt;";
      default -> Character.toString(c);
    };
  }

  /**
   * One character, with a backslash when it is one of {@code special} or a '-', '+' or '>' starting
   * a line.
   */
  private static String backslashed(int c, int previous, String special) {
    boolean lineStart = previous == -1 || previous == '\n';
    return special.indexOf(c) >= 0 || lineStart && (c == '-' || c == '+' || c == '>')
        ? "\\" + Character.toString(c)
        : Character.toString(c);
  }

  /**
   * The escaped text, then the link, in at most {@code max} characters: when it does not fit, as
   * many whole escaped characters as fit before "… " and the link.
   */
  static String fit(
      String text, String link, int max, BiFunction<Integer, Integer, String> escape) {
    StringBuilder all = new StringBuilder();
    int[] cps = text.codePoints().toArray();
    int[] ends = new int[cps.length];
    for (int i = 0; i < cps.length; i++) {
      all.append(escape.apply(cps[i], i == 0 ? -1 : cps[i - 1]));
      ends[i] = all.length();
    }
    String tail = link == null ? "" : " " + link;
    if (all.length() + tail.length() <= max) {
      return all + tail;
    }
    int room = max - tail.length() - 1;
    int cut = 0;
    for (int i = 0; i < ends.length && ends[i] <= room; i++) {
      cut = ends[i];
    }
    return all.substring(0, cut) + "…" + tail;
  }

  public static String of(String type, Message m) {
    ObjectNode body = JSON.createObjectNode();
    switch (type) {
      case "slack":
        body.put(
            "text",
            fit(
                m.text(),
                m.url() == null ? null : escapeSlack(m.url()),
                CHAT_MAX,
                (c, p) -> slack(c)));
        break;
      case "discord":
        body.put(
            "content",
            fit(m.text(), m.url(), DISCORD_MAX, (c, p) -> backslashed(c, p, DISCORD_SPECIAL)));
        body.putObject("allowed_mentions").putArray("parse");
        break;
      case "teams":
        {
          // A Teams workflow ("Post to a channel when a webhook request is received") takes an
          // Adaptive Card.
          body.put("type", "message");
          ArrayNode attachments = body.putArray("attachments");
          ObjectNode a = attachments.addObject();
          a.put("contentType", "application/vnd.microsoft.card.adaptive");
          a.putNull("contentUrl");
          ObjectNode card = a.putObject("content");
          card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
          card.put("type", "AdaptiveCard");
          card.put("version", "1.4");
          ArrayNode cardBody = card.putArray("body");
          cardBody
              .addObject()
              .put("type", "TextBlock")
              .put(
                  "text", fit(m.text(), null, CHAT_MAX, (c, p) -> backslashed(c, p, TEAMS_SPECIAL)))
              .put("wrap", true);
          if (m.url() != null) {
            card.putArray("actions")
                .addObject()
                .put("type", "Action.OpenUrl")
                .put("title", "Open the dashboard")
                .put("url", m.url());
          }
          break;
        }
      default:
        {
          body.put("text", m.text());
          body.put("kind", m.kind());
          body.put("rule", m.rule());
          body.put("qos", m.qos());
          if (m.value() == null) {
            body.putNull("value");
          } else {
            body.put("value", Math.round(m.value() * 1000) / 1000.0);
          }
          if (m.threshold() == null) {
            body.putNull("threshold");
          } else {
            body.put("threshold", Math.round(m.threshold() * 1000) / 1000.0);
          }
          body.put("unit", m.unit());
          body.put("since", m.since());
          body.put("url", m.url());
          body.put("id", m.id());
        }
    }
    return body.toString();
  }

  private static String escapeSlack(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(c -> b.append(slack(c)));
    return b.toString();
  }
}
