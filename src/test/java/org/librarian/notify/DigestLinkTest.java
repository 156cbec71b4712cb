package org.librarian.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.librarian.testing.Cli;

/**
 * The digest message's link: one slash between the site's address and the page, however site_url
 * ends.
 */
class DigestLinkTest {
  @TempDir Path tmp;

  @Test
  void aSiteUrlEndingInASlashGivesTheLinkOneSlash() throws Exception {
    try (Receiver receiver = new Receiver()) {
      Cli.Run run =
          DigestWeek.runOnFriday(
              tmp, DigestWeek.annsTwoDays(), receiver, "https://example.github.io/usage/");
      assertEquals(0, run.code(), run.err());
      assertEquals(1, receiver.posts.size());
      assertEquals(
          "https://example.github.io/usage/digest_avery.html",
          SiteFixture.JSON.readTree(receiver.posts.get(0).body()).get("url").asText());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "https://h/usage, https://h/usage/digest_a.html",
    "https://h/usage/, https://h/usage/digest_a.html",
    "https://h/usage//, https://h/usage/digest_a.html",
    "https://h/, https://h/digest_a.html"
  })
  void theLinkHasOneSlashWhateverTheAddressEndsWith(String siteUrl, String link) {
    assertEquals(link, Digest.link(siteUrl, "a"));
  }

  @Test
  void noAddressNoLink() {
    assertNull(Digest.link(null, "a"));
  }
}
