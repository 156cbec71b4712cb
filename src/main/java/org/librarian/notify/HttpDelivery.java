package org.librarian.notify;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.librarian.config.NotifySettings.Channel;
import org.librarian.notify.Delivery.Failed;

/**
 * One try at a webhook, Slack, Discord or Teams channel: an HTTP/1.1 POST of JSON, no redirects
 * followed, connect, answer and body within one deadline. A 2xx answer means delivered, even when
 * its body is cut short; timeouts, 408, 429 and 5xx may be tried again; other 4xx answers are
 * permanent. At most 4 KB of an answer is kept, and errors never quote the channel's url.
 */
final class HttpDelivery {
  private final Map<String, String> env;
  private final DeliveryBudget budget;
  private HttpClient http;

  HttpDelivery(Map<String, String> env, DeliveryBudget budget) {
    this.env = env;
    this.budget = budget;
  }

  /** The failure of a channel whose url is not {@code what}; trying again will not help. */
  private static Failed badUrl(Channel channel, String what) {
    return new Failed(
        "channel " + channel.name() + ": the url " + channel.url().describe() + " is not " + what,
        false);
  }

  /** POSTs the message as the channel type's JSON; returns when a 2xx answer began. */
  void post(Channel channel, Message m, Duration deadline) throws Failed {
    String url = Delivery.secret(env, channel, channel.url(), "url");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw badUrl(channel, "an address");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw badUrl(channel, "an http(s) address");
    }
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .connectTimeout(budget.timeout())
              .followRedirects(HttpClient.Redirect.NEVER)
              .version(HttpClient.Version.HTTP_1_1)
              .build();
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(deadline)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Payloads.of(channel.type(), m), StandardCharsets.UTF_8))
            .build();
    String where = "channel " + channel.name() + " (" + channel.type() + ")";
    AtomicInteger status = new AtomicInteger();
    // The status is known before the body: a 2xx whose body breaks off was still delivered.
    HttpResponse.BodyHandler<String> handler =
        info -> {
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
      Failed f =
          new Failed(
              where + ": HTTP " + code + (body.isEmpty() ? "" : ": " + oneLine(body, url)),
              again,
              code / 100 == 4 && !again,
              true);
      f.refusal = "HTTP " + code;
      throw f;
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new Failed(where + ": " + budget.noAnswer(deadline), true);
    } catch (ExecutionException e) {
      if (status.get() / 100 == 2) {
        return;
      }
      Throwable c = e.getCause();
      if (c instanceof HttpTimeoutException) {
        throw new Failed(where + ": " + budget.noAnswer(deadline), true);
      }
      String why =
          c instanceof ConnectException
              ? "could not connect to "
                  + uri.getHost()
                  + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                  + " (nothing listens there, or no route)"
              : oneLine(String.valueOf(c.getMessage()), url)
                  + " ("
                  + c.getClass().getSimpleName()
                  + ")";
      throw new Failed(where + ": " + why, false);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new Failed(where + ": interrupted", false);
    }
  }

  /**
   * Keeps the first {@code max} bytes of an answer and discards the rest: it is only ever quoted,
   * cut short.
   */
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
}
