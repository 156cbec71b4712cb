package org.librarian.notify;

import java.time.Duration;
import java.util.Locale;

/**
 * The time the deliveries of one notify may take, on the monotonic clock: all of them, tries and
 * pauses included, end within {@code budget} from {@link #begin()}; each exchange has {@code
 * timeout}, or less when the budget ends sooner. Below {@link #LEAST_TRY} an exchange is not
 * started.
 */
final class DeliveryBudget {
  /** Below this, what is left of the budget is not worth a try. */
  static final Duration LEAST_TRY = Duration.ofMillis(200);

  private final Duration timeout;
  private final Duration budget;
  private long ends;

  DeliveryBudget(Duration timeout, Duration budget) {
    this.timeout = timeout;
    this.budget = budget;
  }

  /** Starts the budget: the deliveries from now on end within it. */
  void begin() {
    ends = System.nanoTime() + budget.toNanos();
  }

  /** The time one exchange may take when nothing else limits it. */
  Duration timeout() {
    return timeout;
  }

  private Duration left() {
    return Duration.ofNanos(ends - System.nanoTime());
  }

  /**
   * The deadline of an exchange started now: {@code timeout}, or what is left of the budget when
   * less.
   */
  Duration nextDeadline() {
    return left().compareTo(timeout) < 0 ? left() : timeout;
  }

  /** Whether, after a pause of {@code pause}, enough of the budget is left for another try. */
  boolean allowsAnotherTryAfter(Duration pause) {
    return left().compareTo(pause.plus(LEAST_TRY)) > 0;
  }

  /** Why an exchange was not started. */
  String spent() {
    return "not tried: the budget of " + seconds(budget) + " for this notify's deliveries is spent";
  }

  /** Why a try that ran out of time failed: its own deadline, or the end of the budget. */
  String noAnswer(Duration deadline) {
    return deadline.compareTo(timeout) < 0
        ? "no complete answer before the budget of "
            + seconds(budget)
            + " for this notify's deliveries ran out"
        : "no complete answer within " + seconds(deadline);
  }

  /** "2 s", "1.5 s". */
  static String seconds(Duration d) {
    long ms = d.toMillis();
    return (ms % 1000 == 0
            ? Long.toString(ms / 1000)
            : String.format(Locale.ROOT, "%.1f", ms / 1000.0))
        + " s";
  }
}
