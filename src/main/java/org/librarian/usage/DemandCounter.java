package org.librarian.usage;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The work waiting, and why: per user and per reason class, the CPUs, GPUs, GB and jobs that
 * waited, binned exactly like usage; how long the jobs that started waited; and what was in use and
 * waiting at the instant of the run.
 *
 * <p>A job waits during {@code [Eligible, Start)}; with Start unknown, a PENDING job waits up to
 * now and any other job (cancelled while it waited) up to its End; with neither it is passed over;
 * with Eligible unknown (held) it does not wait. It asks for its {@link Request}'s resources; a
 * pending array row ({@code 123_[4-10%6]}) counts once per task in its brackets. Its reason: for a
 * PENDING job, squeue's live reason when squeue listed it, else sacct's Reason. No I/O.
 */
public final class DemandCounter {
  /** Why work waits, by the reason Slurm gives. */
  public enum ReasonClass {
    QOS_LIMIT,
    ACCOUNT_LIMIT,
    CLUSTER,
    OTHER;

    /** The JSON key: {@code qos_limit}, ... */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code QOS...} → qos_limit; {@code Assoc...} → account_limit; None, Priority, Resources,
     * ReqNodeNotAvail..., Nodes required... → cluster; else other.
     */
    public static ReasonClass of(String reason) {
      String r = reason == null ? "" : reason.strip();
      if (r.startsWith("QOS")) {
        return QOS_LIMIT;
      }
      if (r.startsWith("Assoc")) {
        return ACCOUNT_LIMIT;
      }
      if (r.isEmpty()
          || r.equals("None")
          || r.equals("Priority")
          || r.equals("Resources")
          || r.startsWith("ReqNodeNotAvail")
          || r.startsWith("Nodes required")) {
        return CLUSTER;
      }
      return OTHER;
    }
  }

  private final BinGrid grid;
  private final Map<String, String> liveReasons;
  private final UsageBinner byUser;
  private final UsageBinner byReason;

  /** Per user, what waited for the QoS limit (the users' share of byReason's QoS-limit class). */
  private final UsageBinner atLimitByUser;

  /** Per user, the wait of each job started in the window, in seconds (unboxed, exact). */
  private final Map<String, NearestRank.Doubles> waits = new HashMap<>();

  private final Map<String, long[]> inUseNow = new HashMap<>();
  private final Map<String, Map<ReasonClass, long[]>> waitingNow = new HashMap<>();

  /** Per user and class, CPU-seconds and GPU-seconds waited inside the window (exact). */
  private final Map<String, Map<ReasonClass, long[]>> waited = new HashMap<>();

  /** How long the jobs that started in the window waited, by shape. */
  private final WaitByShape shapes;

  /** Whether any record said what it asked for (the input had an Eligible column). */
  private boolean available;

  /**
   * @param liveReasons squeue's reason of each pending job by its JobID (as sacct prints it); empty
   *     without squeue
   */
  public DemandCounter(BinGrid grid, Map<String, String> liveReasons) {
    this.grid = grid;
    this.shapes = new WaitByShape(grid.start(), grid.now());
    this.liveReasons = liveReasons;
    this.byUser = new UsageBinner(grid);
    this.byReason = new UsageBinner(grid);
    this.atLimitByUser = new UsageBinner(grid);
  }

  public void add(JobRecord job) {
    long now = grid.now();
    countInUseNow(job, now);
    Request ask = job.request();
    if (ask == null) {
      return;
    }
    available = true;
    shapes.add(job);
    if (job.start() != JobRecord.UNKNOWN
        && ask.eligible() != JobRecord.UNKNOWN
        && ask.eligible() <= job.start()
        && job.start() >= grid.start()
        && job.start() < now) {
      waits
          .computeIfAbsent(job.user(), u -> new NearestRank.Doubles())
          .add(job.start() - ask.eligible());
    }
    if (ask.eligible() == JobRecord.UNKNOWN) {
      return;
    }
    long until;
    if (job.start() != JobRecord.UNKNOWN) {
      until = job.start();
    } else if (job.state() == JobState.PENDING) {
      until = now;
    } else if (job.end() != JobRecord.UNKNOWN) {
      until = job.end();
    } else {
      return;
    }
    String reason =
        job.state() == JobState.PENDING && liveReasons.containsKey(job.jobId())
            ? liveReasons.get(job.jobId())
            : ask.reason();
    ReasonClass cls = ReasonClass.of(reason);
    long tasks = job.state() == JobState.PENDING ? arrayTasks(job.jobId()) : 1;
    long lo = Math.max(ask.eligible(), grid.start());
    long hi = Math.min(until, Math.min(now, grid.end()));
    if (hi > lo) {
      long[] w =
          waited
              .computeIfAbsent(job.user(), u -> new HashMap<>())
              .computeIfAbsent(cls, c -> new long[2]);
      w[0] =
          Math.addExact(w[0], Math.multiplyExact(Math.multiplyExact(ask.cpus(), tasks), hi - lo));
      w[1] =
          Math.addExact(w[1], Math.multiplyExact(Math.multiplyExact(ask.gpus(), tasks), hi - lo));
    }
    long from = ask.eligible();
    for (long t = 0; t < tasks; t++) {
      byUser.add(job.user(), from, until, ask.cpus(), ask.gpus(), ask.memoryKib());
      // the same wait, counted under its reason
      byReason.add(cls.key(), from, until, ask.cpus(), ask.gpus(), ask.memoryKib());
      if (cls == ReasonClass.QOS_LIMIT) {
        atLimitByUser.add(job.user(), from, until, ask.cpus(), ask.gpus(), ask.memoryKib());
      }
    }
    if (job.state() == JobState.PENDING && ask.eligible() <= now) {
      long[] w =
          waitingNow
              .computeIfAbsent(job.user(), u -> new HashMap<>())
              .computeIfAbsent(cls, c -> new long[4]);
      w[0] += tasks * ask.cpus();
      w[1] += tasks * ask.gpus();
      w[2] += tasks * ask.memoryKib();
      w[3] += tasks;
    }
  }

  /**
   * In use at the instant now: started at or before now, and not ended (End unknown while it holds
   * its allocation).
   */
  private void countInUseNow(JobRecord job, long now) {
    if (job.start() == JobRecord.UNKNOWN || job.start() > now) {
      return;
    }
    boolean going =
        job.end() == JobRecord.UNKNOWN ? job.state().holdsAllocation() : job.end() > now;
    if (!going) {
      return;
    }
    long[] u = inUseNow.computeIfAbsent(job.user(), x -> new long[4]);
    u[0] += job.cpus();
    u[1] += job.gpus();
    u[2] += job.memoryKib();
    u[3] += 1;
  }

  /**
   * Tasks in a pending array row's brackets: {@code 123_[4-10%6]} 7, {@code 123_[1,3,5-9]} 7,
   * {@code 123_[1-99:2]} 50 (the {@code %N} throttle is ignored); 1 for any other JobID.
   */
  public static long arrayTasks(String jobId) {
    int open = jobId.indexOf("_[");
    int close = jobId.lastIndexOf(']');
    if (open < 0 || close < open) {
      return 1;
    }
    String inside = jobId.substring(open + 2, close);
    int throttle = inside.indexOf('%');
    if (throttle >= 0) {
      inside = inside.substring(0, throttle);
    }
    long count = 0;
    try {
      for (String part : inside.split(",")) {
        String range = part.strip();
        long step = 1;
        int colon = range.indexOf(':');
        if (colon >= 0) {
          step = Long.parseLong(range.substring(colon + 1));
          range = range.substring(0, colon);
        }
        int dash = range.indexOf('-');
        if (dash < 0) {
          count += 1;
        } else {
          long from = Long.parseLong(range.substring(0, dash));
          long to = Long.parseLong(range.substring(dash + 1));
          if (to >= from && step > 0) {
            count += (to - from) / step + 1;
          }
        }
      }
    } catch (NumberFormatException e) {
      return 1;
    }
    return Math.max(count, 1);
  }

  /** Adds what another counter over the same grid saw (parts of one input read in parallel). */
  public void merge(DemandCounter other) {
    available |= other.available;
    addByClass(waited, other.waited, 2);
    byUser.merge(other.byUser);
    byReason.merge(other.byReason);
    atLimitByUser.merge(other.atLimitByUser);
    other.waits.forEach(
        (u, w) -> waits.computeIfAbsent(u, x -> new NearestRank.Doubles()).addAll(w));
    shapes.merge(other.shapes);
    other.inUseNow.forEach((u, v) -> add(inUseNow.computeIfAbsent(u, x -> new long[4]), v));
    addByClass(waitingNow, other.waitingNow, 4);
  }

  private static void addByClass(
      Map<String, Map<ReasonClass, long[]>> into,
      Map<String, Map<ReasonClass, long[]>> more,
      int width) {
    more.forEach(
        (u, byClass) ->
            byClass.forEach(
                (c, v) ->
                    add(
                        into.computeIfAbsent(u, x -> new HashMap<>())
                            .computeIfAbsent(c, x -> new long[width]),
                        v)));
  }

  private static void add(long[] into, long[] more) {
    for (int i = 0; i < into.length; i++) {
      into[i] += more[i];
    }
  }

  public DemandReport report() {
    Map<String, DemandReport.Wait> stats = new HashMap<>();
    for (Map.Entry<String, NearestRank.Doubles> e : waits.entrySet()) {
      double[] w = e.getValue().sorted();
      long sum = 0;
      for (double x : w) {
        sum += (long) x;
      }
      int n = w.length;
      stats.put(
          e.getKey(),
          new DemandReport.Wait(
              n,
              sum / (double) n,
              (long) w[rank(0.5, n)],
              (long) w[rank(0.9, n)],
              (long) w[n - 1]));
    }
    return new DemandReport(
        available,
        byUser.report(),
        byReason.report(),
        stats,
        inUseNow,
        waitingNow,
        waited,
        shapes.report(),
        atLimitByUser.report());
  }

  /** Nearest rank: the value at position ceil(p·n) of the sorted values, as an index. */
  private static int rank(double p, int n) {
    return Math.max(0, (int) Math.ceil(p * n) - 1);
  }
}
