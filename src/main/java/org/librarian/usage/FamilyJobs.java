package org.librarian.usage;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * The jobs of one family ({@link JobFamilies}) as columns: one growable primitive array per figure,
 * so a job costs its figures and a reference to its name, not an object per job and a box per
 * fraction. Both the family's own figures and its {@link RightSize} read from here. Unknown whole
 * numbers are {@link JobRecord#UNKNOWN} or -1 as {@link JobUse} gives them, an unknown CPU
 * efficiency NaN. Every whole-number column (waits, elapsed, ends, CPUs, memory, limits, the packed
 * JobID) is one of its {@link WholeColumns}: 4 bytes a job until one of the family's values in that
 * column does not fit an int, 8 from then on; every value reads back exactly as added.
 *
 * <p>A family keeps each of its job names once while it is among the family's last 16 distinct
 * names: a job whose name equals one of them keeps that string, any other name is kept as given and
 * takes the place of the oldest of the 16. A family of a few names (an array's, "bash",
 * "interactive") so holds a few strings whatever its number of jobs; one whose every job has its
 * own name holds one string a job, as it would without the table (which holds at most 16 references
 * a family).
 *
 * <p>A JobID of digits, with an optional array task ({@code 123_4}) or het component ({@code
 * 123+1}), is kept as a number ({@link PackedJobId}) and written out again when read; any other is
 * kept as read. Time and memory efficiency are not stored: they are worked out from the columns
 * exactly as {@link JobUse} and {@link EfficiencyCounter} work them out (elapsed ÷ time limit, peak
 * ÷ allocated memory).
 */
final class FamilyJobs {
  private static final JobState[] STATES = JobState.values();
  private static final byte EXCLUSIVE = 1;
  private static final byte SINGLE_NODE = 2;

  // The whole-number columns, one WholeColumns for all of them.
  private static final int JOB_NUMBER = 0;
  private static final int WAIT = 1;
  private static final int ELAPSED = 2;
  private static final int END = 3;
  private static final int CPUS = 4;
  private static final int ALLOCATED_KIB = 5;
  private static final int PEAK_KIB = 6;
  private static final int LIMIT = 7;
  private static final int WHOLE_COLUMNS = 8;

  /** How many distinct names a family remembers to share ({@link #shared}). */
  private static final int RECENT_NAMES = 16;

  private int n;
  private int capacity = 2;

  /** JobIDs that do not pack, by job; null until the first such JobID. */
  private String[] jobIds;

  private final WholeColumns whole = new WholeColumns(WHOLE_COLUMNS, capacity);

  private String[] names = new String[capacity];

  /** The last distinct names seen, the oldest replaced first; grows to {@link #RECENT_NAMES}. */
  private String[] recentNames = new String[2];

  private int recentCount;
  private int oldestName;
  private byte[] states = new byte[capacity];
  private byte[] flags = new byte[capacity];
  private double[] cpuEfficiency = new double[capacity];

  int size() {
    return n;
  }

  void add(JobUse j) {
    JobRecord r = j.job();
    long eligible = r.request() == null ? JobRecord.UNKNOWN : r.request().eligible();
    Double cpu = j.cpuEfficiency();
    add(
        r.jobId(),
        r.name(),
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
          o.whole.get(WAIT, i),
          o.whole.get(ELAPSED, i),
          o.whole.get(END, i),
          o.whole.get(CPUS, i),
          o.whole.get(ALLOCATED_KIB, i),
          o.whole.get(PEAK_KIB, i),
          o.whole.get(LIMIT, i),
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
    if (n == capacity) {
      grow(n + (n >> 1));
    }
    long packed = PackedJobId.pack(jobId);
    whole.set(JOB_NUMBER, n, packed);
    if (packed == PackedJobId.NONE) {
      if (jobIds == null) {
        jobIds = new String[capacity];
      }
      jobIds[n] = jobId;
    }
    names[n] = shared(name);
    states[n] = (byte) state.ordinal();
    flags[n] = flag;
    whole.set(WAIT, n, wait);
    whole.set(ELAPSED, n, elapsedSeconds);
    whole.set(END, n, end);
    whole.set(CPUS, n, cpuCount);
    whole.set(ALLOCATED_KIB, n, allocated);
    whole.set(PEAK_KIB, n, peak);
    whole.set(LIMIT, n, limit);
    cpuEfficiency[n] = cpu;
    n++;
  }

  /**
   * The string this family already keeps equal to {@code name}, if it is one of the last {@link
   * #RECENT_NAMES} distinct names seen, else {@code name} itself, then remembered in place of the
   * oldest.
   */
  private String shared(String name) {
    for (int k = 0; k < recentCount; k++) {
      if (recentNames[k].equals(name)) {
        return recentNames[k];
      }
    }
    if (recentCount == recentNames.length && recentCount < RECENT_NAMES) {
      recentNames = Arrays.copyOf(recentNames, recentCount * 2);
    }
    if (recentCount < recentNames.length) {
      recentNames[recentCount++] = name;
    } else {
      recentNames[oldestName] = name;
      oldestName = (oldestName + 1) % RECENT_NAMES;
    }
    return name;
  }

  private void grow(int newCapacity) {
    capacity = newCapacity;
    if (jobIds != null) {
      jobIds = Arrays.copyOf(jobIds, capacity);
    }
    whole.grow(capacity);
    names = Arrays.copyOf(names, capacity);
    states = Arrays.copyOf(states, capacity);
    flags = Arrays.copyOf(flags, capacity);
    cpuEfficiency = Arrays.copyOf(cpuEfficiency, capacity);
  }

  String jobId(int i) {
    long packed = whole.get(JOB_NUMBER, i);
    return packed == PackedJobId.NONE ? jobIds[i] : PackedJobId.unpack(packed);
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
    return whole.get(ELAPSED, i);
  }

  long cpus(int i) {
    return whole.get(CPUS, i);
  }

  /** Memory allocated in KiB (the job's total over its nodes). */
  long allocatedKib(int i) {
    return whole.get(ALLOCATED_KIB, i);
  }

  /** Peak memory in KiB, -1 when unknown. */
  long peakKib(int i) {
    return whole.get(PEAK_KIB, i);
  }

  /** The time limit in seconds, or {@link JobRecord#UNKNOWN}. */
  long limitSeconds(int i) {
    return whole.get(LIMIT, i);
  }

  /** CPU time used ÷ held, NaN when nothing was held. */
  double cpuEfficiency(int i) {
    return cpuEfficiency[i];
  }

  /** Elapsed ÷ time limit ({@link EfficiencyCounter}'s rule), NaN when the limit is not known. */
  double timeEfficiency(int i) {
    long limit = whole.get(LIMIT, i);
    return limit != JobRecord.UNKNOWN && limit > 0
        ? whole.get(ELAPSED, i) / (double) limit
        : Double.NaN;
  }

  /** Peak ÷ allocated memory ({@link JobUse#memoryEfficiency()}), NaN when either is unknown. */
  double memoryEfficiency(int i) {
    long peak = whole.get(PEAK_KIB, i);
    long allocated = whole.get(ALLOCATED_KIB, i);
    return peak >= 0 && allocated > 0 ? peak / (double) allocated : Double.NaN;
  }

  /** Job i as the drill-down shows it, made when asked for. */
  JobFamilies.Job job(int i) {
    return new JobFamilies.Job(
        jobId(i),
        names[i],
        state(i),
        whole.get(WAIT, i),
        whole.get(ELAPSED, i),
        whole.get(END, i),
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
    int byEnd = Long.compare(whole.get(END, b), whole.get(END, a));
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

  private static Double boxed(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
