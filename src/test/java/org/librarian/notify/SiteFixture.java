package org.librarian.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Hand-made site files: a data_<qos>.json in UTC with hourly bins from {@code first}, per-user CPU
 * series, a CPU limit, and (optionally) CPUs waiting for the QoS limit; a status.json.
 */
final class SiteFixture {
  static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode data(
      String qos,
      Instant first,
      Instant updated,
      double cpuLimit,
      Map<String, double[]> cpus,
      double[] waitingAtLimit) {
    int n = cpus.values().iterator().next().length;
    ObjectNode d = JSON.createObjectNode();
    d.put("schema_version", 1);
    ObjectNode meta = d.putObject("metadata");
    meta.put("qos", qos)
        .put("last_updated", updated.toString().replace("Z", "+00:00"))
        .put("time_resolution_seconds", 3600)
        .put("timezone", "UTC");
    ArrayNode idx = d.putArray("time_idxs");
    for (int i = 0; i < n; i++) {
      idx.add(first.plusSeconds(3600L * i).toString().replace("Z", "+00:00"));
    }
    ArrayNode users = d.putArray("users");
    ObjectNode obs = d.putObject("observables");
    for (String o : new String[] {"NCPUS", "NGPUS", "MEMORY", "NJOBS"}) {
      ObjectNode byUser = obs.putObject(o);
      for (Map.Entry<String, double[]> e : cpus.entrySet()) {
        ArrayNode a = byUser.putArray(e.getKey());
        for (double v : e.getValue()) {
          a.add(o.equals("NCPUS") ? v : o.equals("MEMORY") ? 2 * v : 0);
        }
      }
    }
    cpus.keySet().forEach(users::add);
    d.putObject("thresholds")
        .put("NCPUS", cpuLimit)
        .put("NGPUS", 0)
        .put("MEMORY", 0)
        .put("NJOBS", 0);
    d.putObject("units")
        .put("NCPUS", "CPUs")
        .put("NGPUS", "GPUs")
        .put("MEMORY", "GB")
        .put("NJOBS", "jobs");
    if (waitingAtLimit != null) {
      ArrayNode w =
          d.putObject("demand").putObject("by_reason").putObject("qos_limit").putArray("NCPUS");
      for (double v : waitingAtLimit) {
        w.add(v);
      }
    }
    return d;
  }

  static void write(Path site, ObjectNode data) throws IOException {
    Files.createDirectories(site);
    JSON.writeValue(
        site.resolve("data_" + data.path("metadata").path("qos").asText() + ".json").toFile(),
        data);
  }

  static void status(Path site, boolean ok, Instant started, Instant finished, String error)
      throws IOException {
    ObjectNode s = JSON.createObjectNode();
    s.put("schema_version", 1)
        .put("ok", ok)
        .put("started", started.toString().replace("Z", "+00:00"))
        .put("finished", finished.toString().replace("Z", "+00:00"))
        .put("run_interval_seconds", 600);
    ArrayNode q = s.putArray("qos");
    q.addObject().put("qos", "avery").put("ok", ok).put("error", error);
    Files.createDirectories(site);
    JSON.writeValue(site.resolve("status.json").toFile(), s);
  }

  private SiteFixture() {}
}
