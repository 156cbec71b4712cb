package org.librarian.usage;

/**
 * A JobID as one long, for the sets and columns that keep millions of them ({@link SeenRuns},
 * {@link FamilyJobs}): {@code job}, {@code job_task} (an array task) or {@code job+component} (a
 * heterogeneous job's component), in canonical decimal (no sign, no leading zero, at most ten
 * digits a part), with a job number up to 2^32 − 1 (Slurm's are 32-bit) and a task or component up
 * to 2^30 − 1. Two texts pack alike exactly when they are equal, and {@link #unpack} gives the text
 * back. Any other text (a pending array {@code 123_[1-10%2]}, a step {@code 123.batch}, a leading
 * zero, a number too large) packs as {@link #NONE}.
 *
 * <p>The two low bits are the form, never 0: a plain job is {@code job × 4 + 1}, so that the job
 * numbers of a cluster (below 2^29) fit an int; a task or component is {@code job × 2^32 + part × 4
 * + 2} (task) or {@code + 3} (component).
 */
final class PackedJobId {
  /** What a text that does not pack packs as; no JobID packs as 0. */
  static final long NONE = 0;

  private static final long JOB_MAX = 0xFFFF_FFFFL;
  private static final long PART_MAX = (1L << 30) - 1;
  private static final int PLAIN = 1;
  private static final int ARRAY_TASK = 2;
  private static final int HET = 3;

  private PackedJobId() {}

  /** The JobID as a number, or {@link #NONE} when it is not of a form that packs. */
  static long pack(String jobId) {
    int n = jobId.length();
    int i = digits(jobId, 0);
    if (i < 0) {
      return NONE;
    }
    long job = Long.parseLong(jobId, 0, i, 10);
    if (job > JOB_MAX) {
      return NONE;
    }
    if (i == n) {
      return job << 2 | PLAIN;
    }
    char separator = jobId.charAt(i);
    int form = separator == '_' ? ARRAY_TASK : separator == '+' ? HET : 0;
    int end = form == 0 ? -1 : digits(jobId, i + 1);
    if (end != n) {
      return NONE;
    }
    long part = Long.parseLong(jobId, i + 1, end, 10);
    return part > PART_MAX ? NONE : job << 32 | part << 2 | form;
  }

  /** The text of a JobID {@link #pack} gave (not {@link #NONE}). */
  static String unpack(long packed) {
    int form = (int) (packed & 3);
    if (form == PLAIN) {
      return Long.toString(packed >>> 2);
    }
    return (packed >>> 32) + (form == ARRAY_TASK ? "_" : "+") + ((packed & JOB_MAX) >>> 2);
  }

  /**
   * The end of a canonical decimal of at most ten digits starting at {@code from}, or -1 when there
   * is none there (no digit, a leading zero, or more than ten digits).
   */
  private static int digits(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    int count = i - from;
    boolean leadingZero = count > 1 && s.charAt(from) == '0';
    return count == 0 || count > 10 || leadingZero ? -1 : i;
  }
}
