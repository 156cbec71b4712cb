package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.librarian.testing.Jobs;
import org.librarian.testing.Reports;
import org.librarian.usage.QosLimits;
import org.librarian.usage.UsageBinner;

class UsageJsonTest {
  /**
   * Three whole hours before now (12:00 UTC): ann holds 1 CPU for 20 min of the first (1/3 → 0.33),
   * 7 CPUs for 21 min of the second (2.45), and -- nothing in the third. Written as Double.toString
   * writes the value rounded to cents, as the original format did.
   */
  @Test
  void seriesAreRoundedToCentsAndTotalsToThousandths() throws Exception {
    Instant now = Instant.parse("2026-11-20T12:00:00Z");
    UsageBinner b = Jobs.lastHours(now, 3);
    long t9 = now.getEpochSecond() - 3 * 3600;
    b.add(Jobs.ran("1", "ann", t9, t9 + 1200, 1, 0, 0));
    b.add(Jobs.ran("2", "ann", t9 + 3600, t9 + 3600 + 1260, 7, 0, 0));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UsageJson.write(Reports.of("q", b.report(), null, null, QosLimits.NONE, 2, 0), out);
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(true, text.contains("\"NCPUS\":{\"ann\":[0.33,2.45,0.0]}"), text);
    JsonNode json = new ObjectMapper().readTree(text);
    assertEquals(1 / 3.0 + 7 * 0.35, json.at("/totals/ann/cpu_hours").asDouble(), 0.0005);
    assertEquals("2.783", json.at("/totals/ann/cpu_hours").asText());
  }
}
