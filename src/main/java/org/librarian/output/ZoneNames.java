package org.librarian.output;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The names a zone's times carry, by UTC offset ("+01:00" → "CET", "+02:00" → "CEST"), as {@link
 * PeriodText}, the sentences and the cards write them ({@code zzz}, Locale.ROOT): the data file's
 * {@code metadata.zone_names}, so that the page names each time as the PNG/PDF titles do rather
 * than as the browser's locale would ("GMT+1").
 */
final class ZoneNames {
  private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("zzz", Locale.ROOT);

  /** How far back the names reach: the daily history's "All" of a long-kept QoS. */
  private static final long YEARS_BACK = 20;

  private ZoneNames() {}

  /**
   * Each offset {@code zone} has from {@value #YEARS_BACK} years before {@code now} (epoch seconds)
   * to a year after it, with its name (the latest name where an offset had two), by offset.
   */
  static Map<String, String> of(ZoneId zone, long now) {
    ZoneRules rules = zone.getRules();
    Instant from = Instant.ofEpochSecond(now).minusSeconds(YEARS_BACK * 365 * 86_400);
    Instant to = Instant.ofEpochSecond(now).plusSeconds(366 * 86_400L);
    Map<String, String> names = new TreeMap<>();
    Instant t = from;
    while (t.isBefore(to)) {
      names.put(key(rules.getOffset(t)), NAME.format(t.atZone(zone)));
      ZoneOffsetTransition next = rules.nextTransition(t);
      if (next == null) {
        break;
      }
      t = next.getInstant();
    }
    return names;
  }

  /** Writes {@code zone_names}: {@link #of}. */
  static void write(JsonGenerator g, ZoneId zone, long now) throws IOException {
    g.writeObjectFieldStart("zone_names");
    for (Map.Entry<String, String> n : of(zone, now).entrySet()) {
      g.writeStringField(n.getKey(), n.getValue());
    }
    g.writeEndObject();
  }

  /** "+01:00", "-05:00", "+00:00", "+05:30": the offset as the page reads it from the browser. */
  static String key(ZoneOffset offset) {
    int s = offset.getTotalSeconds();
    int abs = Math.abs(s);
    return String.format(Locale.ROOT, "%s%02d:%02d", s < 0 ? "-" : "+", abs / 3600, abs / 60 % 60);
  }
}
