package org.librarian.notify;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.librarian.config.NotifySettings.Channel;
import org.librarian.config.NotifySettings.Secret;
import org.librarian.notify.Delivery.Failed;

/**
 * One try at an e-mail channel: one SMTP exchange, from connect to the last reply, within one
 * deadline kept by {@link DeadlineSockets}, so a server that trickles bytes cannot hold it longer.
 * STARTTLS, when asked, is required. Timeouts may be tried again; a 5xx for a recipient or the
 * message is permanent. Errors never quote the password.
 */
final class MailDelivery {
  private static final ScheduledExecutorService CUTTER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "librarian-smtp-deadline");
            t.setDaemon(true);
            return t;
          });

  private final Map<String, String> env;
  private final DeliveryBudget budget;

  MailDelivery(Map<String, String> env, DeliveryBudget budget) {
    this.env = env;
    this.budget = budget;
  }

  /** The Jakarta Mail properties of a channel's SMTP server: STARTTLS, when asked, is required. */
  static Properties properties(Channel channel, Duration timeout) {
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

  /**
   * Sends the message as text and HTML to every address of the channel; returns when the server
   * took it.
   */
  void mail(Channel channel, Message m, Duration deadline) throws Failed {
    List<InternetAddress> to = new ArrayList<>();
    String where = "channel " + channel.name() + " (email)";
    DeadlineSockets sockets = new DeadlineSockets(CUTTER, System.nanoTime() + deadline.toNanos());
    try (sockets) {
      for (Secret s : channel.to()) {
        for (String address : Delivery.secret(env, channel, s, "to").split(",")) {
          if (!address.isBlank()) {
            to.add(new InternetAddress(address.strip(), true));
          }
        }
      }
      if (to.isEmpty()) {
        throw new Failed(where + ": no address to send to", false);
      }
      String password =
          channel.smtp().user() == null
              ? null
              : Delivery.secret(env, channel, channel.smtp().password(), "password");
      Properties props = properties(channel, deadline);
      props.put("mail.smtp.socketFactory", sockets);
      props.put("mail.smtp.socketFactory.fallback", "false");
      Session session = Session.getInstance(props);
      MimeMessage mail = new MimeMessage(session);
      mail.setFrom(new InternetAddress(channel.from(), true));
      mail.setRecipients(RecipientType.TO, to.toArray(InternetAddress[]::new));
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
      if (sockets.passed()) {
        throw new Failed(where + ": " + budget.noAnswer(deadline), true);
      }
      boolean timedOut = false;
      int refusedWith = 0;
      String refusedText = null;
      for (Throwable c = e; c != null; c = c.getCause()) {
        timedOut |= c instanceof SocketTimeoutException;
        // A 5xx for a recipient or the message itself is the server's final word; a 4xx is "try
        // later".
        int code =
            c instanceof SMTPAddressFailedException a
                ? a.getReturnCode()
                : c instanceof SMTPSendFailedException s ? s.getReturnCode() : 0;
        if (code / 100 == 5 && refusedWith == 0) {
          refusedWith = code;
          refusedText = c.getMessage();
        }
      }
      String detail =
          String.valueOf(refusedText != null ? refusedText : e.getMessage())
              .replaceAll("\\s+", " ")
              .strip();
      Failed f =
          new Failed(
              where + ": " + (detail.length() > 200 ? detail.substring(0, 200) + "..." : detail),
              timedOut,
              refusedWith != 0,
              true);
      f.refusal = refusedWith == 0 ? null : "SMTP " + refusedWith;
      throw f;
    }
  }
}
