package org.librarian.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.librarian.config.NotifySettings;
import org.librarian.notify.NotifyState.Pending;

/**
 * The outbox's rules: a message is queued once per channel; an alert and its "back to normal" (and
 * a digest) replace the older one queued under the same key; messages past the age or count limit
 * are dropped.
 */
final class Outbox {
  private Outbox() {}

  /** Queues {@code m} for each of {@code channels}. */
  static void add(List<Pending> outbox, List<String> channels, long now, Message m) {
    for (String c : channels) {
      outbox.add(new Pending(c, now, 0, null, m));
    }
  }

  /** A message id: the key and the time, hashed, then the time in epoch seconds. */
  static String id(String key, long now) {
    return Integer.toHexString((key + "@" + now).hashCode()) + "-" + now;
  }

  static String subject(String who, String what) {
    return "[librarian] " + (who.isEmpty() ? what : who + ": " + what);
  }

  /**
   * The key under which queued messages replace each other: an alert and its "back to normal" (rule
   * and QoS), a digest (QoS). Finished jobs have none: each message names other jobs.
   */
  static String coalesceKey(Pending p) {
    Message m = p.message();
    return switch (m.kind()) {
      case "alert", "resolved" -> p.channel() + "|alert|" + m.rule() + "|" + m.qos();
      case "digest" -> p.channel() + "|digest|" + m.qos();
      default -> null;
    };
  }

  /**
   * Keeps, per channel and alert key, only the latest queued message: a receiver back up gets one.
   */
  static void coalesce(List<Pending> outbox) {
    Set<String> seen = new HashSet<>();
    for (int i = outbox.size() - 1; i >= 0; i--) {
      String key = coalesceKey(outbox.get(i));
      if (key != null && !seen.add(key)) {
        outbox.remove(i);
      }
    }
  }

  /**
   * Drops the messages older than the outbox's age limit, then the oldest over its count limit;
   * says so once.
   */
  static void bound(
      NotifySettings.Limits limits,
      NotifyState state,
      List<Pending> outbox,
      long now,
      List<String> notes) {
    outbox.sort(Comparator.comparingLong(Pending::created));
    int before = outbox.size();
    outbox.removeIf(p -> p.created() < now - limits.outboxMaxAge().getSeconds());
    int old = before - outbox.size();
    int over = Math.max(0, outbox.size() - limits.outboxMax());
    outbox.subList(0, over).clear();
    if (old + over > 0) {
      List<String> why = new ArrayList<>();
      if (old > 0) {
        why.add(old + " older than " + span(limits.outboxMaxAge()));
      }
      if (over > 0) {
        why.add(over + " over the limit of " + limits.outboxMax() + " messages");
      }
      String note =
          "dropped "
              + (old + over)
              + " undelivered messages from the outbox: "
              + String.join(", ", why);
      notes.add(note);
      state.dropped(old + over, now, note);
    }
  }

  /** "7 d", "36 h", "90 min". */
  private static String span(Duration d) {
    long s = d.getSeconds();
    return s % 86_400 == 0
        ? s / 86_400 + " d"
        : s % 3600 == 0 ? s / 3600 + " h" : s % 60 == 0 ? s / 60 + " min" : s + " s";
  }
}
