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
 * with an optional array task ({@code 123_4}) or het component ({@code 123+1}) is packed ({@link
 * PackedJobId}) with its Start into two longs of an open-addressing table (16 bytes a slot, at most
 * three quarters full). Any other JobID (a pending array {@code 123_[1-10%2]}, a leading zero, a
 * number too large to pack) is kept as its run key's String in a set of its own; the same JobID
 * text always takes the same path, and two runs are the same exactly when their JobID texts and
 * Starts are equal.
 */
public final class SeenRuns {
  private static final int STRIPES = 64;

  /** An empty slot: no JobID packs as it. */
  private static final long NONE = PackedJobId.NONE;

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
    return !seen(jobId, start, true);
  }

  /** Whether the run of this job record was seen. */
  public boolean contains(JobRecord job) {
    return contains(job.jobId(), job.start());
  }

  /**
   * Whether a run was seen.
   *
   * @param start epoch seconds, or {@link JobRecord#UNKNOWN}
   */
  public boolean contains(String jobId, long start) {
    return seen(jobId, start, false);
  }

  /** Whether a run was seen before this call; with {@code add}, it is seen from now on. */
  private boolean seen(String jobId, long start, boolean add) {
    long id = PackedJobId.pack(jobId);
    if (id == NONE) {
      String key = jobId + "@" + (start == JobRecord.UNKNOWN ? "none" : start);
      return add ? !others.add(key) : others.contains(key);
    }
    long hash = hash(id, start);
    return tables[(int) (hash >>> 58)].seen(id, start, hash, add);
  }

  /** Whether the run of a {@link JobRecord#runKey} was seen. */
  public boolean containsKey(String runKey) {
    int at = runKey.lastIndexOf('@');
    String start = runKey.substring(at + 1);
    return contains(
        runKey.substring(0, at), start.equals("none") ? JobRecord.UNKNOWN : Long.parseLong(start));
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

  /** A 64-bit mix of both halves: the stripe from its top bits. */
  private static long hash(long id, long start) {
    return mix(id * 0x9E37_79B9_7F4A_7C15L + start);
  }

  /**
   * A 64-bit hash of a run by its JobID text and Start, for a file's runs counted outside this set
   * (a cache base's, {@code RunHashes}): equal runs as this set tells them apart hash alike. FNV-1a
   * over the JobID's chars from a basis set by Start, then {@link #mix}.
   */
  public static long hash(String jobId, long start) {
    long h = 0xCBF2_9CE4_8422_2325L ^ start * 0x9E37_79B9_7F4A_7C15L;
    for (int i = 0; i < jobId.length(); i++) {
      h = (h ^ jobId.charAt(i)) * 0x0000_0100_0000_01B3L;
    }
    return mix(h);
  }

  /** murmur3's 64-bit finalizer. */
  private static long mix(long h) {
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

    /** Whether the run is in the table; with {@code add}, put there when it is not. */
    synchronized boolean seen(long id, long start, long hash, boolean add) {
      int mask = ids.length - 1;
      for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
        if (ids[i] == NONE) {
          if (add) {
            ids[i] = id;
            starts[i] = start;
            if (++size * 4L > ids.length * 3L) {
              grow();
            }
          }
          return false;
        }
        if (ids[i] == id && starts[i] == start) {
          return true;
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
