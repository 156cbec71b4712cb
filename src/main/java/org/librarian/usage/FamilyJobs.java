package org.librarian.usage;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * The jobs of one family ({@link JobFamilies}) as columns: one growable primitive array per figure,
 * so a job costs its figures and its two strings, not an object per job and a box per fraction.
 * Both the family's own figures and its {@link RightSize} read from here. Unknown whole numbers are
 * {@link JobRecord#UNKNOWN} or -1 as {@link JobUse} gives them, an unknown CPU efficiency NaN.
 *
 * <p>A JobID of digits, or of digits, {@code _} and digits (an array task), is kept as a number and
 * written out again when read ({@link #pack}); any other is kept as read. Time and memory
 * efficiency are not stored: they are worked out from the columns exactly as {@link JobUse} and
 * {@link EfficiencyCounter} work them out (elapsed ÷ time limit, peak ÷ allocated memory).
 */
final class FamilyJobs {
  private static final JobState[] STATES = JobState.values();
  private static final byte EXCLUSIVE = 1;
  private static final byte SINGLE_NODE = 2;

  /** Bits of an array task's index in a packed JobID: Slurm's MaxArraySize is at most 4000001. */
  private static final int TASK_BITS = 22;

  private int n;
  private long[] jobNumbers = new long[2];
  private String[] jobIds = new String[2];
  private String[] names = new String[2];
  private byte[] states = new byte[2];
  private byte[] flags = new byte[2];
  private long[] waits = new long[2];
  private long[] elapsed = new long[2];
  private long[] ends = new long[2];
  private long[] cpus = new long[2];
  private long[] allocatedKib = new long[2];
  private long[] peakKib = new long[2];
  private long[] limits = new long[2];
  private double[] cpuEfficiency = new double[2];

  int size() {
    return n;
  }

  void add(JobUse j) {
    JobRecord r = j.job();
    long eligible = r.request() == null ? JobRecord.UNKNOWN : r.request().eligible();
    Double cpu = j.cpuEfficiency();
    String name = r.name();
    // Array tasks and reruns repeat their name: one string for the run of them.
    if (n > 0 && name.equals(names[n - 1])) {
      name = names[n - 1];
    }
    add(
        r.jobId(),
        name,
        r.state(),
        (byte) ((j.exclusive() ? EXCLUSIVE : 0) | (r.detail().nodes() == 1 ? SINGLE_NODE : 0)),
        eligible == JobRecord.UNKNOWN || r.start() == JobRecord.UNKNOWN
            ? -1
            : Math.max(0, r.start() - eligible),
        j.elapsedSeconds(),
        r.end(),
        r.cpus(),
        r.memoryKib(),
        j.memoryUsedKib(),
        r.detail().timelimitSeconds(),
        cpu == null ? Double.NaN : cpu);
  }

  void addAll(FamilyJobs o) {
    for (int i = 0; i < o.n; i++) {
      add(
          o.jobId(i),
          o.names[i],
          o.state(i),
          o.flags[i],
          o.waits[i],
          o.elapsed[i],
          o.ends[i],
          o.cpus[i],
          o.allocatedKib[i],
          o.peakKib[i],
          o.limits[i],
          o.cpuEfficiency[i]);
    }
  }

  private void add(
      String jobId,
      String name,
      JobState state,
      byte flag,
      long wait,
      long elapsedSeconds,
      long end,
      long cpuCount,
      long allocated,
      long peak,
      long limit,
      double cpu) {
    if (n == jobIds.length) {
      grow(n + (n >> 1));
    }
    long packed = pack(jobId);
    jobNumbers[n] = packed;
    jobIds[n] = packed < 0 ? jobId : null;
    names[n] = name;
    states[n] = (byte) state.ordinal();
    flags[n] = flag;
    waits[n] = wait;
    elapsed[n] = elapsedSeconds;
    ends[n] = end;
    cpus[n] = cpuCount;
    allocatedKib[n] = allocated;
    peakKib[n] = peak;
    limits[n] = limit;
    cpuEfficiency[n] = cpu;
    n++;
  }

  private void grow(int capacity) {
    jobNumbers = Arrays.copyOf(jobNumbers, capacity);
    jobIds = Arrays.copyOf(jobIds, capacity);
    names = Arrays.copyOf(names, capacity);
    states = Arrays.copyOf(states, capacity);
    flags = Arrays.copyOf(flags, capacity);
    waits = Arrays.copyOf(waits, capacity);
    elapsed = Arrays.copyOf(elapsed, capacity);
    ends = Arrays.copyOf(ends, capacity);
    cpus = Arrays.copyOf(cpus, capacity);
    allocatedKib = Arrays.copyOf(allocatedKib, capacity);
    peakKib = Arrays.copyOf(peakKib, capacity);
    limits = Arrays.copyOf(limits, capacity);
    cpuEfficiency = Arrays.copyOf(cpuEfficiency, capacity);
  }

  String jobId(int i) {
    return jobIds[i] != null ? jobIds[i] : unpack(jobNumbers[i]);
  }

  JobState state(int i) {
    return STATES[states[i]];
  }

  boolean exclusive(int i) {
    return (flags[i] & EXCLUSIVE) != 0;
  }

  /** NNodes is 1. */
  boolean singleNode(int i) {
    return (flags[i] & SINGLE_NODE) != 0;
  }

  long elapsedSeconds(int i) {
    return elapsed[i];
  }

  long cpus(int i) {
    return cpus[i];
  }

  /** Memory allocated in KiB (the job's total over its nodes). */
  long allocatedKib(int i) {
    return allocatedKib[i];
  }

  /** Peak memory in KiB, -1 when unknown. */
  long peakKib(int i) {
    return peakKib[i];
  }

  /** The time limit in seconds, or {@link JobRecord#UNKNOWN}. */
  long limitSeconds(int i) {
    return limits[i];
  }

  /** CPU time used ÷ held, NaN when nothing was held. */
  double cpuEfficiency(int i) {
    return cpuEfficiency[i];
  }

  /** Elapsed ÷ time limit ({@link EfficiencyCounter}'s rule), NaN when the limit is not known. */
  double timeEfficiency(int i) {
    long limit = limits[i];
    return limit != JobRecord.UNKNOWN && limit > 0 ? elapsed[i] / (double) limit : Double.NaN;
  }

  /** Peak ÷ allocated memory ({@link JobUse#memoryEfficiency()}), NaN when either is unknown. */
  double memoryEfficiency(int i) {
    return peakKib[i] >= 0 && allocatedKib[i] > 0
        ? peakKib[i] / (double) allocatedKib[i]
        : Double.NaN;
  }

  /** Job i as the drill-down shows it, made when asked for. */
  JobFamilies.Job job(int i) {
    return new JobFamilies.Job(
        jobId(i),
        names[i],
        state(i),
        waits[i],
        elapsed[i],
        ends[i],
        boxed(timeEfficiency(i)),
        boxed(cpuEfficiency[i]),
        boxed(memoryEfficiency(i)));
  }

  /**
   * Every job, latest end first, then by JobID, then in the order added (as a stable sort of the
   * records did): a view whose records are made one at a time when read.
   */
  List<JobFamilies.Job> latestFirst() {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = jobId(i);
    }
    mergeSort(order, new int[n], ids, 0, n);
    return new AbstractList<>() {
      @Override
      public JobFamilies.Job get(int k) {
        return job(order[k]);
      }

      @Override
      public int size() {
        return order.length;
      }
    };
  }

  /**
   * Whether job a comes before job b: later end, else smaller JobID; equal ones keep their order.
   */
  private int compare(int a, int b, String[] ids) {
    int byEnd = Long.compare(ends[b], ends[a]);
    return byEnd != 0 ? byEnd : ids[a].compareTo(ids[b]);
  }

  /** A stable sort of order[from, to) by {@link #compare}. */
  private void mergeSort(int[] order, int[] scratch, String[] ids, int from, int to) {
    if (to - from < 2) {
      return;
    }
    int mid = (from + to) >>> 1;
    mergeSort(order, scratch, ids, from, mid);
    mergeSort(order, scratch, ids, mid, to);
    if (compare(order[mid - 1], order[mid], ids) <= 0) {
      return;
    }
    System.arraycopy(order, from, scratch, from, to - from);
    int i = from;
    int j = mid;
    for (int k = from; k < to; k++) {
      if (j >= to || (i < mid && compare(scratch[i], scratch[j], ids) <= 0)) {
        order[k] = scratch[i++];
      } else {
        order[k] = scratch[j++];
      }
    }
  }

  /**
   * A JobID as a number that {@link #unpack} turns back into the same string: {@code 123} as 123 ×
   * 2, {@code 123_4} as (123 × 2^22 + 4) × 2 + 1; -1 for any other form (a leading zero, a
   * heterogeneous {@code 123+0}, an index of 2^22 or more, more than 12 digits).
   */
  static long pack(String id) {
    int underscore = id.indexOf('_');
    if (underscore < 0) {
      long job = digits(id, 0, id.length(), 12);
      return job < 0 ? -1 : job << 1;
    }
    long job = digits(id, 0, underscore, 12);
    long task = digits(id, underscore + 1, id.length(), 7);
    return job < 0 || task < 0 || task >= 1L << TASK_BITS ? -1 : (job << TASK_BITS | task) << 1 | 1;
  }

  static String unpack(long packed) {
    long v = packed >>> 1;
    return (packed & 1) == 0
        ? Long.toString(v)
        : (v >>> TASK_BITS) + "_" + (v & ((1L << TASK_BITS) - 1));
  }

  /** The number written in id[from, to) without a leading zero, at most max digits; else -1. */
  private static long digits(String id, int from, int to, int max) {
    if (to <= from || to - from > max || (id.charAt(from) == '0' && to - from > 1)) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static Double boxed(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
