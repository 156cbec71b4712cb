package org.librarian.slurm;

import java.time.DateTimeException;
import java.time.ZoneId;
import org.librarian.slurm.SacctReader.Problem;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.Request;
import org.librarian.usage.StepRecord;

/**
 * Turns one cut sacct row into a {@link JobRecord} (an allocation row) or a {@link StepRecord} (a
 * step row, {@code 123.batch}, {@code 123.0}). Times are read by {@link SlurmTime} (epoch seconds,
 * or ISO local times of the given zone); memory is in KiB, CPU time in milliseconds. An allocation
 * row is refused as a whole ({@link Malformed}) when it has the wrong number of fields, no User, a
 * value that is not a number or time, an End before its Start, or more than any job can hold; a
 * step row is read leniently, an odd value costing only that value.
 */
final class SacctRow {
  /**
   * Largest values of one job that any real cluster could allocate; a row beyond them is skipped as
   * malformed, so one absurd row cannot push the sums past what a long holds.
   */
  static final long MAX_CPUS = 1L << 24;

  static final long MAX_GPUS = 1L << 20;
  static final long MAX_MEMORY_KIB = 1L << 40;

  private static final String AT_MOST =
      " (at most " + MAX_CPUS + " CPUs, " + MAX_GPUS + " GPUs, " + (MAX_MEMORY_KIB >> 20) + " GB)";

  /** Why a row was refused; the message names the field. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private final SacctFields c;
  private final ZoneId zone;

  SacctRow(SacctFields fields, ZoneId zone) {
    this.c = fields;
    this.zone = zone;
  }

  /** The row's QOS field when the row has one where the header says, else null. */
  String qosOf(SacctLine r) {
    return c.qos() >= 0 && c.qos() < r.size() ? r.get(c.qos()).strip() : null;
  }

  /** A step row (its size already checked by {@link #toJob}): what it used, as printed. */
  StepRecord toStep(SacctLine r) {
    String id = r.get(c.jobId());
    String parent = id.substring(0, id.indexOf('.'));
    long cpu;
    try {
      cpu = c.totalCpu() >= 0 ? SlurmTime.durationMillis(r.get(c.totalCpu())) : JobRecord.UNKNOWN;
    } catch (NumberFormatException e) {
      cpu = JobRecord.UNKNOWN;
    }
    String tot = c.tresUsageInTot() >= 0 ? r.get(c.tresUsageInTot()) : null;
    String ave = c.tresUsageInAve() >= 0 ? r.get(c.tresUsageInAve()) : null;
    return new StepRecord(
        parent,
        cpu,
        TresParser.usageCpuMillis(tot),
        c.maxRss() >= 0 ? MemorySize.parseKib(r.get(c.maxRss())) : -1,
        c.tasks() >= 0 ? lenientLong(r.get(c.tasks())) : -1,
        tot == null ? -1 : TresParser.usageMemoryKib(tot),
        ave == null ? Double.NaN : TresParser.usageGpuUtil(ave),
        ave == null ? -1 : TresParser.usageGpuMemoryKib(ave));
  }

  /**
   * What efficiency and families read of an allocation row, leniently: an odd value costs only that
   * value. JobName is kept exactly as read (the row's field count was checked, so a name cannot
   * have swallowed a delimiter).
   */
  private JobRecord.Detail detail(SacctLine r) {
    String name = c.jobName() >= 0 ? r.get(c.jobName()) : "";
    long limit = JobRecord.UNKNOWN;
    if (c.timelimitRaw() >= 0) {
      long minutes = lenientLong(r.get(c.timelimitRaw()));
      limit = minutes > 0 ? minutes * 60 : JobRecord.UNKNOWN;
    } else if (c.timelimit() >= 0) {
      try {
        long ms = SlurmTime.durationMillis(r.get(c.timelimit()));
        limit = ms > 0 ? ms / 1000 : JobRecord.UNKNOWN;
      } catch (NumberFormatException e) {
        limit = JobRecord.UNKNOWN; // UNLIMITED, Partition_Limit
      }
    }
    long req = c.reqCpus() >= 0 ? lenientLong(r.get(c.reqCpus())) : -1;
    long nodes = c.nodes() >= 0 ? lenientLong(r.get(c.nodes())) : -1;
    return new JobRecord.Detail(
        name, limit, req > 0 ? req : JobRecord.UNKNOWN, nodes > 0 ? nodes : JobRecord.UNKNOWN);
  }

  /** The job of an allocation row, or null for a step row (its JobID has a '.'). */
  JobRecord toJob(SacctLine r) throws Malformed {
    int size = r.size();
    boolean sizeOk = size == c.count() || (size == c.count() + 1 && r.isEmpty(c.count()));
    if (!sizeOk) {
      throw new Malformed("expected " + c.count() + " fields, found " + size);
    }
    String jobId = c.jobId() >= 0 ? r.get(c.jobId()) : "";
    String user = r.get(c.user()).strip();
    if (jobId.indexOf('.') >= 0) {
      return null;
    }
    if (user.isEmpty()) {
      throw new Malformed("no User");
    }
    for (int i = 0; i < user.length(); i++) {
      if (Character.isISOControl(user.charAt(i))) {
        throw new Malformed("User '" + Problem.printable(user) + "' has a control character");
      }
    }
    String field = "";
    try {
      field = "State";
      JobState state = c.state() >= 0 ? JobState.parse(r.get(c.state())) : JobState.OTHER;
      field = "Start";
      long start = SlurmTime.parse(r.get(c.start()), zone);
      field = "End";
      long end = c.end() >= 0 ? SlurmTime.parse(r.get(c.end()), zone) : JobRecord.UNKNOWN;
      field = "ElapsedRaw";
      long elapsed = c.elapsedRaw() >= 0 ? optionalLong(r.get(c.elapsedRaw())) : JobRecord.UNKNOWN;
      field = "AllocTRES";
      TresParser.Tres tres =
          c.allocTres() >= 0 ? TresParser.parse(r.get(c.allocTres())) : TresParser.EMPTY;
      field = "NCPUS";
      long cpus = c.cpus() >= 0 ? optionalLong(r.get(c.cpus())) : JobRecord.UNKNOWN;
      if (cpus == JobRecord.UNKNOWN) {
        cpus = Math.max(tres.cpus(), 0);
      }
      long gpus = Math.max(tres.gpus(), 0);
      field = "ReqMem";
      long memory = tres.memoryKib();
      if (memory < 0 && c.reqMem() >= 0) {
        long nodes = c.nodes() >= 0 ? lenientLong(r.get(c.nodes())) : -1;
        if (nodes < 0) {
          nodes = Math.max(tres.nodes(), 1);
        }
        String req = r.get(c.reqMem());
        memory = req.isBlank() ? 0 : MemorySize.reqMemTotalKib(req, cpus, nodes);
        if (memory < 0) {
          throw new NumberFormatException("'" + req + "' is not a memory size");
        }
      }
      memory = Math.max(memory, 0);
      checkHoldable("", cpus, gpus, memory, AT_MOST);
      if (start != JobRecord.UNKNOWN && end != JobRecord.UNKNOWN && end < start) {
        throw new Malformed("End is before Start");
      }
      String qos = c.qos() >= 0 ? r.get(c.qos()).strip() : "";
      field = "TotalCPU";
      long cpuUsed =
          c.totalCpu() >= 0 ? SlurmTime.durationMillis(r.get(c.totalCpu())) : JobRecord.UNKNOWN;
      Request request = null;
      if (c.eligible() >= 0) {
        field = "Eligible";
        long eligible = SlurmTime.parse(r.get(c.eligible()), zone);
        field = "ReqTRES";
        TresParser.Tres req =
            c.reqTres() >= 0 ? TresParser.parse(r.get(c.reqTres())) : TresParser.EMPTY;
        field = "ReqCPUS";
        long askCpus = c.reqCpus() >= 0 ? optionalLong(r.get(c.reqCpus())) : JobRecord.UNKNOWN;
        if (askCpus == JobRecord.UNKNOWN || askCpus == 0) {
          askCpus = c.cpus() >= 0 ? optionalLong(r.get(c.cpus())) : JobRecord.UNKNOWN;
        }
        if (askCpus == JobRecord.UNKNOWN || askCpus == 0) {
          askCpus = Math.max(req.cpus(), 0);
        }
        long askMemory = req.memoryKib();
        if (askMemory < 0 && c.reqMem() >= 0 && !r.get(c.reqMem()).isBlank()) {
          field = "ReqMem";
          long nodes = c.nodes() >= 0 ? lenientLong(r.get(c.nodes())) : -1;
          askMemory =
              MemorySize.reqMemTotalKib(
                  r.get(c.reqMem()), askCpus, nodes < 0 ? Math.max(req.nodes(), 1) : nodes);
        }
        long askGpus = Math.max(req.gpus(), 0);
        askMemory = Math.max(askMemory, 0);
        checkHoldable("asks for ", askCpus, askGpus, askMemory, "");
        request =
            new Request(
                eligible,
                askCpus,
                askGpus,
                askMemory,
                c.reason() >= 0 ? r.get(c.reason()).strip() : "",
                c.partition() >= 0 ? r.get(c.partition()).strip() : "",
                c.account() >= 0 ? r.get(c.account()).strip() : "");
      }
      JobRecord.Origin origin = null;
      if (c.account() >= 0 || c.partition() >= 0 || c.submit() >= 0) {
        origin =
            new JobRecord.Origin(
                c.account() >= 0 ? r.get(c.account()).strip() : "",
                c.partition() >= 0 ? r.get(c.partition()).strip() : "",
                c.submit() >= 0 ? lenientTime(r.get(c.submit())) : JobRecord.UNKNOWN);
      }
      return new JobRecord(
          jobId, user, qos, state, start, end, elapsed, cpus, gpus, memory, cpuUsed, request,
          origin, detail(r));
    } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
      throw new Malformed(field + ": " + e.getMessage());
    }
  }

  /**
   * A count that may be empty or {@code Unknown} (then {@link JobRecord#UNKNOWN}); negative is
   * refused.
   */
  /**
   * Refuses more CPUs, GPUs or memory (KiB) than any job can hold; the message starts with {@code
   * verb} and ends with {@code tail}.
   */
  private static void checkHoldable(String verb, long cpus, long gpus, long memoryKib, String tail)
      throws Malformed {
    if (cpus > MAX_CPUS || gpus > MAX_GPUS || memoryKib > MAX_MEMORY_KIB) {
      throw new Malformed(
          verb
              + "more than any job can hold: "
              + cpus
              + " CPUs, "
              + gpus
              + " GPUs, "
              + (memoryKib >> 20)
              + " GB"
              + tail);
    }
  }

  private static long optionalLong(String text) {
    String s = text.strip();
    if (s.isEmpty() || s.equals("Unknown")) {
      return JobRecord.UNKNOWN;
    }
    long v = Long.parseLong(s);
    if (v < 0) {
      throw new NumberFormatException("negative value " + v);
    }
    return v;
  }

  /** A time, or UNKNOWN when it is not one: the archive's Submit never makes a row malformed. */
  private long lenientTime(String text) {
    try {
      return SlurmTime.parse(text, zone);
    } catch (DateTimeException | NumberFormatException e) {
      return JobRecord.UNKNOWN;
    }
  }

  /** A number, or -1 when it is not one. */
  private static long lenientLong(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
