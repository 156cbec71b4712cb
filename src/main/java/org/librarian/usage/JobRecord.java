package org.librarian.usage;

/**
 * One job allocation as the engine sees it. Times are epoch seconds, or {@link #UNKNOWN} when Slurm
 * printed {@code Unknown}, {@code None} or nothing. Resources are whole numbers: CPUs, GPUs and
 * memory in KiB (1 GB = 1024 × 1024 KiB); {@code memoryKib} is the job's total over all its nodes.
 *
 * @param jobId sacct's JobID, kept for messages and caches
 * @param user the job's owner
 * @param qos the QoS the job ran in, or "" when the input did not say
 * @param state the base state
 * @param start start of the allocation, or UNKNOWN when it never started
 * @param end end of the allocation, or UNKNOWN while running or when never recorded
 * @param elapsedSeconds sacct's ElapsedRaw, or UNKNOWN
 * @param cpuUsedMillis the job row's TotalCPU (CPU time its processes used) in milliseconds, or
 *     UNKNOWN
 * @param request what it asked for and when it was eligible, or null when the input does not say
 * @param origin its account, partition and submit time, for the job archive; null when the input
 *     gave none of them
 * @param detail its name, time limit, CPUs asked for and nodes, for efficiency and job families
 *     ({@link Detail#NONE} when the input does not say)
 */
public record JobRecord(
    String jobId,
    String user,
    String qos,
    JobState state,
    long start,
    long end,
    long elapsedSeconds,
    long cpus,
    long gpus,
    long memoryKib,
    long cpuUsedMillis,
    Request request,
    Origin origin,
    Detail detail) {

  /** Marks a time or duration Slurm did not give. */
  public static final long UNKNOWN = Long.MIN_VALUE;

  /**
   * What the archive keeps of a job besides its usage.
   *
   * @param account sacct's Account, or "" when the input did not say
   * @param partition sacct's Partition as printed ({@code a} or {@code a,b}), or ""
   * @param submit sacct's Submit in epoch seconds, or {@link #UNKNOWN}
   */
  public record Origin(String account, String partition, long submit) {}

  /**
   * What efficiency and job families read besides usage.
   *
   * @param name sacct's JobName exactly as read ("" when the input has none); it can hold any
   *     character a user typed, {@code |}, quotes, {@code <} and emoji included, so every writer
   *     escapes it for where it goes
   * @param timelimitSeconds TimelimitRaw (minutes) in seconds, or {@link #UNKNOWN} when not given
   *     or UNLIMITED
   * @param reqCpus ReqCPUS as sacct printed it, or {@link #UNKNOWN}
   * @param nodes NNodes, or {@link #UNKNOWN}
   */
  public record Detail(String name, long timelimitSeconds, long reqCpus, long nodes) {
    public static final Detail NONE = new Detail("", UNKNOWN, UNKNOWN, UNKNOWN);

    public Detail {
      name = name == null ? "" : name;
    }
  }

  public JobRecord {
    detail = detail == null ? Detail.NONE : detail;
  }

  /** The job's name ("" when the input has none). */
  public String name() {
    return detail.name();
  }

  /**
   * What tells one run of a job from another: with {@code sacct --duplicates} a requeued job has a
   * row per run under one JobID, each with its own Start.
   */
  public String runKey() {
    return start == UNKNOWN ? jobId + "@none" : jobId + "@" + start;
  }

  /**
   * The same record under another user name (a pseudonym, or "others"), without its job name: a
   * name can say who ran it ({@code alice_thesis_3}), so it is not published beside a pseudonym.
   */
  public JobRecord withUser(String name) {
    return name.equals(user)
        ? this
        : new JobRecord(
            jobId,
            name,
            qos,
            state,
            start,
            end,
            elapsedSeconds,
            cpus,
            gpus,
            memoryKib,
            cpuUsedMillis,
            request,
            origin,
            new Detail("", detail.timelimitSeconds(), detail.reqCpus(), detail.nodes()));
  }

  /** Whether this run can no longer change: it ended (End known) in a state that is final. */
  public boolean finished() {
    return end != UNKNOWN && state.isFinal();
  }
}
