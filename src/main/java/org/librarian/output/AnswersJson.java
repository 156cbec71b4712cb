package org.librarian.output;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.librarian.common.IsoTime;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DemandCounter;
import org.librarian.usage.DemandReport;
import org.librarian.usage.Observable;
import org.librarian.usage.QosReport;
import org.librarian.usage.UserUsage;

/**
 * The {@code answers} section of {@code data_<qos>.json}: per preset of the page (those of {@link
 * Summaries#PERIODS}, {@code month} and {@code last-month}), four cards that answer who used the
 * allocation, whether work waited for the limit, who left held CPUs idle and who the top users
 * were, each for its period and, where the hourly data covers it, against the period before. Every
 * text is written here; the page only shows it.
 */
final class AnswersJson {
  /** At or above this share of the allocation the use is "near the limit"; below LOW, "low". */
  static final double HIGH = 0.9;

  static final double LOW = 0.5;

  /** Waiting in at least this share of the period's hours is "often at the limit". */
  static final double OFTEN = 0.25;

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ROOT);
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM HH:mm zzz", Locale.ROOT);

  private AnswersJson() {}

  /** A period [from, to) in epoch seconds and its name. */
  record Period(String label, long from, long to) {}

  /**
   * What the hourly data says of a period.
   *
   * @param covered whether the hourly data covers the whole period
   * @param dataFrom where the data starts within it (its start when covered)
   * @param cpuHours each user's CPU-hours in it, largest first
   * @param hours the hours of the period the data covers
   * @param hoursWaiting hours in which CPUs waited for the QoS limit
   * @param waitedCpuHours CPU-hours waited for the QoS limit
   */
  record Figures(
      boolean covered,
      long dataFrom,
      Map<String, Double> cpuHours,
      double hours,
      double hoursWaiting,
      double waitedCpuHours) {
    double total() {
      return cpuHours.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  /** The figures of {@code p} from the report's hourly bins, each bin counting its overlap. */
  static Figures figures(QosReport qos, Period p) {
    BinGrid grid = qos.usage().grid();
    double[] waiting = qosLimitWaiting(qos.demand());
    Map<String, Double> byUser = new LinkedHashMap<>();
    double waitingSeconds = 0;
    double waited = 0;
    for (int i = 0; i < grid.size(); i++) {
      long start = grid.edge(i);
      long overlap = Math.min(start + grid.divisor(i), p.to()) - Math.max(start, p.from());
      if (overlap <= 0) {
        continue;
      }
      for (UserUsage u : qos.usage().users()) {
        double v = u.series(Observable.NCPUS)[i] * overlap / 3600.0;
        byUser.merge(u.user(), v, Double::sum);
      }
      if (waiting != null && waiting[i] >= 0.005) {
        waitingSeconds += overlap;
        waited += waiting[i] * overlap / 3600.0;
      }
    }
    Map<String, Double> sorted = new LinkedHashMap<>();
    byUser.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    // The window starts on a bin edge, up to one bin after the 30 days before the run began.
    boolean covered = p.from() > grid.start() - grid.resolutionSeconds();
    long dataFrom = Math.max(p.from(), grid.start());
    long dataTo = Math.min(p.to(), grid.now());
    return new Figures(
        covered,
        covered ? p.from() : dataFrom,
        sorted,
        Math.max(0, dataTo - (covered ? p.from() : dataFrom)) / 3600.0,
        waitingSeconds / 3600.0,
        waited);
  }

  /** Per preset, its period and the one before it (epoch seconds), in the report's zone. */
  static Map<String, Period[]> periods(QosReport qos) {
    BinGrid grid = qos.usage().grid();
    long now = grid.now();
    ZoneId zone = grid.zone();
    Map<String, Period[]> result = new LinkedHashMap<>();
    for (Summaries.Period p : Summaries.PERIODS) {
      long from = now - p.seconds();
      result.put(
          p.key(),
          new Period[] {
            new Period(p.label(), from, now),
            new Period("the " + p.label().substring(5) + " before", from - p.seconds(), from)
          });
    }
    ZonedDateTime month =
        Instant.ofEpochSecond(now).atZone(zone).withDayOfMonth(1).toLocalDate().atStartOfDay(zone);
    long thisMonth = month.toEpochSecond();
    long lastMonth = month.minusMonths(1).toEpochSecond();
    long before = month.minusMonths(2).toEpochSecond();
    // This month so far against the same part of last month.
    long sameSoFar = Math.min(thisMonth, lastMonth + (now - thisMonth));
    result.put(
        "month",
        new Period[] {
          new Period("This month (from " + day(thisMonth, zone) + ")", thisMonth, now),
          new Period(
              "last month to the same point ("
                  + day(lastMonth, zone)
                  + " – "
                  + when(sameSoFar, zone)
                  + ")",
              lastMonth,
              sameSoFar)
        });
    result.put(
        "last-month",
        new Period[] {
          new Period(
              "Last month ("
                  + month
                      .minusMonths(1)
                      .getMonth()
                      .getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH)
                  + ")",
              lastMonth,
              thisMonth),
          new Period("the month before", before, lastMonth)
        });
    return result;
  }

  /** Writes {@code "answers": {preset: {period, cards: [...]}}}. */
  static void write(JsonGenerator g, QosReport qos) throws IOException {
    ZoneId zone = qos.usage().grid().zone();
    g.writeObjectFieldStart("answers");
    for (Map.Entry<String, Period[]> e : periods(qos).entrySet()) {
      Period now = e.getValue()[0];
      Period before = e.getValue()[1];
      Figures cur = figures(qos, now);
      Figures prev = figures(qos, before);
      g.writeObjectFieldStart(e.getKey());
      // The period's bounds (the page's range for the calendar months comes from here).
      g.writeStringField("from", IsoTime.of(now.from(), zone));
      g.writeStringField("to", IsoTime.of(now.to(), zone));
      long to = Math.min(now.to(), qos.usage().grid().now());
      g.writeStringField(
          "period",
          now.label()
              + (cur.dataFrom() >= to
                  ? ": no data (the data starts " + when(cur.dataFrom(), zone) + ")"
                  : ": " + when(cur.dataFrom(), zone) + " – " + when(to, zone)));
      g.writeArrayFieldStart("cards");
      for (AnswerCards.Card c : AnswerCards.of(qos, before, cur, prev)) {
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("title", c.title());
        g.writeStringField("href", c.href());
        g.writeStringField("value", c.value());
        g.writeArrayFieldStart("lines");
        for (String line : c.lines()) {
          g.writeString(line);
        }
        g.writeEndArray();
        g.writeStringField("flag_class", c.flagClass());
        g.writeStringField("flag", c.flag());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static double[] qosLimitWaiting(DemandReport demand) {
    if (demand == null || !demand.available()) {
      return null;
    }
    for (UserUsage u : demand.byReason().users()) {
      if (u.user().equals(DemandCounter.ReasonClass.QOS_LIMIT.key())) {
        return u.series(Observable.NCPUS);
      }
    }
    return new double[demand.byReason().grid().size()];
  }

  /** Thousands separators; one decimal below 10. */
  static String number(double v) {
    return Math.abs(v) >= 10 || v == Math.rint(v)
        ? String.format(Locale.ROOT, "%,d", Math.round(v))
        : String.format(Locale.ROOT, "%.1f", v);
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f %%", share * 100);
  }

  static String when(long epochSecond, ZoneId zone) {
    return WHEN.format(Instant.ofEpochSecond(epochSecond).atZone(zone));
  }

  private static String day(long epochSecond, ZoneId zone) {
    return DAY.format(Instant.ofEpochSecond(epochSecond).atZone(zone));
  }
}
