package org.librarian.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeAccounting;
import org.librarian.testing.RunConfig;

/**
 * The digest message's link: one slash between the site's address and the page, however site_url
 * ends.
 */
class DigestLinkTest {
  @TempDir Path tmp;

  @Test
  void digestLinkHasADoubleSlashWhenSiteUrlEndsWithSlash() throws Exception {
    FakeAccounting sacct = new FakeAccounting();
    long monday = Instant.parse("2026-11-09T00:00:00Z").getEpochSecond();
    sacct.add("90", "ann", "avery", "COMPLETED", monday, monday + 48 * 3600, 4);
    try (Receiver receiver = new Receiver()) {
      RunConfig.avery48()
          .lines("site_url: https://example.github.io/usage/")
          .webhook("ops", receiver.url("/hook"))
          .weeklyDigest("ops")
          .writeTo(tmp);
      Instant friday = Instant.parse("2026-11-20T12:00:00Z");
      Cli.Run run = Cli.withSacct(tmp, sacct, friday).run("run", "--no-plots");
      assertEquals(0, run.code(), run.err());
      assertEquals(1, receiver.posts.size());
      assertEquals(
          "https://example.github.io/usage/digest_avery.html",
          SiteFixture.JSON.readTree(receiver.posts.get(0).body()).get("url").asText());
    }
  }

  @Test
  void theLinkHasOneSlashWhateverTheAddressEndsWith() {
    assertEquals("https://h/usage/digest_a.html", Digest.link("https://h/usage", "a"));
    assertEquals("https://h/usage/digest_a.html", Digest.link("https://h/usage/", "a"));
    assertEquals("https://h/usage/digest_a.html", Digest.link("https://h/usage//", "a"));
    assertEquals("https://h/digest_a.html", Digest.link("https://h/", "a"));
    assertNull(Digest.link(null, "a"));
  }
}
