package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Browser;
import org.librarian.testing.Cli;
import org.librarian.usage.JobCounts;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The four answer cards at the top of the page, on the demo of seed 20261101 ending 2026-11-20
 * 12:00 New York time, in Debian's headless Chromium: visible without scrolling on a desktop and a
 * laptop screen, with the figures the run wrote for the preset shown, and following the presets
 * (This month and Last month among them). Screenshots go to target/browser/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnswerCardsBrowserIT {
  @TempDir static Path tmp;
  Browser browser;
  ChromeDriver driver;
  String url;
  JsonNode avery;

  @BeforeAll
  void buildSiteAndStartBrowser() throws IOException {
    browser = Browser.start(1440, 900);
    driver = browser.driver();
    Path demo = tmp.resolve("demo");
    Cli.Run run =
        new Cli(tmp)
            .run(
                "demo",
                "--out",
                demo.toString(),
                "--seed",
                "20261101",
                "--now",
                "2026-11-20T12:00:00-05:00",
                "--no-plots");
    assertEquals(0, run.code(), run.err());
    avery = new ObjectMapper().readTree(demo.resolve("data_avery.json").toFile());
    url = browser.serve(demo);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  /**
   * At 1440×900 and 1280×720 (the window's inner size) every card's box lies wholly inside the
   * first screen.
   */
  @Test
  void theFourCardsAreOnTheFirstScreen() {
    for (int[] size : new int[][] {{1440, 900}, {1280, 720}}) {
      browser.screen(size[0], size[1]);
      browser.open(url + "#range=30d");
      browser.waitFor("return document.querySelectorAll('#answer-list [data-card]').length === 4");
      @SuppressWarnings("unchecked")
      List<Object> bottoms =
          (List<Object>)
              browser.js(
                  "return [...document.querySelectorAll('#answer-list [data-card]')]"
                      + ".map(c => c.getBoundingClientRect().bottom)");
      long height = (Long) browser.js("return window.innerHeight");
      assertEquals(size[1], height);
      for (Object b : bottoms) {
        assertTrue(((Number) b).doubleValue() <= height, size[0] + "x" + size[1] + ": " + bottoms);
      }
      browser.screenshot("answer-cards-" + size[0] + "x" + size[1] + ".png");
    }
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  /**
   * The cards of the demo's last 30 days, 7 days, this month and last month, as the run wrote them
   * (answers.&lt;preset&gt;) and as they read; switching the preset changes them.
   */
  @Test
  void theCardsFollowThePreset() {
    driver.manage().window().setSize(new Dimension(1440, 900));
    browser.open(url + "#range=30d");
    browser.waitFor("return document.getElementById('answer-cards').dataset.period === '30d'");
    assertEquals(
        List.of("176,279 CPU-hours", "148 h with work waiting", "35 % idle", "otter"), values());
    assertEquals(
        "Last 30 days: 21 Oct 13:00 EDT – 20 Nov 12:00 EST",
        driver.findElement(By.id("answer-period")).getText());
    // The 30 days before come from the daily history the demo made.
    assertTrue(
        card("used").contains("▼ 12 % vs the 30 days before (199,993 CPU-hours)"), card("used"));
    assertTrue(card("used").contains("normal (50–90 %)"), card("used"));
    assertTrue(card("waste").contains("efficiency fine (≥ 50 % used)"), card("waste"));

    browser.click("#presets button[data-range='7d']");
    browser.waitFor("return document.getElementById('answer-cards').dataset.period === '7d'");
    assertEquals("42,478 CPU-hours", values().get(0));
    assertTrue(
        card("used").contains("▲ 11 % vs the 7 days before (38,115 CPU-hours)"), card("used"));
    assertEquals(text(avery.at("/answers/7d/cards/0/lines")), lines("used"));

    browser.click("#presets button[data-range='month']");
    browser.waitFor("return document.getElementById('answer-cards').dataset.period === 'month'");
    assertEquals("114,592 CPU-hours", values().get(0));
    assertEquals("2026-11-01 00:00", driver.findElement(By.id("from")).getAttribute("value"));
    assertTrue(
        driver
            .findElement(By.id("summary"))
            .getText()
            .startsWith("This month (2026-11-01 00:00 EDT to 2026-11-20 12:00 EST): "));
    assertEquals(
        "true",
        driver
            .findElement(By.cssSelector("#presets button[data-range='month']"))
            .getAttribute("aria-pressed"));

    browser.click("#presets button[data-range='last-month']");
    browser.waitFor(
        "return document.getElementById('answer-cards').dataset.period === 'last-month'");
    // October from the daily history, the whole month (1-21 Oct before the hourly data).
    assertEquals("200,547 CPU-hours", values().get(0));
    assertTrue(
        card("used").contains("▲ 12 % vs the month before (178,566 CPU-hours)"), card("used"));
    assertEquals(text(avery.at("/answers/last-month/cards/0/lines")), lines("used"));
    // The charts show October from the daily history, in the data's zone.
    browser.waitFor("return document.getElementById('from').value === '2026-10-01 00:00'");
    assertEquals("2026-11-01 00:00", driver.findElement(By.id("to")).getAttribute("value"));
    browser.screenshot("answer-cards-last-month.png");
  }

  /**
   * 7d, then 30d, then 1y: each time the waste card, the efficiency table (its period, and each
   * user's jobs, CPU-hours held and idle CPU-hours, jobs under 25 % CPU and timeouts, whose headers
   * name the jobs they count when those are not the period's) and the "who" table's idle and waited
   * columns are the JSON's figures of that preset (answers.&lt;preset&gt;), not the 30-day
   * window's.
   */
  @Test
  void theWasteCardAndTheEfficiencyTableFollowThePreset() {
    driver.manage().window().setSize(new Dimension(1440, 900));
    browser.open(url + "#range=30d");
    browser.waitFor("return document.getElementById('answer-cards').dataset.period === '30d'");
    List<String> seen = new java.util.ArrayList<>();
    List<Long> lowJobs = new java.util.ArrayList<>();
    for (String preset : List.of("7d", "30d", "1y")) {
      browser.click("#presets button[data-range='" + preset + "']");
      browser.waitFor(
          "return document.getElementById('answer-cards').dataset.period === '"
              + preset
              + "' && document.getElementById('efficiency').dataset.period === '"
              + preset
              + "' && document.getElementById('who').dataset.period === '"
              + preset
              + "'");
      JsonNode a = avery.at("/answers/" + preset);
      String of =
          a.get("details_label").isNull() ? "" : " (" + a.get("details_label").asText() + ")";
      long[] low = {0};
      JsonNode waste = null;
      for (JsonNode c : a.get("cards")) {
        if (c.get("id").asText().equals("waste")) {
          waste = c;
        }
      }
      assertEquals(waste.get("value").asText(), values().get(2), preset);
      assertEquals(text(waste.get("lines")), lines("waste"), preset);
      seen.add(values().get(2));
      assertEquals(
          a.get("efficiency_period").asText(),
          driver.findElement(By.id("efficiency-when")).getText(),
          preset);
      assertTrue(
          driver
              .findElement(By.cssSelector("#efficiency caption"))
              .getText()
              .contains(a.get("efficiency_period").asText()),
          preset);
      a.get("users")
          .fields()
          .forEachRemaining(
              u -> {
                JsonNode f = u.getValue();
                Map<String, String> row = row("efficiency", u.getKey());
                if (f.get("jobs").asLong() == 0) {
                  assertEquals(Map.of(), row, preset + " " + u.getKey());
                  return;
                }
                String where = preset + " " + u.getKey() + " " + row;
                assertEquals(format(f.get("jobs").asDouble(), 0), row.get("Jobs"), where);
                assertEquals(
                    format(f.get("cpu_held_hours").asDouble(), 1),
                    row.get("CPU-hours held"),
                    where);
                assertEquals(
                    format(f.get("idle_cpu_hours").asDouble(), 1),
                    row.get("Idle CPU-hours"),
                    where);
                assertEquals(
                    format(f.get("low_cpu_jobs").asDouble(), 0),
                    row.get("Jobs under 25 % CPU" + of),
                    where);
                assertEquals(
                    format(f.get("timeouts").asDouble(), 0), row.get("Timeouts" + of), where);
                // The medians as the page shows them: the tenths JobCounts counts them in.
                assertEquals(
                    shown(f.get("mem_efficiency_p50")),
                    number(row.get("Median memory efficiency (%)" + of)),
                    where);
                assertEquals(
                    shown(f.get("time_efficiency_p50")),
                    number(row.get("Median time efficiency (%)" + of)),
                    where);
                // GPU utilisation is the period's too (the demo collects it; 1 decimal).
                assertEquals(
                    f.get("gpu_util").isNull() ? "–" : format(f.get("gpu_util").asDouble(), 1),
                    number(row.get("GPU utilisation (%)" + of)),
                    where);
                low[0] += f.get("low_cpu_jobs").asLong();
              });
      lowJobs.add(low[0]);
      if (preset.equals("1y")) {
        // The daily history keeps the counted columns: they cover the year, no label of their own.
        assertTrue(a.get("details_label").isNull(), a.get("details_period").asText());
      }
      // The who table's first page: idle and waited are the period's too.
      List<List<String>> who = browser.cells("#who tbody tr");
      assertTrue(!who.isEmpty(), preset);
      for (List<String> r : who) {
        JsonNode f = a.at("/users/" + r.get(0));
        String idle =
            f.get("jobs").asLong() == 0 ? "–" : format(f.get("idle_cpu_hours").asDouble(), 1);
        assertEquals(idle, r.get(4), preset + " " + r);
        assertEquals(format(f.get("waited_cpu_hours").asDouble(), 1), r.get(5), preset + " " + r);
      }
      browser.screenshot("answer-cards-efficiency-" + preset + ".png");
    }
    // The three presets' waste cards differ, so the checks above could not pass on one period's.
    assertEquals(3, new java.util.HashSet<>(seen).size(), seen.toString());
    // So do the jobs under 25 % CPU: the column is the period's, not the window's in every preset.
    assertEquals(3, new java.util.HashSet<>(lowJobs).size(), lowJobs.toString());
  }

  /** A row of a table by its user, as header → cell text; empty when the user has no row. */
  @SuppressWarnings("unchecked")
  private Map<String, String> row(String table, String user) {
    return (Map<String, String>)
        browser.js(
            "const t = document.getElementById(arguments[0]);"
                + " const heads = [...t.querySelectorAll('thead th')].map(th => th.textContent.trim());"
                + " for (const tr of t.querySelectorAll('tbody tr')) {"
                + "   if (tr.cells[0].textContent.trim() !== arguments[1]) continue;"
                + "   const o = {}; [...tr.cells].forEach((td, i) => o[heads[i]] = td.textContent.trim());"
                + "   return o; }"
                + " return {};",
            table,
            user);
  }

  /** The page's own format: en-US grouping, {@code digits} decimals. */
  /** A cell's number without the flag a shaded cell says beside it ("48.8 low"). */
  private static String number(String cell) {
    return cell == null ? null : cell.split(" ")[0];
  }

  /** A median share as the table shows it, one decimal of a percent; "–" for none. */
  private static String shown(JsonNode share) {
    return share.isNull() ? "–" : format(JobCounts.tenths(share.asDouble()) / 10.0, 1);
  }

  private static String format(double v, int digits) {
    return String.format(java.util.Locale.US, "%,." + digits + "f", v);
  }

  private List<String> values() {
    return driver.findElements(By.cssSelector("#answer-list .answer-value")).stream()
        .map(e -> e.getText())
        .toList();
  }

  private String card(String id) {
    return driver.findElement(By.cssSelector("#answer-list [data-card='" + id + "']")).getText();
  }

  private List<String> lines(String id) {
    return driver
        .findElements(By.cssSelector("#answer-list [data-card='" + id + "'] .answer-line"))
        .stream()
        .map(e -> e.getText())
        .toList();
  }

  private static List<String> text(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
