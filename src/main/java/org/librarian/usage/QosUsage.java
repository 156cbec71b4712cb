package org.librarian.usage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The usage of every QoS one sacct answer covers: each job record goes to the binner of its QoS (by
 * the record's QoS, compared without case), or, when the input has no QOS column, to the only QoS.
 * Counts per QoS the rows it was given and the malformed rows; a malformed row whose QoS could not
 * be read counts for every QoS, since it could belong to any of them.
 *
 * <p>One count per run: a run is its JobID and Start ({@link SeenRuns}). A row that repeats a run
 * already given (sacct or a saved file printing it twice) is counted as a row read, and for nothing
 * else: not for usage, waiting, efficiency (its steps go with it) or the daily history. Every run
 * of a requeued job still counts, since each has its own Start. Records without a JobID are never
 * taken for repeats.
 */
public final class QosUsage {
  private final BinGrid grid;
  private final boolean byColumn;
  private final Map<String, String> names = new LinkedHashMap<>();

  /** Each group's counted state, by its name; null once the group is released. */
  private final Map<String, Counted> groups = new LinkedHashMap<>();

  private final Map<String, String> liveReasons;

  /** The QoS of the last job record: its steps follow it and belong to it. */
  private String lastJobQos;

  private final Map<String, long[]> counts = new LinkedHashMap<>();

  /** Where the groups' records are counted: on the caller's thread, or on lanes of their own. */
  private final CountingLanes lanes;

  private long unattributed;
  private long otherQos;

  /**
   * The QOS values the records carried (at most {@link #QOS_SEEN_MAX}), to say which a file holds.
   */
  private final TreeSet<String> qosSeen = new TreeSet<>();

  private static final int QOS_SEEN_MAX = 20;

  /**
   * The QoS asked for that a record's QOS field named (in any case), however many others came; kept
   * for a closed set of groups only. A hash set, sorted only when asked for: every record adds its
   * group again, and a tree set's comparisons of 2,000 names were an eighth of a centre's reading
   * thread.
   */
  private final Set<String> named = new HashSet<>();

  /**
   * Runs given so far; shared by the parts of one input read in parallel, so a repeat in another
   * part is seen.
   */
  private SeenRuns runs;

  /** Whether the last job record repeated a run: its steps are passed over too. */
  private boolean lastJobRepeated;

  /**
   * @param qos the QoS names
   * @param byColumn whether records carry their QoS; if not, {@code qos} must name exactly one
   */
  public QosUsage(BinGrid grid, List<String> qos, boolean byColumn) {
    this(grid, qos, byColumn, Map.of());
  }

  /**
   * @param liveReasons squeue's reason of each pending job by JobID, for the work waiting now
   */
  public QosUsage(
      BinGrid grid, List<String> qos, boolean byColumn, Map<String, String> liveReasons) {
    this(grid, qos, byColumn, liveReasons, new SeenRuns());
  }

  /**
   * @param runs the runs seen so far, shared by the accumulators of one input's parallel parts;
   *     each run counts in whichever part gives it first
   */
  public QosUsage(
      BinGrid grid,
      List<String> qos,
      boolean byColumn,
      Map<String, String> liveReasons,
      SeenRuns runs) {
    this(grid, qos, byColumn, liveReasons, runs, GroupBy.QOS, 1);
  }

  /**
   * @param qos the groups named (QoS or accounts, as {@code by} says); listed even without rows
   * @param by what a group is, and whether groups the records name are added as they appear
   * @param lanes on how many threads the groups' records are counted: 1 on the caller's, more for
   *     many groups, each group on one lane, its records in their order (so the result is the
   *     same); the lanes are drained by {@link #endOfRecords()}
   */
  public QosUsage(
      BinGrid grid,
      List<String> qos,
      boolean byColumn,
      Map<String, String> liveReasons,
      SeenRuns runs,
      GroupBy by,
      int lanes) {
    this.lanes = new CountingLanes(lanes);
    this.runs = runs;
    this.liveReasons = liveReasons;
    this.by = by;
    if (!byColumn && (qos.size() != 1 || by.open())) {
      throw new IllegalArgumentException("records without a QoS can only be counted for one QoS");
    }
    this.grid = grid;
    this.byColumn = byColumn;
    this.asked = List.copyOf(qos);
    for (String q : qos) {
      create(q);
    }
  }

  private void create(String q) {
    names.put(q.toLowerCase(Locale.ROOT), q);
    groups.put(q, new Counted(grid, liveReasons, lanes.next()));
    counts.put(q, new long[4]);
  }

  /** What a group is, and whether groups are found in the records. */
  private final GroupBy by;

  /** The groups named when this was made, in their order. */
  private final List<String> asked;

  private String qosOf(String recordQos) {
    if (!byColumn) {
      return names.values().iterator().next();
    }
    if (recordQos == null) {
      return null;
    }
    String q = names.get(recordQos.toLowerCase(Locale.ROOT));
    if (q == null && by.admits(recordQos)) {
      create(recordQos);
      q = recordQos;
    }
    return q;
  }

  /**
   * Every group: those named first, in their order, then those found in the records, sorted. Each
   * name is as the first record that named it spelled it.
   */
  public List<String> groups() {
    List<String> all = new ArrayList<>(asked);
    groups.keySet().stream().filter(q -> !asked.contains(q)).sorted().forEach(all::add);
    return all;
  }

  /**
   * Adds {@code group} when this set is open and admits it, so it is reported (with zeros) even
   * when no record named it; returns its name as known, or null when it is none of this set's.
   */
  public String include(String group) {
    return byColumn ? qosOf(group) : ownerOf(group);
  }

  /** Counts one job record; false when it is of another QoS or repeats a run already counted. */
  public boolean add(JobRecord job) {
    String key = by.of(job);
    if (key != null && !key.isEmpty()) {
      if (qosSeen.size() < QOS_SEEN_MAX) {
        qosSeen.add(key);
      }
      // Which named groups the records named says what a file lacks: for a closed set only.
      String known = by.open() ? null : names.get(key.toLowerCase(Locale.ROOT));
      if (known != null) {
        named.add(known);
      }
    }
    String q = qosOf(key);
    lastJobQos = q;
    lastJobRepeated = false;
    if (q == null) {
      otherQos++;
      return false;
    }
    counts.get(q)[0]++;
    if (runs == null) {
      throw new IllegalStateException("a record was added after the end of the records");
    }
    if (!job.jobId().isEmpty() && !newRunsOnly && !runs.add(job)) {
      counts.get(q)[3]++;
      lastJobRepeated = true;
      return false;
    }
    lanes.job(groups.get(q), job);
    return true;
  }

  /**
   * Whether the records are known to be of runs not given before and not repeated among themselves
   * ({@link #newRunsOnly()}).
   */
  private boolean newRunsOnly;

  /**
   * Says that each record added from now on is of a run no record before it was of, and that no two
   * of them are of the same run, so their runs are not looked up or kept: at a centre's scale the
   * cache base's 5,000,000 runs, read last, were a table of 134 MB and a third of the reading
   * thread. A record added after this still counts as a row of its group, as any record does.
   */
  public void newRunsOnly() {
    newRunsOnly = true;
  }

  public void addMalformed(String recordQos) {
    // A malformed row's account is not known: it counts for every account.
    String q = by.key() == GroupBy.Key.QOS ? qosOf(recordQos) : null;
    if (q == null) {
      unattributed++;
    } else {
      counts.get(q)[1]++;
    }
  }

  /**
   * A step row, which belongs to the job before it: passed over for usage, counted for efficiency.
   */
  public void addStep(StepRecord step) {
    String q = lastJobQos;
    if (q != null) {
      counts.get(q)[2]++;
      if (!lastJobRepeated) {
        lanes.step(groups.get(q), step);
      }
    }
  }

  /**
   * Adds what another accumulator over the same grid and QoS saw (the sums are exact: order does
   * not matter).
   */
  public QosUsage merge(QosUsage other) {
    endOfRecords();
    other.endOfRecords();
    // Each of the other part's groups is let go once merged: the two parts' per-user and per-job
    // state is never all held twice, which at a centre's scale was the run's largest heap.
    for (String theirs : List.copyOf(other.groups.keySet())) {
      // The same group, however each part spelled it first; a part may have found groups this one
      // has not.
      String q = qosOf(theirs);
      groups.get(q).merge(other.groups.get(theirs));
      long[] mine = counts.get(q);
      long[] their = other.counts.get(theirs);
      for (int i = 0; i < mine.length; i++) {
        mine[i] += their[i];
      }
      other.groups.remove(theirs);
      other.counts.remove(theirs);
    }
    unattributed += other.unattributed;
    otherQos += other.otherQos;
    named.addAll(other.named);
    for (String q : other.qosSeen) {
      if (qosSeen.size() < QOS_SEEN_MAX) {
        qosSeen.add(q);
      }
    }
    return this;
  }

  /**
   * Says every record was given: the runs seen (millions at a centre's scale, needed only to tell
   * repeats while reading) are let go, and a record added after this is refused. Merging ends the
   * records of both accumulators.
   */
  public void endOfRecords() {
    runs = null;
    lanes.finish();
  }

  /**
   * Lets go of one written group's counted state, so that the heap shrinks as a centre's groups are
   * written (with all of them held to the end, 1.4 GB of 2 GB stayed live at 5 M rows, and the
   * collector marked it over and over while the groups were written). Its name stays, and its
   * accessors must not be called again. Groups are written on several threads at once: the state is
   * replaced by null under the group's existing key, which changes no map's structure, so the
   * lookups of the other groups are unaffected.
   */
  public void release(String q) {
    groups.replace(q, null);
  }

  /**
   * The QoS a record with this QOS field counts for, or null when it is none of those asked for.
   */
  public String ownerOf(String recordQos) {
    if (!byColumn) {
      return names.values().iterator().next();
    }
    return recordQos == null ? null : names.get(recordQos.toLowerCase(Locale.ROOT));
  }

  /** The group a job record counts for (its QoS or its account), or null when none. */
  public String ownerOf(JobRecord job) {
    return ownerOf(by.of(job));
  }

  /**
   * The QoS asked for that some record's QOS field named, sorted; empty for an open set of groups
   * (every group found is one a record named).
   */
  public Set<String> named() {
    return Collections.unmodifiableSet(new TreeSet<>(named));
  }

  /** The QOS values the records carried, sorted; at most 20 of them. */
  public Set<String> qosSeen() {
    return Collections.unmodifiableSet(qosSeen);
  }

  public BinGrid grid() {
    return grid;
  }

  /**
   * The usage of one QoS; throws ArithmeticException when a sum would not fit (see {@link
   * UsageBinner}).
   */
  public UsageReport report(String qos) {
    Counted c = groups.get(qos);
    if (c.overflowed) {
      throw new ArithmeticException("the sums of " + qos + " do not fit in a long");
    }
    return c.binner.report();
  }

  /** The partitions this QoS's jobs asked for. */
  public Set<String> partitions(String qos) {
    return Collections.unmodifiableSet(groups.get(qos).partitions);
  }

  /** The Slurm accounts this QoS's jobs ran under, sorted. */
  public Set<String> accounts(String qos) {
    return Collections.unmodifiableSet(groups.get(qos).accounts);
  }

  /** This QoS's jobs pending at the instant of the run, by Eligible then JobID. */
  public List<WaitingJob> waitingJobs(String qos) {
    return groups.get(qos).waiting.stream()
        .sorted(Comparator.comparingLong(WaitingJob::eligible).thenComparing(WaitingJob::jobId))
        .toList();
  }

  /** The work of this QoS that waited, and why. */
  public DemandReport demand(String qos) {
    return groups.get(qos).demand.report();
  }

  /** What the jobs of this QoS that ended in the window held and used. */
  public EfficiencyReport efficiency(String qos) {
    return groups.get(qos).efficiency.report();
  }

  /** Rows of this QoS read: job rows, step rows and malformed ones. */
  public long rows(String qos) {
    return counts.get(qos)[0] + counts.get(qos)[2] + malformedRows(qos);
  }

  /** Malformed rows of this QoS, and those whose QoS could not be told. */
  public long malformedRows(String qos) {
    return counts.get(qos)[1] + unattributed;
  }

  /**
   * Job rows of this QoS that repeated a run already counted (same JobID and Start), and were not
   * counted again.
   */
  public long repeatedRows(String qos) {
    return counts.get(qos)[3];
  }

  /** Rows of a QoS not asked for (only a saved file with a QOS column can have them). */
  public long otherQos() {
    return otherQos;
  }

  /**
   * One group's counted state. Its records are counted on one lane only (or the caller's thread),
   * in their order; it is read once every record is counted ({@link #endOfRecords()}).
   */
  static final class Counted {
    final UsageBinner binner;
    final EfficiencyCounter efficiency;
    final DemandCounter demand;
    final Set<String> partitions = new TreeSet<>();
    final Set<String> accounts = new TreeSet<>();
    final List<WaitingJob> waiting = new ArrayList<>();
    private final Map<String, String> liveReasons;

    /** The lane that counts this group's records. */
    final int lane;

    /** Whether its sums went past what a long holds: its report fails, the others go on. */
    boolean overflowed;

    Counted(BinGrid grid, Map<String, String> liveReasons, int lane) {
      this.binner = new UsageBinner(grid);
      this.efficiency = new EfficiencyCounter(grid.start(), grid.now());
      this.demand = new DemandCounter(grid, liveReasons);
      this.liveReasons = liveReasons;
      this.lane = lane;
    }

    void add(JobRecord job) {
      efficiency.add(job);
      demand.add(job);
      Request ask = job.request();
      if (ask != null) {
        if (!ask.partition().isEmpty()) {
          for (String p : ask.partition().split(",")) {
            partitions.add(p.strip());
          }
        }
        if (!ask.account().isEmpty()) {
          accounts.add(ask.account());
        }
        if (job.state() == JobState.PENDING) {
          String reason = liveReasons.getOrDefault(job.jobId(), ask.reason());
          waiting.add(
              new WaitingJob(
                  job.jobId(), job.user(), ask.cpus(), ask.gpus(), ask.eligible(), reason, null));
        }
      }
      if (!overflowed) {
        try {
          binner.add(job);
        } catch (ArithmeticException e) {
          overflowed = true;
        }
      }
    }

    void add(StepRecord step) {
      efficiency.add(step);
    }

    /** Adds another part's count of the same group (the sums are exact: order does not matter). */
    void merge(Counted other) {
      overflowed |= other.overflowed;
      if (!overflowed) {
        try {
          binner.merge(other.binner);
        } catch (ArithmeticException x) {
          overflowed = true;
        }
      }
      efficiency.merge(other.efficiency);
      demand.merge(other.demand);
      partitions.addAll(other.partitions);
      accounts.addAll(other.accounts);
      waiting.addAll(other.waiting);
    }
  }
}
