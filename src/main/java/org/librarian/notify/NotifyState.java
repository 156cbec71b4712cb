package org.librarian.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.librarian.common.AtomicFile;

/**
 * What notify remembers in {@code STATE_DIR/notify/state.json}: per alert (rule and QoS) whether it
 * holds, since when and when it was last sent; the outbox of messages not yet delivered, per
 * channel; the last digest period sent per QoS; the finished jobs the run recorded and those
 * already seen. Written whole and atomically.
 */
public final class NotifyState {
  static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private final ObjectNode root;

  private NotifyState(Path file, ObjectNode root) {
    this.file = file;
    this.root = root;
  }

  public static Path fileIn(Path stateDir) {
    return stateDir.resolve("notify").resolve("state.json");
  }

  public static NotifyState load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      ObjectNode root = JSON.createObjectNode();
      root.put("schema_version", 1);
      return new NotifyState(file, root);
    }
    JsonNode read;
    try {
      read = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(
          file + " is not readable JSON (" + e.getMessage() + "); move it away to start afresh", e);
    }
    if (!(read instanceof ObjectNode o)) {
      throw new IOException(file + " is not a JSON object; move it away to start afresh");
    }
    return new NotifyState(file, o);
  }

  public NotifyState copy() {
    return new NotifyState(file, root.deepCopy());
  }

  public void save() throws IOException {
    Files.createDirectories(file.getParent());
    // It holds undelivered messages (names, addresses): its owner only.
    AtomicFile.writePrivate(
        file, out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, root));
  }

  // -- alerts

  /**
   * An alert's memory: whether it held at the last notify, since when, and when it was last sent
   * (epoch s).
   */
  public record Alert(boolean holding, long since, long lastSent) {}

  public Alert alert(String key) {
    JsonNode a = root.path("alerts").path(key);
    return a.isObject()
        ? new Alert(
            a.path("holding").asBoolean(), a.path("since").asLong(), a.path("last_sent").asLong())
        : new Alert(false, 0, 0);
  }

  public void alert(String key, Alert a) {
    ObjectNode alerts =
        root.has("alerts") ? (ObjectNode) root.get("alerts") : root.putObject("alerts");
    alerts
        .putObject(key)
        .put("holding", a.holding())
        .put("since", a.since())
        .put("last_sent", a.lastSent());
  }

  // -- outbox

  /**
   * A message waiting for one channel, with the notifies that failed to deliver it so far, and how
   * many of the last ones in a row the receiver refused for good ({@code refused}).
   */
  public record Pending(
      String channel, long created, int attempts, String lastError, Message message, int refused) {
    public Pending(String channel, long created, int attempts, String lastError, Message message) {
      this(channel, created, attempts, lastError, message, 0);
    }
  }

  public List<Pending> outbox() {
    List<Pending> all = new ArrayList<>();
    for (JsonNode p : root.path("outbox")) {
      all.add(
          new Pending(
              p.path("channel").asText(),
              p.path("created").asLong(),
              p.path("attempts").asInt(),
              p.path("last_error").textValue(),
              JSON.convertValue(p.get("message"), Message.class),
              p.path("refused").asInt()));
    }
    return all;
  }

  public void outbox(List<Pending> all) {
    ArrayNode a = root.putArray("outbox");
    for (Pending p : all) {
      ObjectNode o = a.addObject();
      o.put("channel", p.channel())
          .put("created", p.created())
          .put("attempts", p.attempts())
          .put("last_error", p.lastError())
          .put("refused", p.refused());
      o.set("message", JSON.valueToTree(p.message()));
    }
  }

  /**
   * How many undelivered messages were ever dropped from the outbox (too old, too many, refused for
   * good).
   */
  public long droppedTotal() {
    return root.path("outbox_dropped").path("total").asLong();
  }

  /**
   * Counts {@code count} dropped messages; {@code why} is the sentence that said so, kept as the
   * last one.
   */
  public void dropped(int count, long now, String why) {
    ObjectNode d =
        root.has("outbox_dropped")
            ? (ObjectNode) root.get("outbox_dropped")
            : root.putObject("outbox_dropped");
    d.put("total", d.path("total").asLong() + count).put("last_at", now).put("last", why);
  }

  // -- digests

  public String digestPeriod(String qos) {
    return root.path("digest_period").path(qos).textValue();
  }

  public void digestPeriod(String qos, String period) {
    ObjectNode d =
        root.has("digest_period")
            ? (ObjectNode) root.get("digest_period")
            : root.putObject("digest_period");
    d.put(qos, period);
  }

  // -- finished jobs, recorded by the run

  /**
   * A job of a watched user that ended; {@code end} in epoch seconds, elapsed in seconds; {@code
   * name} its JobName exactly as sacct printed it ("" when unknown: read from a state file written
   * before names were read), escaped by each channel.
   */
  public record FinishedJob(
      String user,
      String qos,
      String jobId,
      String state,
      long elapsed,
      long end,
      String name,
      String efficiency) {
    public FinishedJob {
      name = name == null ? "" : name;
      efficiency = efficiency == null ? "" : efficiency;
    }

    /** A job without its efficiency line. */
    public FinishedJob(
        String user, String qos, String jobId, String state, long elapsed, long end, String name) {
      this(user, qos, jobId, state, elapsed, end, name, "");
    }

    /** A job without its name. */
    public FinishedJob(
        String user, String qos, String jobId, String state, long elapsed, long end) {
      this(user, qos, jobId, state, elapsed, end, "");
    }
  }

  public boolean jobsStarted() {
    return root.path("jobs").path("started").asBoolean();
  }

  /**
   * Adds the jobs not seen before to the pending list; forgets seen jobs that ended before {@code
   * forgetBefore}. The first call only marks what it is given as seen.
   */
  public int recordFinished(List<FinishedJob> jobs, long forgetBefore) {
    ObjectNode j = root.has("jobs") ? (ObjectNode) root.get("jobs") : root.putObject("jobs");
    boolean first = !j.path("started").asBoolean();
    j.put("started", true);
    ObjectNode seen = j.has("seen") ? (ObjectNode) j.get("seen") : j.putObject("seen");
    ArrayNode pending = j.has("pending") ? (ArrayNode) j.get("pending") : j.putArray("pending");
    int added = 0;
    for (FinishedJob f : jobs) {
      String key = f.qos() + "/" + f.jobId() + "@" + f.end();
      if (seen.has(key)) {
        continue;
      }
      seen.put(key, f.end());
      if (!first) {
        pending.add(JSON.valueToTree(f));
        added++;
      }
    }
    List<String> old = new ArrayList<>();
    seen.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().asLong() < forgetBefore) {
                old.add(e.getKey());
              }
            });
    old.forEach(seen::remove);
    return added;
  }

  public List<FinishedJob> pendingJobs() {
    List<FinishedJob> all = new ArrayList<>();
    for (JsonNode p : root.path("jobs").path("pending")) {
      all.add(JSON.convertValue(p, FinishedJob.class));
    }
    return all;
  }

  public void clearPendingJobs() {
    if (root.has("jobs")) {
      ((ObjectNode) root.get("jobs")).putArray("pending");
    }
  }
}
