package org.librarian.usage;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A job's state as sacct prints it, reduced to its base word ({@code "CANCELLED by 0"} is {@link
 * #CANCELLED}).
 */
public enum JobState {
  PENDING,
  RUNNING,
  SUSPENDED,
  COMPLETING,
  COMPLETED,
  CANCELLED,
  FAILED,
  TIMEOUT,
  NODE_FAIL,
  PREEMPTED,
  BOOT_FAIL,
  DEADLINE,
  OUT_OF_MEMORY,
  REQUEUED,
  REQUEUE_FED,
  REQUEUE_HOLD,
  RESIZING,
  REVOKED,
  SPECIAL_EXIT,
  STOPPED,
  SIGNALING,
  STAGE_OUT,
  /** Anything this version does not know; treated as not running. */
  OTHER;

  /** The states by their exact names: what sacct prints on nearly every row. */
  private static final Map<String, JobState> BY_NAME = new HashMap<>();

  static {
    for (JobState state : values()) {
      BY_NAME.put(state.name(), state);
    }
  }

  /**
   * Parses sacct's State column: {@code RUNNING}, {@code CANCELLED by 1234}, {@code cancelled},
   * {@code CANCELLED+}.
   */
  public static JobState parse(String text) {
    JobState exact = text == null ? null : BY_NAME.get(text);
    if (exact != null) {
      return exact;
    }
    String s = text == null ? "" : text.strip();
    int cut = 0;
    while (cut < s.length() && (Character.isLetter(s.charAt(cut)) || s.charAt(cut) == '_')) {
      cut++;
    }
    String word = s.substring(0, cut).toUpperCase(Locale.ROOT);
    if (word.isEmpty()) {
      return OTHER;
    }
    try {
      return valueOf(word);
    } catch (IllegalArgumentException e) {
      return OTHER;
    }
  }

  /**
   * True for states after which a run's record no longer changes: a requeue shows up as a new run
   * (with {@code --duplicates}, this one then reads REQUEUED, which is final too).
   */
  public boolean isFinal() {
    return switch (this) {
      case COMPLETED,
          FAILED,
          CANCELLED,
          TIMEOUT,
          OUT_OF_MEMORY,
          NODE_FAIL,
          PREEMPTED,
          BOOT_FAIL,
          DEADLINE,
          REQUEUED,
          REVOKED,
          SPECIAL_EXIT ->
          true;
      default -> false;
    };
  }

  /** True for states whose job holds its allocation now, so an unknown End means "still going". */
  public boolean holdsAllocation() {
    return this == RUNNING || this == COMPLETING || this == SUSPENDED;
  }
}
