package org.librarian.output;

import com.fasterxml.jackson.core.JsonGenerator;
import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.librarian.usage.DemandCounter;
import org.librarian.usage.DemandReport;
import org.librarian.usage.Observable;
import org.librarian.usage.QosReport;
import org.librarian.usage.UsageReport;

/**
 * The {@code page} key of {@code data_<qos>.json}: what the dashboard page shows that Java already
 * decides for the PNG/PDF charts, so the page's JavaScript repeats none of it. Per observable its
 * chart title, unit, totals key and totals unit; the reason classes of work waiting, in stacking
 * order, with their labels and colours (those of the PNG charts); the colours of "others" and the
 * limit line; and the ranking rule of the users drawn one by one ({@code top_users} by {@code
 * rank_by} of the range, ties by name, all of them when fewer than {@code others_min_users} would
 * be left for "others", named by {@code others_label}) with its result over the whole window, and
 * each user's home slot in the palette ({@code color_slots}: the shown users, in name order, take
 * theirs or the next free one); and the efficiency flags of the tables ({@code efficiency_flags}).
 */
public final class PageHints {
  /** The totals key of each observable, as {@code totals} in the JSON names it. */
  static final Map<Observable, String> TOTAL_KEYS =
      Map.of(
          Observable.NCPUS,
          "cpu_hours",
          Observable.NGPUS,
          "gpu_hours",
          Observable.MEMORY,
          "mem_gb_hours",
          Observable.NJOBS,
          "job_hours");

  /** The unit of each observable's totals. */
  static final Map<Observable, String> TOTAL_UNITS =
      Map.of(
          Observable.NCPUS,
          "CPU-hours",
          Observable.NGPUS,
          "GPU-hours",
          Observable.MEMORY,
          "GB-hours",
          Observable.NJOBS,
          "job-hours");

  /** One of each observable's unit, as in "the 430-CPU limit". */
  static final Map<Observable, String> UNIT_ONE =
      Map.of(
          Observable.NCPUS,
          "CPU",
          Observable.NGPUS,
          "GPU",
          Observable.MEMORY,
          "GB",
          Observable.NJOBS,
          "job");

  /** The reason classes' names where a table has little room ("Main reason"). */
  static final Map<DemandCounter.ReasonClass, String> WAITING_SHORT =
      Map.of(
          DemandCounter.ReasonClass.QOS_LIMIT,
          "QoS limit",
          DemandCounter.ReasonClass.ACCOUNT_LIMIT,
          "account limit",
          DemandCounter.ReasonClass.CLUSTER,
          "cluster",
          DemandCounter.ReasonClass.OTHER,
          "other");

  private PageHints() {}

  /**
   * Writes {@code "page": {...}} into the object {@code g} is in; {@code topUsers} is
   * dashboard.top_users.
   */
  public static void write(JsonGenerator g, QosReport qos, int topUsers) throws IOException {
    UsageReport report = qos.usage();
    g.writeObjectFieldStart("page");
    // The charts the QoS needs, in page order: no GPU chart without a GPU limit or a GPU job.
    g.writeArrayFieldStart("charts");
    for (Observable o : charted(qos)) {
      g.writeString(o.name());
    }
    g.writeEndArray();
    g.writeObjectFieldStart("observables");
    for (Observable o : Observable.values()) {
      g.writeObjectFieldStart(o.name());
      g.writeStringField("title", UsageCharts.title(o));
      g.writeStringField("unit", o.unit());
      g.writeStringField("unit_one", UNIT_ONE.get(o));
      g.writeStringField("total_key", TOTAL_KEYS.get(o));
      g.writeStringField("total_unit", TOTAL_UNITS.get(o));
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeArrayFieldStart("wait_classes");
    for (DemandCounter.ReasonClass c : DemandCounter.ReasonClass.values()) {
      g.writeStartObject();
      g.writeStringField("key", c.key());
      g.writeStringField("label", UsageCharts.WAITING_NAMES.get(c));
      g.writeStringField("short", WAITING_SHORT.get(c));
      g.writeStringField("color", rgba(UsageCharts.WAITING.get(c)));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeObjectFieldStart("colors");
    g.writeStringField("others_band", UserColors.hex(UserColors.OTHERS));
    g.writeStringField("limit", UserColors.hex(UsageCharts.LIMIT));
    g.writeEndObject();
    // AnswerCards' efficiency flags, lowest first: a share in % under "below" is flagged.
    g.writeArrayFieldStart("efficiency_flags");
    flag(g, AnswerCards.VERY_LOW, "very-low", "very low");
    flag(g, AnswerCards.LOW_USED, "low", "low");
    g.writeEndArray();
    g.writeNumberField("top_users", topUsers);
    // UserColors' rule: one user left beyond the top is drawn by name, never as "others" of one.
    g.writeNumberField("others_min_users", UserColors.OTHERS_MIN_USERS);
    g.writeStringField("others_label", UserColors.OTHERS_LABEL);
    g.writeStringField("rank_by", TOTAL_KEYS.get(Observable.NCPUS));
    g.writeArrayFieldStart("ranked_users");
    for (String user : UserColors.ranked(report)) {
      g.writeString(user);
    }
    g.writeEndArray();
    // Each user's home slot in the palette; the shown users, in name order, take theirs or the
    // next free one (UserColors).
    g.writeObjectFieldStart("color_slots");
    for (String user : new TreeSet<>(UserColors.ranked(report))) {
      g.writeNumberField(user, UserColors.slot(user));
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void flag(JsonGenerator g, double share, String flag, String label)
      throws IOException {
    g.writeStartObject();
    g.writeNumberField("below", Math.round(share * 100));
    g.writeStringField("flag", flag);
    g.writeStringField("label", label);
    g.writeEndObject();
  }

  /**
   * The observables worth a chart for {@code qos}, in order: all four, but GPUs only where the QoS
   * has a GPU limit or a job asked for a GPU (used GPUs in the window, waited or waits for one). An
   * empty 0–1 GPU chart says nothing.
   */
  public static List<Observable> charted(QosReport qos) {
    List<Observable> charts = new ArrayList<>(List.of(Observable.values()));
    if (!asksForGpus(qos)) {
      charts.remove(Observable.NGPUS);
    }
    return List.copyOf(charts);
  }

  static boolean asksForGpus(QosReport qos) {
    if (qos.limits().of(Observable.NGPUS) > 0) {
      return true;
    }
    if (qos.usage().users().stream().anyMatch(u -> u.totalHours(Observable.NGPUS) > 0)) {
      return true;
    }
    DemandReport demand = qos.demand();
    if (demand != null && demand.available()) {
      if (demand.byUser().users().stream().anyMatch(u -> u.totalHours(Observable.NGPUS) > 0)) {
        return true;
      }
      boolean waitingNow =
          demand.waitingNow().values().stream()
              .flatMap(byClass -> byClass.values().stream())
              .anyMatch(w -> w.length > 1 && w[1] > 0);
      if (waitingNow) {
        return true;
      }
    }
    return qos.waitingJobs() != null && qos.waitingJobs().stream().anyMatch(j -> j.gpus() > 0);
  }

  /** {@code rgba(214,39,40,0.35)}: CSS's form of a see-through colour, the alpha to 2 decimals. */
  static String rgba(Color c) {
    return String.format(
        Locale.ROOT,
        "rgba(%d,%d,%d,%s)",
        c.getRed(),
        c.getGreen(),
        c.getBlue(),
        BigDecimal.valueOf(Math.round(c.getAlpha() / 255.0 * 100) / 100.0)
            .stripTrailingZeros()
            .toPlainString());
  }
}
