package org.librarian.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import org.librarian.common.IsoTime;
import org.librarian.output.HistoryArchive.Limit;
import org.librarian.usage.DailyHistory;
import org.librarian.usage.DailyHistory.Day;
import org.librarian.usage.JobCounts;
import org.librarian.usage.Observable;

/**
 * The file format of {@code history_<qos>.json}, which is also the archive kept in STATE_DIR:
 * per-user daily averages (2 decimals) over local days, each day's length in hours, the CPUs and
 * GPUs waiting for the QoS limit, and the limits as they were. A user whose series of an observable
 * is all zero is left out of that observable (read it as zeros), which keeps a year of 300 users
 * small. {@code cpu_seconds} (from the runs that count them) holds per user and day the CPU-seconds
 * held and used by the jobs that ended that day and waited for the QoS limit, and the jobs that
 * ended (a count, under {@code jobs}), with {@code known} false on the days kept before they were
 * counted. {@code job_counts} holds per user and day the rest of those jobs' {@link JobCounts}
 * (low-CPU jobs, timeouts, whole-node jobs, memory and time efficiencies per tenth of a percent),
 * with {@code known} false on the days kept before they were counted. Writing is a pure function of
 * the {@link HistoryArchive}; {@link HistoryArchiveReader} reads it back.
 */
public final class HistoryJson {
  public static final int SCHEMA_VERSION = 1;
  private static final String[] KEYS = {"cpu_hours", "gpu_hours", "mem_gb_hours", "job_hours"};

  private HistoryJson() {}

  /** The site's file name of a QoS's history. */
  public static String fileName(String qos) {
    return "history_" + qos + ".json";
  }

  /** Writes {@code a} to {@code out} as UTF-8 JSON and closes {@code out}; times carry its zone. */
  public static void write(
      HistoryArchive a, String cluster, String generator, long lastUpdated, OutputStream out)
      throws IOException {
    List<Day> days = a.days();
    ZoneId zone = a.zone();
    // Users by CPU-hours over the whole archive, largest first.
    Map<String, double[]> totals = new LinkedHashMap<>();
    for (Day d : days) {
      double h = d.seconds() / 3600.0;
      d.users()
          .forEach(
              (u, avg) -> {
                double[] t = totals.computeIfAbsent(u, k -> new double[DailyHistory.OBSERVABLES]);
                for (int i = 0; i < t.length; i++) {
                  t[i] += round(avg[i]) * h;
                }
              });
    }
    List<String> users = new ArrayList<>(totals.keySet());
    users.sort(
        Comparator.comparingDouble((String u) -> -totals.get(u)[0])
            .thenComparing(Comparator.naturalOrder()));
    try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField("schema_version", SCHEMA_VERSION);
      g.writeObjectFieldStart("metadata");
      g.writeStringField("qos", a.qos());
      g.writeStringField("timezone", zone.getId());
      g.writeStringField("resolution", "1d");
      g.writeStringField("first_day", days.isEmpty() ? null : days.get(0).date().toString());
      g.writeStringField(
          "last_day", days.isEmpty() ? null : days.get(days.size() - 1).date().toString());
      g.writeStringField("last_updated", IsoTime.of(lastUpdated, zone));
      g.writeStringField("cluster", cluster);
      g.writeStringField("generator", generator);
      g.writeEndObject();
      g.writeArrayFieldStart("days");
      for (Day d : days) {
        g.writeString(d.date().toString());
      }
      g.writeEndArray();
      g.writeArrayFieldStart("day_starts");
      for (Day d : days) {
        g.writeString(IsoTime.of(d.start(), zone));
      }
      g.writeEndArray();
      g.writeArrayFieldStart("hours");
      for (Day d : days) {
        g.writeNumber(Math.round(d.seconds() / 36.0) / 100.0);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("users");
      for (String u : users) {
        g.writeString(u);
      }
      g.writeEndArray();
      g.writeObjectFieldStart("observables");
      for (Observable o : Observable.values()) {
        g.writeObjectFieldStart(o.name());
        for (String u : users) {
          if (totals.get(u)[o.ordinal()] == 0) {
            continue;
          }
          g.writeArrayFieldStart(u);
          for (Day d : days) {
            double[] avg = d.users().get(u);
            writeNumber(g, avg == null ? 0 : round(avg[o.ordinal()]));
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeObjectFieldStart("totals");
      for (String u : users) {
        g.writeObjectFieldStart(u);
        for (int i = 0; i < KEYS.length; i++) {
          writeNumber(g, KEYS[i], Math.round(totals.get(u)[i] * 1000) / 1000.0);
        }
        g.writeEndObject();
      }
      g.writeEndObject();
      if (days.stream().anyMatch(d -> d.waitingAtLimit() != null)) {
        g.writeObjectFieldStart("waiting_at_limit");
        for (int k = 0; k < 2; k++) {
          g.writeArrayFieldStart(k == 0 ? "NCPUS" : "NGPUS");
          for (Day d : days) {
            if (d.waitingAtLimit() == null) {
              g.writeNull();
            } else {
              writeNumber(g, round(d.waitingAtLimit()[k]));
            }
          }
          g.writeEndArray();
        }
        if (days.stream().anyMatch(HistoryJson::hoursKnown)) {
          g.writeArrayFieldStart("seconds");
          for (Day d : days) {
            if (hoursKnown(d)) {
              writeNumber(g, d.waitingAtLimit()[DailyHistory.WAITING_SECONDS]);
            } else {
              g.writeNull();
            }
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      writeCpuSeconds(g, days);
      writeJobCounts(g, days);
      g.writeArrayFieldStart("limits");
      for (Limit l : a.limits()) {
        g.writeStartObject();
        g.writeStringField("from", l.from().toString());
        for (Observable o : Observable.values()) {
          writeNumber(g, o.name(), l.values()[o.ordinal()]);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      if (a.backfill() != null) {
        g.writeObjectFieldStart("backfill");
        g.writeStringField("since", a.backfill().since().toString());
        g.writeStringField("until", a.backfill().until().toString());
        g.writeStringField("next", a.backfill().next().toString());
        g.writeEndObject();
      }
      g.writeEndObject();
    }
  }

  private static boolean hoursKnown(Day d) {
    return d.waitingAtLimit() != null && d.waitingAtLimit().length > DailyHistory.WAITING_SECONDS;
  }

  /** Names of {@code cpu_seconds}'s per-user series, by {@link DailyHistory#HELD} and the rest. */
  static final String[] CPU_SECONDS = {"held", "used", "waited_at_limit", "jobs"};

  private static void writeCpuSeconds(JsonGenerator g, List<Day> days) throws IOException {
    if (days.stream().allMatch(d -> d.cpuSeconds() == null)) {
      return;
    }
    java.util.SortedSet<String> users = new java.util.TreeSet<>();
    days.stream()
        .filter(d -> d.cpuSeconds() != null)
        .forEach(d -> users.addAll(d.cpuSeconds().keySet()));
    g.writeObjectFieldStart("cpu_seconds");
    g.writeArrayFieldStart("known");
    for (Day d : days) {
      g.writeBoolean(d.cpuSeconds() != null);
    }
    g.writeEndArray();
    for (int k = 0; k < CPU_SECONDS.length; k++) {
      g.writeObjectFieldStart(CPU_SECONDS[k]);
      for (String u : users) {
        long[] values = new long[days.size()];
        boolean any = false;
        for (int i = 0; i < values.length; i++) {
          Map<String, double[]> c = days.get(i).cpuSeconds();
          double[] v = c == null ? null : c.get(u);
          values[i] = v == null ? 0 : Math.round(v[k]);
          any |= values[i] != 0;
        }
        if (any) {
          g.writeArrayFieldStart(u);
          for (long v : values) {
            g.writeNumber(v);
          }
          g.writeEndArray();
        }
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** Names of {@code job_counts}' per-user series of whole numbers. */
  static final String[] JOB_COUNTS = {
    "low_cpu_jobs",
    "timeouts",
    "exclusive_jobs",
    "gpu_util_weighted",
    "gpu_seconds",
    "gpu_memory_max_kib"
  };

  /** Names of {@code job_counts}' per-user tenths of a percent: memory and time efficiency. */
  static final String[] TENTHS = {"memory_tenths", "time_tenths"};

  /** Series {@code k} of {@link #JOB_COUNTS}: GPU memory 0 where none is known. */
  static long count(JobCounts c, int k) {
    return switch (k) {
      case 0 -> c.lowCpuJobs();
      case 1 -> c.timeouts();
      case 2 -> c.exclusiveJobs();
      case 3 -> Math.round(c.gpuUtilWeighted());
      case 4 -> c.gpuSeconds();
      default -> Math.max(0, c.gpuMemoryMaxKib());
    };
  }

  static SortedMap<Integer, Long> tenths(JobCounts c, int k) {
    return k == 0 ? c.memoryTenths() : c.timeTenths();
  }

  /**
   * {@code job_counts}: per day {@code known}, per user and day the jobs under the low-CPU share,
   * timeouts and whole-node jobs, GPU utilisation (percent) × GPU-seconds summed (whole numbers),
   * those GPU-seconds, the largest GPU memory used (KiB, 0 where none is known), and per user and
   * day the memory and time efficiencies as pairs of tenths of a percent and jobs ({@code [423, 2,
   * 510, 1]}: two jobs at 42.3 %, one at 51.0 %; {@code []} for none); a user without any is left
   * out of that series.
   */
  private static void writeJobCounts(JsonGenerator g, List<Day> days) throws IOException {
    if (days.stream().allMatch(d -> d.jobCounts() == null)) {
      return;
    }
    SortedSet<String> users = new TreeSet<>();
    days.stream()
        .filter(d -> d.jobCounts() != null)
        .forEach(d -> users.addAll(d.jobCounts().keySet()));
    g.writeObjectFieldStart("job_counts");
    g.writeArrayFieldStart("known");
    for (Day d : days) {
      g.writeBoolean(d.jobCounts() != null);
    }
    g.writeEndArray();
    for (int k = 0; k < JOB_COUNTS.length; k++) {
      g.writeObjectFieldStart(JOB_COUNTS[k]);
      for (String u : users) {
        long[] values = new long[days.size()];
        boolean any = false;
        for (int i = 0; i < values.length; i++) {
          JobCounts c = days.get(i).jobCounts() == null ? null : days.get(i).jobCounts().get(u);
          values[i] = c == null ? 0 : count(c, k);
          any |= values[i] != 0;
        }
        if (any) {
          g.writeFieldName(u);
          g.writeArray(values, 0, values.length);
        }
      }
      g.writeEndObject();
    }
    for (int k = 0; k < TENTHS.length; k++) {
      g.writeObjectFieldStart(TENTHS[k]);
      for (String u : users) {
        int index = k;
        boolean any =
            days.stream()
                .map(d -> d.jobCounts() == null ? null : d.jobCounts().get(u))
                .anyMatch(c -> c != null && !tenths(c, index).isEmpty());
        if (!any) {
          continue;
        }
        g.writeArrayFieldStart(u);
        for (Day d : days) {
          JobCounts c = d.jobCounts() == null ? null : d.jobCounts().get(u);
          g.writeStartArray();
          if (c != null) {
            for (Map.Entry<Integer, Long> e : tenths(c, k).entrySet()) {
              g.writeNumber(e.getKey());
              g.writeNumber(e.getValue());
            }
          }
          g.writeEndArray();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** Whole numbers without ".0": most days of most users are 0, and a year of them adds up. */
  private static void writeNumber(JsonGenerator g, double v) throws IOException {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      g.writeNumber((long) v);
    } else {
      g.writeNumber(v);
    }
  }

  private static void writeNumber(JsonGenerator g, String name, double v) throws IOException {
    g.writeFieldName(name);
    writeNumber(g, v);
  }
}
