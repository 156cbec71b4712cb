package org.librarian.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON body each kind of chat or webhook channel accepts. */
public final class Payloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Payloads() {}

  public static String of(String type, Message m) {
    ObjectNode body = JSON.createObjectNode();
    switch (type) {
      case "slack":
        body.put("text", m.textWithLink());
        break;
      case "discord":
        // Discord refuses content over 2000 characters.
        String content = m.textWithLink();
        body.put("content", content.length() > 2000 ? content.substring(0, 1997) + "..." : content);
        break;
      case "teams": {
        // A Teams workflow ("Post to a channel when a webhook request is received") takes an Adaptive Card.
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
        cardBody.addObject().put("type", "TextBlock").put("text", m.text()).put("wrap", true);
        if (m.url() != null) {
          card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", "Open the dashboard")
              .put("url", m.url());
        }
        break;
      }
      default: {
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
}
