package org.librarian.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.librarian.output.DataFile;

/** The digest on a phone: a viewport, and one period per table, each titled with its dates. */
class DigestPageTest {
  /**
   * 30 days of data, 2026-10-26T00:00Z to 2026-11-25T00:00Z (720 hours), updated at its end; ann
   * runs 10 CPUs throughout, so the week of 2026-11-16 (168 hours) gives her 1,680.0 CPU-hours and
   * 3,360.0 GB-hours (the fixture's memory is twice the CPUs). Over the 30 days ann waited 12.5
   * CPU-hours for the QoS limit and used 80 % of the CPU time she held; bob waited 1,234.5 and has
   * no efficiency.
   */
  private static Digest.Content content() {
    double[] ann = new double[720];
    java.util.Arrays.fill(ann, 10);
    Map<String, double[]> cpus = new LinkedHashMap<>();
    cpus.put("ann", ann);
    ObjectNode json =
        SiteFixture.data(
            "avery",
            Instant.parse("2026-10-26T00:00:00Z"),
            Instant.parse("2026-11-25T00:00:00Z"),
            430,
            cpus,
            null);
    json.putObject("efficiency")
        .putObject("ann")
        .put("jobs", 3)
        .put("cpu_alloc_hours", 100.0)
        .put("cpu_used_hours", 80.0)
        .put("cpu_efficiency", 0.8);
    json.putObject("demand_qos_limit_cpu_hours").put("ann", 12.5).put("bob", 1234.5);
    Digest.Period p =
        Digest.lastPeriod(
            "weekly", Instant.parse("2026-11-25T09:00:00Z").getEpochSecond(), ZoneOffset.UTC);
    return Digest.of(DataFile.of(json), p);
  }

  @Test
  void theHtmlDigestHasAViewportAndATableForEachPeriod() {
    String html = DigestPage.html(content(), null);
    assertTrue(
        html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"),
        html);
    assertTrue(
        html.contains(
            "<h2 id=\"period-title\">Week of 2026-11-16 (2026-11-16 00:00 UTC to 2026-11-23 00:00"
                + " UTC)</h2>\n<div class=\"scroll\"><table id=\"period\""
                + " aria-labelledby=\"period-title\">"),
        html);
    assertTrue(
        html.contains(
            "<h2 id=\"recent-title\">Last 30 days (2026-10-26 00:00 UTC to 2026-11-25 00:00 UTC):"
                + " CPU efficiency is CPU time used over CPU time held</h2>"),
        html);
    assertTrue(html.contains(">Change from the week before</th>"), html);
    String period = html.substring(html.indexOf("<table id=\"period\""), html.indexOf("</table>"));
    assertTrue(period.contains("<td>ann</td><td class=\"n\">1,680.0</td>"), period);
    assertFalse(period.contains("waited") || period.contains("efficiency"), period);
    String recent = html.substring(html.indexOf("<table id=\"recent\""));
    // bob waited most (1,234.5 > 12.5), so he comes first; he has no efficiency.
    assertTrue(
        recent.contains(
            "<tr><td>bob</td><td class=\"n\">1,234.5</td><td class=\"n\">–</td></tr>\n"
                + "<tr><td>ann</td><td class=\"n\">12.5</td><td class=\"n\">80 %</td></tr>"),
        recent);
  }

  @Test
  void theMarkdownDigestHasATableForEachPeriod() {
    String md = DigestPage.markdown(content(), null);
    assertTrue(
        md.contains(
            "**Week of 2026-11-16 (2026-11-16 00:00 UTC to 2026-11-23 00:00 UTC)**\n\n| User |"),
        md);
    assertTrue(md.contains("| ann | 1,680.0 | 0.0 | 3,360.0 | 100 % |"), md);
    assertTrue(md.contains("| User | CPU-hours waited for the QoS limit | CPU efficiency |"), md);
    assertTrue(md.contains("| bob | 1,234.5 | – |\n| ann | 12.5 | 80 % |"), md);
    assertEquals(2, md.split("\\|---\\|", -1).length - 1, "two tables: " + md);
  }
}
