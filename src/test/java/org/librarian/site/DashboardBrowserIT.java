package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Browser;
import org.librarian.testing.Cli;
import org.librarian.testing.ColorDistance;
import org.librarian.testing.SyntheticSites;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard in Debian's headless Chromium, driven by Selenium, against sites that librarian
 * itself built and serves on 127.0.0.1. Every other host is unresolvable for the browser.
 * Screenshots go to target/browser/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {
  static final String HOSTILE = "<img src=x onerror=alert(1)>";
  static final String BOLD = "<b>x</b> & co";

  /**
   * The sites are made as of this instant and the page's clock (dashboard/clock.js) is fixed to it,
   * so every age the page shows is exact, however long the machine takes between the two.
   */
  static final Instant NOW = Instant.parse("2026-12-06T17:00:00Z");

  @RegisterExtension static final Browser browser = Browser.perClass(1400, 1700);
  @TempDir static Path tmp;
  final ObjectMapper json = new ObjectMapper();
  ChromeDriver driver;
  Path fresh;
  String freshUrl;
  String staleUrl;
  Path replay;
  String replayUrl;
  String brokenUrl;
  Path names;
  String namesUrl;
  Path year;
  String yearUrl;
  Path big;
  String bigUrl;

  @BeforeAll
  void buildSites() throws IOException {
    driver = browser.clockAt(NOW).driver();
    Instant now = NOW;
    fresh = tmp.resolve("fresh");
    demo(fresh, now, false);
    hostileQos(fresh, now);
    Path stale = tmp.resolve("stale");
    demo(stale, now.minus(Duration.ofHours(2)), true);
    Files.writeString(
        stale.resolve("status.json"),
        "{\"ok\": false, \"finished\": \""
            + now.minus(Duration.ofMinutes(5))
            + "\", \"qos\": [{\"qos\": \"avery\", \"ok\": false, \"error\": \"sacct for avery failed (exit 1): "
            + "sacct: error: Problem talking to the database\"}, {\"qos\": \"avery-b\", \"ok\": true, \"error\": null}],"
            + " \"job\": {\"id\": \"41\", \"waited_seconds\": 1500},"
            + " \"collector_waiting\": [{\"job\": \"42\", \"name\": \"librarian-run\", \"reason\": \"QOSGrpCpuLimit\","
            + " \"waited_seconds\": 840}]}");
    replay = tmp.resolve("replay");
    demo(replay, now.minus(Duration.ofDays(2)), true);
    Path broken = tmp.resolve("broken");
    demo(broken, now, true);
    Files.writeString(
        broken.resolve("data_avery.json"), "{\"schema_version\": 1, \"time_idxs\": [");
    Files.delete(broken.resolve("data_avery-b.json"));
    Files.writeString(
        broken.resolve("status.json"),
        "{\"ok\": true, \"finished\": \""
            + now
            + "\", \"qos\": ["
            + "{\"qos\": \"avery\", \"ok\": true, \"rows_skipped\": 1, \"error\": null, \"problems\": [\"line 6: more than any "
            + "job can hold: 9223372036854775807 CPUs\"]}, {\"qos\": \"avery-b\", \"ok\": true, \"error\": null, \"problems\": []}]}");
    // avery-b as a live run leaves it: with the cluster's partitions as sinfo saw them.
    ObjectNode b =
        (ObjectNode) new ObjectMapper().readTree(fresh.resolve("data_avery-b.json").toFile());
    b.set(
        "cluster",
        new ObjectMapper()
            .readTree(
                "{\"at\": \""
                    + now
                    + "\", \"error\": null,"
                    + " \"partitions\": {\"cpu\": {\"light\": \"red\", \"cpus\": {\"allocated\": 4096, \"idle\": 0, \"other\": 0,"
                    + " \"total\": 4096}, \"nodes\": {\"allocated\": 64, \"idle\": 0, \"other\": 0, \"total\": 64}}, \"gpu\":"
                    + " {\"light\": \"green\", \"cpus\": {\"allocated\": 96, \"idle\": 1200, \"other\": 8, \"total\": 1304},"
                    + " \"nodes\": {\"allocated\": 3, \"idle\": 30, \"other\": 1, \"total\": 34}}}}"));
    Files.writeString(fresh.resolve("data_avery-b.json"), b.toString());
    names = tmp.resolve("names");
    namesSite(names);
    year = SyntheticSites.year(tmp, now);
    big = SyntheticSites.big(tmp, now);
    // The first site served is the one the browser returns to before each test.
    freshUrl = browser.serve(fresh);
    namesUrl = browser.serve(names);
    bigUrl = browser.serve(big);
    yearUrl = browser.serve(year);
    staleUrl = browser.serve(stale);
    replayUrl = browser.serve(replay);
    brokenUrl = browser.serve(broken);
  }

  // ---- the tests ---------------------------------------------------------------------------

  @Test
  void fourChartsWithTheElevenLargestUsersOthersAndTheLimitLine() throws IOException {
    browser.open(freshUrl);
    JsonNode data = data(fresh, "avery");
    List<String> all = users(data);
    // The users the JSON colours (the PNG/PDF charts' too), largest first: the demo's 12 users, the
    // twelfth by name (one user left is never an "others" band).
    List<String> users =
        new ArrayList<>(all.stream().filter(u -> data.get("colors").has(u)).toList());
    assertEquals(12, users.size());
    assertEquals(List.of("avery", "avery-b", "hostile"), texts("#tabs button"));
    for (String o : List.of("NCPUS", "NGPUS", "MEMORY", "NJOBS")) {
      assertEquals(
          users,
          browser.js(
              "return document.getElementById('chart-"
                  + o
                  + "').data.filter(t => t.stackgroup === 'one').map(t => t.name)"),
          o);
      double limit = data.get("thresholds").get(o).asDouble();
      Object shapes =
          browser.js(
              "return document.getElementById('chart-" + o + "').layout.shapes.map(s => s.y0)");
      assertEquals(limit > 0 ? List.of(limit) : List.of(), doubles(shapes), o + " limit line");
    }
    assertEquals(
        List.of(430.0),
        doubles(
            browser.js(
                "return document.getElementById('chart-NCPUS').layout.shapes.map(s => s.y0)")));
    assertEquals(
        "dash",
        browser.js("return document.getElementById('chart-NCPUS').layout.shapes[0].line.dash"));
    assertTrue(
        text("#chart-NCPUS .gtitle").contains("CPUs in use — avery (limit 430 CPUs)"),
        text("#chart-NCPUS .gtitle"));
    // The one legend (none in the charts) shows every user, top of the stack first, and the stacked
    // bands actually have area.
    assertEquals(0, driver.findElements(By.cssSelector("#charts .legend .traces")).size());
    List<String> stackTopFirst = new ArrayList<>(users);
    java.util.Collections.reverse(stackTopFirst);
    assertEquals(stackTopFirst, texts("#legend-entries .legend-user"));
    assertTrue(
        driver.findElements(By.cssSelector("#chart-NCPUS .scatterlayer .js-fill")).size()
            >= users.size() - 1);
    // Same colour as the PNG/PDF charts: the JSON's, its grey for "others".
    for (int i = 0; i < users.size(); i++) {
      JsonNode c = data.get("colors").get(users.get(i));
      assertEquals(
          c == null ? data.at("/page/colors/others_band").asText() : c.asText(),
          browser.js("return document.getElementById('chart-NCPUS').data[" + i + "].line.color"),
          users.get(i));
    }
    // Each bin's average is drawn across its hour: a step, and one point more than bins (the end).
    assertEquals(
        "hv", browser.js("return document.getElementById('chart-NCPUS').data[0].line.shape"));
    assertEquals(
        (long) data.get("time_idxs").size() + 1,
        browser.js("return document.getElementById('chart-NCPUS').data[0].x.length"));
    // The demo month's 12 users: 11 in palette colours and the twelfth, the only one left beyond
    // the top 11, by name in the grey of "others".
    assertEquals(12, data.get("colors").size());
    assertEquals(
        1,
        users.stream().filter(u -> data.get("colors").get(u).asText().equals("#808080")).count());
    assertTrue(
        driver.findElement(By.id("banner")).getAttribute("hidden") != null,
        "fresh data shows no stale banner");
    assertTrue(
        text("#updated")
            .matches("Last updated \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d E[SD]T \\(just now\\)"),
        text("#updated"));
    assertTrue(text("#zone").startsWith("Times in America/New_York"), text("#zone"));
    List<String> links = texts("#files a");
    assertTrue(
        links.containsAll(
            List.of("data_avery.json", "NCPUS_avery.png", "NCPUS_avery.pdf", "report_avery.pdf")),
        links.toString());
    browser.screenshot("dashboard.png");
  }

  @Test
  void switchingTabsChangesTheDataAndTheUrl() throws IOException {
    browser.open(freshUrl);
    browser.click("#tabs button[data-qos='avery-b']");
    browser.waitFor("return document.getElementById('chart-NCPUS').layout.shapes[0].y0 === 3870");
    assertEquals(
        bandNames(data(fresh, "avery-b")),
        browser.js(
            "return document.getElementById('chart-NCPUS').data.filter(t => t.stackgroup === 'one').map(t => t.name)"));
    assertEquals(
        Boolean.FALSE,
        browser.js("return document.getElementById('chart-NGPUS').checkVisibility()"),
        "avery-b has no GPU limit and no GPU job, so no GPU chart");
    assertTrue(currentUrl().contains("qos=avery-b"), currentUrl());
    assertEquals(
        "true",
        driver
            .findElement(By.cssSelector("#tabs button[data-qos='avery-b']"))
            .getAttribute("aria-selected"));
    // A shared link opens the same tab and range.
    browser.open(freshUrl + "#qos=avery-b&range=3d");
    assertEquals("avery-b", browser.js("return window.librarianDashboard.state.qos"));
    assertEquals(range(data(fresh, "avery-b"), Duration.ofDays(3)), xRange("NCPUS"));
  }

  @Test
  void aPresetChangesTheVisibleRangeOfEveryChart() throws IOException {
    browser.open(freshUrl);
    JsonNode data = data(fresh, "avery");
    assertEquals(range(data, Duration.ofDays(30)), xRange("NCPUS"));
    browser.click("#presets button[data-range='7d']");
    List<String> week = range(data, Duration.ofDays(7));
    for (String o : List.of("NCPUS", "NGPUS", "MEMORY", "NJOBS")) {
      assertEquals(week, xRange(o), o);
    }
    assertTrue(currentUrl().endsWith("#qos=avery&range=7d"), currentUrl());
    assertTrue(
        driver
            .findElement(By.cssSelector("#presets button[data-range='7d']"))
            .getAttribute("class")
            .contains("active"));
    // The custom picker: from/to in the data's zone.
    setInput("from", "2026-11-10T00:00");
    setInput("to", "2026-11-12T00:00");
    browser.click("#custom button[type=submit]");
    assertEquals(List.of("2026-11-10 00:00:00", "2026-11-12 00:00:00"), xRange("MEMORY"));
    assertTrue(currentUrl().contains("from=2026-11-10T00%3A00"), currentUrl());
  }

  @Test
  void totalsForTheWholeWindowAndForAWeekMatchTheJson() throws IOException {
    browser.open(freshUrl);
    JsonNode data = data(fresh, "avery");
    Map<String, Double> table = cpuHoursColumn();
    Map<String, Double> expected = new TreeMap<>();
    for (String u : users(data)) {
      double h = data.get("totals").get(u).get("cpu_hours").asDouble();
      if (h > 0) {
        expected.put(u, h);
      }
    }
    assertClose(expected, table);

    browser.click("#presets button[data-range='7d']");
    // By hand from the series: the bins that start in the last 7 days, the current one only up to
    // the run.
    List<Instant> starts = new ArrayList<>();
    data.get("time_idxs").forEach(t -> starts.add(OffsetDateTime.parse(t.asText()).toInstant()));
    Instant end = OffsetDateTime.parse(data.get("metadata").get("window_end").asText()).toInstant();
    Instant updated =
        OffsetDateTime.parse(data.get("metadata").get("last_updated").asText()).toInstant();
    Instant from = end.minus(Duration.ofDays(7));
    Map<String, Double> week = new TreeMap<>();
    for (String u : users(data)) {
      double sum = 0;
      JsonNode series = data.get("observables").get("NCPUS").get(u);
      for (int i = 0; i < starts.size(); i++) {
        Instant stop = i + 1 < starts.size() ? starts.get(i + 1) : end;
        stop = stop.isAfter(updated) ? updated : stop;
        if (!starts.get(i).isBefore(from)) {
          sum +=
              series.get(i).asDouble()
                  * Duration.between(starts.get(i), stop).getSeconds()
                  / 3600.0;
        }
      }
      boolean any = false;
      for (String o : List.of("NCPUS", "NGPUS", "MEMORY", "NJOBS")) {
        JsonNode s = data.get("observables").get(o).get(u);
        for (int i = 0; i < starts.size(); i++) {
          any |= !starts.get(i).isBefore(from) && s.get(i).asDouble() > 0;
        }
      }
      if (any) {
        week.put(u, sum);
      }
    }
    browser.waitFor(
        "return document.getElementById('total-when').textContent.includes('"
            + range(data, Duration.ofDays(7)).get(0).substring(0, 16)
            + "')");
    Map<String, Double> weekTable = cpuHoursColumn();
    assertClose(week, weekTable);
    assertNotEquals(table, weekTable);
    double total = number(text("#totals tr.total td:nth-child(2)"));
    assertEquals(week.values().stream().mapToDouble(Double::doubleValue).sum(), total, 0.1);
    // The week's 11 largest users are drawn one by one, largest first; in name order each takes
    // its home slot (page.color_slots) or the next free one.
    List<String> top =
        week.entrySet().stream()
            .sorted(
                Map.Entry.<String, Double>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(11)
            .map(Map.Entry::getKey)
            .toList();
    @SuppressWarnings("unchecked")
    List<String> drawn =
        (List<String>)
            browser.js(
                "return document.getElementById('chart-NCPUS').data"
                    + ".filter(t => t.stackgroup === 'one' && !String(t.name).startsWith('others')).map(t => t.name)");
    assertEquals(top, drawn);
    List<String> byName = top.stream().sorted().toList();
    JsonNode palette = data.get("palette");
    boolean[] taken = new boolean[palette.size()];
    for (String u : byName) {
      int slot = data.at("/page/color_slots").get(u).asInt();
      while (taken[slot]) {
        slot = (slot + 1) % taken.length;
      }
      taken[slot] = true;
      assertEquals(
          palette.get(slot).asText(),
          browser.js("return window.librarianDashboard.userColor('" + u + "')"),
          u);
    }
  }

  @Test
  void darkModeSurvivesAReload() {
    browser.open(freshUrl);
    String light = (String) browser.js("return getComputedStyle(document.body).backgroundColor");
    browser.click("#theme");
    assertEquals("dark", browser.js("return document.documentElement.dataset.theme"));
    driver.navigate().refresh();
    browser.waitForRender(1);
    assertEquals("dark", browser.js("return document.documentElement.dataset.theme"));
    assertEquals(
        "rgb(13, 17, 23)", browser.js("return getComputedStyle(document.body).backgroundColor"));
    assertNotEquals(light, browser.js("return getComputedStyle(document.body).backgroundColor"));
    assertEquals(
        "#151b23",
        browser.js("return document.getElementById('chart-NCPUS').layout.paper_bgcolor"));
    assertEquals("Light mode", text("#theme"));
    browser.screenshot("dashboard-dark.png");
  }

  @Test
  void hostileUserNamesAreShownAsTextAndRunNothing() {
    browser.open(freshUrl + "#qos=hostile");
    assertEquals("hostile", browser.js("return window.librarianDashboard.state.qos"));
    List<String> legend = texts("#legend-entries li");
    assertTrue(legend.contains(HOSTILE), legend.toString());
    assertTrue(legend.contains(BOLD), legend.toString());
    List<String> rows = texts("#totals tbody td:first-child");
    assertTrue(rows.contains(HOSTILE) && rows.contains(BOLD), rows.toString());
    assertEquals(
        0L,
        browser.js("return document.querySelectorAll('img, #totals b, .legend-entries b').length"));
    assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
    browser.screenshot("dashboard-hostile.png");
  }

  /**
   * Job names with '|', backquotes, markup and an emoji, read from a file cut at the unit
   * separator, reach the families table whole, as text: no element is made from them, nothing runs;
   * the CSV of the families carries them whole too.
   */
  @Test
  void jobFamiliesShowHostileJobNamesAsTextAndRunNothing() {
    String hard = "a|b `q` <script>x</script> \uD83D\uDE42";
    browser.open(namesUrl + "#qos=normal");
    List<String> families = texts("#families tbody td:nth-child(2)");
    assertEquals(5, families.size(), families.toString());
    assertTrue(
        families.containsAll(List.of("align_#", "twotask", "whole", "late")), families.toString());
    assertEquals(
        List.of(hard),
        browser.js(
            "return [...document.querySelectorAll('#families tbody td:nth-child(2)')]"
                + ".map(td => td.textContent).filter(t => t.startsWith('a|'))"));
    assertEquals(
        0L,
        browser.js(
            "return document.querySelectorAll('#families script, #families tbody *:not(tr):not(td):not(span)').length"));
    assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
    String sentence =
        (String) browser.js("return document.getElementById('families-sentence').textContent");
    assertEquals(
        "From 2026-11-06 19:00 UTC to 2026-12-06 19:00 UTC: 5 job families among the jobs that ended.",
        sentence);
    // Job 100: 1 job, 1 CPU × 2 s = 0.001 CPU-hours held (3 decimals), 18 ms used = 0 h,
    // 0.018 / 2 = 0.009 → 0.9 % CPU efficiency; the name whole in its CSV cell.
    Object csv =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "import('./panels/families.js').then(m => fetch('data_normal.json')"
                    + ".then(r => r.json()).then(d => done(m.familiesCsv(d))));");
    assertTrue(csv.toString().contains("\nann," + hard + ",1,0.001,0,0.9,"), csv.toString());
    browser.screenshot("dashboard-families.png");
  }

  @Test
  void everythingComesFromTheSiteItself() {
    browser.open(freshUrl);
    @SuppressWarnings("unchecked")
    List<String> resources =
        (List<String>)
            browser.js("return performance.getEntriesByType('resource').map(e => e.name)");
    assertTrue(resources.stream().anyMatch(r -> r.endsWith("/plotly.js")), resources.toString());
    for (String r : resources) {
      assertTrue(r.startsWith(freshUrl), r + " is not on the site");
    }
    assertEquals(
        Boolean.TRUE,
        browser.js(
            "return typeof Plotly === 'object' && !!document.querySelector('#chart-NCPUS .main-svg')"));
  }

  @Test
  void aBrokenOrMissingDataFileShowsAMessageInsteadOfABlankChart() {
    browser.open(brokenUrl);
    WebElement error = driver.findElement(By.id("error"));
    assertTrue(error.isDisplayed());
    assertTrue(error.getText().startsWith("data_avery.json is not valid JSON"), error.getText());
    String banner = driver.findElement(By.id("banner")).getText();
    assertTrue(
        banner.contains(
            "The last update skipped malformed rows — avery: 1 row (line 6: more than any job can "
                + "hold: 9223372036854775807 CPUs)."),
        banner);
    assertFalse(driver.findElement(By.id("charts")).isDisplayed());
    browser.click("#tabs button[data-qos='avery-b']");
    browser.waitFor("return document.getElementById('error').textContent.includes('avery-b')");
    assertEquals(
        "data_avery-b.json could not be loaded (HTTP 404 Not Found)",
        driver.findElement(By.id("error")).getText());
    browser.screenshot("dashboard-broken.png");
  }

  /**
   * Work waiting, from the demo month's demand data: bands on the charts that the toggle hides, the
   * Now and Waiting now tables against the JSON's "now", the headline, the waited column.
   */
  @Test
  void waitingWorkIsDrawnOnTopOfUsageAndTabulated() throws IOException {
    browser.open(freshUrl);
    JsonNode data = data(fresh, "avery");
    long bands =
        (Long)
            browser.js(
                "return document.getElementById('chart-NCPUS').data.filter(t => t.meta === 'waiting').length");
    long expected = 0;
    for (String cls : List.of("qos_limit", "account_limit", "cluster", "other")) {
      JsonNode s = data.at("/demand/by_reason/" + cls + "/NCPUS");
      boolean any = false;
      for (JsonNode v : s) {
        any |= v.asDouble() > 0;
      }
      expected += any ? 1 : 0;
    }
    assertTrue(expected > 0, "the demo month has work that waited");
    assertEquals(expected, bands);
    assertEquals(
        "waiting for the QoS limit",
        browser.js(
            "return document.getElementById('chart-NCPUS').data.filter(t => t.meta === 'waiting')[0].name"));
    browser.click("#show-waiting");
    browser.waitFor(
        "return document.getElementById('chart-NCPUS').data.filter(t => t.meta === 'waiting').length === 0");
    browser.click("#show-waiting");
    browser.waitFor(
        "return document.getElementById('chart-NCPUS').data.filter(t => t.meta === 'waiting').length > 0");

    JsonNode now = data.at("/now/users");
    long inUse = 0;
    long waitingUsers = 0;
    for (Iterator<JsonNode> it = now.elements(); it.hasNext(); ) {
      JsonNode u = it.next();
      inUse += u.at("/in_use/NCPUS").asLong();
      waitingUsers += u.get("waiting").size() > 0 ? 1 : 0;
    }
    WebElement total = driver.findElement(By.cssSelector("#now tr.total"));
    assertEquals(
        String.format(Locale.US, "%,d", inUse),
        total.findElements(By.tagName("td")).get(1).getText());
    assertEquals(waitingUsers, driver.findElements(By.cssSelector("#waiting tbody tr")).size());
    String headline = driver.findElement(By.id("demand-headline")).getText();
    assertTrue(
        headline.startsWith("From ")
            && headline.contains(" CPU-hours for the QoS limit (430 CPUs); at most "),
        headline);
    assertTrue(
        driver
            .findElement(By.id("totals"))
            .getText()
            .contains("CPU-hours waited for the QoS limit (window)"));
    // The run's sentence of the preset shown (30d), at the top of the tab.
    assertTrue(
        data.get("summary").asText().startsWith("Last 7 days ("), data.get("summary").asText());
    assertEquals(
        data.at("/summaries/30d").asText(), driver.findElement(By.id("summary")).getText());
    browser.screenshot("dashboard-waiting.png");
  }

  /**
   * The cluster's partitions with their lights, on the tab whose data has them; none where it does
   * not.
   */
  @Test
  void clusterNowShowsEachPartitionWithItsLight() {
    browser.open(freshUrl);
    assertFalse(
        driver.findElement(By.id("cluster-now")).isDisplayed(), "avery's data has no sinfo part");
    browser.click("#tabs button[data-qos='avery-b']");
    browser.waitFor("return !document.getElementById('cluster-now').hidden");
    List<WebElement> items = driver.findElements(By.cssSelector("#partitions li"));
    assertEquals(2, items.size());
    assertEquals(
        "cpu: 0 of 4,096 CPUs idle, 4,096 allocated, 0 drained or down; nodes 0 idle of 64.",
        items.get(0).getText());
    assertEquals(
        "light red", items.get(0).findElement(By.cssSelector(".light")).getAttribute("class"));
    assertEquals(
        "gpu: 1,200 of 1,304 CPUs idle, 96 allocated, 8 drained or down; nodes 30 idle of 34.",
        items.get(1).getText());
    assertEquals(
        "light green", items.get(1).findElement(By.cssSelector(".light")).getAttribute("class"));
    String when = browser.text("cluster-when");
    assertTrue(when.matches("at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d E[SD]T"), when);
  }

  /**
   * The efficiency table against the JSON it is drawn from: every user with a job that ended in the
   * preset's period, held and idle hours, shading, headline (answers.&lt;preset&gt;).
   */
  @Test
  void efficiencyTableAndHeadlineFollowTheJson() throws IOException {
    browser.open(freshUrl);
    String preset =
        driver
            .findElement(By.cssSelector("#presets button[aria-pressed='true']"))
            .getAttribute("data-range");
    assertEquals(preset, driver.findElement(By.id("efficiency")).getAttribute("data-period"));
    JsonNode period = data(fresh, "avery").at("/answers/" + preset);
    JsonNode e = period.get("users");
    List<WebElement> rows = driver.findElements(By.cssSelector("#efficiency tbody tr:not(.total)"));
    long ended = 0;
    for (JsonNode u : e) {
      ended += u.get("jobs").asLong() > 0 ? 1 : 0;
    }
    assertEquals(ended, rows.size());
    double held = 0;
    double used = 0;
    for (WebElement row : rows) {
      List<WebElement> cells = row.findElements(By.tagName("td"));
      JsonNode u = e.get(cells.get(0).getText().strip());
      assertEquals(
          String.format(Locale.US, "%,.1f", u.get("cpu_held_hours").asDouble()),
          cells.get(2).getText());
      assertEquals(
          String.format(Locale.US, "%,.1f", u.get("idle_cpu_hours").asDouble()),
          cells.get(5).getText());
      double share = 100 * u.get("cpu_efficiency").asDouble();
      assertEquals(
          share < 25 ? "very-low" : share < 50 ? "low" : "",
          cells.get(4).getAttribute("class"),
          cells.get(0).getText() + " at " + share + " %");
      held += u.get("cpu_held_hours").asDouble();
      used += u.get("cpu_used_hours").asDouble();
    }
    String headline = driver.findElement(By.id("efficiency-headline")).getText();
    assertTrue(
        headline.startsWith(
            period.get("efficiency_period").asText()
                + ": "
                + Math.round(100 * used / held)
                + " % of the CPU-hours held were used; "
                + String.format(Locale.US, "%,d", Math.round(held - used))
                + " CPU-hours sat idle"),
        headline);
    assertEquals(
        period.get("efficiency_period").asText(),
        driver.findElement(By.id("efficiency-when")).getText());
    assertTrue(
        driver
            .findElement(By.id("efficiency-note"))
            .getText()
            .startsWith("GPU utilisation is weighted"));
    assertTrue(
        driver.findElements(By.cssSelector("#efficiency td.very-low")).size() > 0,
        "a user under 25 % is shaded");
    browser.screenshot("dashboard-efficiency.png");
  }

  /**
   * Would a bigger limit help: the run's sentence for each resource with a limit, and its chart of
   * the candidates.
   */
  @Test
  void capacityPanelShowsTheRunsSentencesAndACandidateChartPerResource() throws IOException {
    browser.open(freshUrl + "#qos=avery");
    JsonNode capacity = data(fresh, "avery").get("capacity");
    assertTrue(driver.findElement(By.id("capacity")).isDisplayed());
    List<WebElement> sentences =
        driver.findElements(By.cssSelector("#capacity .capacity-sentence"));
    assertEquals(3, capacity.size(), "avery has CPU, GPU and memory limits: " + capacity);
    assertEquals(capacity.size(), sentences.size());
    assertEquals(capacity.at("/NCPUS/sentence").asText(), sentences.get(0).getText());
    List<Long> limits = new ArrayList<>();
    capacity.at("/NCPUS/candidates").forEach(k -> limits.add(k.get("limit").asLong()));
    assertEquals(
        limits.toString(),
        browser
            .js("return JSON.stringify(document.getElementById('capacity-NCPUS').data[0].x)")
            .toString()
            .replace(",", ", "));
    assertEquals(
        capacity.at("/NCPUS/limit").asDouble(),
        ((Number)
                browser.js("return document.getElementById('capacity-NCPUS').layout.shapes[0].x0"))
            .doubleValue());
    // avery-b has no GPU limit: no GPU plan.
    browser.open(freshUrl + "#qos=avery-b");
    assertTrue(driver.findElements(By.id("capacity-NGPUS")).isEmpty());
    browser.screenshot("dashboard-capacity.png");
  }

  /** When will it start: one line per job shape, the run's sentence and its number of jobs. */
  @Test
  void waitsByShapeAreListedWithTheRunsSentences() throws IOException {
    browser.open(freshUrl + "#qos=avery");
    JsonNode shapes = data(fresh, "avery").get("wait_by_shape");
    assertTrue(shapes.size() >= 2, "the sample month has jobs of several shapes: " + shapes);
    List<WebElement> items = driver.findElements(By.cssSelector("#wait-by-shape-list li"));
    assertEquals(shapes.size(), items.size());
    JsonNode first = shapes.get(0);
    assertEquals(first.get("shape").asText(), items.get(0).getAttribute("data-shape"));
    assertEquals(
        first.get("sentence").asText()
            + " ("
            + String.format(Locale.ROOT, "%,d", first.get("jobs").asInt())
            + " jobs)",
        items.get(0).getText());
  }

  /**
   * Reported: the demo said "Stale data … the collector may have stopped" 30 minutes after it was
   * made. A demo or a replay (no status.json: no run keeps it) shows its data as of its own time.
   */
  @Test
  void aDemoMadeTwoDaysAgoDoesNotLookStale() {
    browser.open(replayUrl);
    WebElement banner = driver.findElement(By.id("banner"));
    assertTrue(
        banner.getAttribute("hidden") != null || !banner.getText().contains("Stale data"),
        banner.getText());
    assertTrue(text("#updated").endsWith("(2 days ago)"), text("#updated"));
  }

  @Test
  void staleDataShowsAWarningBanner() {
    browser.open(staleUrl);
    WebElement banner = driver.findElement(By.id("banner"));
    assertTrue(banner.isDisplayed());
    // The site was made at NOW - 2 h and the page's clock reads NOW: 120 min = "2 h 0 min ago".
    assertTrue(
        banner.getText().startsWith("Stale data: the last update was 2 h 0 min ago"),
        banner.getText());
    assertTrue(banner.getText().contains("every 10 min"), banner.getText());
    assertTrue(
        banner
            .getText()
            .contains(
                " failed — avery: sacct for avery failed (exit 1): sacct: error: Problem talking "
                    + "to the database. The charts show the last good data."),
        banner.getText());
    // What the watchdog noted, and the last run's own late start (a collector starved by its QoS).
    assertTrue(
        banner
            .getText()
            .contains(
                "The collector's cron job 42 (librarian-run) has been waiting 14 min for a "
                    + "limit (QOSGrpCpuLimit)"),
        banner.getText());
    assertTrue(banner.getText().contains("The last update started 25 min late"), banner.getText());
    browser.screenshot("dashboard-stale.png");
  }

  @Test
  void autoRefreshKeepsTabRangeAndHiddenUsers() throws IOException {
    browser.open(freshUrl + "?refresh=1#qos=avery-b&range=7d");
    JsonNode data = data(fresh, "avery-b");
    String hidden = users(data).get(0);
    int renders = browser.renders();
    // Found and clicked in one script: the page redraws the legend on every refresh (each second).
    assertEquals(
        Boolean.TRUE,
        ((JavascriptExecutor) driver)
            .executeScript(
                "const b = [...document.querySelectorAll('#legend-entries .legend-user')]"
                    + ".find(b => b.textContent === arguments[0]); if (b) b.click(); return !!b;",
                hidden));
    // avery-b has no GPU limit and no GPU job: no GPU chart (page.charts).
    for (String o : List.of("NCPUS", "MEMORY", "NJOBS")) {
      assertEquals(
          "legendonly",
          browser.js("return document.getElementById('chart-" + o + "').data[0].visible"),
          o);
    }
    // New data arrives on disk: a changed limit shows up on the next refresh; the view stays as it
    // was.
    ObjectNode changed = (ObjectNode) data(fresh, "avery-b");
    ((ObjectNode) changed.get("thresholds")).put("NCPUS", 4000);
    Path file = fresh.resolve("data_avery-b.json");
    byte[] before = Files.readAllBytes(file);
    try {
      Files.write(file, json.writeValueAsBytes(changed));
      browser.waitFor("return document.getElementById('chart-NCPUS').layout.shapes[0].y0 === 4000");
      assertTrue(browser.renders() > renders);
      assertEquals("avery-b", browser.js("return window.librarianDashboard.state.qos"));
      assertEquals(range(data, Duration.ofDays(7)), xRange("NCPUS"));
      assertEquals(
          "legendonly",
          browser.js("return document.getElementById('chart-NJOBS').data[0].visible"));
      assertEquals(
          true, browser.js("return document.getElementById('chart-NJOBS').data[1].visible"));
    } finally {
      Files.write(file, before);
    }
  }

  @Test
  void onAPhoneTheChartsStackInOneColumn() {
    driver.manage().window().setSize(new Dimension(500, 1400));
    browser.open(freshUrl);
    long x1 =
        (Long)
            browser.js(
                "return Math.round(document.getElementById('chart-NCPUS').getBoundingClientRect().x)");
    long x2 =
        (Long)
            browser.js(
                "return Math.round(document.getElementById('chart-NGPUS').getBoundingClientRect().x)");
    assertEquals(x1, x2);
    browser.screenshot("dashboard-phone.png");
  }

  /**
   * 90d, 1y and All read history_<qos>.json: a bin per local day, the limit as a step line, totals
   * of the range; 30d goes back to the hourly data.
   */
  @Test
  void theYearPresetsReadTheDailyHistory() throws IOException {
    browser.open(yearUrl);
    JsonNode h = json.readTree(year.resolve("history_avery.json").toFile());
    JsonNode data = data(year, "avery");
    int days = h.get("days").size();
    assertTrue(days >= 366, days + " days");
    browser.click("#presets button[data-range='1y']");
    browser.waitFor("return !document.getElementById('history-note').hidden");
    assertTrue(
        text("#history-note")
            .startsWith(
                "Daily averages over local days (America/New_York), from "
                    + h.at("/metadata/first_day").asText()),
        text("#history-note"));
    assertEquals(
        (long) days + 1,
        browser.js("return document.getElementById('chart-NCPUS').data[0].x.length"));
    assertEquals(
        1L,
        browser.js(
            "return document.getElementById('chart-NCPUS').data.filter(t => t.meta === 'limit').length"));
    ZoneId zone = ZoneId.of("America/New_York");
    Instant end =
        OffsetDateTime.parse(h.get("day_starts").get(days - 1).asText())
            .toInstant()
            .plusSeconds(Math.round(h.get("hours").get(days - 1).asDouble() * 3600));
    DateTimeFormatter f = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    assertEquals(
        List.of(
            LocalDateTime.ofInstant(end.minus(Duration.ofDays(365)), zone).format(f),
            LocalDateTime.ofInstant(end, zone).format(f)),
        xRange("NCPUS"));
    assertTrue(currentUrl().endsWith("#qos=avery&range=1y"), currentUrl());

    browser.click("#presets button[data-range='all']");
    browser.waitFor("return location.hash.endsWith('range=all')");
    double all = 0;
    for (Iterator<JsonNode> it = h.get("totals").elements(); it.hasNext(); ) {
      all += it.next().get("cpu_hours").asDouble();
    }
    assertEquals(all, number(text("#totals tr.total td:nth-child(2)")), 0.1);
    browser.screenshot("dashboard-year.png");

    browser.click("#presets button[data-range='30d']");
    browser.waitFor("return document.getElementById('history-note').hidden");
    assertEquals(
        (long) data.get("time_idxs").size() + 1,
        browser.js("return document.getElementById('chart-NCPUS').data[0].x.length"));
  }

  /**
   * 400 users: each chart draws the 11 the JSON colours and one "others" band, their colours far
   * apart (CIE76 ΔE ≥ 20, ≥ 10 with deuteranopia); the tables keep every user; the picker shows a
   * user of "others" on its own and the URL keeps it; the CSV holds what is shown.
   */
  @Test
  void aBigGroupShowsItsLargestUsersAndOthersAndThePickerKeepsAUserInTheUrl() throws IOException {
    browser.open(bigUrl);
    JsonNode data = data(big, "big");
    int n = data.get("users").size();
    assertTrue(n > 380, n + " users");
    for (String o : List.of("NCPUS", "NGPUS", "MEMORY", "NJOBS")) {
      assertEquals(
          12L,
          browser.js(
              "return document.getElementById('chart-"
                  + o
                  + "').data.filter(t => t.stackgroup === 'one').length"));
    }
    @SuppressWarnings("unchecked")
    List<String> colors =
        (List<String>)
            browser.js(
                "return document.getElementById('chart-NCPUS').data"
                    + ".filter(t => t.stackgroup === 'one').map(t => t.line.color)");
    double normal = Double.MAX_VALUE;
    double deuteranopia = Double.MAX_VALUE;
    for (int i = 0; i < colors.size(); i++) {
      for (int j = i + 1; j < colors.size(); j++) {
        normal = Math.min(normal, ColorDistance.deltaE(colors.get(i), colors.get(j), false));
        deuteranopia =
            Math.min(deuteranopia, ColorDistance.deltaE(colors.get(i), colors.get(j), true));
      }
    }
    assertTrue(normal >= 20 && deuteranopia >= 10, normal + " / " + deuteranopia);
    assertEquals(
        "others (" + (n - 11) + " users)",
        browser.js("return document.getElementById('chart-NCPUS').data[11].name"));
    long withUsage = 0;
    for (String u : users(data)) {
      withUsage += data.at("/totals/" + u + "/cpu_hours").asDouble() > 0 ? 1 : 0;
    }
    // Every user with usage, 25 a page: the page does not grow by 400 rows.
    assertEquals(25, driver.findElements(By.cssSelector("#totals tbody tr:not(.total)")).size());
    assertEquals(
        "Users 1–25 of " + String.format(java.util.Locale.US, "%,d", withUsage),
        text(".pager[data-for='totals'] span"));

    String someone = users(data).get(300);
    setInput("pick", someone);
    browser.click("#picker button[type=submit]");
    browser.waitFor(
        "return document.getElementById('chart-NCPUS').data.some(t => t.name === '"
            + someone
            + "')");
    assertEquals(
        "others (" + (n - 12) + " users)",
        browser.js("return document.getElementById('chart-NCPUS').data[12].name"));
    assertTrue(currentUrl().endsWith("&users=" + someone), currentUrl());
    driver.navigate().refresh();
    browser.waitForRender(1);
    browser.waitFor(
        "return document.getElementById('chart-NCPUS').data.some(t => t.name === '"
            + someone
            + "')");
    assertEquals(List.of(someone + " \u00d7"), texts("#picked button"));

    // The CSV of the totals: every user with usage, CPU-hours as the JSON's (the whole window).
    String csv = (String) browser.js("return window.librarianDashboard.csv('totals')");
    String[] lines = csv.split("\\r?\\n");
    assertEquals(
        "user,CPU-hours,GPU-hours,GB-hours,job-hours,from (America/New_York),to (America/New_York)",
        lines[0]);
    assertEquals(withUsage + 1, lines.length);
    String top = users(data).get(0);
    String row =
        Arrays.stream(lines).filter(l -> l.startsWith(top + ",")).findFirst().orElseThrow();
    assertEquals(
        data.at("/totals/" + top + "/cpu_hours").asDouble(),
        Double.parseDouble(row.split(",")[1]),
        0.001);
    String series = (String) browser.js("return window.librarianDashboard.csv('series')");
    assertTrue(
        series
            .replace("\r", "")
            .startsWith("start (America/New_York),hours,user,CPUs,GPUs,memory (GB),jobs\n"),
        series.substring(0, 80));
    browser.screenshot("dashboard-400-users.png");
  }

  // ---- helpers -----------------------------------------------------------------------------

  void demo(Path dir, Instant now, boolean noPlots) {
    List<String> args = new ArrayList<>(List.of("demo", "--out", dir.toString()));
    if (noPlots) {
      args.add("--no-plots");
    }
    Cli.Run run = new Cli(tmp).clock(now).run(args.toArray(String[]::new));
    assertEquals(0, run.code(), run.err());
  }

  /**
   * The jobs recorded on the test Slurm with the unit separator (slurm-recorded/README.md), one of
   * them named {@code a|b "q" <script>x</script> 🙂}, parsed as saved: QoS normal, as of 19:00 UTC
   * that day.
   */
  void namesSite(Path dir) throws IOException {
    Files.writeString(
        tmp.resolve("names.yaml"),
        "qos:\n  - name: normal\n    limits: {cpus: 64, gpus: 4, memory_gb: 250}\n");
    Cli.Run run =
        new Cli(tmp)
            .clock(Instant.parse("2026-12-06T19:00:00Z"))
            .run(
                "parse",
                "--config",
                "names.yaml",
                "--qos",
                "normal",
                "--sacct-file",
                Path.of("src/test/resources/slurm-recorded/sacct-unit-separator-names.txt")
                    .toAbsolutePath()
                    .toString(),
                "--out",
                dir.toString(),
                "--timezone",
                "UTC",
                "--no-plots");
    assertEquals(0, run.code(), run.err());
  }

  /** A QoS whose users have names that would be markup if inserted as HTML. */
  void hostileQos(Path dir, Instant now) throws IOException {
    long t = now.getEpochSecond();
    String sacct =
        String.join(
                "\n",
                "JobID|User|State|Start|End|NCPUS|ReqMem|AllocTRES",
                "1|"
                    + HOSTILE
                    + "|COMPLETED|"
                    + (t - 7200)
                    + "|"
                    + (t - 3600)
                    + "|4|8G|cpu=4,mem=8G,node=1",
                "2|" + BOLD + "|RUNNING|" + (t - 5400) + "|Unknown|2|4G|cpu=2,mem=4G,node=1",
                "3|plain|COMPLETED|" + (t - 9000) + "|" + (t - 1800) + "|1|1G|cpu=1,mem=1G,node=1")
            + "\n";
    Path file = tmp.resolve("hostile.sacct.txt");
    Files.writeString(file, sacct);
    Files.writeString(
        tmp.resolve("hostile.yaml"),
        "qos:\n  - name: hostile\n    limits: {cpus: 8, gpus: 0, memory_gb: 64}\n");
    Cli.Run run =
        new Cli(tmp)
            .clock(now)
            .run(
                "parse",
                "--config",
                "hostile.yaml",
                "--qos",
                "hostile",
                "--sacct-file",
                file.toString(),
                "--out",
                dir.toString(),
                "--timezone",
                "America/New_York",
                "--no-plots");
    assertEquals(0, run.code(), run.err());
  }

  void setInput(String id, String value) {
    browser.js("document.getElementById('" + id + "').value = '" + value + "'");
  }

  String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText();
  }

  List<String> texts(String css) {
    return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }

  String currentUrl() {
    return driver.getCurrentUrl();
  }

  @SuppressWarnings("unchecked")
  List<String> xRange(String o) {
    List<Object> r =
        (List<Object>)
            browser.js("return document.getElementById('chart-" + o + "').layout.xaxis.range");
    return r.stream().map(v -> v.toString().substring(0, 19)).toList();
  }

  /**
   * The expected x range of a preset: the window's end minus the span, as wall-clock text in the
   * data's zone.
   */
  static List<String> range(JsonNode data, Duration span) {
    ZoneId zone = ZoneId.of(data.get("metadata").get("timezone").asText());
    Instant end = OffsetDateTime.parse(data.get("metadata").get("window_end").asText()).toInstant();
    Instant first = OffsetDateTime.parse(data.get("time_idxs").get(0).asText()).toInstant();
    Instant start = end.minus(span).isBefore(first) ? first : end.minus(span);
    DateTimeFormatter f = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    return List.of(
        LocalDateTime.ofInstant(start, zone).format(f),
        LocalDateTime.ofInstant(end, zone).format(f));
  }

  JsonNode data(Path dir, String qos) throws IOException {
    return json.readTree(dir.resolve("data_" + qos + ".json").toFile());
  }

  /**
   * The bands a chart draws: the users the JSON colours, largest first, then "others (N users)"
   * when two or more are left (one left is among the coloured users).
   */
  static List<String> bandNames(JsonNode data) {
    List<String> all = users(data);
    List<String> bands =
        new ArrayList<>(all.stream().filter(u -> data.get("colors").has(u)).toList());
    int rest = all.size() - bands.size();
    if (rest > 1) {
      bands.add("others (" + rest + " users)");
    }
    return bands;
  }

  static List<String> users(JsonNode data) {
    List<String> users = new ArrayList<>();
    data.get("users").forEach(u -> users.add(u.asText()));
    return users;
  }

  static List<Double> doubles(Object list) {
    return ((List<?>) list).stream().map(v -> ((Number) v).doubleValue()).toList();
  }

  Map<String, Double> cpuHoursColumn() {
    Map<String, Double> column = new TreeMap<>();
    for (WebElement row : driver.findElements(By.cssSelector("#totals tbody tr:not(.total)"))) {
      List<WebElement> cells = row.findElements(By.tagName("td"));
      if (number(cells.get(1).getText()) > 0) { // a user who only waited has a row too
        column.put(cells.get(0).getText(), number(cells.get(1).getText()));
      }
    }
    return column;
  }

  static double number(String text) {
    return Double.parseDouble(text.replace(",", ""));
  }

  /** The table shows one decimal: each value within half a unit of the last digit. */
  static void assertClose(Map<String, Double> expected, Map<String, Double> shown) {
    assertEquals(expected.keySet(), shown.keySet());
    expected.forEach((u, v) -> assertEquals(v, shown.get(u), 0.0501, u));
  }
}
