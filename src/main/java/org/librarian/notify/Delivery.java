package org.librarian.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.librarian.config.ConfigException;
import org.librarian.config.NotifySettings.Channel;
import org.librarian.config.NotifySettings.Secret;

/**
 * Sends a message to a channel: webhooks, Slack, Discord and Teams by an HTTP POST of JSON, e-mail by
 * SMTP. Every call has a timeout; timeouts and 5xx answers are tried again with a doubling pause, up to
 * {@code attempts} times. Errors name the channel, never its address or password.
 */
public class Delivery {
  /** Why a message did not go out. */
  public static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean retryable;

    Failed(String message, boolean retryable) {
      super(message);
      this.retryable = retryable;
    }
  }

  private final Map<String, String> env;
  private final Duration timeout;
  private final int attempts;
  private final Duration firstPause;
  private HttpClient http;

  public Delivery(Map<String, String> env, Duration timeout, int attempts, Duration firstPause) {
    this.env = env;
    this.timeout = timeout;
    this.attempts = attempts;
    this.firstPause = firstPause;
  }

  public static Delivery standard(Map<String, String> env) {
    return new Delivery(env, Duration.ofSeconds(20), 3, Duration.ofSeconds(2));
  }

  /** Sends, trying again on timeouts and 5xx; throws when every try failed. */
  public void send(Channel channel, Message m) throws Failed {
    Duration pause = firstPause;
    for (int attempt = 1; ; attempt++) {
      try {
        sendOnce(channel, m);
        return;
      } catch (Failed f) {
        if (!f.retryable || attempt >= attempts) {
          throw attempt > 1 ? new Failed(f.getMessage() + " (after " + attempt + " tries)", f.retryable) : f;
        }
      }
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Failed("interrupted", false);
      }
      pause = pause.multipliedBy(2);
    }
  }

  void sendOnce(Channel channel, Message m) throws Failed {
    if (channel.type().equals("email")) {
      mail(channel, m);
    } else {
      post(channel, m);
    }
  }

  private String secret(Channel channel, Secret s, String what) throws Failed {
    try {
      return s.resolve(env);
    } catch (ConfigException e) {
      throw new Failed("channel " + channel.name() + ": " + what + ": " + e.getMessage(), false);
    }
  }

  private void post(Channel channel, Message m) throws Failed {
    String url = secret(channel, channel.url(), "url");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new Failed("channel " + channel.name() + ": the url " + channel.url().describe() + " is not an address",
          false);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new Failed("channel " + channel.name() + ": the url " + channel.url().describe()
          + " is not an http(s) address", false);
    }
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(Payloads.of(channel.type(), m), StandardCharsets.UTF_8)).build();
    String where = "channel " + channel.name() + " (" + channel.type() + ")";
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      int code = r.statusCode();
      if (code / 100 == 2) {
        return;
      }
      String body = r.body() == null ? "" : r.body().strip();
      throw new Failed(where + ": HTTP " + code + (body.isEmpty() ? "" : ": " + oneLine(body, url)), code >= 500);
    } catch (HttpTimeoutException e) {
      throw new Failed(where + ": no answer within " + timeout.toSeconds() + " s", true);
    } catch (IOException e) {
      String why = e instanceof java.net.ConnectException ? "could not connect to " + uri.getHost()
          + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + " (nothing listens there, or no route)"
          : oneLine(String.valueOf(e.getMessage()), url) + " (" + e.getClass().getSimpleName() + ")";
      throw new Failed(where + ": " + why, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failed(where + ": interrupted", false);
    }
  }

  /** One line of at most 200 characters, the secret address never in it. */
  private static String oneLine(String text, String secret) {
    String s = text.replace(secret, "<url>").replaceAll("\\s+", " ");
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** The Jakarta Mail properties of a channel's SMTP server: STARTTLS, when asked, is required. */
  static Properties smtpProperties(Channel channel, Duration timeout) {
    Properties p = new Properties();
    p.put("mail.transport.protocol", "smtp");
    p.put("mail.smtp.host", channel.smtp().host());
    p.put("mail.smtp.port", Integer.toString(channel.smtp().port()));
    p.put("mail.smtp.starttls.enable", Boolean.toString(channel.smtp().starttls()));
    p.put("mail.smtp.starttls.required", Boolean.toString(channel.smtp().starttls()));
    p.put("mail.smtp.ssl.checkserveridentity", "true");
    p.put("mail.smtp.auth", Boolean.toString(channel.smtp().user() != null));
    String ms = Long.toString(timeout.toMillis());
    p.put("mail.smtp.connectiontimeout", ms);
    p.put("mail.smtp.timeout", ms);
    p.put("mail.smtp.writetimeout", ms);
    return p;
  }

  private void mail(Channel channel, Message m) throws Failed {
    List<InternetAddress> to = new ArrayList<>();
    String where = "channel " + channel.name() + " (email)";
    try {
      for (Secret s : channel.to()) {
        for (String address : secret(channel, s, "to").split(",")) {
          if (!address.isBlank()) {
            to.add(new InternetAddress(address.strip(), true));
          }
        }
      }
      if (to.isEmpty()) {
        throw new Failed(where + ": no address to send to", false);
      }
      String password = channel.smtp().user() == null ? null : secret(channel, channel.smtp().password(), "password");
      Session session = Session.getInstance(smtpProperties(channel, timeout));
      MimeMessage mail = new MimeMessage(session);
      mail.setFrom(new InternetAddress(channel.from(), true));
      mail.setRecipients(jakarta.mail.Message.RecipientType.TO, to.toArray(InternetAddress[]::new));
      mail.setSubject(m.subject(), "UTF-8");
      mail.setSentDate(new Date());
      MimeMultipart alternative = new MimeMultipart("alternative");
      MimeBodyPart text = new MimeBodyPart();
      text.setText(m.textWithLink() + "\n", "UTF-8");
      alternative.addBodyPart(text);
      MimeBodyPart html = new MimeBodyPart();
      html.setContent(m.html() != null ? m.html() : Html.paragraph(m), "text/html; charset=UTF-8");
      alternative.addBodyPart(html);
      mail.setContent(alternative);
      mail.saveChanges();
      try (Transport t = session.getTransport("smtp")) {
        t.connect(channel.smtp().host(), channel.smtp().port(), channel.smtp().user(), password);
        t.sendMessage(mail, mail.getAllRecipients());
      }
    } catch (MessagingException e) {
      boolean timedOut = false;
      for (Throwable c = e; c != null; c = c.getCause()) {
        timedOut |= c instanceof java.net.SocketTimeoutException;
      }
      String detail = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
      throw new Failed(where + ": " + (detail.length() > 200 ? detail.substring(0, 200) + "..." : detail), timedOut);
    }
  }
}
