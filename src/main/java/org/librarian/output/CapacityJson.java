package org.librarian.output;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.ZoneId;
import java.util.Map;
import org.librarian.usage.Capacities;
import org.librarian.usage.CapacityPlanner;
import org.librarian.usage.CapacitySentence;
import org.librarian.usage.Observable;
import org.librarian.usage.QosReport;

/**
 * The {@code capacity} section of {@code data_<qos>.json}: per resource with a limit, "would a
 * bigger limit help?" ({@link CapacityPlanner}), with the sentence the page shows. Absent when the
 * QoS has no limit or the data no waiting work. Resource-hours to 3 decimals, shares to 4.
 */
final class CapacityJson {
  private CapacityJson() {}

  static void write(JsonGenerator g, QosReport report) throws IOException {
    Map<Observable, Capacities.Plan> plans = Capacities.of(report);
    if (plans.isEmpty()) {
      return;
    }
    ZoneId zone = report.usage().grid().zone();
    g.writeObjectFieldStart("capacity");
    for (Map.Entry<Observable, Capacities.Plan> e : plans.entrySet()) {
      CapacityPlanner.Capacity c = e.getValue().capacity();
      g.writeObjectFieldStart(e.getKey().name());
      g.writeNumberField("limit", c.limit());
      g.writeStringField("unit", e.getKey().unit());
      g.writeNumberField("hours", c.hours());
      g.writeNumberField("hours_waiting", c.hoursWaiting());
      nullable(g, "p95_demand", c.p95Demand(), 1e3);
      nullable(g, "p99_demand", c.p99Demand(), 1e3);
      g.writeArrayFieldStart("candidates");
      for (CapacityPlanner.Candidate k : c.candidates()) {
        g.writeStartObject();
        g.writeNumberField("limit", k.limit());
        nullable(g, "room_share", k.roomShare(), 1e4);
        g.writeNumberField("unmet_hours", UsageJson.round(k.unmetHours(), 1e3));
        g.writeNumberField("idle_hours", UsageJson.round(k.idleHours(), 1e3));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("holders");
      for (CapacityPlanner.Holder h : c.holders()) {
        g.writeNumberField(h.user(), UsageJson.round(h.share(), 1e4));
      }
      g.writeEndObject();
      g.writeStringField(
          "sentence", CapacitySentence.of(c, e.getValue().from(), e.getValue().to(), zone));
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void nullable(JsonGenerator g, String name, Double v, double scale)
      throws IOException {
    if (v == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, UsageJson.round(v, scale));
    }
  }
}
