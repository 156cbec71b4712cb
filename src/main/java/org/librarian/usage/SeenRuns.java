package org.librarian.usage;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs seen so far, a run being its JobID and Start ({@link JobRecord#runKey}): {@link #add}
 * says whether a run is new. Safe to share between threads, so the parts of one file read in
 * parallel share one set and a run printed twice counts once, even when the two rows lie in two
 * parts.
 *
 * <p>A centre's month has millions of runs, so a run is kept without a String: a JobID of digits
 * with an optional array task ({@code 123_4}) or het component ({@code 123+1}) is packed with its
 * Start into two longs of an open-addressing table (16 bytes a slot, at most three quarters full).
 * Any other JobID (a pending array {@code 123_[1-10%2]}, a leading zero, a number too large to
 * pack) is kept as its run key's String in a set of its own; the same JobID text always takes the
 * same path, and two runs are the same exactly when their JobID texts and Starts are equal.
 */
public final class SeenRuns {
  private static final int STRIPES = 64;

  /** Job numbers up to 2^32 − 1 (Slurm's are 32-bit); tasks and het components below 2^30. */
  private static final long JOB_MAX = 0xFFFF_FFFFL;

  private static final long PART_MAX = (1L << 30) - 1;
  private static final long PLAIN = 1L << 30;
  private static final long ARRAY_TASK = 2L << 30;
  private static final long HET = 3L << 30;

  /**
   * Not a packed JobID (every packed one has a tag in bits 30-31): an empty slot, or unpackable.
   */
  private static final long NONE = 0;

  private final Table[] tables = new Table[STRIPES];
  private final Set<String> others = ConcurrentHashMap.newKeySet();

  public SeenRuns() {
    for (int i = 0; i < STRIPES; i++) {
      tables[i] = new Table();
    }
  }

  /** Adds the run of this job record; true when it was not seen before. */
  public boolean add(JobRecord job) {
    return add(job.jobId(), job.start());
  }

  /**
   * Adds a run; true when it was not seen before.
   *
   * @param start epoch seconds, or {@link JobRecord#UNKNOWN}
   */
  public boolean add(String jobId, long start) {
    long id = packed(jobId);
    if (id == NONE) {
      return others.add(jobId + "@" + (start == JobRecord.UNKNOWN ? "none" : start));
    }
    long hash = hash(id, start);
    return tables[(int) (hash >>> 58)].add(id, start, hash);
  }

  /** The number of runs seen. */
  public long size() {
    long n = others.size();
    for (Table t : tables) {
      synchronized (t) {
        n += t.size;
      }
    }
    return n;
  }

  /**
   * {@code job}, {@code job_task} or {@code job+component} in two 32-bit halves (the job number; a
   * tag and the task or component), or {@link #NONE} for any other text. Only canonical decimals
   * (no sign, no leading zero) are packed, so that two texts pack alike only when they are equal.
   */
  static long packed(String jobId) {
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
      return job << 32 | PLAIN;
    }
    char separator = jobId.charAt(i);
    long tag = separator == '_' ? ARRAY_TASK : separator == '+' ? HET : NONE;
    int end = tag == NONE ? -1 : digits(jobId, i + 1);
    if (end != n) {
      return NONE;
    }
    long part = Long.parseLong(jobId, i + 1, end, 10);
    return part > PART_MAX ? NONE : job << 32 | tag | part;
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

  /** A 64-bit mix of both halves (murmur3's finalizer): the stripe from its top bits. */
  private static long hash(long id, long start) {
    long h = id * 0x9E37_79B9_7F4A_7C15L + start;
    h ^= h >>> 33;
    h *= 0xFF51_AFD7_ED55_8CCDL;
    h ^= h >>> 33;
    h *= 0xC4CE_B9FE_1A85_EC53L;
    return h ^ (h >>> 33);
  }

  /** One stripe: linear probing over packed JobIDs and their Starts, locked as a whole. */
  private static final class Table {
    long[] ids = new long[16];
    long[] starts = new long[16];
    int size;

    synchronized boolean add(long id, long start, long hash) {
      int mask = ids.length - 1;
      for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
        if (ids[i] == NONE) {
          ids[i] = id;
          starts[i] = start;
          if (++size * 4L > ids.length * 3L) {
            grow();
          }
          return true;
        }
        if (ids[i] == id && starts[i] == start) {
          return false;
        }
      }
    }

    private void grow() {
      long[] oldIds = ids;
      long[] oldStarts = starts;
      ids = new long[oldIds.length * 2];
      starts = new long[oldIds.length * 2];
      int mask = ids.length - 1;
      for (int j = 0; j < oldIds.length; j++) {
        if (oldIds[j] != NONE) {
          int i = (int) hash(oldIds[j], oldStarts[j]) & mask;
          while (ids[i] != NONE) {
            i = (i + 1) & mask;
          }
          ids[i] = oldIds[j];
          starts[i] = oldStarts[j];
        }
      }
    }
  }
}
