package org.librarian.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.librarian.output.DataFile;

/** The digest names the first three families of the data's right-size list, escaped. */
class RightSizeDigestTest {
  static final String HARD = "a|b \"q\" <script>x</script> \uD83D\uDE42_#";

  /** avery's data from 9 to 25 November (16 days, hourly), a 430-CPU limit, ann with no usage. */
  private static ObjectNode annIdle() {
    return SiteFixture.data(
        "avery",
        Instant.parse("2026-11-09T00:00:00Z"),
        Instant.parse("2026-11-25T00:00:00Z"),
        430,
        Map.of("ann", new double[24 * 16]),
        null);
  }

  private static DataFile data() {
    ObjectNode d = annIdle();
    ObjectNode r = d.putObject("families").putObject("right_size");
    r.put("min_jobs", 5);
    r.put(
        "sentence",
        "From 2026-10-26 00:00 UTC to 2026-11-25 00:00 UTC: 4 job families of at least 5 jobs"
            + " among the jobs that ended.");
    String[][] rows = {
      {"ann", HARD, "#SBATCH --cpus-per-task=4", "20.0"},
      {"bob", "sim_#", null, "0"},
      {"cyd", "fit", null, "0"},
      {"dan", "fourth", null, "0"},
    };
    for (String[] row : rows) {
      ObjectNode f = r.withArray("list").addObject();
      f.put("user", row[0]);
      f.put("name", row[1]);
      f.put("jobs", 5);
      f.put("mem_line", "#SBATCH --mem=12G");
      f.put("mem_freed_gb_hours", 100.0);
      f.put("time_line", "#SBATCH --time=01:30:00");
      f.put("time_freed_cpu_hours", 260.0);
      f.put("cpus_line", row[2]);
      f.put("cpus_freed_cpu_hours", Double.parseDouble(row[3]));
    }
    return DataFile.of(d);
  }

  @Test
  void theFirstThreeFamiliesWithTheirLinesAndWhatTheyFree() {
    Digest.Period p =
        Digest.lastPeriod(
            "weekly", Instant.parse("2026-11-25T09:00:00Z").getEpochSecond(), ZoneOffset.UTC);
    Digest.Content c = Digest.of(data(), p);
    List<String> lines = c.rightSize();
    // The sentence naming the window, then 3 of the 4 families.
    assertEquals(4, lines.size(), lines.toString());
    assertEquals(
        "Right-size. From 2026-10-26 00:00 UTC to 2026-11-25 00:00 UTC: 4 job families of at least"
            + " 5 jobs among the jobs that ended. What would free the most:",
        lines.get(0));
    assertEquals(
        "ann's "
            + HARD
            + " (5 jobs): #SBATCH --cpus-per-task=4 (20.0 CPU-hours freed); #SBATCH --mem=12G"
            + " (100.0 GB-hours freed); #SBATCH --time=01:30:00 (260.0 CPU-hours of time limit"
            + " freed)",
        lines.get(1));
    assertTrue(lines.get(2).startsWith("bob's sim_# (5 jobs): #SBATCH --mem=12G"), lines.get(2));
    assertFalse(String.join("\n", lines).contains("dan"));

    String html = DigestPage.html(c, null);
    assertTrue(html.contains("a|b &quot;q&quot; &lt;script&gt;x&lt;/script&gt;"), html);
    assertFalse(html.contains("<script>"), html);
    String md = DigestPage.markdown(c, null);
    assertTrue(md.contains("ann's a\\|b \"q\" \\<script\\>x\\</script\\> \uD83D\uDE42\\_\\#"), md);
  }

  @Test
  void noListNoLines() {
    DataFile d = DataFile.of(annIdle());
    Digest.Period p =
        Digest.lastPeriod(
            "weekly", Instant.parse("2026-11-25T09:00:00Z").getEpochSecond(), ZoneOffset.UTC);
    Digest.Content c = Digest.of(d, p);
    assertTrue(c.rightSize().isEmpty());
    assertFalse(DigestPage.markdown(c, null).contains("Right-size"));
  }
}
