package org.librarian.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What notify needs of one {@code data_<qos>.json}: the bins (start and end in epoch seconds, the
 * last ending at the data's last_updated), every user's series, the limits, the work waiting for the
 * QoS limit (null when the data has no demand), the summary and the window's tables.
 */
public record QosData(String qos, ZoneId zone, long lastUpdated, long[] starts, long[] ends, List<String> users,
    Map<String, Map<String, double[]>> series, Map<String, Double> thresholds, Map<String, String> units,
    double[] waitingAtLimitCpus, String summary, JsonNode efficiency, JsonNode waitedAtLimitByUser) {

  /** Reads the JSON; throws IllegalArgumentException naming what is missing. */
  public static QosData of(JsonNode d) {
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
      starts[i] = OffsetDateTime.parse(idx.get(i).asText()).toEpochSecond();
    }
    for (int i = 0; i < n; i++) {
      long end = i + 1 < n ? starts[i + 1] : starts[i] + res;
      ends[i] = Math.max(starts[i], Math.min(end, updated));
    }
    List<String> users = new ArrayList<>();
    need(d, "users").forEach(u -> users.add(u.asText()));
    Map<String, Map<String, double[]>> series = new LinkedHashMap<>();
    need(d, "observables").fields().forEachRemaining(o -> {
      Map<String, double[]> byUser = new LinkedHashMap<>();
      o.getValue().fields().forEachRemaining(u -> byUser.put(u.getKey(), values(u.getValue(), n)));
      series.put(o.getKey(), byUser);
    });
    Map<String, Double> thresholds = new LinkedHashMap<>();
    need(d, "thresholds").fields().forEachRemaining(t -> thresholds.put(t.getKey(), t.getValue().asDouble()));
    Map<String, String> units = new LinkedHashMap<>();
    if (d.has("units")) {
      d.get("units").fields().forEachRemaining(t -> units.put(t.getKey(), t.getValue().asText()));
    }
    JsonNode waiting = d.path("demand").path("by_reason").path("qos_limit").path("NCPUS");
    double[] atLimit = d.has("demand") ? (waiting.isArray() ? values(waiting, n) : new double[n]) : null;
    return new QosData(qos, zone, updated, starts, ends, List.copyOf(users), series, thresholds, units, atLimit,
        d.path("summary").isTextual() ? d.get("summary").asText() : null, d.get("efficiency"),
        d.get("demand_qos_limit_cpu_hours"));
  }

  private static JsonNode need(JsonNode d, String key) {
    JsonNode v = d.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("no '" + key + "'");
    }
    return v;
  }

  private static double[] values(JsonNode a, int n) {
    if (a.size() != n) {
      throw new IllegalArgumentException("a series of " + a.size() + " values for " + n + " time_idxs");
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

  public String unit(String observable) {
    return units.getOrDefault(observable, switch (observable) {
      case "NCPUS" -> "CPUs";
      case "NGPUS" -> "GPUs";
      case "MEMORY" -> "GB";
      default -> "jobs";
    });
  }
}
