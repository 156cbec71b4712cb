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
import org.librarian.usage.QosReport;

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
  private static final DateTimeFormatter WHEN_YEAR =
      DateTimeFormatter.ofPattern("d MMM yyyy HH:mm zzz", Locale.ROOT);

  private AnswersJson() {}

  /** A period [from, to) in epoch seconds and its name. */
  record Period(String label, long from, long to) {}

  /** Per preset, its period and the one before it (epoch seconds), in the report's zone. */
  static Map<String, Period[]> periods(QosReport qos) {
    BinGrid grid = qos.usage().grid();
    long now = grid.now();
    ZoneId zone = grid.zone();
    Map<String, Period[]> result = new LinkedHashMap<>();
    for (Summaries.Period p : Summaries.PERIODS) {
      result.put(p.key(), rolling(p.label(), p.seconds(), now));
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
    // Beyond the hourly window: the daily history's rows (PeriodFigures).
    result.put("90d", rolling("Last 90 days", 90 * 86_400L, now));
    result.put("1y", rolling("Last 365 days", 365 * 86_400L, now));
    long first = qos.archived().isEmpty() ? grid.start() : qos.archived().get(0).start();
    result.put(
        "all",
        new Period[] {
          new Period(
              "All (from "
                  + DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ROOT)
                      .format(Instant.ofEpochSecond(first).atZone(zone))
                  + ")",
              first,
              now),
          new Period("the time before", first, first)
        });
    return result;
  }

  /** "Last N days" up to now, and the N days before. */
  private static Period[] rolling(String label, long seconds, long now) {
    long from = now - seconds;
    return new Period[] {
      new Period(label, from, now),
      new Period("the " + label.substring(5) + " before", from - seconds, from)
    };
  }

  /**
   * Writes {@code "answers": {preset: {period, cards: [...]}}} from {@code presets}, the figures
   * the sentences read too.
   */
  static void write(JsonGenerator g, QosReport qos, PresetFigures presets) throws IOException {
    ZoneId zone = qos.usage().grid().zone();
    g.writeObjectFieldStart("answers");
    for (Map.Entry<String, Period[]> e : presets.periods().entrySet()) {
      Period now = e.getValue()[0];
      Period before = e.getValue()[1];
      PeriodFigures cur = presets.current(e.getKey());
      PeriodFigures prev = presets.previous(e.getKey());
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
                  : ": " + span(cur.dataFrom(), to, zone)));
      PeriodUsers.write(g, qos, cur, to);
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

  /** "from – to", both with their year when they fall in different years. */
  static String span(long from, long to, ZoneId zone) {
    return when(from, zone, to) + " – " + when(to, zone, from);
  }

  /** The time, with its year when that is not the year of {@code other}. */
  static String when(long epochSecond, ZoneId zone, long other) {
    ZonedDateTime a = Instant.ofEpochSecond(epochSecond).atZone(zone);
    boolean sameYear = a.getYear() == Instant.ofEpochSecond(other).atZone(zone).getYear();
    return (sameYear ? WHEN : WHEN_YEAR).format(a);
  }

  static String day(long epochSecond, ZoneId zone) {
    return DAY.format(Instant.ofEpochSecond(epochSecond).atZone(zone));
  }
}
