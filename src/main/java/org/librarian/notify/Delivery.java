package org.librarian.notify;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.librarian.config.ConfigException;
import org.librarian.config.NotifySettings;
import org.librarian.config.NotifySettings.Channel;
import org.librarian.config.NotifySettings.Secret;

/**
 * Sends a message to a channel: webhooks, Slack, Discord and Teams by an HTTP POST of JSON, e-mail
 * by SMTP. Each exchange has one deadline for the whole of it (connect, answer and body; for SMTP
 * from connect to the last reply): {@code timeout}, or less when the budget of the notify ends
 * sooner. All deliveries of one notify, tries and pauses included, end within {@code budget} from
 * {@link #begin()}. Timeouts, 408, 429 and 5xx answers are tried again with a doubling pause, up to
 * {@link Tries#attempts} times; other 4xx answers are permanent. A 2xx answer means delivered, even
 * when its body is cut short. Errors name the channel, never its address or password. This class
 * holds the tries and the budget; one exchange is {@link HttpDelivery} or {@link MailDelivery}.
 */
public class Delivery {
  /** Why a message did not go out. */
  public static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean retryable;

    /**
     * The receiver refused it for good (a 4xx other than 408 and 429): trying again will not help.
     */
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

  /**
   * How often a message is tried: up to {@code attempts} times, {@code firstPause} after the first,
   * the pause doubling after each.
   */
  public record Tries(int attempts, Duration firstPause) {
    /** Three tries, 2 s then 4 s apart. */
    public static final Tries STANDARD = new Tries(3, Duration.ofSeconds(2));
  }

  private final Tries tries;
  private final DeliveryBudget budget;
  private final HttpDelivery http;
  private final MailDelivery mail;

  /** Each exchange within {@code timeout}, all of them within 5 minutes. */
  public Delivery(Map<String, String> env, Duration timeout, Tries tries) {
    this(env, timeout, Duration.ofMinutes(5), tries);
  }

  public Delivery(Map<String, String> env, Duration timeout, Duration budget, Tries tries) {
    this.tries = tries;
    this.budget = new DeliveryBudget(timeout, budget);
    this.http = new HttpDelivery(env, this.budget);
    this.mail = new MailDelivery(env, this.budget);
    begin();
  }

  /** Three tries, 2 s then 4 s apart, within the configured timeout and budget. */
  public static Delivery standard(Map<String, String> env, NotifySettings.Limits limits) {
    return new Delivery(env, limits.timeout(), limits.budget(), Tries.STANDARD);
  }

  public static Delivery standard(Map<String, String> env) {
    return standard(env, NotifySettings.Limits.DEFAULT);
  }

  /** Starts the budget: the deliveries from now on end within it. */
  public void begin() {
    budget.begin();
  }

  /**
   * Sends, trying again on timeouts, 408, 429 and 5xx while the budget lasts; throws when it did
   * not go out.
   */
  public void send(Channel channel, Message m) throws Failed {
    Duration pause = tries.firstPause();
    for (int attempt = 1; ; attempt++) {
      Duration deadline = budget.nextDeadline();
      if (deadline.compareTo(DeliveryBudget.LEAST_TRY) < 0) {
        String why = budget.spent();
        throw attempt == 1
            ? new Failed(
                "channel " + channel.name() + " (" + channel.type() + "): " + why,
                false,
                false,
                false)
            : new Failed("channel " + channel.name() + ": " + why, false);
      }
      Failed failed;
      try {
        sendOnce(channel, m, deadline);
        return;
      } catch (Failed f) {
        failed = f;
      }
      boolean again =
          failed.retryable && attempt < tries.attempts() && budget.allowsAnotherTryAfter(pause);
      if (!again) {
        if (attempt > 1) {
          Failed f =
              new Failed(
                  failed.getMessage() + " (after " + attempt + " tries)",
                  failed.retryable,
                  failed.permanent,
                  true);
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
      mail.mail(channel, m, deadline);
    } else {
      http.post(channel, m, deadline);
    }
  }

  /** A secret of the channel, read from {@code env} when it names a variable. */
  static String secret(Map<String, String> env, Channel channel, Secret s, String what)
      throws Failed {
    try {
      return s.resolve(env);
    } catch (ConfigException e) {
      throw new Failed("channel " + channel.name() + ": " + what + ": " + e.getMessage(), false);
    }
  }

  /** The Jakarta Mail properties of a channel's SMTP server: STARTTLS, when asked, is required. */
  static Properties smtpProperties(Channel channel, Duration timeout) {
    return MailDelivery.properties(channel, timeout);
  }
}
