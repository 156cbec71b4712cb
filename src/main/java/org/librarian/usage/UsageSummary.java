package org.librarian.usage;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A QoS's CPU use over a period in one or two plain sentences, e.g. "Last 7 days (2026-11-22 07:00
 * to 2026-11-29 07:00 EST): avery used on average 312 of its 430 CPUs (73 %) and was at or near its
 * CPU limit (95 % or more) for 14 h; otter used the most CPU-hours (31 %)."
 *
 * <p>Bins are given by their start and end in epoch seconds ({@code ends[i]} is {@code now} for the
 * bin that contains now); a bin counts for the part of it inside {@code [from, to)}. Hours "at the
 * limit" are the bins' overlapping hours whose average is at least {@link #AT_LIMIT} of the limit.
 */
public final class UsageSummary {
  /** A bin whose average is at least this share of the limit is "at or near" it. */
  public static final double AT_LIMIT = 0.95;

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ROOT);

  /** The numbers the sentence is built from. */
  public record Figures(
      double averageCpus,
      double limitCpus,
      double hoursAtLimit,
      String topUser,
      double topShare,
      double cpuHours,
      long from,
      long to) {}

  private UsageSummary() {}

  /** Sums the series over {@code [from, to)}; {@code limitCpus} 0 means no limit. */
  public static Figures figures(
      long[] starts,
      long[] ends,
      Map<String, double[]> cpus,
      double limitCpus,
      long from,
      long to) {
    double total = 0;
    double atLimitSeconds = 0;
    double topHours = -1;
    String top = null;
    // Each user's CPU-hours, summed bin by bin in primitive arrays (a map merge a bin and user
    // boxed a Double each time, a fifth of a centre's writers' allocations); the same additions
    // in the same order.
    double[][] series = cpus.values().toArray(double[][]::new);
    double[] hours = new double[series.length];
    boolean any = false;
    for (int i = 0; i < starts.length; i++) {
      long overlap = Math.min(ends[i], to) - Math.max(starts[i], from);
      if (overlap <= 0) {
        continue;
      }
      double sum = 0;
      for (int k = 0; k < series.length; k++) {
        double v = series[k][i];
        sum += v;
        double h = v * overlap / 3600.0;
        hours[k] = any ? hours[k] + h : h;
      }
      any = true;
      total += sum * overlap / 3600.0;
      if (limitCpus > 0 && sum >= AT_LIMIT * limitCpus) {
        atLimitSeconds += overlap;
      }
    }
    Map<String, Double> byUser = new TreeMap<>();
    if (any) {
      int k = 0;
      for (String user : cpus.keySet()) {
        byUser.put(user, hours[k++]);
      }
    }
    for (Map.Entry<String, Double> e : byUser.entrySet()) {
      if (e.getValue() > topHours) {
        topHours = e.getValue();
        top = e.getKey();
      }
    }
    // The data may start after the period does (a new group) or end before it (now): say what it
    // covers.
    long first = Math.max(from, starts.length == 0 ? from : starts[0]);
    long last = Math.min(to, ends.length == 0 ? to : ends[ends.length - 1]);
    double covered = Math.max(1, last - first);
    return new Figures(
        total * 3600.0 / covered,
        limitCpus,
        atLimitSeconds / 3600.0,
        top,
        total > 0 ? topHours / total : 0,
        total,
        first,
        Math.max(first, last));
  }

  /**
   * An instant as sentences show it: "2026-11-20 12:00 EST"; a bare offset of zero, which would
   * print as "Z", as UTC.
   */
  public static String when(long epochSecond, ZoneId given) {
    ZoneId zone = given.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : given;
    return WHEN.format(Instant.ofEpochSecond(epochSecond).atZone(zone));
  }

  /** The sentence: {@code label} names the period ("Last 7 days", "Week of 2026-11-16"). */
  public static String sentence(String label, String qos, Figures f, ZoneId given) {
    StringBuilder s = new StringBuilder();
    s.append(label)
        .append(" (")
        .append(when(f.from(), given))
        .append(" to ")
        .append(when(f.to(), given))
        .append("): ");
    if (f.cpuHours() <= 0) {
      return s.append(qos).append(" used no CPUs.").toString();
    }
    s.append(qos).append(" used on average ").append(number(f.averageCpus()));
    if (f.limitCpus() > 0) {
      s.append(" of its ")
          .append(number(f.limitCpus()))
          .append(" CPUs (")
          .append(Math.round(100 * f.averageCpus() / f.limitCpus()))
          .append(" %)");
      // Not a number: not known (daily rows hold no hour at the limit), so not said.
      if (!Double.isNaN(f.hoursAtLimit())) {
        s.append(
            f.hoursAtLimit() > 0
                ? " and was at or near its CPU limit (95 % or more) for " + hours(f.hoursAtLimit())
                : " and was never at or near its CPU limit (95 % or more)");
      }
    } else {
      s.append(" CPUs (no CPU limit known)");
    }
    s.append("; ")
        .append(f.topUser())
        .append(" used the most CPU-hours (")
        .append(Math.round(100 * f.topShare()))
        .append(" %).");
    return s.toString();
  }

  /**
   * CPU-hours of {@code waiting} (CPUs waiting per bin) inside {@code [from, to)}, each bin
   * counting for its overlapping part, as {@link #figures} counts usage.
   */
  public static double waitedHours(
      long[] starts, long[] ends, double[] waiting, long from, long to) {
    double sum = 0;
    for (int i = 0; i < starts.length; i++) {
      long overlap = Math.min(ends[i], to) - Math.max(starts[i], from);
      if (overlap > 0) {
        sum += waiting[i] * overlap / 3600.0;
      }
    }
    return sum;
  }

  /**
   * What waited for the QoS limit in the same period, a sentence to follow {@link #sentence}: "Jobs
   * waited 29,716 CPU-hours for the QoS limit." or "No job waited for the QoS limit."
   */
  public static String waited(double cpuHours) {
    return cpuHours >= 0.005
        ? "Jobs waited " + number(cpuHours) + " CPU-hours for the QoS limit."
        : "No job waited for the QoS limit.";
  }

  private static String number(double v) {
    return v >= 10
        ? String.format(Locale.ROOT, "%,d", Math.round(v))
        : String.format(Locale.ROOT, v >= 1 ? "%.1f" : "%.2f", v);
  }

  private static String hours(double h) {
    return h >= 10 || h == Math.rint(h)
        ? Math.round(h) + " h"
        : String.format(Locale.ROOT, "%.1f h", h);
  }
}
