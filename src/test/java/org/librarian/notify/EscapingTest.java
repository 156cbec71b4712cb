package org.librarian.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * User names, job names and QoS names are text, never markup: what each chat receives, captured on
 * a real server on loopback. And a long message keeps its link.
 */
class EscapingTest {
  static final String LINK = "https://example.github.io/usage/";

  /** A user name that tries every trick: Slack broadcasts, Discord mentions, a markdown link. */
  static final String HOSTILE =
      "<!channel> <!here> @everyone @here <@&123> [x](http://evil) *b* _i_ a&b";

  private static Map<String, JsonNode> deliver(String text) throws Exception {
    Map<String, JsonNode> byPath = new LinkedHashMap<>();
    try (Receiver receiver = new Receiver()) {
      Delivery d = DeliveryFixture.quick(Duration.ofSeconds(5), 1);
      Message m =
          DeliveryFixture.message(
              "1", "jobs", "jobs_finished", "[librarian] 1 job ended", text, 1.0, "jobs", LINK);
      for (String type : List.of("slack", "discord", "teams")) {
        d.send(DeliveryFixture.chat(type, type, receiver.url("/" + type)), m);
      }
      for (Receiver.Post p : receiver.posts) {
        byPath.put(p.path(), SiteFixture.JSON.readTree(p.body()));
      }
    }
    return byPath;
  }

  /**
   * #24: {@code <!channel>}, {@code @everyone} and markdown links in user or job names were
   * delivered live.
   */
  @Test
  void userAndJobNamesCannotMentionOrLinkInChats() throws Exception {
    Map<String, JsonNode> got = deliver("1 job of " + HOSTILE + " ended.");
    assertEquals(
        "1 job of &lt;!channel&gt; &lt;!here&gt; @everyone @here &lt;@&amp;123&gt; [x](http://evil) *b* _i_"
            + " a&amp;b ended. "
            + LINK,
        got.get("/slack").get("text").asText());
    assertEquals(
        "1 job of \\<!channel\\> \\<!here\\> \\@everyone \\@here \\<\\@&123\\> \\[x\\](http://evil)"
            + " \\*b\\* \\_i\\_ a&b ended. "
            + LINK,
        got.get("/discord").get("content").asText());
    assertEquals("{\"parse\":[]}", got.get("/discord").get("allowed_mentions").toString());
    assertEquals(
        "1 job of <!channel> <!here> @everyone @here <@&123> \\[x\\](http://evil) \\*b\\* \\_i\\_ a&b"
            + " ended.",
        teamsText(got));
  }

  /** The text of the Teams card's first block. */
  private static String teamsText(Map<String, JsonNode> got) {
    return got.get("/teams").at("/attachments/0/content/body/0/text").asText();
  }

  /** #24: a Discord message over 2,000 characters lost its link. */
  @Test
  void longDiscordMessageKeepsItsLink() throws Exception {
    String text = "x".repeat(2500);
    Map<String, JsonNode> got = deliver(text);
    String discord = got.get("/discord").get("content").asText();
    assertEquals(2000, discord.length());
    assertEquals("x".repeat(2000 - 2 - LINK.length()) + "… " + LINK, discord);
    String slack = got.get("/slack").get("text").asText();
    assertEquals(
        2500 + 1 + LINK.length(),
        slack.length(),
        "2,500 characters are within Slack's cap of 3,000");
    String teams = teamsText(got);
    assertEquals(2500, teams.length());
  }

  @Test
  void longSlackAndTeamsMessagesAreCutAtThreeThousandKeepingTheLink() throws Exception {
    Map<String, JsonNode> got = deliver("&".repeat(5000));
    String slack = got.get("/slack").get("text").asText();
    assertTrue(slack.length() <= 3000, "length " + slack.length());
    // Never half an escape: as many whole "&amp;" as fit before "… " and the link.
    assertEquals("&amp;".repeat((3000 - 2 - LINK.length()) / 5) + "… " + LINK, slack);
    JsonNode card = got.get("/teams").get("attachments").get(0).get("content");
    assertEquals("&".repeat(2999) + "…", card.get("body").get(0).get("text").asText());
    assertEquals(
        LINK,
        card.get("actions").get(0).get("url").asText(),
        "the link stays, as the card's button");
  }
}
