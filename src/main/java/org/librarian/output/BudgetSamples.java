package org.librarian.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.librarian.common.AtomicFile;
import org.librarian.usage.BudgetForecast.Sample;
import org.librarian.usage.TresMinutes;

/**
 * Slurm's used value of each {@code GrpTRESMins} budget, sampled at every run and kept in the state
 * directory ({@code budget/<cluster>.json}): per QoS and TRES, {@code [instant, used minutes]}
 * pairs, oldest first, only those of the last 7 days ({@code now − 7 d < at <= now}). Written whole
 * or not at all ({@link AtomicFile}); a file missing or unreadable is a warning, and sampling
 * starts afresh.
 */
public final class BudgetSamples {
  /** How long samples are kept. */
  public static final Duration KEPT = Duration.ofDays(7);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Per QoS, per TRES, its samples oldest first. */
  public record Loaded(Map<String, Map<String, List<Sample>>> samples, String warning) {}

  private BudgetSamples() {}

  public static Path path(Path stateDir, String cluster) {
    return stateDir.resolve("budget").resolve((cluster == null ? "default" : cluster) + ".json");
  }

  /** The samples kept, or none and a warning when the file is missing or cannot be read. */
  public static Loaded load(Path file) {
    Map<String, Map<String, List<Sample>>> all = new TreeMap<>();
    try {
      JsonNode root = JSON.readTree(Files.readAllBytes(file));
      JsonNode qos = root == null ? null : root.get("samples");
      if (qos == null || !qos.isObject()) {
        throw new IllegalArgumentException("no 'samples' object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> q = qos.fields(); q.hasNext(); ) {
        Map.Entry<String, JsonNode> e = q.next();
        Map<String, List<Sample>> byTres = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> t = e.getValue().fields(); t.hasNext(); ) {
          Map.Entry<String, JsonNode> tres = t.next();
          List<Sample> list = new ArrayList<>();
          for (JsonNode pair : tres.getValue()) {
            if (pair.size() != 2 || !pair.get(1).canConvertToLong()) {
              throw new IllegalArgumentException(
                  "a sample of " + e.getKey() + " " + tres.getKey() + " is not [instant, minutes]");
            }
            list.add(new Sample(Instant.parse(pair.get(0).asText()), pair.get(1).asLong()));
          }
          byTres.put(tres.getKey(), list);
        }
        all.put(e.getKey(), byTres);
      }
      return new Loaded(all, null);
    } catch (NoSuchFileException e) {
      return new Loaded(
          new TreeMap<>(),
          "warning: budget: no samples kept yet ("
              + file
              + " is missing); sampling starts now, and the rate is estimated until the samples"
              + " cover 24 hours");
    } catch (IOException | RuntimeException e) {
      return new Loaded(
          new TreeMap<>(),
          "warning: budget: "
              + file
              + " cannot be read ("
              + (e instanceof DateTimeParseException
                  ? "an instant is not ISO-8601"
                  : e.getMessage())
              + "); sampling starts afresh");
    }
  }

  /**
   * {@code kept} with this run's used value of every TRES with a limit added for {@code qos}, and
   * every sample older than 7 days (or after {@code now}) dropped.
   */
  public static Map<String, Map<String, List<Sample>>> add(
      Map<String, Map<String, List<Sample>>> kept,
      Map<String, List<TresMinutes>> budgets,
      Instant now) {
    Map<String, Map<String, List<Sample>>> all = new TreeMap<>();
    kept.forEach((q, byTres) -> byTres.forEach((t, s) -> put(all, q, t, s)));
    budgets.forEach(
        (q, list) -> {
          for (TresMinutes t : list) {
            if (t.limitMinutes() != null) {
              put(all, q, t.tres(), List.of(new Sample(now, t.usedMinutes())));
            }
          }
        });
    Instant from = now.minus(KEPT);
    Map<String, Map<String, List<Sample>>> pruned = new TreeMap<>();
    all.forEach(
        (q, byTres) ->
            byTres.forEach(
                (t, s) -> {
                  List<Sample> in =
                      s.stream()
                          .filter(x -> x.at().isAfter(from) && !x.at().isAfter(now))
                          .sorted((a, b) -> a.at().compareTo(b.at()))
                          .toList();
                  if (!in.isEmpty()) {
                    pruned.computeIfAbsent(q, k -> new TreeMap<>()).put(t, in);
                  }
                }));
    return pruned;
  }

  private static void put(
      Map<String, Map<String, List<Sample>>> all, String qos, String tres, List<Sample> s) {
    all.computeIfAbsent(qos, k -> new TreeMap<>())
        .computeIfAbsent(tres, k -> new ArrayList<>())
        .addAll(s);
  }

  /** Writes the samples, whole or not at all. */
  public static void save(Path file, Map<String, Map<String, List<Sample>>> samples)
      throws IOException {
    Files.createDirectories(file.getParent());
    AtomicFile.write(
        file,
        out -> {
          try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeNumberField("version", 1);
            g.writeObjectFieldStart("samples");
            for (Map.Entry<String, Map<String, List<Sample>>> q : samples.entrySet()) {
              g.writeObjectFieldStart(q.getKey());
              for (Map.Entry<String, List<Sample>> t : q.getValue().entrySet()) {
                g.writeArrayFieldStart(t.getKey());
                for (Sample s : t.getValue()) {
                  g.writeStartArray();
                  g.writeString(s.at().toString());
                  g.writeNumber(s.usedMinutes());
                  g.writeEndArray();
                }
                g.writeEndArray();
              }
              g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
          }
        });
  }
}
