package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Browser;
import org.librarian.testing.SyntheticSites;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The charts' legend and hover, the charts a QoS needs, month lines, and the ranked "who" table, in
 * Debian's headless Chromium: on "lab", twelve hand-made users whose every figure is worked out
 * below, and on "big", a generated QoS of 400 users. Screenshots go to target/browser/.
 *
 * <p>"lab" (America/New_York, 430 CPUs, no GPU limit, no GPU job), as of NOW = 2026-11-20 15:00 UTC
 * (10:00 EST): the twelve users ann … lea hold 4, 8, …, 48 CPUs (4·i, i = 1…12; together 4 · 78 =
 * 312 CPUs) from 05:00 to 13:00 UTC (00:00–08:00 EST), ann only to 09:00 UTC (04:00 EST); bob also
 * 10 CPUs from 05:00 to 13:00 UTC seven days earlier; lea also 2 CPUs on 2026-10-26 from 12:00 to
 * 14:00 UTC. CPU-hours: ann 4·4 = 16, bob 8·8 + 10·8 = 144, cat 12·8 = 96, dan 128, eve 160, fay
 * 192, gus 224, hal 256, ivy 288, jon 320, kim 352, lea 48·8 + 2·2 = 388; ranked: lea, kim, jon,
 * ivy, hal, gus, fay, eve, bob, dan, cat, ann.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WhoTableBrowserIT {
  static final Instant NOW = Instant.parse("2026-11-20T15:00:00Z");
  static final String[] LAB = {
    "ann", "bob", "cat", "dan", "eve", "fay", "gus", "hal", "ivy", "jon", "kim", "lea"
  };

  String labUrl;
  String bigUrl;
  String fullUrl;
  @TempDir static Path tmp;
  @RegisterExtension final Browser browser = Browser.start(1440, 900);
  final ChromeDriver driver = browser.driver();

  @BeforeAll
  void buildSites() throws IOException {
    labUrl = browser.serve(labSite());
    bigUrl = browser.serve(SyntheticSites.big(tmp, NOW));
    fullUrl = browser.serve(fullSite());
  }

  @BeforeEach
  void cleanBrowser() {
    browser.reset(labUrl);
  }

  // ---- the tests ---------------------------------------------------------------------------

  /**
   * One legend for all charts, in stack order, top first: the stack is lea (388 CPU-hours) at the
   * bottom up to ann (16) on top; ann, the twelfth and only user left beyond the top 11, is shown
   * by name, so there is no "others". No chart has a legend of its own.
   */
  @Test
  void theLegendIsInStackOrderOnceAndNamesALoneTwelfthUser() {
    browser.open(labUrl);
    assertEquals(
        List.of("ann", "cat", "dan", "bob", "eve", "fay", "gus", "hal", "ivy", "jon", "kim", "lea"),
        texts("#legend-entries .legend-user"));
    assertEquals(1L, browser.js("return document.querySelectorAll('.legend-entries').length"));
    assertEquals(
        0L, browser.js("return document.querySelectorAll('#charts .legend .traces').length"));
    assertEquals(
        0L,
        browser.js(
            "return document.getElementById('chart-NCPUS').data"
                + ".filter(t => String(t.name).startsWith('others')).length"));
    // Hiding a user from the legend hides the band in every chart and says so on the button.
    driver.findElements(By.cssSelector("#legend-entries .legend-user")).get(0).click(); // ann
    browser.waitFor(
        "return document.getElementById('chart-NJOBS').data.find(t => t.meta === 'ann').visible"
            + " === 'legendonly'");
    assertEquals(
        "false",
        driver
            .findElements(By.cssSelector("#legend-entries .legend-user"))
            .get(0)
            .getAttribute("aria-pressed"));
    browser.screenshot("who-lab-legend.png");
  }

  /**
   * The hover of a bin lists only the users with usage in it, once each, top of the stack first,
   * and ends with the total and its share of the limit. At 02:00 EST all twelve run: 312 CPUs, 312
   * / 430 = 72.6 % → 73 %. At 06:00 EST ann has stopped (04:00 EST): 312 − 4 = 308 CPUs, 308 / 430
   * = 71.6 % → 72 %, and ann is not listed.
   */
  @Test
  void theHoverListsTheUsersWithUsageAndTheTotalWithItsShareOfTheLimit() {
    browser.open(labUrl);
    String two = hoverText("2026-11-20 02:00:00");
    assertEquals(
        "ann: 4 CPUs<br>cat: 12 CPUs<br>dan: 16 CPUs<br>bob: 8 CPUs<br>eve: 20 CPUs<br>"
            + "fay: 24 CPUs<br>gus: 28 CPUs<br>hal: 32 CPUs<br>ivy: 36 CPUs<br>jon: 40 CPUs<br>"
            + "kim: 44 CPUs<br>lea: 48 CPUs<br><b>total 312 CPUs, 73 % of the 430-CPU limit</b>",
        two);
    String six = hoverText("2026-11-20 06:00:00");
    assertFalse(six.contains("ann"), six);
    assertTrue(six.endsWith("<b>total 308 CPUs, 72 % of the 430-CPU limit</b>"), six);
    // The hover the browser draws: Plotly's unified box over that bin shows the same total.
    browser.js(
        "const el = document.getElementById('chart-NCPUS');"
            + " const k = el.data.findIndex(t => t.meta === 'hover');"
            + " Plotly.Fx.hover(el, [{curveNumber: k, pointNumber: el.data[k].x.indexOf('2026-11-20 02:00:00')}]);");
    browser.waitFor(
        "return document.querySelector('#chart-NCPUS .hoverlayer') !== null && document"
            + ".querySelector('#chart-NCPUS .hoverlayer').textContent.includes('total 312 CPUs, 73 % of the 430-CPU limit')");
    String box =
        (String)
            browser.js("return document.querySelector('#chart-NCPUS .hoverlayer').textContent");
    assertEquals(1, box.split("lea: 48 CPUs", -1).length - 1, box);
    browser.screenshot("who-lab-hover.png");
  }

  /**
   * No GPU chart where the QoS has no GPU limit and no job asked for a GPU (lab: gpus 0, only CPU
   * jobs); the JSON says which charts to draw. The 400-user QoS (600 GPUs) keeps its GPU chart.
   */
  @Test
  void noGpuChartForAQosWithoutGpus() {
    browser.open(labUrl);
    assertEquals(
        List.of("NCPUS", "MEMORY", "NJOBS"),
        browser.js("return window.librarianDashboard.state.data.lab.page.charts"));
    assertEquals(
        Boolean.FALSE,
        browser.js("return document.getElementById('chart-NGPUS').checkVisibility()"));
    assertEquals(
        Boolean.TRUE,
        browser.js("return document.getElementById('chart-MEMORY').checkVisibility()"));
    browser.open(bigUrl);
    assertEquals(
        Boolean.TRUE,
        browser.js("return document.getElementById('chart-NGPUS').checkVisibility()"));
  }

  /**
   * On 90d (a daily preset; lab has no history beyond its 30 hourly days) a thin line at each
   * month's start in the range, in the zone's wall time and labelled: lab's usage runs from
   * 2026-10-26 to 2026-11-20, so one line, at 2026-11-01 00:00 (America/New_York), "Nov 2026". The
   * hourly 30d preset has none.
   */
  @Test
  void monthLinesOnTheDailyPresets() {
    browser.open(labUrl);
    assertEquals(List.of(), monthLines());
    browser.click("#presets button[data-range='90d']");
    browser.waitFor(
        "return window.librarianDashboard.state.daily === true && document.body.dataset.renders > 1");
    browser.waitFor(
        "return document.getElementById('chart-NCPUS').layout.shapes.some(s => s.name === 'month')");
    assertEquals(List.of("2026-11-01 00:00:00"), monthLines());
    assertEquals(
        List.of("Nov 2026"),
        browser.js(
            "return document.getElementById('chart-NCPUS').layout.annotations"
                + ".filter(a => a.name === 'month').map(a => a.text)"));
    browser.screenshot("who-lab-90d.png");
  }

  /**
   * The faint line of the period before on the CPU chart: at 7d, the bin of 2026-11-20 02:00 EST
   * shows what ran at the same time seven days earlier, bob's 10 CPUs (2026-11-13 05:00–13:00 UTC);
   * at 09:00 EST nothing ran then: 0. At 30d the 30 days before lie outside the data: no line at
   * all. A custom range of 20 days (2026-10-31 10:00 to 2026-11-20 10:00 EST) reaches back to
   * 2026-10-11, before the data (from 2026-10-21 11:00 EDT): absent (null, not 0) at 2026-11-05
   * 00:00, 0 at 2026-11-20 02:00 (2026-10-31: nobody ran).
   */
  @Test
  void aFaintLineForThePreviousPeriodWhereTheDataReaches() {
    browser.open(labUrl + "#qos=lab&range=7d");
    browser.waitFor(
        "return document.getElementById('chart-NCPUS').data.some(t => t.meta === 'previous')");
    assertEquals(10.0, previous("2026-11-20 02:00:00"));
    assertEquals(0.0, previous("2026-11-20 09:00:00"));
    assertTrue(
        hoverText("2026-11-20 02:00:00").contains("previous period (the 7 days before): 10 CPUs"));
    assertEquals(
        List.of("CPUs in use in the previous period (the 7 days before)"),
        texts("#legend-entries li[data-key='previous']"));
    browser.click("#presets button[data-range='30d']");
    browser.waitFor("return location.hash.includes('range=30d')");
    assertEquals(
        0L,
        browser.js(
            "return document.getElementById('chart-NCPUS').data.filter(t => t.meta === 'previous').length"));
    browser.open(labUrl + "#qos=lab&from=2026-10-31T10:00&to=2026-11-20T10:00");
    browser.waitFor(
        "return document.getElementById('chart-NCPUS').data.some(t => t.meta === 'previous')");
    assertEquals(null, previous("2026-11-05 00:00:00"));
    assertEquals(0.0, previous("2026-11-20 02:00:00"));
  }

  /**
   * The "who" table ranks by share of the range's CPU-hours (lab: 2,564 in all; lea 388 / 2,564 =
   * 15.13 % → 15.1, kim 352 / 2,564 = 13.73 % → 13.7, ann 16 / 2,564 = 0.62 % → 0.6): the top 10,
   * then all 12 on one page; the search "a" keeps lea, hal, fay, dan, cat and ann.
   */
  @Test
  void theWhoTableRanksTheTopTenThenAllWithSearch() {
    browser.open(labUrl);
    assertEquals(
        List.of("lea", "kim", "jon", "ivy", "hal", "gus", "fay", "eve", "bob", "dan"),
        texts("#who tbody td:first-child"));
    assertEquals("15.1", texts("#who tbody tr:first-child td:nth-child(2)").get(0));
    assertEquals("13.7", texts("#who tbody tr:nth-child(2) td:nth-child(2)").get(0));
    assertEquals(
        1L,
        browser.js(
            "return document.querySelectorAll('#who tbody tr:first-child svg.spark').length"));
    assertEquals("Show all 12 users", driver.findElement(By.id("who-all")).getText());
    browser.click("#who-all");
    assertEquals(12, texts("#who tbody tr").size());
    assertEquals("0.6", texts("#who tbody tr:last-child td:nth-child(2)").get(0));
    assertEquals("Users 1–12 of 12", driver.findElement(By.id("who-page")).getText());
    driver.findElement(By.id("who-search")).sendKeys("a");
    assertEquals(
        List.of("lea", "hal", "fay", "dan", "cat", "ann"), texts("#who tbody td:first-child"));
  }

  /**
   * 400 users: the who table shows 10, then 25 a page (the second page users 26–50), and a search;
   * every other table is paged too, so at 390 × 844 the page is no wider than the screen and no
   * table lists hundreds of rows.
   */
  @Test
  void fourHundredUsersArePagedAndThePhonePageIsNoWiderThanTheScreen() throws IOException {
    com.fasterxml.jackson.databind.JsonNode data =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(tmp.resolve("big").resolve("data_big.json").toFile());
    java.util.Set<String> who = new java.util.TreeSet<>();
    data.get("users")
        .forEach(
            u -> {
              if (data.at("/totals/" + u.asText() + "/cpu_hours").asDouble() > 0) {
                who.add(u.asText());
              }
            });
    data.path("demand_qos_limit_cpu_hours").fieldNames().forEachRemaining(who::add);
    assertTrue(who.size() > 380, who.size() + " users");
    String n = String.format(java.util.Locale.US, "%,d", who.size());
    browser.screen(390, 844);
    browser.open(bigUrl);
    assertEquals(10, texts("#who tbody tr").size());
    browser.click("#who-all");
    assertEquals(25, texts("#who tbody tr").size());
    assertEquals("Users 1–25 of " + n, driver.findElement(By.id("who-page")).getText());
    browser.click("#who-next");
    assertEquals("Users 26–50 of " + n, driver.findElement(By.id("who-page")).getText());
    long matching = who.stream().filter(u -> u.contains("u12")).count();
    driver.findElement(By.id("who-search")).sendKeys("u12");
    assertEquals(
        (int) Math.min(25, matching), texts("#who tbody tr").size(), matching + " match u12");
    for (String user : texts("#who tbody td:first-child")) {
      assertTrue(user.contains("u12"), user);
    }
    // No table lists more than 25 users at once.
    assertEquals(
        0L,
        browser.js(
            "return [...document.querySelectorAll('table.usage tbody')]"
                + ".filter(b => b.querySelectorAll('tr:not(.total):not(.limit)').length > 25).length"));
    assertTrue(
        (Boolean)
            browser.js(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
        "the page is " + browser.js("return document.documentElement.scrollWidth") + " px wide");
    browser.screenshot("who-big-390.png");
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  /**
   * "full" (48 CPUs) at the run: ann's job holds 46 CPUs, 46 / 48 = 95.8 % of the limit (at it: 95
   * % or more); bob's 8-CPU job waits, and Slurm names Priority (the cluster). The limit alone
   * would keep it waiting, so both tables give bob one reason, the QoS limit, and say the QoS was
   * at its limit. A QoS read without an Eligible column (the 400 users) says what is not known
   * instead of a bare heading.
   */
  @Test
  void nowAndWaitingNowGiveOneReason() {
    browser.open(fullUrl);
    assertEquals(
        List.of("ann", "bob"), texts("#now tbody tr:not(.total):not(.limit) td:first-child"));
    assertEquals("QoS limit", texts("#now tbody tr:nth-child(2) td:last-child").get(0));
    // 46 / 48 = 95.83 %, shown in the CPU column's whole numbers: 96.
    assertEquals("96", texts("#now tbody tr.limit:last-child td:nth-child(2)").get(0));
    assertEquals(List.of("bob"), texts("#waiting tbody td:first-child"));
    assertEquals("QoS limit", texts("#waiting tbody tr td:last-child").get(0));
    assertEquals(
        "At its limit at the run. Main reason work waits: QoS limit.",
        driver.findElement(By.id("now-note")).getText());
    browser.open(bigUrl);
    assertEquals(
        Boolean.FALSE, browser.js("return document.getElementById('now').checkVisibility()"));
    assertTrue(
        driver.findElement(By.id("now-note")).getText().startsWith("Not known: the accounting"),
        driver.findElement(By.id("now-note")).getText());
  }

  // ---- helpers -----------------------------------------------------------------------------

  Double previous(String wall) {
    Object v =
        browser.js(
            "const t = document.getElementById('chart-NCPUS').data.find(t => t.meta === 'previous');"
                + " return t.y[t.x.indexOf('"
                + wall
                + "')];");
    return v == null ? null : ((Number) v).doubleValue();
  }

  List<String> monthLines() {
    return browser.strings(
        "return document.getElementById('chart-NCPUS').layout.shapes"
            + ".filter(s => s.name === 'month').map(s => s.x0)");
  }

  String hoverText(String wall) {
    return (String)
        browser.js(
            "const t = document.getElementById('chart-NCPUS').data.find(t => t.meta === 'hover');"
                + " return t.customdata[t.x.indexOf('"
                + wall
                + "')];");
  }

  Path labSite() throws IOException {
    long t = NOW.getEpochSecond();
    long h = 3600;
    StringBuilder sacct = new StringBuilder("JobID|User|State|Start|End|NCPUS|ReqMem|AllocTRES\n");
    for (int i = 1; i <= LAB.length; i++) {
      long end = LAB[i - 1].equals("ann") ? t - 6 * h : t - 2 * h;
      sacct.append(row(i, LAB[i - 1], t - 10 * h, end, 4 * i));
    }
    sacct.append(row(20, "bob", t - 7 * 24 * h - 10 * h, t - 7 * 24 * h - 2 * h, 10));
    long oct26 = Instant.parse("2026-10-26T12:00:00Z").getEpochSecond();
    sacct.append(row(21, "lea", oct26, oct26 + 2 * h, 2));
    Path file = tmp.resolve("lab.sacct.txt");
    Files.writeString(file, sacct.toString());
    return SyntheticSites.parse(tmp, "lab", "lab", "{cpus: 430, gpus: 0, memory_gb: 4000}", NOW);
  }

  /** ann runs 46 CPUs since 2 h before NOW; bob's 8 CPUs wait since 1 h before it (Priority). */
  Path fullSite() throws IOException {
    long t = NOW.getEpochSecond();
    String sacct =
        "JobID|User|State|Submit|Start|End|NCPUS|ReqMem|AllocTRES|Eligible|ReqCPUS|ReqTRES|Reason\n"
            + "1|ann|RUNNING|"
            + (t - 7200)
            + "|"
            + (t - 7200)
            + "|Unknown|46|46G|cpu=46,mem=46G,node=1|"
            + (t - 7200)
            + "|46|cpu=46,mem=46G,node=1|None\n"
            + "2|bob|PENDING|"
            + (t - 3600)
            + "|Unknown|Unknown|8|8G||"
            + (t - 3600)
            + "|8|cpu=8,mem=8G,node=1|Priority\n";
    Path file = tmp.resolve("full.sacct.txt");
    Files.writeString(file, sacct);
    return SyntheticSites.parse(tmp, "full", "full", "{cpus: 48, gpus: 0, memory_gb: 400}", NOW);
  }

  static String row(int id, String user, long start, long end, int cpus) {
    return id
        + "|"
        + user
        + "|COMPLETED|"
        + start
        + "|"
        + end
        + "|"
        + cpus
        + "|"
        + cpus
        + "G|cpu="
        + cpus
        + ",mem="
        + cpus
        + "G,node=1\n";
  }

  List<String> texts(String css) {
    return browser.strings(
        "return [...document.querySelectorAll(\"" + css + "\")].map(e => e.textContent.trim())");
  }
}
