package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Browser;
import org.librarian.testing.Cli;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The first screen of the dashboard (one period everywhere, scales that fit, stable colours, dark
 * mode, the phone) in Debian's headless Chromium, against the demo site librarian builds and serves
 * on 127.0.0.1. Screenshots go to target/browser/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PageFirstScreenBrowserIT {

  @RegisterExtension static final Browser browser = Browser.perClass(1440, 900);
  @TempDir static Path tmp;
  final ObjectMapper json = new ObjectMapper();
  ChromeDriver driver;
  Path demo;
  String demoUrl;

  @BeforeAll
  void buildSite() throws IOException {
    driver = browser.driver();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    demo = tmp.resolve("demo");
    Cli.Run run = new Cli(tmp).clock(now).run("demo", "--out", demo.toString(), "--no-plots");
    assertEquals(0, run.code(), run.err());
    demoUrl = browser.serve(demo);
  }

  /** No emulated colour scheme (the browser's own reset has made it a first visit). */
  @BeforeEach
  void noEmulatedMedia() {
    driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
  }

  // ---- the tests ---------------------------------------------------------------------------

  /**
   * The sentence at the top covers the preset the charts show, and says what waited for the limit
   * in it: the run's sentence of that preset, word for word.
   */
  @Test
  void theSummaryCoversThePeriodThePresetShows() throws IOException {
    browser.open(demoUrl);
    JsonNode summaries = data("avery").get("summaries");
    String month = driver.findElement(By.id("summary")).getText();
    assertEquals(summaries.get("30d").asText(), month);
    assertTrue(month.startsWith("Last 30 days ("), month);
    assertTrue(month.contains(" CPU-hours for the QoS limit."), month);
    // 90d, from the daily history, says the hours with work waiting its "At the limit" card shows.
    String hours = "";
    for (JsonNode card : data("avery").at("/answers/90d/cards")) {
      hours = card.get("id").asText().equals("limit") ? card.get("value").asText() : hours;
    }
    String[][] presets = {
      {"90d", "Last 90 days ("}, {"7d", "Last 7 days ("}, {"6h", "Last 6 hours ("}
    };
    for (String[] preset : presets) {
      browser.click("#presets button[data-range='" + preset[0] + "']");
      browser.waitFor(
          "return document.getElementById('summary').dataset.period === '" + preset[0] + "'");
      String shown = driver.findElement(By.id("summary")).getText();
      assertEquals(summaries.get(preset[0]).asText(), shown);
      assertTrue(shown.startsWith(preset[1]), shown);
      if (preset[0].equals("90d")) {
        assertTrue(
            shown.endsWith(", with work waiting in " + hours.replace(" with work waiting", ".")),
            shown);
      }
    }
    // Efficiency follows the preset too: the 6 hours' jobs, in the run's words.
    assertEquals(
        data("avery").at("/answers/6h/efficiency_period").asText(),
        driver.findElement(By.id("efficiency-when")).getText());
  }

  /**
   * The CPU chart's y-axis runs to 1.08 × the larger of the most CPUs in use at once (the users'
   * stacked hourly averages of the bins in view) and the limit, 430 CPUs; work waiting sits on its
   * own axis above and no longer sets that scale. At 6h only the last six hours' bins count.
   */
  @Test
  void usageAndTheLimitSetTheScaleOfTheVisibleRange() throws IOException {
    browser.open(demoUrl);
    JsonNode data = data("avery");
    Instant end = OffsetDateTime.parse(data.at("/metadata/window_end").asText()).toInstant();
    assertEquals(
        1.08 * Math.max(430, peak(data, end.minus(Duration.ofDays(30)), end)), yTop(), 1e-6);
    assertEquals(
        "y2",
        browser.js(
            "return document.getElementById('chart-NCPUS').data.find(t => t.meta === 'waiting').yaxis"));
    browser.click("#presets button[data-range='6h']");
    double sixHours = 1.08 * Math.max(430, peak(data, end.minus(Duration.ofHours(6)), end));
    browser.waitFor(
        "return Math.abs(document.getElementById('chart-NCPUS').layout.yaxis.range[1] - "
            + sixHours
            + ") < 1e-6");
    browser.screenshot("first-screen-6h.png");
  }

  /**
   * A user's colour comes from the name: each user drawn one by one has the palette colour of its
   * home slot (page.color_slots), or, in name order, the next free one; so the users drawn at 30d
   * and at 6h, and on both tabs, keep their colours unless another drawn user holds the slot first.
   */
  @Test
  void aUsersColourFollowsTheNameAcrossRangesAndQos() throws IOException {
    browser.open(demoUrl);
    Map<String, String> month = bandColours();
    assertEquals(expectedColours(data("avery"), month.keySet()), month);
    browser.click("#presets button[data-range='6h']");
    browser.waitFor("return document.getElementById('summary').dataset.period === '6h'");
    Map<String, String> sixHours = bandColours();
    assertEquals(expectedColours(data("avery"), sixHours.keySet()), sixHours);
    browser.click("#tabs button[data-qos='avery-b']");
    browser.waitFor("return location.hash.includes('qos=avery-b')");
    Map<String, String> other = bandColours();
    assertEquals(expectedColours(data("avery-b"), other.keySet()), other);
    int kept = 0;
    for (String u : month.keySet()) {
      if (sixHours.containsKey(u)) {
        kept += month.get(u).equals(sixHours.get(u)) ? 1 : 0;
      }
    }
    assertTrue(kept > 0, month + " / " + sixHours);
  }

  /**
   * With the system in dark mode (and no choice made with the toggle) the page is dark; every
   * user's band and the grey of "others" have at least 3:1 contrast against the chart's panel,
   * light and dark, computed in the browser from the computed styles (WCAG relative luminance).
   */
  @Test
  void darkModeFollowsTheSystemAndEveryBandHasThreeToOneContrast() {
    browser.open(demoUrl);
    assertFalse(
        Boolean.TRUE.equals(
            browser.js("return document.documentElement.dataset.theme === 'dark'")));
    double light = minContrast();
    assertTrue(light >= 3, "light: " + light);
    driver.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    browser.open(demoUrl);
    assertEquals("dark", browser.js("return document.documentElement.dataset.theme"));
    assertEquals("Light mode", driver.findElement(By.id("theme")).getText());
    assertEquals(
        "rgb(21, 27, 35)",
        browser.js("return getComputedStyle(document.querySelector('.chart')).backgroundColor"));
    double dark = minContrast();
    assertTrue(dark >= 3, "dark: " + dark);
    browser.screenshot("first-screen-dark.png");
    // The toggle overrides the system and is remembered.
    browser.click("#theme");
    browser.waitFor("return document.documentElement.dataset.theme === undefined");
    browser.open(demoUrl);
    assertEquals(null, browser.js("return document.documentElement.dataset.theme || null"));
  }

  /**
   * On a phone (390 × 844) the page is no wider than the screen (wide tables scroll in their own
   * box), each chart's plot area is at least 200 px tall, the charts' one legend below the CPU
   * chart, and the toolbar shows only on hover or touch. At 1440 × 900 and 1280 × 720 nothing
   * scrolls sideways either.
   */
  @Test
  void onAPhoneNothingScrollsSidewaysAndThePlotsKeepTheirHeight() {
    for (int[] size : new int[][] {{1440, 900}, {1280, 720}, {390, 844}}) {
      browser.screen(size[0], size[1]);
      browser.open(demoUrl);
      String at = size[0] + "x" + size[1];
      assertEquals((long) size[0], browser.js("return window.innerWidth"), at + " viewport");
      assertTrue(
          (Boolean)
              browser.js(
                  "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
          at
              + ": the page is "
              + browser.js("return document.documentElement.scrollWidth")
              + " px wide");
      for (String o : List.of("NCPUS", "NGPUS", "MEMORY", "NJOBS")) {
        String chart = "document.getElementById('chart-" + o + "')";
        double plot =
            ((Number) browser.js("return " + chart + "._fullLayout._size.h")).doubleValue();
        assertTrue(plot >= 200, at + " " + o + ": plot area " + plot + " px");
        // No legend inside a chart: the charts share the page's one legend, under the CPU chart.
        assertEquals(
            0L,
            browser.js("return " + chart + ".querySelectorAll('.legend .traces').length"),
            at + " " + o);
        // The toolbar never covers the title: none without a mouse (headless Chromium has no
        // hover), see-through until hovered with one; its buttons are out of the tab order.
        assertEquals(
            Boolean.TRUE,
            browser.js(
                "const el = "
                    + chart
                    + "; const bar = el.querySelector('.modebar-group');"
                    + " if (!bar) return true;"
                    + " if (matchMedia('(hover: hover)').matches) return getComputedStyle(bar).opacity === '0';"
                    + " const t = el.querySelector('.gtitle').getBoundingClientRect();"
                    + " const b = el.querySelector('.modebar').getBoundingClientRect();"
                    + " return t.right <= b.left || b.bottom <= t.top || t.bottom <= b.top;"),
            at + " " + o + ": the toolbar leaves the title alone");
        assertEquals(
            0L,
            browser.js(
                "return [...document.querySelectorAll('#chart-"
                    + o
                    + " .modebar-btn')].filter(b => b.tabIndex >= 0).length"));
      }
      assertTrue(
          (Boolean)
              browser.js(
                  "return document.getElementById('chart-legend').getBoundingClientRect().top"
                      + " >= document.getElementById('chart-NCPUS').getBoundingClientRect().bottom"),
          at + ": the legend sits under the CPU chart");
      browser.screenshot("first-screen-" + at + ".png");
    }
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  /**
   * Efficiency comes before the tables of now; its flags are words as well as shades, with the
   * thresholds in the caption; every table has a caption; sort headers are buttons that the
   * keyboard can press; the tab list has its tabpanel, the preset shown is aria-pressed; each chart
   * has a text alternative naming its range.
   */
  @Test
  void efficiencyFlagsInWordsAndTheControlsForTheKeyboard() {
    browser.open(demoUrl);
    assertTrue(
        (Boolean)
            browser.js(
                "return document.querySelector('.efficiency-section').getBoundingClientRect().top"
                    + " < document.getElementById('now').getBoundingClientRect().top"));
    String caption = driver.findElement(By.cssSelector("#efficiency caption")).getText();
    assertTrue(caption.contains("under 50 %") && caption.contains("under 25 %"), caption);
    long flagged =
        (Long)
            browser.js(
                "return document.querySelectorAll('#efficiency td.low, #efficiency td.very-low').length");
    assertTrue(flagged > 0, "the demo has users under 50 %");
    // Every flagged cell says its flag in a word; the cells that do not are named whole.
    assertEquals(
        "",
        browser.js(
            "return [...document.querySelectorAll('#efficiency td.low, #efficiency td.very-low')]"
                + ".filter(td => !td.querySelector('.flag') || td.querySelector('.flag').textContent.trim()"
                + " !== (td.className === 'low' ? 'low' : 'very low')).map(td => td.outerHTML).join(' ')"));
    assertEquals(
        0L,
        browser.js(
            "return [...document.querySelectorAll('table.usage')].filter(t => !t.caption).length"));
    // Sorting by keyboard: focus the header's button of CPU-hours and press Enter: ascending, then
    // descending again.
    org.openqa.selenium.WebElement sort =
        driver.findElement(By.cssSelector("#totals th[data-key='cpu_hours'] button.sort"));
    assertEquals(
        "descending",
        driver
            .findElement(By.cssSelector("#totals th[data-key='cpu_hours']"))
            .getAttribute("aria-sort"));
    sort.sendKeys(org.openqa.selenium.Keys.ENTER);
    browser.waitFor(
        "return document.querySelector(\"#totals th[data-key='cpu_hours']\").getAttribute('aria-sort') === 'ascending'");
    assertEquals(
        "tabpanel", browser.js("return document.getElementById('panel').getAttribute('role')"));
    assertEquals(
        "avery",
        browser.js(
            "return document.getElementById(document.getElementById('panel').getAttribute('aria-labelledby')).dataset.qos"));
    assertEquals(
        List.of("30d"),
        browser.js(
            "return [...document.querySelectorAll('#presets button[aria-pressed=\"true\"]')].map(b => b.dataset.range)"));
    browser.click("#presets button[data-range='7d']");
    browser.waitFor("return document.getElementById('summary').dataset.period === '7d'");
    assertEquals(
        "false",
        driver
            .findElement(By.cssSelector("#presets button[data-range='30d']"))
            .getAttribute("aria-pressed"));
    String label = driver.findElement(By.id("chart-NCPUS")).getAttribute("aria-label");
    assertTrue(
        label.startsWith("CPUs in use of avery, stacked per user, from ")
            && label.contains(", against the limit of 430 CPUs"),
        label);
    assertEquals(
        "summary", driver.findElement(By.id("chart-NCPUS")).getAttribute("aria-describedby"));
  }

  // ---- helpers -----------------------------------------------------------------------------

  /**
   * The most CPUs in use at once, the users' values summed per bin, over the bins in [from, to).
   */
  static double peak(JsonNode data, Instant from, Instant to) {
    JsonNode times = data.get("time_idxs");
    double peak = 0;
    for (int i = 0; i < times.size(); i++) {
      Instant start = OffsetDateTime.parse(times.get(i).asText()).toInstant();
      Instant stop =
          i + 1 < times.size()
              ? OffsetDateTime.parse(times.get(i + 1).asText()).toInstant()
              : Instant.MAX;
      if (!stop.isAfter(from) || !start.isBefore(to)) {
        continue;
      }
      double sum = 0;
      for (JsonNode u : data.get("users")) {
        sum += data.at("/observables/NCPUS").get(u.asText()).get(i).asDouble();
      }
      peak = Math.max(peak, sum);
    }
    return peak;
  }

  /**
   * The CPU chart's user bands in palette colours (not "others", nor a twelfth user drawn by name
   * in its grey, the waiting or the limit) and their fill colours.
   */
  @SuppressWarnings("unchecked")
  Map<String, String> bandColours() {
    Map<String, String> result = new TreeMap<>();
    List<List<String>> pairs =
        (List<List<String>>)
            browser.js(
                "const el = document.getElementById('chart-NCPUS');"
                    + " const grey = window.librarianDashboard.state.data[window.librarianDashboard.state.qos]"
                    + ".page.colors.others_band;"
                    + " return el.data.filter(t => t.stackgroup === 'one' && t.fillcolor !== grey)"
                    + ".map(t => [t.name, t.fillcolor])");
    pairs.forEach(p -> result.put(p.get(0), p.get(1)));
    return result;
  }

  /**
   * The rule of UserColors over the given drawn users: home slot or, by name, the next free one.
   */
  static Map<String, String> expectedColours(JsonNode data, Set<String> users) {
    JsonNode palette = data.get("palette");
    boolean[] taken = new boolean[palette.size()];
    Map<String, String> result = new TreeMap<>();
    for (String u : new TreeSet<>(users)) {
      int i = data.at("/page/color_slots").get(u).asInt();
      while (taken[i]) {
        i = (i + 1) % taken.length;
      }
      taken[i] = true;
      result.put(u, palette.get(i).asText());
    }
    return result;
  }

  /**
   * The lowest WCAG contrast of the CPU chart's user and "others" bands against the chart's
   * background, from the computed style.
   */
  double minContrast() {
    return ((Number)
            browser.js(
                "const lum = (hex) => { const v = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16) / 255)"
                    + ".map(c => c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));"
                    + " return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };"
                    + "const rgb = getComputedStyle(document.querySelector('.chart')).backgroundColor"
                    + ".match(/\\d+/g).slice(0, 3).map(Number);"
                    + "const bg = '#' + rgb.map(c => c.toString(16).padStart(2, '0')).join('');"
                    + "const el = document.getElementById('chart-NCPUS');"
                    + "if (el.layout.paper_bgcolor !== bg) return -1;"
                    + "return Math.min(...el.data.filter(t => t.stackgroup === 'one').map(t => {"
                    + " const a = lum(t.fillcolor), b = lum(bg);"
                    + " return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }));"))
        .doubleValue();
  }

  double yTop() {
    return ((Number)
            browser.js("return document.getElementById('chart-NCPUS').layout.yaxis.range[1]"))
        .doubleValue();
  }

  JsonNode data(String qos) throws IOException {
    return json.readTree(demo.resolve("data_" + qos + ".json").toFile());
  }
}
