package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.librarian.testing.Jobs;
import org.librarian.usage.BinGrid;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.UsageBinner;

/**
 * The page's hints in data_<qos>.json: what the page shows that Java decides, so JavaScript repeats
 * none of it.
 */
class PageHintsTest {
  /**
   * Three users over two hours: cat 4 CPUs × 1 h = 4 CPU-hours, bob and ann 2 CPUs × 1 h = 2 each
   * (a tie, broken by name). With top_users 2 the PNG colours cat and ann; the JSON ranks all three
   * and says so.
   */
  @Test
  void theJsonCarriesTheLabelsColoursWaitClassesAndRankedUsers() throws Exception {
    Instant now = Instant.parse("2026-11-20T12:00:00Z");
    UsageBinner b = Jobs.lastHours(now, 2);
    long t10 = now.getEpochSecond() - 2 * 3600;
    b.add(Jobs.ran("1", "bob", t10, t10 + 3600, 2, 0, 0));
    b.add(Jobs.ran("2", "cat", t10, t10 + 3600, 4, 0, 0));
    b.add(Jobs.ran("3", "ann", t10 + 3600, t10 + 7200, 2, 0, 0));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UsageJson.write(
        new QosReport(
            "q",
            b.report(),
            null,
            null,
            null,
            QosLimits.NONE,
            "none",
            null,
            new QosReport.About(null, "test", 3, 0, 2, false),
            null,
            null,
            null,
            null,
            null),
        out);
    JsonNode page = new ObjectMapper().readTree(out.toByteArray()).get("page");

    assertEquals(List.of("cat", "ann", "bob"), texts(page.get("ranked_users")));
    assertEquals(2, page.get("top_users").asInt());
    assertEquals("cpu_hours", page.get("rank_by").asText());
    assertEquals("CPUs in use", page.at("/observables/NCPUS/title").asText());
    assertEquals("GB", page.at("/observables/MEMORY/unit").asText());
    assertEquals("mem_gb_hours", page.at("/observables/MEMORY/total_key").asText());
    assertEquals("job-hours", page.at("/observables/NJOBS/total_unit").asText());
    assertEquals(
        List.of("qos_limit", "account_limit", "cluster", "other"),
        StreamSupport.stream(page.get("wait_classes").spliterator(), false)
            .map(c -> c.get("key").asText())
            .toList());
    // The PNG's colour of the QoS-limit band, (214, 39, 40) at alpha 90 of 255 = 0.35.
    assertEquals("rgba(214,39,40,0.35)", page.at("/wait_classes/0/color").asText());
    assertEquals("waiting for the QoS limit", page.at("/wait_classes/0/label").asText());
    assertEquals("account limit", page.at("/wait_classes/1/short").asText());
    assertEquals("#808080", page.at("/colors/others_band").asText());
    assertEquals("#d62728", page.at("/colors/limit").asText());
    // Home slots, String.hashCode mod 11: "ann" = 97·961 + 110·31 + 110 = 96737 → 3 (11·8794 =
    // 96734); "bob" = 98·961 + 111·31 + 98 = 97717 → 4; "cat" = 99·961 + 97·31 + 116 = 98262 → 10
    // (11·8932 = 98252).
    assertEquals(3, page.at("/color_slots/ann").asInt());
    assertEquals(4, page.at("/color_slots/bob").asInt());
    assertEquals(10, page.at("/color_slots/cat").asInt());
    assertEquals(List.of("NCPUS", "MEMORY", "NJOBS"), texts(page.get("charts")));
    assertEquals(2, page.get("others_min_users").asInt());
    assertEquals("others ({n} users)", page.get("others_label").asText());
    // The waste card's efficiency flags, lowest first, in % for the page's tables: under 25 %
    // "very low", under 50 % "low".
    assertEquals(
        "[{\"below\":25,\"flag\":\"very-low\",\"label\":\"very low\"},"
            + "{\"below\":50,\"flag\":\"low\",\"label\":\"low\"}]",
        page.get("efficiency_flags").toString());
    assertEquals("CPU", page.at("/observables/NCPUS/unit_one").asText());
    assertEquals("job", page.at("/observables/NJOBS/unit_one").asText());
    // With top_users 2 only bob would be left for "others": a band of one is never drawn, so bob is
    // coloured too, in his home slot 4 (free: ann holds 3, cat 10).
    JsonNode colors = new ObjectMapper().readTree(out.toByteArray()).get("colors");
    assertEquals(List.of("ann", "bob", "cat"), names(colors));
    assertEquals(UserColors.hex(UserColors.PALETTE.get(4)), colors.get("bob").asText());
  }

  /**
   * The GPU chart only where the QoS has a GPU limit or a job asked for a GPU: bob's 2-CPU job
   * alone under no limit gives three charts; a GPU limit of 4, or a job of 1 GPU, gives four.
   */
  @Test
  void noGpuChartWithoutAGpuLimitOrAGpuJob() {
    Instant now = Instant.parse("2026-11-20T12:00:00Z");
    BinGrid grid = BinGrid.rolling(now, Duration.ofHours(2), Duration.ofHours(1), ZoneOffset.UTC);
    long t10 = now.getEpochSecond() - 2 * 3600;
    UsageBinner cpuOnly = new UsageBinner(grid);
    cpuOnly.add(Jobs.ran("1", "bob", t10, t10 + 3600, 2, 0, 0));
    UsageBinner withGpu = new UsageBinner(grid);
    withGpu.add(Jobs.ran("2", "cat", t10, t10 + 3600, 2, 1, 0));
    List<Observable> three = List.of(Observable.NCPUS, Observable.MEMORY, Observable.NJOBS);
    List<Observable> four = List.of(Observable.values());
    assertEquals(three, PageHints.charted(qos(cpuOnly, QosLimits.NONE)));
    assertEquals(four, PageHints.charted(qos(cpuOnly, new QosLimits(0, 4, 0, 0))));
    assertEquals(four, PageHints.charted(qos(withGpu, QosLimits.NONE)));
  }

  private static QosReport qos(UsageBinner b, QosLimits limits) {
    return new QosReport(
        "q",
        b.report(),
        null,
        null,
        null,
        limits,
        "none",
        null,
        new QosReport.About(null, "test", 1, 0, 11, false),
        null,
        null,
        null,
        null,
        null);
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
