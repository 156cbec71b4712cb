package org.librarian.notify;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.librarian.config.NotifySettings;
import org.librarian.config.NotifySettings.Channel;
import org.librarian.config.NotifySettings.Secret;

/**
 * Channels, messages, deliveries and notifiers built by hand for the notify tests: one set-up
 * instead of each test spelling out every field.
 */
final class DeliveryFixture {
  private DeliveryFixture() {}

  /** A chat channel ({@code type} webhook, slack, discord or teams) posting to {@code url}. */
  static Channel chat(String name, String type, String url) {
    return new Channel(name, type, new Secret(url, null), List.of(), null, null);
  }

  /** An e-mail channel sending from {@code from} to the one address {@code to} through smtp. */
  static Channel mail(String name, String to, String from, NotifySettings.Smtp smtp) {
    return new Channel(name, "email", null, List.of(new Secret(to, null)), from, smtp);
  }

  /**
   * A message about QoS avery, without html, threshold or since: {@code value} in {@code unit}
   * (both may be null) and a link {@code url} (may be null).
   */
  static Message message(
      String id,
      String kind,
      String rule,
      String subject,
      String text,
      Double value,
      String unit,
      String url) {
    return new Message(id, kind, rule, "avery", subject, text, null, value, null, unit, null, url);
  }

  /** Each try within {@code timeout}, {@code tries} tries 10 ms apart, no variables. */
  static Delivery quick(Duration timeout, int tries) {
    return new Delivery(Map.of(), timeout, new Delivery.Tries(tries, Duration.ofMillis(10)));
  }

  /** A notifier in UTC reading {@code site}, keeping its state in {@code state}, saying to out. */
  static Notifier notifier(
      NotifySettings settings, Path site, Path state, Delivery delivery, Writer out) {
    return new Notifier(
        settings, site, state, ZoneOffset.UTC, delivery, new PrintWriter(out, true));
  }
}
