package org.librarian.demo;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.librarian.slurm.SacctReader;

/**
 * Writes a realistic, reproducible month of {@code sacct} output for one QoS, in exactly the form
 * librarian's own sacct call returns (header, {@code |}, epoch seconds): a dozen users with CPU
 * jobs, GPU jobs (typed and untyped TRES), job arrays, failures, time-outs, jobs cancelled before
 * they started, jobs still running at "now" and jobs still pending. Jobs are scheduled first-come
 * first-served under the QoS's CPU and GPU limits, so the charts run close to the limit at busy
 * times. The same seed, QoS and "now" give the same bytes.
 */
public final class DemoSacctGenerator {
  private static final String[] USERS = {
    "hawk", "otter", "lynx", "heron", "wren", "marten", "ibis", "puffin", "vole", "egret", "finch",
    "stoat"
  };
  private static final long HOUR = 3600;
  private static final long DAY = 86_400;

  private final long seed;

  public DemoSacctGenerator(long seed) {
    this.seed = seed;
  }

  /** A job before scheduling. */
  private static final class Job {
    String id;
    String user;
    long submit;
    long duration;
    long start = -1;
    int cpus;
    int gpus;
    long memMib;
    int nodes = 1;
    String state = "COMPLETED";
    boolean cancelledBeforeStart;
  }

  /**
   * @param now epoch seconds the sample ends at: nothing ends after it
   * @param cpuLimit the QoS's CPU limit jobs are scheduled under
   * @param gpuLimit the QoS's GPU limit (0: a CPU-only QoS)
   * @param jobsPerDay average submissions per day for the whole group
   */
  public void write(Writer out, String qos, long now, int cpuLimit, int gpuLimit, int jobsPerDay)
      throws IOException {
    Random random = new Random(seed ^ qos.hashCode());
    List<Job> jobs = new ArrayList<>();
    long nextId = 4_100_000 + Math.floorMod(qos.hashCode(), 100_000) * 10L;
    nextId = submit(jobs, random, now - 32 * DAY, now + 6 * HOUR, nextId, gpuLimit, jobsPerDay);
    // A burst shortly before now fills the QoS to its limit and leaves jobs pending.
    long master = nextId;
    for (int i = 0; i < 24; i++) {
      Job j = baseJob(random, USERS[0], now - 2 * HOUR + i * 60, 12 * HOUR + random.nextInt(3600));
      j.id = master + "_" + i;
      j.cpus = 32;
      j.memMib = 128_000;
      jobs.add(j);
    }
    schedule(jobs, cpuLimit, gpuLimit);
    print(out, qos, jobs, now, true);
  }

  /**
   * The jobs submitted in [{@code from}, {@code until}), as {@link #write} makes them but from a
   * generator of their own (the month's sample stays as it was) and with job ids below the month's:
   * the group's earlier months, for its daily history. They are scheduled among themselves; those
   * still running at {@code until} are written as having ended when they did (before {@code now}).
   * Without batch steps: the daily history counts what jobs held, not what they used.
   */
  public void writeEarlier(
      Writer out,
      String qos,
      long from,
      long until,
      long now,
      int cpuLimit,
      int gpuLimit,
      int jobsPerDay)
      throws IOException {
    Random random = new Random(seed ^ qos.hashCode() ^ 0x5EED_0EA1L);
    List<Job> jobs = new ArrayList<>();
    submit(
        jobs,
        random,
        from,
        until,
        1_000_000 + Math.floorMod(qos.hashCode(), 100_000) * 10L,
        gpuLimit,
        jobsPerDay);
    jobs.removeIf(j -> j.submit >= until);
    schedule(jobs, cpuLimit, gpuLimit);
    print(out, qos, jobs, now, false);
  }

  /** Adds the group's submissions from {@code from} until {@code until}; returns the next id. */
  private static long submit(
      List<Job> jobs,
      Random random,
      long from,
      long until,
      long nextId,
      int gpuLimit,
      int jobsPerDay) {
    double[] weight = new double[USERS.length];
    for (int u = 0; u < USERS.length; u++) {
      weight[u] = Math.pow(0.72, u) * (0.6 + random.nextDouble());
    }
    long t = from;
    while (t < until) {
      // Busier in working hours and on weekdays.
      long hourOfDay = Math.floorMod(t, DAY) / HOUR;
      double rate = jobsPerDay / 24.0 * ((hourOfDay >= 13 && hourOfDay <= 23) ? 1.6 : 0.4);
      t += (long) (-Math.log(1 - random.nextDouble()) / rate * HOUR);
      String user = USERS[pick(random, weight)];
      double kind = random.nextDouble();
      if (kind < 0.08) {
        int tasks = 5 + random.nextInt(20);
        long duration = (long) (HOUR * (0.5 + random.nextDouble() * 3));
        long master = nextId;
        for (int i = 0; i < tasks; i++) {
          Job j = baseJob(random, user, t, duration + random.nextInt(600));
          j.id = master + "_" + i;
          j.cpus = 4;
          j.memMib = 16_000;
          jobs.add(j);
        }
        nextId += tasks + 1;
        continue;
      }
      Job j = baseJob(random, user, t, 0);
      j.id = Long.toString(nextId++);
      if (gpuLimit > 0 && kind < 0.35) {
        j.gpus = 1 + random.nextInt(random.nextDouble() < 0.3 ? 4 : 2);
        j.cpus = 8 * j.gpus;
        j.memMib = 64_000L * j.gpus;
        j.duration = (long) (HOUR * (1 + random.nextDouble() * 30));
      } else {
        j.cpus = new int[] {1, 2, 4, 8, 16, 32, 64, 128}[random.nextInt(8)];
        j.nodes = j.cpus > 64 ? 2 : 1;
        j.memMib = j.cpus * (random.nextBoolean() ? 4_000L : 8_000L);
        j.duration = (long) (HOUR * Math.min(72, 0.2 + -Math.log(1 - random.nextDouble()) * 8));
      }
      double fate = random.nextDouble();
      if (fate < 0.06) {
        j.state = "FAILED";
        j.duration = 30 + random.nextInt(900);
      } else if (fate < 0.09) {
        j.state = "TIMEOUT";
      } else if (fate < 0.11) {
        j.state = "OUT_OF_MEMORY";
        j.duration = 60 + random.nextInt(3000);
      } else if (fate < 0.14) {
        j.state = "CANCELLED by " + (10_000 + pick(random, weight));
        j.cancelledBeforeStart = random.nextBoolean();
      }
      jobs.add(j);
    }
    return nextId;
  }

  /**
   * The jobs as sacct prints them at {@code now} (those submitted after it are not there yet), with
   * their batch steps when {@code steps}.
   */
  private void print(Writer out, String qos, List<Job> jobs, long now, boolean steps)
      throws IOException {
    String d = "|";
    out.write(String.join(d, SacctReader.requestedFields()));
    out.write('\n');
    jobs.sort(Comparator.comparingLong((Job j) -> j.submit).thenComparing(j -> j.id));
    for (Job j : jobs) {
      if (j.submit > now) {
        continue;
      }
      long start = j.start;
      long end = start + j.duration;
      String state = j.state;
      String startText = Long.toString(start);
      String endText = Long.toString(end);
      String elapsed = Long.toString(j.duration);
      String tres = tres(j);
      if (j.cancelledBeforeStart || start >= now) {
        if (j.cancelledBeforeStart && j.submit + HOUR < now) {
          state = j.state;
          endText = Long.toString(Math.min(now, j.submit + HOUR));
        } else {
          state = "PENDING";
          endText = "Unknown";
        }
        startText = "Unknown";
        elapsed = "0";
        tres = "";
      } else if (end > now) {
        state = "RUNNING";
        endText = "Unknown";
        elapsed = Long.toString(now - start);
      }
      String raw =
          j.id.contains("_")
              ? Long.toString(
                  Long.parseLong(j.id.substring(0, j.id.indexOf('_')))
                      + 1
                      + Long.parseLong(j.id.substring(j.id.indexOf('_') + 1)))
              : j.id;
      boolean ended = !endText.equals("Unknown") && !startText.equals("Unknown");
      // What the job used: a share of its CPUs and memory that depends on its user (some hold much
      // more than they use), from a generator of its own, so the usage above stays as it was.
      Random use = new Random(seed ^ j.id.hashCode());
      double cpuShare =
          Math.min(
              1.0,
              USER_CPU_SHARE[
                      Math.max(0, Arrays.asList(USERS).indexOf(j.user)) % USER_CPU_SHARE.length]
                  * (0.8 + 0.4 * use.nextDouble()));
      long cpuMillis = Math.round(j.cpus * j.duration * 1000L * cpuShare);
      long rssKib = Math.round(j.memMib * 1024L * (0.1 + 0.8 * use.nextDouble()));
      // State, Submit, Start, End, ElapsedRaw and AllocCPUS: the same on the job's row and its
      // step's.
      String ran =
          String.join(
              d,
              state,
              Long.toString(j.submit),
              startText,
              endText,
              elapsed,
              Integer.toString(j.cpus));
      out.write(
          String.join(
              d,
              j.id,
              raw,
              j.user,
              "avery-lab",
              qos,
              ran,
              Integer.toString(j.nodes),
              j.memMib + "M",
              tres,
              ended ? TotalCpuText.of(cpuMillis) : "",
              "",
              "",
              "",
              // Eligible at submission; a job that started later than that waited for the QoS
              // limit.
              Long.toString(j.submit),
              Integer.toString(j.cpus),
              tres(j),
              !startText.equals("Unknown") && start > j.submit + 60
                  ? (j.gpus > 0 ? "QOSGrpGRES" : "QOSGrpCpuLimit")
                  : "None",
              j.gpus > 0 ? "gpu" : "cpu",
              name(j),
              "",
              Long.toString(limitMinutes(j))));
      out.write('\n');
      if (ended && steps) {
        // The batch step: its CPU time, peak memory and, for GPU jobs, GPU utilisation.
        String gpuUtil = j.gpus > 0 ? "gres/gpuutil=" + (20 + use.nextInt(75)) : "";
        out.write(
            String.join(
                d,
                j.id + ".batch",
                raw + ".batch",
                "",
                "avery-lab",
                "",
                ran,
                "1",
                "",
                "cpu=" + j.cpus + ",mem=" + j.memMib + "M",
                TotalCpuText.of(cpuMillis),
                rssKib + "K",
                "cpu=" + TotalCpuText.of(cpuMillis) + ",mem=" + rssKib + "K",
                gpuUtil,
                "",
                "",
                "",
                "",
                "",
                "batch",
                "1",
                ""));
        out.write('\n');
      }
    }
  }

  /** Share of the CPUs it holds that each user's jobs use, by the user's place in USERS. */
  private static final double[] USER_CPU_SHARE = {
    0.92, 0.55, 0.85, 0.18, 0.7, 0.95, 0.4, 0.8, 0.12, 0.65, 0.9, 0.3
  };

  /**
   * A job name from what the job is (no random draw, so the sample's figures stay as they were):
   * arrays are {@code sweep}, GPU jobs {@code train_N}, small CPU jobs {@code prep_N}, others
   * {@code sim_N} or {@code mpi_run}.
   */
  private static String name(Job j) {
    if (j.id.contains("_")) {
      return "sweep";
    }
    long n = Long.parseLong(j.id);
    if (j.gpus > 0) {
      return "train_" + n % 7;
    }
    return j.cpus <= 4 ? "prep_" + n % 5 : j.cpus <= 32 ? "sim_" + n % 9 : "mpi_run";
  }

  /** The time limit in minutes: a TIMEOUT job ran to it; the others asked for 1.5 × their time. */
  private static long limitMinutes(Job j) {
    if (j.state.equals("TIMEOUT")) {
      return Math.max(1, j.duration / 60);
    }
    return Math.max(15, (j.duration * 3 / 2 + 899) / 900 * 15);
  }

  private static Job baseJob(Random random, String user, long submit, long duration) {
    Job j = new Job();
    j.user = user;
    j.submit = submit;
    j.duration = duration;
    return j;
  }

  private static String tres(Job j) {
    StringBuilder sb = new StringBuilder();
    sb.append("billing=").append(j.cpus).append(",cpu=").append(j.cpus);
    if (j.gpus > 0) {
      sb.append(",gres/gpu:a100=").append(j.gpus).append(",gres/gpu=").append(j.gpus);
    }
    sb.append(",mem=").append(j.memMib % 1024 == 0 ? j.memMib / 1024 + "G" : j.memMib + "M");
    sb.append(",node=").append(j.nodes);
    return sb.toString();
  }

  /**
   * First-come first-served under the QoS limits; cancelled-before-start jobs take no resources.
   */
  private static void schedule(List<Job> jobs, int cpuLimit, int gpuLimit) {
    jobs.sort(Comparator.comparingLong(j -> j.submit));
    PriorityQueue<Job> running =
        new PriorityQueue<>(Comparator.comparingLong(j -> j.start + j.duration));
    int cpus = 0;
    int gpus = 0;
    long clock = Long.MIN_VALUE;
    for (Job j : jobs) {
      if (j.cancelledBeforeStart) {
        j.start = Long.MAX_VALUE / 4;
        continue;
      }
      j.cpus = Math.min(j.cpus, cpuLimit);
      j.gpus = gpuLimit > 0 ? Math.min(j.gpus, gpuLimit) : 0;
      clock = Math.max(clock, j.submit);
      while (!running.isEmpty() && running.peek().start + running.peek().duration <= clock) {
        Job done = running.poll();
        cpus -= done.cpus;
        gpus -= done.gpus;
      }
      while (cpus + j.cpus > cpuLimit || (gpuLimit > 0 && gpus + j.gpus > gpuLimit)) {
        Job done = running.poll();
        clock = Math.max(clock, done.start + done.duration);
        cpus -= done.cpus;
        gpus -= done.gpus;
      }
      j.start = clock;
      cpus += j.cpus;
      gpus += j.gpus;
      running.add(j);
    }
  }

  private static int pick(Random random, double[] weight) {
    double total = 0;
    for (double w : weight) {
      total += w;
    }
    double r = random.nextDouble() * total;
    for (int i = 0; i < weight.length; i++) {
      r -= weight[i];
      if (r < 0) {
        return i;
      }
    }
    return weight.length - 1;
  }
}
