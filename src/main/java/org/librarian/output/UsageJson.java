package org.librarian.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.librarian.common.IsoTime;
import org.librarian.usage.BinGrid;
import org.librarian.usage.ClusterNow;
import org.librarian.usage.DemandCounter;
import org.librarian.usage.DemandReport;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.NowReasons;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.UsageReport;
import org.librarian.usage.UserUsage;

/**
 * Writes {@code data_<qos>.json}: the keys of the original format (metadata, time_idxs, users,
 * observables, thresholds, nice_names) with the same meanings, plus schema_version, totals and more
 * metadata. Bin values are rounded to 2 decimals; totals come from the exact sums, to 3 decimals.
 */
public final class UsageJson {
  public static final int SCHEMA_VERSION = 1;
  private static final JsonFactory JSON = new JsonFactory();

  private UsageJson() {}

  public static String fileName(String qos) {
    return "data_" + qos + ".json";
  }

  /**
   * Writes the QoS's data JSON to {@code out}: the usage, and the keys of what {@code report} holds
   * besides ({@code efficiency}, {@code demand}/{@code wait}/{@code now} when the demand is
   * available, {@code cluster}). Times carry the grid's zone.
   */
  public static void write(QosReport qos, OutputStream out) throws IOException {
    UsageReport report = qos.usage();
    QosReport.About meta = qos.about();
    EfficiencyReport efficiency = qos.efficiency();
    DemandReport demand = qos.demand();
    ClusterNow cluster = qos.cluster();
    BinGrid grid = report.grid();
    ZoneId zone = grid.zone();
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField("schema_version", SCHEMA_VERSION);

      g.writeObjectFieldStart("metadata");
      g.writeStringField("qos", qos.qos());
      g.writeStringField("last_updated", IsoTime.of(grid.now(), zone));
      g.writeNumberField("time_resolution_seconds", grid.resolutionSeconds());
      g.writeStringField("window_start", IsoTime.of(grid.start(), zone));
      g.writeStringField("window_end", IsoTime.of(grid.end(), zone));
      g.writeStringField("timezone", zone.getId());
      ZoneNames.write(g, zone, grid.now());
      g.writeStringField("cluster", meta.cluster()); // null when none was named
      g.writeNumberField("rows_read", meta.rowsRead());
      g.writeNumberField("rows_skipped", meta.rowsSkipped());
      g.writeNumberField("jobs_counted", report.jobsCounted());
      g.writeStringField("thresholds_source", qos.limitsSource());
      g.writeStringField("generator", meta.generator());
      if (meta.usersHidden()) {
        g.writeBooleanField("users_hidden", true);
      }
      g.writeEndObject();

      g.writeArrayFieldStart("time_idxs");
      for (int i = 0; i < grid.size(); i++) {
        g.writeString(IsoTime.of(grid.edge(i), zone));
      }
      g.writeEndArray();

      g.writeArrayFieldStart("users");
      for (UserUsage u : report.users()) {
        g.writeString(u.user());
      }
      g.writeEndArray();

      g.writeObjectFieldStart("observables");
      for (Observable o : Observable.values()) {
        g.writeObjectFieldStart(o.name());
        for (UserUsage u : report.users()) {
          writeRounded(g, u.user(), u.series(o));
        }
        g.writeEndObject();
      }
      g.writeEndObject();

      g.writeObjectFieldStart("thresholds");
      for (Observable o : Observable.values()) {
        writeNumber(g, o.name(), qos.limits().of(o));
      }
      g.writeEndObject();

      g.writeObjectFieldStart("nice_names");
      for (Observable o : Observable.values()) {
        g.writeStringField(o.name(), o.niceName());
      }
      g.writeEndObject();

      g.writeObjectFieldStart("units");
      for (Observable o : Observable.values()) {
        g.writeStringField(o.name(), o.unit());
      }
      g.writeEndObject();

      writeTotals(g, report.users());
      g.writeStringField("summary", Summaries.lastWeek(qos));
      // Each preset's figures, once: the sentences and the cards below say the same numbers.
      PresetFigures presets = PresetFigures.of(qos);
      // The same sentence for each preset the page offers on the hourly data, with what waited for
      // the QoS limit in that period: the page shows the one of the preset it shows.
      g.writeObjectFieldStart("summaries");
      for (Map.Entry<String, String> e : Summaries.byPreset(qos, presets).entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      // The first screen's four answers per preset, against the period before (AnswersJson).
      AnswersJson.write(g, qos, presets);

      // The colour of each user the charts show one by one; everyone else is "others" (grey,
      // #808080).
      g.writeObjectFieldStart("colors");
      for (Map.Entry<String, Color> e : UserColors.of(report, meta.topUsers()).entrySet()) {
        g.writeStringField(e.getKey(), UserColors.hex(e.getValue()));
      }
      g.writeEndObject();
      // The palette by slot: the page applies the same rule (page.color_slots) to the range it
      // shows.
      g.writeArrayFieldStart("palette");
      for (Color c : UserColors.PALETTE) {
        g.writeString(UserColors.hex(c));
      }
      g.writeEndArray();
      PageHints.write(g, qos, meta.topUsers());

      if (efficiency != null) {
        writeEfficiency(g, efficiency);
      }
      if (demand != null && demand.available()) {
        writeDemand(g, demand, grid, qos.limits());
      }
      CapacityJson.write(g, qos);
      BudgetJson.write(g, qos);
      WaitByShapeJson.write(g, demand, grid);
      FairShareJson.write(g, qos.fairshare(), zone);
      WaitingJobsJson.write(g, qos.waitingJobs(), demand, grid.now(), zone);
      FamiliesJson.write(g, qos);
      if (cluster != null) {
        g.writeObjectFieldStart("cluster");
        g.writeStringField("at", IsoTime.of(cluster.at(), zone));
        g.writeStringField("error", cluster.error());
        g.writeObjectFieldStart("partitions");
        for (Map.Entry<String, ClusterNow.Partition> e : cluster.partitions().entrySet()) {
          ClusterNow.Partition p = e.getValue();
          g.writeObjectFieldStart(e.getKey());
          g.writeStringField("light", p.light());
          writeStates(g, "cpus", p.cpusAllocated(), p.cpusIdle(), p.cpusOther(), p.cpusTotal());
          writeStates(
              g, "nodes", p.nodesAllocated(), p.nodesIdle(), p.nodesOther(), p.nodesTotal());
          g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndObject();
    }
  }

  /**
   * Per user, largest CPU-hours held first: jobs, CPU-hours held and used (3 decimals), used ÷ held
   * and the median memory efficiency (4 decimals, null when unknown), low-efficiency jobs, jobs
   * that held whole nodes exclusively (left out of that median) and their own median, the median
   * time efficiency (elapsed ÷ time limit, TIMEOUT jobs left out) and the timeouts, the largest GPU
   * memory in GB (null where not collected); and GPU utilisation in percent where the site collects
   * it.
   */
  private static void writeEfficiency(JsonGenerator g, EfficiencyReport e) throws IOException {
    List<Map.Entry<String, EfficiencyReport.User>> users = new ArrayList<>(e.users().entrySet());
    users.sort(
        Comparator.comparingLong(
                (Map.Entry<String, EfficiencyReport.User> u) -> -u.getValue().cpuHeldSeconds())
            .thenComparing(Map.Entry::getKey));
    g.writeObjectFieldStart("efficiency");
    for (Map.Entry<String, EfficiencyReport.User> entry : users) {
      EfficiencyReport.User u = entry.getValue();
      g.writeObjectFieldStart(entry.getKey());
      g.writeNumberField("jobs", u.jobs());
      g.writeNumberField("cpu_alloc_hours", round(u.cpuHeldHours(), 1000));
      g.writeNumberField("cpu_used_hours", round(u.cpuUsedHours(), 1000));
      writeNullable(g, "cpu_efficiency", u.cpuEfficiency());
      writeNullable(g, "mem_efficiency_p50", u.memoryEfficiencyP50());
      g.writeNumberField("low_cpu_jobs", u.lowCpuJobs());
      g.writeNumberField("exclusive_jobs", u.exclusiveJobs());
      writeNullable(g, "mem_efficiency_p50_exclusive", u.exclusiveMemoryEfficiencyP50());
      writeNullable(g, "time_efficiency_p50", u.timeEfficiencyP50());
      g.writeNumberField("timeouts", u.timeouts());
      writeNullable(
          g,
          "gpu_memory_max_gb",
          u.gpuMemoryMaxKib() < 0 ? null : u.gpuMemoryMaxKib() / (1024.0 * 1024.0));
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeObjectFieldStart("efficiency_gpu_util");
    g.writeBooleanField("collected", e.gpuUtilCollected());
    g.writeObjectFieldStart("users");
    for (Map.Entry<String, EfficiencyReport.User> entry : users) {
      if (entry.getValue().gpuUtilPercent() != null) {
        g.writeNumberField(entry.getKey(), round(entry.getValue().gpuUtilPercent(), 100));
      }
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * {@code demand}: per user and per reason class, the series of CPUs, GPUs, GB and jobs waiting (2
   * decimals, aligned with time_idxs), and per user the exact totals (3 decimals); users and
   * classes with nothing waiting are left out. {@code wait}: per user, the jobs that started in the
   * window and their waits in seconds. {@code now}: at the instant of the run, per user, what was
   * in use and what waited, by class.
   */
  private static void writeDemand(JsonGenerator g, DemandReport d, BinGrid grid, QosLimits limits)
      throws IOException {
    g.writeObjectFieldStart("demand");
    g.writeObjectFieldStart("users");
    for (UserUsage u : d.byUser().users()) {
      writeSeries(g, u.user(), u);
    }
    g.writeEndObject();
    g.writeObjectFieldStart("by_reason");
    for (DemandCounter.ReasonClass c : DemandCounter.ReasonClass.values()) {
      for (UserUsage u : d.byReason().users()) {
        if (u.user().equals(c.key())) {
          writeSeries(g, c.key(), u);
        }
      }
    }
    g.writeEndObject();
    writeTotals(g, d.byUser().users());
    g.writeEndObject();

    g.writeObjectFieldStart("demand_qos_limit_cpu_hours");
    for (Map.Entry<String, Long> e : new TreeMap<>(d.qosLimitCpuSeconds()).entrySet()) {
      g.writeNumberField(e.getKey(), round(e.getValue() / 3600.0, 1000));
    }
    g.writeEndObject();

    g.writeObjectFieldStart("wait");
    for (Map.Entry<String, DemandReport.Wait> e : new TreeMap<>(d.waits()).entrySet()) {
      DemandReport.Wait w = e.getValue();
      g.writeObjectFieldStart(e.getKey());
      g.writeNumberField("jobs", w.jobs());
      g.writeNumberField("mean_s", round(w.meanSeconds(), 10));
      g.writeNumberField("p50_s", w.p50Seconds());
      g.writeNumberField("p90_s", w.p90Seconds());
      g.writeNumberField("max_s", w.maxSeconds());
      g.writeEndObject();
    }
    g.writeEndObject();

    g.writeObjectFieldStart("now");
    g.writeStringField("at", IsoTime.of(grid.now(), grid.zone()));
    // One reason per user and for the QoS (NowReasons): at the limit, work Slurm says waits for the
    // cluster is waiting for the QoS limit.
    boolean atLimit = NowReasons.atLimit(d, limits);
    g.writeBooleanField("at_limit", atLimit);
    writeReason(g, NowReasons.main(NowReasons.ofQos(d), atLimit));
    g.writeObjectFieldStart("users");
    Set<String> users = new TreeSet<>(d.inUseNow().keySet());
    users.addAll(d.waitingNow().keySet());
    for (String user : users) {
      g.writeObjectFieldStart(user);
      g.writeFieldName("in_use");
      writeInstant(g, d.inUseNow().getOrDefault(user, new long[4]));
      g.writeObjectFieldStart("waiting");
      for (Map.Entry<DemandCounter.ReasonClass, long[]> w :
          new TreeMap<>(d.waitingNow().getOrDefault(user, Map.of())).entrySet()) {
        g.writeFieldName(w.getKey().key());
        writeInstant(g, w.getValue());
      }
      g.writeEndObject();
      writeReason(g, NowReasons.main(d.waitingNow().getOrDefault(user, Map.of()), atLimit));
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * {@code "totals": {user: {cpu_hours, gpu_hours, mem_gb_hours, job_hours}}} from the exact sums,
   * 3 decimals.
   */
  private static void writeTotals(JsonGenerator g, List<UserUsage> users) throws IOException {
    g.writeObjectFieldStart("totals");
    for (UserUsage u : users) {
      g.writeObjectFieldStart(u.user());
      g.writeNumberField("cpu_hours", round(u.totalHours(Observable.NCPUS), 1000));
      g.writeNumberField("gpu_hours", round(u.totalHours(Observable.NGPUS), 1000));
      g.writeNumberField("mem_gb_hours", round(u.totalHours(Observable.MEMORY), 1000));
      g.writeNumberField("job_hours", round(u.totalHours(Observable.NJOBS), 1000));
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeSeries(JsonGenerator g, String name, UserUsage u) throws IOException {
    g.writeObjectFieldStart(name);
    for (Observable o : Observable.values()) {
      writeRounded(g, o.name(), u.series(o));
    }
    g.writeEndObject();
  }

  /** CPUs, GPUs, GB (memory KiB ÷ 1024², 2 decimals) and jobs at one instant. */
  /**
   * {@code "reason"}: the short name of the main reason ("QoS limit"), or null when nothing waits.
   */
  private static void writeReason(JsonGenerator g, DemandCounter.ReasonClass c) throws IOException {
    if (c == null) {
      g.writeNullField("reason");
    } else {
      g.writeStringField("reason", PageHints.WAITING_SHORT.get(c));
    }
  }

  private static void writeInstant(JsonGenerator g, long[] v) throws IOException {
    g.writeStartObject();
    g.writeNumberField("NCPUS", v[0]);
    g.writeNumberField("NGPUS", v[1]);
    g.writeNumberField("MEMORY", round(v[2] / (1024.0 * 1024.0), 100));
    g.writeNumberField("NJOBS", v[3]);
    g.writeEndObject();
  }

  /** {@code v} to 4 decimals under {@code name}, or null. */
  static void writeNullable(JsonGenerator g, String name, Double v) throws IOException {
    if (v == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, round(v, 10_000));
    }
  }

  /** A partition's CPUs or nodes by state, as sinfo counts them. */
  private static void writeStates(
      JsonGenerator g, String name, long allocated, long idle, long other, long total)
      throws IOException {
    g.writeObjectFieldStart(name);
    g.writeNumberField("allocated", allocated);
    g.writeNumberField("idle", idle);
    g.writeNumberField("other", other);
    g.writeNumberField("total", total);
    g.writeEndObject();
  }

  /**
   * One series as an array named {@code name}, each value to 2 decimals: {@code round(v, 100)}
   * written as Jackson writes that double ({@link Double#toString}). A value from 0 to 9,999,999.99
   * is written digit by digit ({@link #hundredths}); the doubles' text was the largest part of
   * writing a centre's 540 MB of data files. The array is one raw value to the generator (its first
   * chars through {@code writeRawValue}, the rest through {@code writeRaw}), the bytes Jackson's
   * compact output has for it: checking each of 720 values as a value of its own was a tenth of the
   * writers' time at a centre's scale.
   */
  static void writeRounded(JsonGenerator g, String name, double[] series) throws IOException {
    g.writeFieldName(name);
    char[] text = new char[HUNDREDTHS_CHARS];
    char[] chunk = CHUNK.get();
    int n = 0;
    boolean first = true;
    chunk[n++] = '[';
    for (int i = 0; i < series.length; i++) {
      if (n > ROUNDED_CHUNK - 32) {
        writeRawPart(g, chunk, n, first);
        first = false;
        n = 0;
      }
      if (i > 0) {
        chunk[n++] = ',';
      }
      long m = Math.round(series[i] * 100);
      if (m >= 0 && m < HUNDREDTHS_DIGIT_BY_DIGIT) {
        int length = hundredths(m, text);
        System.arraycopy(text, 0, chunk, n, length);
        n += length;
      } else {
        String v = Double.toString(m / 100.0); // at most 24 chars
        v.getChars(0, v.length(), chunk, n);
        n += v.length();
      }
    }
    chunk[n++] = ']';
    writeRawPart(g, chunk, n, first);
  }

  /** Chars of a series' text written in parts: the first part is where the value starts. */
  private static final int ROUNDED_CHUNK = 4096;

  /** Each writing thread's buffer for {@link #writeRounded} (a new one each series was 2 GB). */
  private static final ThreadLocal<char[]> CHUNK =
      ThreadLocal.withInitial(() -> new char[ROUNDED_CHUNK]);

  private static void writeRawPart(JsonGenerator g, char[] chunk, int n, boolean first)
      throws IOException {
    if (first) {
      g.writeRawValue(chunk, 0, n);
    } else {
      g.writeRaw(chunk, 0, n);
    }
  }

  /**
   * Below this many hundredths (10^9, values below 10^7, which {@link Double#toString} writes
   * without an exponent) {@link #hundredths} writes what {@code Double.toString(m / 100.0)} writes:
   * checked for every m from 0 to 10^9 on the supported JDKs, and in {@code HundredthsTest} for a
   * part of them.
   */
  static final long HUNDREDTHS_DIGIT_BY_DIGIT = 1_000_000_000L;

  private static final int HUNDREDTHS_CHARS = 12;

  /**
   * {@code m} hundredths (0 ≤ m < {@link #HUNDREDTHS_DIGIT_BY_DIGIT}) as {@link Double#toString}
   * writes {@code m / 100.0}: the whole part, a point, and the hundredths without a trailing zero,
   * at least one digit ("12.5", "0.07", "3.0"); returns the number of chars written.
   */
  static int hundredths(long m, char[] text) {
    int end = HUNDREDTHS_CHARS;
    int fraction = (int) (m % 100);
    if (fraction % 10 == 0) {
      text[--end] = (char) ('0' + fraction / 10);
    } else {
      text[--end] = (char) ('0' + fraction % 10);
      text[--end] = (char) ('0' + fraction / 10);
    }
    text[--end] = '.';
    long whole = m / 100;
    do {
      text[--end] = (char) ('0' + whole % 10);
      whole /= 10;
    } while (whole > 0);
    int length = HUNDREDTHS_CHARS - end;
    System.arraycopy(text, end, text, 0, length);
    return length;
  }

  private static void writeNumber(JsonGenerator g, String name, double v) throws IOException {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      g.writeNumberField(name, (long) v);
    } else {
      g.writeNumberField(name, round(v, 100));
    }
  }

  static double round(double v, double scale) {
    return Math.round(v * scale) / scale;
  }
}
