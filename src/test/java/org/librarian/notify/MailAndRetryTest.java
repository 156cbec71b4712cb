package org.librarian.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.config.NotifySettings;
import org.librarian.config.NotifySettings.Channel;
import org.librarian.config.NotifySettings.Rule;
import org.librarian.config.NotifySettings.Secret;
import org.librarian.testing.Cli;

/**
 * E-mail through a real SMTP server (GreenMail) inside the test; retries against a real HTTP
 * server.
 */
class MailAndRetryTest {
  @TempDir Path tmp;

  @Test
  void anAlertByEmailHasTextAndHtmlPartsAndLogsIn() throws Exception {
    GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    try {
      smtp.setUser("usage@example.org", "usage", "s3cret-pass");
      Path site = tmp.resolve("site");
      SiteFixture.write(
          site,
          SiteFixture.data(
              "avery", NotifyTest.FIRST, NotifyTest.UPDATED, 430, NotifyTest.aboveSince07(), null));
      Path config = tmp.resolve("librarian.yaml");
      Files.writeString(
          config,
          "timezone: UTC\nstate_dir: "
              + tmp.resolve("state")
              + "\n"
              + "site_url: https://example.github.io/usage/\nalerts:\n  channels:\n"
              + "    pi: {type: email, to: [pi@example.org, lab@example.org], from: usage@example.org,\n"
              + "         smtp: {host: 127.0.0.1, port: "
              + smtp.getSmtp().getPort()
              + ", starttls: false, user: usage,"
              + " password_env: LIBRARIAN_SMTP_PASSWORD}}\n"
              + "  rules:\n    - {when: usage_above, observable: NCPUS, percent: 90, for: 3h, channels: [pi]}\n");
      Cli.Run run =
          new Cli(tmp)
              .env("LIBRARIAN_SMTP_PASSWORD", "s3cret-pass")
              .notify(config, site, "2026-11-29T12:12:00Z");
      assertEquals(0, run.code(), run.err());
      assertFalse((run.out() + run.err()).contains("s3cret-pass"));
      MimeMessage[] got = smtp.getReceivedMessages();
      assertEquals(2, got.length, "one copy per recipient");
      MimeMessage m = got[0];
      assertEquals("usage@example.org", m.getFrom()[0].toString());
      assertEquals("[librarian] avery: usage_above NCPUS 90 % for 3h", m.getSubject());
      MimeMultipart parts = (MimeMultipart) m.getContent();
      assertTrue(
          parts.getContentType().startsWith("multipart/alternative"), parts.getContentType());
      assertEquals(2, parts.getCount());
      assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
      assertEquals(
          "avery has used 90 % or more of its limit of 430 CPUs (387 CPUs) in every hour since 2026-11-29"
              + " 07:00 UTC: 400 CPUs on average over the last 3 h (93 %). https://example.github.io/usage/",
          parts.getBodyPart(0).getContent().toString().strip());
      assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
      assertTrue(
          parts
              .getBodyPart(1)
              .getContent()
              .toString()
              .contains("<a href=\"https://example.github.io/usage/\">"),
          parts.getBodyPart(1).getContent().toString());

      Cli.Run wrong =
          new Cli(tmp)
              .env("LIBRARIAN_SMTP_PASSWORD", "wrong")
              .notify(config, site, "2026-11-30T12:12:00Z");
      assertEquals(1, wrong.code());
      assertTrue(wrong.err().contains("channel pi (email): "), wrong.err());
      assertFalse(wrong.err().contains("wrong"), wrong.err());
    } finally {
      smtp.stop();
    }
  }

  @Test
  void starttlsWhenAskedIsRequiredNotTriedAndSkipped() {
    Channel ch =
        DeliveryFixture.mail(
            "pi",
            "pi@example.org",
            "u@example.org",
            new NotifySettings.Smtp("smtp.example.org", 587, true, "usage", new Secret(null, "P")));
    Properties p = Delivery.smtpProperties(ch, Duration.ofSeconds(20));
    assertEquals("true", p.get("mail.smtp.starttls.enable"));
    assertEquals("true", p.get("mail.smtp.starttls.required"));
    assertEquals("true", p.get("mail.smtp.auth"));
    assertEquals("20000", p.get("mail.smtp.timeout"));
    assertEquals("20000", p.get("mail.smtp.connectiontimeout"));
  }

  /**
   * Two 503 answers, then 200: one notify, three tries, delivered once; a 4xx is not tried again.
   */
  @Test
  void fiveHundredsAreTriedAgainWithinTheRunAndFourHundredsAreNot() throws Exception {
    Path site = tmp.resolve("site");
    SiteFixture.write(
        site,
        SiteFixture.data(
            "avery", NotifyTest.FIRST, NotifyTest.UPDATED, 430, NotifyTest.aboveSince07(), null));
    try (Receiver receiver = new Receiver()) {
      receiver.failures.set(2);
      Rule rule = RuleFixture.cpusAbove90PercentFor3h("ops");
      NotifySettings settings =
          RuleFixture.oneChannel("ops", "webhook", receiver.url("/hook"), rule);
      Notifier n =
          DeliveryFixture.notifier(
              settings,
              site,
              tmp.resolve("state"),
              DeliveryFixture.quick(Duration.ofSeconds(5), 3),
              new StringWriter());
      Notifier.Result r = n.notify(NotifyTest.UPDATED.getEpochSecond() + 120, false);
      assertEquals(List.of(), r.failures());
      assertEquals(1, r.sent());
      assertEquals(1, receiver.posts.size());
      assertEquals(0, receiver.failures.get(), "both 503s were used up");

      receiver.failures.set(5);
      receiver.failStatus = 404;
      NotifyTest.deleteTree(tmp.resolve("state"));
      Notifier.Result notFound = n.notify(NotifyTest.UPDATED.getEpochSecond() + 120, false);
      assertEquals(1, notFound.failures().size());
      assertTrue(
          notFound.failures().get(0).endsWith("HTTP 404: busy; it stays due for the next notify"),
          notFound.failures().get(0));
      assertEquals(4, receiver.failures.get(), "tried once");
      assertEquals(1, notFound.due().size());
    }
  }
}
