package org.librarian.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code data_<qos>.json} written by {@link UsageJson}, read back: the bins (start and end in
 * epoch seconds, the last ending at the data's last_updated), every user's series, the limits, the
 * CPUs waiting for the QoS limit per bin (null when the data has no demand), the summary, and per
 * user the efficiency and the CPU-hours waited for the QoS limit over the window (each null when
 * absent), and the GrpTRESMins budget per TRES (empty when absent), followed by those of the
 * accounts ({@code budget_accounts}) keyed {@code "<account> account's <tres>"}.
 */
public record DataFile(
    String qos,
    ZoneId zone,
    long lastUpdated,
    long[] starts,
    long[] ends,
    List<String> users,
    Map<String, Map<String, double[]>> series,
    Map<String, Double> thresholds,
    Map<String, String> units,
    double[] waitingAtLimitCpus,
    String summary,
    Map<String, Efficiency> efficiency,
    Map<String, Double> waitedAtLimitCpuHours,
    Map<String, Budget> budgets,
    RightSizes rightSize) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One TRES of the {@code budget} section: TRES-minutes, the rate a day (null when unknown), the
   * run-out date in the file's zone (null when none), the basis and the sentence.
   */
  public record Budget(
      String unit,
      long limitMinutes,
      long usedMinutes,
      long leftMinutes,
      Double rateMinutesPerDay,
      LocalDate runsOut,
      String basis,
      String sentence) {}

  /**
   * The {@code families.right_size} section: its sentence (which names the window) and its families
   * in its order (what they free first), each with its {@code #SBATCH} lines (null when none) and
   * what each frees; empty without the section.
   */
  public record RightSizes(String sentence, List<RightSize> families) {
    static final RightSizes NONE = new RightSizes(null, List.of());
  }

  /** One family of {@link RightSizes}: GB-hours and CPU-hours freed. */
  public record RightSize(
      String user,
      String name,
      long jobs,
      String memLine,
      double memFreedGbHours,
      String timeLine,
      double timeFreedCpuHours,
      String cpusLine,
      double cpusFreedCpuHours) {}

  /**
   * One user's {@code efficiency} entry: CPU-hours held and used, used ÷ held and median memory
   * efficiency (null when unknown).
   */
  public record Efficiency(
      long jobs,
      double cpuHeldHours,
      double cpuUsedHours,
      Double cpuEfficiency,
      Double memoryEfficiencyP50,
      long lowCpuJobs) {}

  /** Reads one file; throws IllegalArgumentException naming the key that is missing or wrong. */
  public static DataFile read(Path file) throws IOException {
    return of(JSON.readTree(file.toFile()));
  }

  /**
   * Every {@code data_*.json} in {@code site}, by QoS; a file that cannot be read is a note, not a
   * failure.
   */
  public static Map<String, DataFile> readAll(Path site, List<String> notes) throws IOException {
    Map<String, DataFile> all = new TreeMap<>();
    if (!Files.isDirectory(site)) {
      notes.add("no site at " + site);
      return all;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(site, "data_*.json")) {
      for (Path f : files) {
        try {
          DataFile d = read(f);
          all.put(d.qos(), d);
        } catch (IOException | RuntimeException e) {
          notes.add(f.getFileName() + " not read: " + e.getMessage());
        }
      }
    }
    return all;
  }

  /** Reads the JSON; throws IllegalArgumentException naming what is missing. */
  public static DataFile of(JsonNode d) {
    JsonNode meta = need(d, "metadata");
    String qos = need(meta, "qos").asText();
    ZoneId zone = ZoneId.of(need(meta, "timezone").asText());
    long updated = OffsetDateTime.parse(need(meta, "last_updated").asText()).toEpochSecond();
    long res = need(meta, "time_resolution_seconds").asLong();
    JsonNode idx = need(d, "time_idxs");
    int n = idx.size();
    long[] starts = new long[n];
    long[] ends = new long[n];
    for (int i = 0; i < n; i++) {
      starts[i] = epochSecond(idx.get(i).asText());
    }
    for (int i = 0; i < n; i++) {
      long end = i + 1 < n ? starts[i + 1] : starts[i] + res;
      ends[i] = Math.max(starts[i], Math.min(end, updated));
    }
    List<String> users = new ArrayList<>();
    need(d, "users").forEach(u -> users.add(u.asText()));
    Map<String, Map<String, double[]>> series = new LinkedHashMap<>();
    need(d, "observables")
        .fields()
        .forEachRemaining(
            o -> {
              Map<String, double[]> byUser = new LinkedHashMap<>();
              o.getValue()
                  .fields()
                  .forEachRemaining(u -> byUser.put(u.getKey(), values(u.getValue(), n)));
              series.put(o.getKey(), byUser);
            });
    Map<String, Double> thresholds = new LinkedHashMap<>();
    need(d, "thresholds")
        .fields()
        .forEachRemaining(t -> thresholds.put(t.getKey(), t.getValue().asDouble()));
    Map<String, String> units = new LinkedHashMap<>();
    d.path("units").fields().forEachRemaining(t -> units.put(t.getKey(), t.getValue().asText()));
    JsonNode waiting = d.path("demand").path("by_reason").path("qos_limit").path("NCPUS");
    double[] atLimit =
        d.has("demand") ? (waiting.isArray() ? values(waiting, n) : new double[n]) : null;
    return new DataFile(
        qos,
        zone,
        updated,
        starts,
        ends,
        List.copyOf(users),
        series,
        thresholds,
        units,
        atLimit,
        d.path("summary").textValue(),
        efficiency(d.path("efficiency")),
        numbers(d.path("demand_qos_limit_cpu_hours")),
        budgets(d.path("budget"), d.path("budget_accounts")),
        rightSizes(d.path("families").path("right_size")));
  }

  private static RightSizes rightSizes(JsonNode r) {
    if (!r.isObject()) {
      return RightSizes.NONE;
    }
    List<RightSize> families = new ArrayList<>();
    for (JsonNode f : r.path("list")) {
      families.add(
          new RightSize(
              f.path("user").asText(),
              f.path("name").asText(),
              f.path("jobs").asLong(),
              f.path("mem_line").textValue(),
              f.path("mem_freed_gb_hours").asDouble(),
              f.path("time_line").textValue(),
              f.path("time_freed_cpu_hours").asDouble(),
              f.path("cpus_line").textValue(),
              f.path("cpus_freed_cpu_hours").asDouble()));
    }
    return new RightSizes(r.path("sentence").asText(null), List.copyOf(families));
  }

  private static Map<String, Budget> budgets(JsonNode b, JsonNode accounts) {
    Map<String, Budget> byTres = new LinkedHashMap<>();
    budgets(b, "", byTres);
    accounts
        .fields()
        .forEachRemaining(a -> budgets(a.getValue(), a.getKey() + " account's ", byTres));
    return java.util.Collections.unmodifiableMap(byTres);
  }

  private static void budgets(JsonNode b, String prefix, Map<String, Budget> byTres) {
    b.fields()
        .forEachRemaining(
            e -> {
              JsonNode v = e.getValue();
              byTres.put(
                  prefix + e.getKey(),
                  new Budget(
                      v.path("unit").asText(),
                      need(v, "limit_minutes").asLong(),
                      need(v, "used_minutes").asLong(),
                      need(v, "left_minutes").asLong(),
                      number(v.path("rate_minutes_per_day")),
                      v.path("runs_out").isTextual()
                          ? LocalDate.parse(v.get("runs_out").asText())
                          : null,
                      v.path("basis").asText(),
                      v.path("sentence").asText()));
            });
  }

  private static Map<String, Efficiency> efficiency(JsonNode e) {
    if (!e.isObject()) {
      return null;
    }
    Map<String, Efficiency> byUser = new LinkedHashMap<>();
    e.fields()
        .forEachRemaining(
            u -> {
              JsonNode v = u.getValue();
              byUser.put(
                  u.getKey(),
                  new Efficiency(
                      v.path("jobs").asLong(),
                      v.path("cpu_alloc_hours").asDouble(),
                      v.path("cpu_used_hours").asDouble(),
                      number(v.path("cpu_efficiency")),
                      number(v.path("mem_efficiency_p50")),
                      v.path("low_cpu_jobs").asLong()));
            });
    return byUser;
  }

  private static Map<String, Double> numbers(JsonNode o) {
    if (!o.isObject()) {
      return null;
    }
    Map<String, Double> byKey = new LinkedHashMap<>();
    o.fields().forEachRemaining(e -> byKey.put(e.getKey(), number(e.getValue())));
    return byKey;
  }

  private static Double number(JsonNode v) {
    return v.isNumber() ? v.asDouble() : null;
  }

  private static JsonNode need(JsonNode d, String key) {
    JsonNode v = d.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("no '" + key + "'");
    }
    return v;
  }

  /**
   * A bin's start as the writers print it ({@code 2026-11-20T12:00:00-05:00}) read by hand: the
   * index reads some 700 of them per group, and {@link OffsetDateTime#parse} was most of that; any
   * other form (a {@code Z}, a fraction of a second) goes through it.
   */
  static long epochSecond(String s) {
    if (s.length() == 25
        && s.charAt(4) == '-'
        && s.charAt(7) == '-'
        && s.charAt(10) == 'T'
        && s.charAt(13) == ':'
        && s.charAt(16) == ':'
        && (s.charAt(19) == '+' || s.charAt(19) == '-')
        && s.charAt(22) == ':') {
      int[] at = {0, 5, 8, 11, 14, 17, 20, 23};
      int[] width = {4, 2, 2, 2, 2, 2, 2, 2};
      int[] v = new int[8];
      boolean digits = true;
      for (int f = 0; f < 8 && digits; f++) {
        for (int c = at[f]; c < at[f] + width[f]; c++) {
          char ch = s.charAt(c);
          digits &= ch >= '0' && ch <= '9';
          v[f] = v[f] * 10 + (ch - '0');
        }
      }
      if (digits) {
        try {
          int sign = s.charAt(19) == '-' ? -1 : 1;
          return LocalDateTime.of(v[0], v[1], v[2], v[3], v[4], v[5])
              .toEpochSecond(ZoneOffset.ofHoursMinutes(sign * v[6], sign * v[7]));
        } catch (DateTimeException e) {
          // Out of range: OffsetDateTime.parse says so below.
        }
      }
    }
    return OffsetDateTime.parse(s).toEpochSecond();
  }

  private static double[] values(JsonNode a, int n) {
    if (a.size() != n) {
      throw new IllegalArgumentException(
          "a series of " + a.size() + " values for " + n + " time_idxs");
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = a.get(i).asDouble();
    }
    return v;
  }

  /** The sum over users of one observable in bin {@code i}. */
  public double total(String observable, int i) {
    double sum = 0;
    for (double[] v : series.getOrDefault(observable, Map.of()).values()) {
      sum += v[i];
    }
    return sum;
  }

  /** The unit the file gives an observable, or the one it has always had. */
  public String unit(String observable) {
    return units.getOrDefault(
        observable,
        switch (observable) {
          case "NCPUS" -> "CPUs";
          case "NGPUS" -> "GPUs";
          case "MEMORY" -> "GB";
          default -> "jobs";
        });
  }
}
