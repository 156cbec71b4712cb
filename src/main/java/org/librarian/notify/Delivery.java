package org.librarian.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.librarian.config.NotifySettings;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.librarian.config.ConfigException;
import org.librarian.config.NotifySettings.Channel;
import org.librarian.config.NotifySettings.Secret;

/**
 * Sends a message to a channel: webhooks, Slack, Discord and Teams by an HTTP POST of JSON, e-mail by
 * SMTP. Each exchange has one deadline for the whole of it (connect, answer and body; for SMTP from
 * connect to the last reply): {@code timeout}, or less when the budget of the notify ends sooner. All
 * deliveries of one notify, tries and pauses included, end within {@code budget} from {@link #begin()}.
 * Timeouts, 408, 429 and 5xx answers are tried again with a doubling pause, up to {@code attempts} times;
 * other 4xx answers are permanent. A 2xx answer means delivered, even when its body is cut short.
 * Errors name the channel, never its address or password.
 */
public class Delivery {
  /** Why a message did not go out. */
  public static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean retryable;
    /** The receiver refused it for good (a 4xx other than 408 and 429): trying again will not help. */
    final boolean permanent;
    /** False when it was not tried at all, the budget being spent. */
    final boolean tried;
    /** For a permanent refusal, what it was, e.g. "HTTP 404". */
    String refusal;

    Failed(String message, boolean retryable) {
      this(message, retryable, false, true);
    }

    Failed(String message, boolean retryable, boolean permanent, boolean tried) {
      super(message);
      this.retryable = retryable;
      this.permanent = permanent;
      this.tried = tried;
    }
  }

  /** Below this, what is left of the budget is not worth a try. */
  private static final Duration LEAST_TRY = Duration.ofMillis(200);
  private static final ScheduledExecutorService CUTTER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "librarian-smtp-deadline");
    t.setDaemon(true);
    return t;
  });

  private final Map<String, String> env;
  private final Duration timeout;
  private final int attempts;
  private final Duration firstPause;
  private final Duration budget;
  private long budgetEnds;
  private HttpClient http;

  public Delivery(Map<String, String> env, Duration timeout, int attempts, Duration firstPause) {
    this(env, timeout, attempts, firstPause, Duration.ofMinutes(5));
  }

  public Delivery(Map<String, String> env, Duration timeout, int attempts, Duration firstPause, Duration budget) {
    this.env = env;
    this.timeout = timeout;
    this.attempts = attempts;
    this.firstPause = firstPause;
    this.budget = budget;
    begin();
  }

  /** Three tries, 2 s then 4 s apart, within the configured timeout and budget. */
  public static Delivery standard(Map<String, String> env, NotifySettings.Limits limits) {
    return new Delivery(env, limits.timeout(), 3, Duration.ofSeconds(2), limits.budget());
  }

  public static Delivery standard(Map<String, String> env) {
    return standard(env, NotifySettings.Limits.DEFAULT);
  }

  /** Starts the budget: the deliveries from now on end within it. */
  public void begin() {
    budgetEnds = System.nanoTime() + budget.toNanos();
  }

  private Duration left() {
    return Duration.ofNanos(budgetEnds - System.nanoTime());
  }

  /** Sends, trying again on timeouts, 408, 429 and 5xx while the budget lasts; throws when it did not go out. */
  public void send(Channel channel, Message m) throws Failed {
    Duration pause = firstPause;
    for (int attempt = 1; ; attempt++) {
      Duration deadline = left().compareTo(timeout) < 0 ? left() : timeout;
      if (deadline.compareTo(LEAST_TRY) < 0) {
        String why = "not tried: the budget of " + seconds(budget) + " for this notify's deliveries is spent";
        throw attempt == 1 ? new Failed("channel " + channel.name() + " (" + channel.type() + "): " + why, false,
            false, false) : new Failed("channel " + channel.name() + ": " + why, false);
      }
      Failed failed;
      try {
        sendOnce(channel, m, deadline);
        return;
      } catch (Failed f) {
        failed = f;
      }
      boolean again = failed.retryable && attempt < attempts && left().compareTo(pause.plus(LEAST_TRY)) > 0;
      if (!again) {
        if (attempt > 1) {
          Failed f = new Failed(failed.getMessage() + " (after " + attempt + " tries)", failed.retryable,
              failed.permanent, true);
          f.refusal = failed.refusal;
          throw f;
        }
        throw failed;
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

  void sendOnce(Channel channel, Message m, Duration deadline) throws Failed {
    if (channel.type().equals("email")) {
      mail(channel, m, deadline);
    } else {
      post(channel, m, deadline);
    }
  }

  /** Why a try that ran out of time failed: its own deadline, or the end of the budget. */
  private String noAnswer(Duration deadline) {
    return deadline.compareTo(timeout) < 0 ? "no complete answer before the budget of " + seconds(budget)
        + " for this notify's deliveries ran out" : "no complete answer within " + seconds(deadline);
  }

  /** "2 s", "1.5 s". */
  static String seconds(Duration d) {
    long ms = d.toMillis();
    return (ms % 1000 == 0 ? Long.toString(ms / 1000) : String.format(Locale.ROOT, "%.1f", ms / 1000.0)) + " s";
  }

  private String secret(Channel channel, Secret s, String what) throws Failed {
    try {
      return s.resolve(env);
    } catch (ConfigException e) {
      throw new Failed("channel " + channel.name() + ": " + what + ": " + e.getMessage(), false);
    }
  }

  private void post(Channel channel, Message m, Duration deadline) throws Failed {
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
      http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
          .version(HttpClient.Version.HTTP_1_1).build();
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(deadline)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(Payloads.of(channel.type(), m), StandardCharsets.UTF_8)).build();
    String where = "channel " + channel.name() + " (" + channel.type() + ")";
    AtomicInteger status = new AtomicInteger();
    // The status is known before the body: a 2xx whose body breaks off was still delivered.
    HttpResponse.BodyHandler<String> handler = info -> {
      status.set(info.statusCode());
      return HttpResponse.BodySubscribers.fromSubscriber(new Capped(4096), Capped::text);
    };
    CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, handler);
    try {
      HttpResponse<String> r = answer.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
      int code = r.statusCode();
      if (code / 100 == 2) {
        return;
      }
      String body = r.body() == null ? "" : r.body().strip();
      boolean again = code >= 500 || code == 408 || code == 429;
      Failed f = new Failed(where + ": HTTP " + code + (body.isEmpty() ? "" : ": " + oneLine(body, url)), again,
          code / 100 == 4 && !again, true);
      f.refusal = "HTTP " + code;
      throw f;
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new Failed(where + ": " + noAnswer(deadline), true);
    } catch (ExecutionException e) {
      if (status.get() / 100 == 2) {
        return;
      }
      Throwable c = e.getCause();
      if (c instanceof HttpTimeoutException) {
        throw new Failed(where + ": " + noAnswer(deadline), true);
      }
      String why = c instanceof java.net.ConnectException ? "could not connect to " + uri.getHost()
          + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + " (nothing listens there, or no route)"
          : oneLine(String.valueOf(c.getMessage()), url) + " (" + c.getClass().getSimpleName() + ")";
      throw new Failed(where + ": " + why, false);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new Failed(where + ": interrupted", false);
    }
  }

  /** Keeps the first {@code max} bytes of an answer and discards the rest: it is only ever quoted, cut short. */
  private static final class Capped implements Flow.Subscriber<List<ByteBuffer>> {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int max;

    Capped(int max) {
      this.max = max;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        int n = Math.min(b.remaining(), max - kept.size());
        if (n > 0) {
          byte[] a = new byte[n];
          b.get(a);
          kept.write(a, 0, n);
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      // the exchange fails with it; nothing kept is needed
    }

    @Override
    public void onComplete() {
      // text() reads what was kept
    }

    String text() {
      return kept.toString(StandardCharsets.UTF_8);
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

  private void mail(Channel channel, Message m, Duration deadline) throws Failed {
    List<InternetAddress> to = new ArrayList<>();
    String where = "channel " + channel.name() + " (email)";
    DeadlineSockets sockets = new DeadlineSockets(CUTTER, System.nanoTime() + deadline.toNanos());
    try (sockets) {
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
      Properties props = smtpProperties(channel, deadline);
      props.put("mail.smtp.socketFactory", sockets);
      props.put("mail.smtp.socketFactory.fallback", "false");
      Session session = Session.getInstance(props);
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
      if (sockets.passed()) {
        throw new Failed(where + ": " + noAnswer(deadline), true);
      }
      boolean timedOut = false;
      int refusedWith = 0;
      String refusedText = null;
      for (Throwable c = e; c != null; c = c.getCause()) {
        timedOut |= c instanceof java.net.SocketTimeoutException;
        // A 5xx for a recipient or the message itself is the server's final word; a 4xx is "try later".
        int code = c instanceof SMTPAddressFailedException a ? a.getReturnCode()
            : c instanceof SMTPSendFailedException s ? s.getReturnCode() : 0;
        if (code / 100 == 5 && refusedWith == 0) {
          refusedWith = code;
          refusedText = c.getMessage();
        }
      }
      String detail = String.valueOf(refusedText != null ? refusedText : e.getMessage()).replaceAll("\\s+", " ")
          .strip();
      Failed f = new Failed(where + ": " + (detail.length() > 200 ? detail.substring(0, 200) + "..." : detail),
          timedOut, refusedWith != 0, true);
      f.refusal = refusedWith == 0 ? null : "SMTP " + refusedWith;
      throw f;
    }
  }
}
