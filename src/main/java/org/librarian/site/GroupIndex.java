package org.librarian.site;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.librarian.common.AtomicFile;
import org.librarian.common.DaemonPool;
import org.librarian.common.IsoTime;
import org.librarian.output.DataFile;

/**
 * {@code index.json}: one row per group of the site for the page that lists them ({@code
 * groups.html}), worked out here from each group's data file so the page only shows it. Per group:
 * CPUs in use now and on average over its window against its CPU limit, CPUs waiting at the QoS or
 * account limit now, CPU efficiency of the jobs that ended in the window, the CPU budget left and
 * its run-out date, when it was last updated (and when that counts as stale: three run intervals
 * later), and a sparkline of daily mean CPUs in use. Every cell has a number to sort by (null when
 * unknown), a text with its unit and a class. A protected group has its published label and a link,
 * nothing else.
 */
public final class GroupIndex {
  private GroupIndex() {}

  public static final String FILE = "index.json";
  public static final String PAGE = "groups.html";

  /** Where the rows of the index are kept between runs: see {@link IndexRows}. */
  public static Path summaries(Path stateDir) {
    return stateDir.resolve("index");
  }

  /** A site with more groups than this opens on the list of groups rather than on the first tab. */
  public static final int MANY = 12;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The columns, in order: key, header, what it says. */
  static final List<String[]> COLUMNS =
      List.of(
          new String[] {"use_now", "CPUs in use now", "against the CPU limit"},
          new String[] {"use_window", "Mean CPU use", "over the group's window"},
          new String[] {
            "waiting", "Waiting at the limit", "CPUs waiting for the QoS or account limit now"
          },
          new String[] {
            "efficiency",
            "CPU efficiency",
            "CPU time used ÷ CPU time held, jobs that ended in the window"
          },
          new String[] {"budget", "CPU budget left", "of the GrpTRESMins budget"},
          new String[] {"runs_out", "Budget runs out", "at the present rate"},
          new String[] {"updated", "Updated", "when the group's data was written"});

  /**
   * Writes {@code index.json} into {@code dir} for {@code datasets} and {@code sealed}; a data file
   * that cannot be read is listed by name with its error; {@code summaries} (null: none) keeps the
   * rows between runs ({@link IndexRows}).
   */
  static void write(
      Path dir,
      List<SiteAssembler.Dataset> datasets,
      List<PrivatePages.Sealed> sealed,
      Duration runInterval,
      Instant now,
      ZoneId zone,
      Path summaries)
      throws IOException {
    List<JsonNode> rows = rows(dir, datasets, runInterval, summaries);
    AtomicFile.write(
        dir.resolve(FILE),
        out -> {
          try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.setCodec(JSON);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("schema_version", 1);
            g.writeStringField("generated", IsoTime.of(now.getEpochSecond(), zone));
            g.writeArrayFieldStart("columns");
            for (String[] c : COLUMNS) {
              g.writeStartObject();
              g.writeStringField("key", c[0]);
              g.writeStringField("label", c[1]);
              g.writeStringField("title", c[2]);
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("groups");
            for (JsonNode row : rows) {
              g.writeTree(row);
            }
            for (PrivatePages.Sealed p : sealed) {
              g.writeStartObject();
              g.writeStringField("name", p.label());
              g.writeStringField("link", link(p.label()));
              g.writeBooleanField("protected", true);
              g.writeStringField("note", "protected: open its page with the passphrase");
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
          }
        });
  }

  /**
   * Each dataset's row, in their order, worked out on every core: after a centre's run every data
   * file has changed, and parsing 2,000 of them on one thread was the last tenth of the run.
   */
  private static List<JsonNode> rows(
      Path dir, List<SiteAssembler.Dataset> datasets, Duration runInterval, Path summaries)
      throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    int threads = Math.min(Runtime.getRuntime().availableProcessors(), datasets.size());
    if (threads <= 1) {
      for (SiteAssembler.Dataset d : datasets) {
        rows.add(row(dir, d, runInterval, summaries));
      }
      return rows;
    }
    List<Callable<JsonNode>> tasks = new ArrayList<>();
    for (SiteAssembler.Dataset d : datasets) {
      tasks.add(() -> row(dir, d, runInterval, summaries));
    }
    ExecutorService pool = DaemonPool.of(threads, "index-rows");
    try {
      for (Future<JsonNode> f : pool.invokeAll(tasks)) {
        rows.add(f.get());
      }
      return rows;
    } catch (ExecutionException e) {
      // As on one thread (a file that cannot be read is already a row with its note).
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw DaemonPool.rethrown(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the index was written");
    } finally {
      pool.shutdownNow();
    }
  }

  private static JsonNode row(
      Path dir, SiteAssembler.Dataset d, Duration runInterval, Path summaries) throws IOException {
    Path file = dir.resolve(d.data());
    return IndexRows.row(
        file, d.qos(), runInterval, summaries, b -> rowOf(b, file, d.qos(), runInterval));
  }

  static String link(String name) {
    return "index.html#qos=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  /** A group's row worked out from its data file's bytes. */
  private static JsonNode rowOf(byte[] bytes, Path file, String name, Duration runInterval)
      throws IOException {
    try (TokenBuffer buffer = new TokenBuffer(JSON, false)) {
      group(buffer, bytes, file, name, runInterval);
      return JSON.readTree(buffer.asParser());
    }
  }

  private static void group(
      JsonGenerator g, byte[] bytes, Path file, String name, Duration runInterval)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("link", link(name));
    JsonNode tree;
    DataFile d;
    try {
      tree = readForIndex(bytes);
      d = DataFile.of(tree);
    } catch (IOException | RuntimeException e) {
      g.writeStringField("note", file.getFileName() + " not read: " + e.getMessage());
      g.writeEndObject();
      return;
    }
    int n = d.starts().length;
    double limit = d.thresholds().getOrDefault("NCPUS", 0.0);
    double now = n == 0 ? 0 : d.total("NCPUS", n - 1);
    double cpuSeconds = 0;
    for (int i = 0; i < n; i++) {
      cpuSeconds += d.total("NCPUS", i) * (d.ends()[i] - d.starts()[i]);
    }
    long span = n == 0 ? 0 : d.ends()[n - 1] - d.starts()[0];
    double mean = span > 0 ? cpuSeconds / span : 0;
    String period =
        n == 0
            ? "no window"
            : wall(d.starts()[0], d.zone()) + " to " + wall(d.ends()[n - 1], d.zone());
    g.writeObjectFieldStart("cells");
    use(g, "use_now", now, limit, "CPUs in the last bin, to " + period.replaceAll(".* to ", ""));
    use(g, "use_window", mean, limit, "mean CPUs in use, " + period);
    Double waiting = waitingNow(tree.path("demand").path("by_reason"), n);
    cell(
        g,
        "waiting",
        waiting,
        waiting == null ? "not known" : cpus(waiting),
        waiting != null && waiting > 0 ? "queued" : "",
        "CPUs of pending jobs held back by the QoS or account limit, last bin to "
            + period.replaceAll(".* to ", ""));
    efficiency(g, d, period);
    budget(g, d);
    cell(
        g,
        "updated",
        (double) d.lastUpdated(),
        wall(d.lastUpdated(), d.zone()),
        "",
        "data written at this time");
    g.writeEndObject();
    g.writeStringField(
        "stale_after", IsoTime.of(d.lastUpdated() + 3 * runInterval.getSeconds(), d.zone()));
    spark(g, d, limit, period);
    g.writeEndObject();
  }

  /**
   * What of a data file the index reads ({@link DataFile#of} and the waiting column): each field to
   * its whole subtree ({@link #WHOLE}) or to the fields kept inside it. The rest (each family's
   * last jobs, the waiting jobs, the demand series of other reasons, the answers: about nine tenths
   * of a centre group's file) is skipped unparsed, which made reading 2,000 groups' files a tenth
   * of the work; and stepped over by its brackets ({@link SkimmedJson}), not through the parser's
   * tokens, which took a third off what was left.
   */
  private static final Object WHOLE = SkimmedJson.WHOLE;

  private static final Map<String, Object> READ =
      Map.ofEntries(
          Map.entry("metadata", WHOLE),
          Map.entry("time_idxs", WHOLE),
          Map.entry("users", WHOLE),
          Map.entry("observables", Map.of("NCPUS", WHOLE)),
          Map.entry("thresholds", WHOLE),
          Map.entry("units", WHOLE),
          Map.entry(
              "demand", Map.of("by_reason", Map.of("qos_limit", WHOLE, "account_limit", WHOLE))),
          Map.entry("summary", WHOLE),
          Map.entry("efficiency", WHOLE),
          Map.entry("demand_qos_limit_cpu_hours", WHOLE),
          Map.entry("budget", WHOLE),
          Map.entry("budget_accounts", WHOLE));

  /** The data file's tree with only what {@link #READ} names. */
  private static JsonNode readForIndex(byte[] bytes) throws IOException {
    return SkimmedJson.read(JSON, bytes, READ);
  }

  /** CPUs waiting at a QoS or account limit in the last bin; null when the file has no demand. */
  private static Double waitingNow(JsonNode byReason, int n) {
    if (!byReason.isObject() || n == 0) {
      return null;
    }
    double sum = 0;
    for (String reason : List.of("qos_limit", "account_limit")) {
      JsonNode a = byReason.path(reason).path("NCPUS");
      if (a.isArray() && a.size() == n) {
        sum += a.get(n - 1).asDouble();
      }
    }
    return sum;
  }

  private static void use(JsonGenerator g, String key, double cpus, double limit, String title)
      throws IOException {
    if (limit > 0) {
      double share = cpus / limit;
      cell(
          g,
          key,
          share,
          String.format(Locale.ROOT, "%s of %s (%.0f %%)", number(cpus), cpus(limit), 100 * share),
          share >= 0.9 ? "at_limit" : share >= 0.7 ? "high" : "",
          title);
    } else {
      cell(g, key, null, cpus(cpus) + " (no CPU limit known)", "", title);
    }
  }

  private static void efficiency(JsonGenerator g, DataFile d, String period) throws IOException {
    double held = 0;
    double used = 0;
    for (DataFile.Efficiency e :
        d.efficiency() == null ? List.<DataFile.Efficiency>of() : d.efficiency().values()) {
      if (e.cpuEfficiency() != null) {
        held += e.cpuHeldHours();
        used += e.cpuUsedHours();
      }
    }
    String title = "jobs that ended " + period;
    if (held <= 0) {
      cell(g, "efficiency", null, "not known", "", title);
      return;
    }
    double share = used / held;
    cell(
        g,
        "efficiency",
        share,
        String.format(
            Locale.ROOT, "%.0f %% (%s of %s CPU-hours)", 100 * share, number(used), number(held)),
        share < 0.5 ? "low" : "",
        title);
  }

  /** The group's CPU budget (its QoS's, else its account's): minutes left and run-out date. */
  private static void budget(JsonGenerator g, DataFile d) throws IOException {
    DataFile.Budget b = null;
    for (Map.Entry<String, DataFile.Budget> e : d.budgets().entrySet()) {
      if (e.getKey().equals("cpu") || (b == null && e.getKey().endsWith("account's cpu"))) {
        b = e.getValue();
      }
    }
    if (b == null || b.limitMinutes() <= 0) {
      cell(g, "budget", null, "no budget", "", "no GrpTRESMins budget on CPUs");
      cell(g, "runs_out", null, "", "", "");
      return;
    }
    double left = (double) b.leftMinutes() / b.limitMinutes();
    cell(
        g,
        "budget",
        left,
        String.format(Locale.ROOT, "%,d CPU-minutes (%.0f %%)", b.leftMinutes(), 100 * left),
        left < 0.1 ? "at_limit" : left < 0.3 ? "high" : "",
        b.sentence());
    LocalDate out = b.runsOut();
    cell(
        g,
        "runs_out",
        out == null ? null : (double) out.toEpochDay(),
        out == null ? "not at this rate" : out + " (" + d.zone().getId() + ")",
        "",
        b.sentence());
  }

  /** Daily mean CPUs in use, in the data's zone, over the window; the scale's top is the limit. */
  private static void spark(JsonGenerator g, DataFile d, double limit, String period)
      throws IOException {
    TreeMap<LocalDate, double[]> days = new TreeMap<>();
    for (int i = 0; i < d.starts().length; i++) {
      LocalDate day = Instant.ofEpochSecond(d.starts()[i]).atZone(d.zone()).toLocalDate();
      double[] sum = days.computeIfAbsent(day, k -> new double[2]);
      long seconds = d.ends()[i] - d.starts()[i];
      sum[0] += d.total("NCPUS", i) * seconds;
      sum[1] += seconds;
    }
    List<Double> values = new ArrayList<>();
    double max = limit;
    for (double[] s : days.values()) {
      double v = s[1] > 0 ? Math.round(100 * s[0] / s[1]) / 100.0 : 0;
      values.add(v);
      max = Math.max(max, v);
    }
    g.writeObjectFieldStart("spark");
    g.writeArrayFieldStart("values");
    for (double v : values) {
      g.writeNumber(v);
    }
    g.writeEndArray();
    g.writeNumberField("max", max);
    g.writeNumberField("limit", limit);
    g.writeStringField("label", "daily mean CPUs in use, " + period);
    g.writeEndObject();
  }

  private static void cell(
      JsonGenerator g, String key, Double value, String text, String cls, String title)
      throws IOException {
    g.writeObjectFieldStart(key);
    if (value == null) {
      g.writeNullField("value");
    } else {
      g.writeNumberField("value", Math.round(value * 1e4) / 1e4);
    }
    g.writeStringField("text", text);
    g.writeStringField("class", cls);
    g.writeStringField("title", title);
    g.writeEndObject();
  }

  private static final java.time.format.DateTimeFormatter WALL =
      java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm zzz", Locale.ROOT);

  /** A time as the page's sentences write it: wall clock and zone ("2026-11-20 07:00 UTC"). */
  private static String wall(long epochSecond, ZoneId zone) {
    return WALL.format(Instant.ofEpochSecond(epochSecond).atZone(zone));
  }

  private static String cpus(double v) {
    return number(v) + (v == 1 ? " CPU" : " CPUs");
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? String.format(Locale.ROOT, "%,d", (long) v)
        : String.format(Locale.ROOT, "%,.1f", v);
  }
}
