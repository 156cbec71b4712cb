package org.librarian.usage;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long jobs of each shape waited before they started: wait = Start − Eligible, for the jobs
 * that started in the window ({@code windowStart <= Start < now}) with Eligible known and not after
 * Start. A shape is the job's allocated CPUs (1, 2–8, 9–32, 33–128, more than 128) and whether it
 * had GPUs. Percentiles are nearest-rank: the value at position ⌈p·n⌉ of the n sorted waits, in
 * seconds. No I/O.
 */
public final class WaitByShape {
  /** CPU classes, by the job's allocated CPUs. */
  public enum Cpus {
    ONE("1", 1, 1),
    UP_TO_8("2-8", 2, 8),
    UP_TO_32("9-32", 9, 32),
    UP_TO_128("33-128", 33, 128),
    MORE(">128", 129, Long.MAX_VALUE);

    private final String key;
    private final long min;
    private final long max;

    Cpus(String key, long min, long max) {
      this.key = key;
      this.min = min;
      this.max = max;
    }

    /** The JSON key: {@code 1}, {@code 2-8}, ..., {@code >128}. */
    public String key() {
      return key;
    }

    /** The class of a job with this many CPUs; jobs of 0 CPUs (unknown) count as 1. */
    public static Cpus of(long cpus) {
      for (Cpus c : values()) {
        if (cpus <= c.max) {
          return c;
        }
      }
      return MORE;
    }

    /** "1 CPU", "9–32 CPUs", "more than 128 CPUs". */
    public String words() {
      if (this == ONE) {
        return "1 CPU";
      }
      return this == MORE ? "more than 128 CPUs" : min + "\u2013" + max + " CPUs";
    }
  }

  /** One shape: CPU class and whether the jobs had GPUs. */
  public record Shape(Cpus cpus, boolean gpus) {
    /** The JSON key, e.g. {@code 9-32} or {@code 9-32+gpu}. */
    public String key() {
      return cpus.key() + (gpus ? "+gpu" : "");
    }
  }

  /** Waits of one shape in seconds: jobs counted, nearest-rank median and 90th percentile. */
  public record Waits(Shape shape, int jobs, long p50Seconds, long p90Seconds) {
    /**
     * E.g. "Jobs of 9–32 CPUs without GPUs started within 12 min half the time and within 3.1 h
     * nine times in ten."
     */
    public String sentence() {
      return "Jobs of "
          + shape.cpus().words()
          + (shape.gpus() ? " with GPUs" : " without GPUs")
          + " started "
          + within(p50Seconds)
          + " half the time and "
          + within(p90Seconds)
          + " nine times in ten.";
    }
  }

  private final long windowStart;
  private final long now;

  /** The waits in seconds, unboxed (whole numbers, exact as doubles): one per job started. */
  private final Map<Cpus, NearestRank.Doubles> withGpus = new EnumMap<>(Cpus.class);

  private final Map<Cpus, NearestRank.Doubles> withoutGpus = new EnumMap<>(Cpus.class);

  /**
   * @param windowStart the window's start and {@code now} its end, epoch seconds
   */
  public WaitByShape(long windowStart, long now) {
    this.windowStart = windowStart;
    this.now = now;
  }

  public void add(JobRecord job) {
    Request ask = job.request();
    if (ask == null
        || job.start() == JobRecord.UNKNOWN
        || ask.eligible() == JobRecord.UNKNOWN
        || ask.eligible() > job.start()
        || job.start() < windowStart
        || job.start() >= now) {
      return;
    }
    (job.gpus() > 0 ? withGpus : withoutGpus)
        .computeIfAbsent(Cpus.of(job.cpus()), c -> new NearestRank.Doubles())
        .add(job.start() - ask.eligible());
  }

  /** Adds the waits another counter over the same window saw (a part of one input). */
  public void merge(WaitByShape other) {
    other.withGpus.forEach(
        (c, w) -> withGpus.computeIfAbsent(c, x -> new NearestRank.Doubles()).addAll(w));
    other.withoutGpus.forEach(
        (c, w) -> withoutGpus.computeIfAbsent(c, x -> new NearestRank.Doubles()).addAll(w));
  }

  /** The shapes that had jobs, CPUs ascending, without GPUs before with. */
  public List<Waits> report() {
    List<Waits> result = new ArrayList<>();
    for (Cpus c : Cpus.values()) {
      for (boolean gpu : new boolean[] {false, true}) {
        NearestRank.Doubles w = (gpu ? withGpus : withoutGpus).get(c);
        if (w == null || w.size() == 0) {
          continue;
        }
        double[] sorted = w.sorted();
        int n = sorted.length;
        result.add(
            new Waits(
                new Shape(c, gpu), n, (long) sorted[rank(50, n)], (long) sorted[rank(90, n)]));
      }
    }
    return result;
  }

  /** Nearest rank as an index: position ⌈percent · n / 100⌉, in integers. */
  static int rank(int percent, int n) {
    return Math.max(0, (int) ((percent * (long) n + 99) / 100) - 1);
  }

  /**
   * "at once" for 0 s; else "within" a duration rounded up, so that the sentence stays true:
   * seconds under 90 s, whole minutes under 90 min, hours with one decimal under 48 h, days with
   * one decimal.
   */
  static String within(long seconds) {
    if (seconds <= 0) {
      return "at once";
    }
    if (seconds < 90) {
      return "within " + seconds + " s";
    }
    if (seconds < 90 * 60) {
      return "within " + ceilDiv(seconds, 60) + " min";
    }
    if (seconds < 48 * 3600) {
      return "within " + tenths(ceilDiv(seconds, 360)) + " h";
    }
    return "within " + tenths(ceilDiv(seconds, 8640)) + " d";
  }

  /** A wait as {@link #within} words it, without "within": "0 s", "12 min", "3.1 h", "2.5 d". */
  static String span(long seconds) {
    return seconds <= 0 ? "0 s" : within(seconds).substring("within ".length());
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static String tenths(long tenths) {
    return tenths % 10 == 0
        ? Long.toString(tenths / 10)
        : String.format(Locale.ROOT, "%d.%d", tenths / 10, tenths % 10);
  }
}
