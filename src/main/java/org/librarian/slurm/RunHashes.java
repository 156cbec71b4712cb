package org.librarian.slurm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.librarian.usage.JobRecord;

/**
 * A 64-bit hash of each run written to a cache base (its JobID text and Start, as {@link
 * org.librarian.usage.SeenRuns} tells runs apart), to say at the end whether every run is held
 * once. Two equal runs always hash alike, so "once" is never said of a file that holds a run twice;
 * two different runs that happen to hash alike only make the file count as one with repeats, which
 * is read the slower way. Records without a JobID are never taken for repeats, so they are left
 * out. Eight bytes a run, in blocks (a centre's base of 5,000,000 runs: 40 MB while it is written).
 */
final class RunHashes {
  private static final int BLOCK = 1 << 16;
  private final List<long[]> full = new ArrayList<>();
  private long[] block = new long[BLOCK];
  private int size;

  void add(JobRecord job) {
    if (job.jobId().isEmpty()) {
      return;
    }
    if (size == BLOCK) {
      full.add(block);
      block = new long[BLOCK];
      size = 0;
    }
    block[size++] = hash(job.jobId(), job.start());
  }

  /** Whether no two runs added hash alike (so each run was added once). */
  boolean eachOnce() {
    long[] all = new long[full.size() * BLOCK + size];
    int n = 0;
    for (long[] b : full) {
      System.arraycopy(b, 0, all, n, BLOCK);
      n += BLOCK;
    }
    System.arraycopy(block, 0, all, n, size);
    Arrays.sort(all);
    for (int i = 1; i < all.length; i++) {
      if (all[i] == all[i - 1]) {
        return false;
      }
    }
    return true;
  }

  /** FNV-1a over the JobID's chars from a basis set by Start, then murmur3's finalizer. */
  static long hash(String jobId, long start) {
    long h = 0xCBF2_9CE4_8422_2325L ^ start * 0x9E37_79B9_7F4A_7C15L;
    for (int i = 0; i < jobId.length(); i++) {
      h = (h ^ jobId.charAt(i)) * 0x0000_0100_0000_01B3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51_AFD7_ED55_8CCDL;
    h ^= h >>> 33;
    h *= 0xC4CE_B9FE_1A85_EC53L;
    return h ^ (h >>> 33);
  }
}
