package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Browser;
import org.librarian.testing.Cli;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Right-size table in Debian's headless Chromium, on a demo site whose avery data has one more
 * family with the hardest job name (a '|', quotes, a script tag, an emoji): sorted by what each
 * suggestion frees, re-sorted by a click, names and lines shown as text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RightSizeBrowserIT {
  static final String HARD = "a|b \"q\" <script>alert(1)</script> \uD83D\uDE42_#";

  @TempDir static Path tmp;
  final ObjectMapper json = new ObjectMapper();
  @RegisterExtension final Browser browser = Browser.start(1400, 1700);
  final ChromeDriver driver = browser.driver();
  String url;
  JsonNode list;
  ArrayNode families;
  ObjectNode jobsFile;
  Path site;

  @BeforeAll
  void buildSite() throws Exception {
    Path site = tmp.resolve("site");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Cli.Run demo = new Cli(tmp).clock(now).run("demo", "--out", site.toString(), "--no-plots");
    assertEquals(0, demo.code(), demo.err());
    ObjectNode avery = (ObjectNode) json.readTree(site.resolve("data_avery.json").toFile());
    ArrayNode rows = (ArrayNode) avery.at("/families/right_size/list");
    ObjectNode hard = rows.addObject();
    hard.put("user", "<b>eve</b>");
    hard.put("name", HARD);
    hard.put("jobs", 7);
    hard.put("mem_line", "#SBATCH --mem=12G");
    hard.put("mem_freed_gb_hours", 99_999.0); // the most GB-hours of all
    hard.put("time_line", "#SBATCH --time=02:15:00");
    hard.put("time_freed_cpu_hours", 0.0);
    hard.putNull("cpus_line");
    hard.put("cpus_freed_cpu_hours", 0.0);
    // The same hard name as a family of the families table, with one job of that name.
    ObjectNode family = ((ArrayNode) avery.at("/families/list")).addObject();
    family.put("user", "<b>eve</b>");
    family.put("name", HARD);
    family.put("jobs", 1);
    family.put("cpu_alloc_hours", 0.0);
    family.put("cpu_used_hours", 0.0);
    Files.writeString(site.resolve("data_avery.json"), avery.toString());
    // Its one job, a row of the group's jobs file (the columns as the file names them).
    jobsFile = (ObjectNode) json.readTree(site.resolve("jobs_avery.json").toFile());
    ArrayNode job = ((ArrayNode) jobsFile.get("rows")).addArray();
    job.add("=1+1");
    job.add("a|b \"q\" <script>alert(1)</script> \uD83D\uDE42_7");
    job.add("<b>eve</b>");
    job.add(HARD);
    job.add("COMPLETED");
    job.add(90);
    job.add(600);
    job.add("2026-11-20T11:00:00-05:00");
    job.add(0.5);
    job.add(0.25);
    job.addNull();
    Files.writeString(site.resolve("jobs_avery.json"), jobsFile.toString());
    this.site = site;
    list = rows;
    families = (ArrayNode) avery.at("/families/list");
    url = browser.serve(site);
  }

  void open(String hash) {
    browser.open(url + hash);
  }

  /** The user and family name of the table's rows, top to bottom, as the page holds them. */
  List<String> rows() {
    return browser.cells("#right-size tbody tr").stream()
        .map(r -> r.get(0) + '\u0000' + r.get(1))
        .toList();
  }

  /** The JSON's {@code field} of each row shown, top to bottom. */
  List<Double> shown(String field) {
    List<Double> values = new ArrayList<>();
    for (String row : rows()) {
      for (JsonNode r : list) {
        if (row.equals(r.get("user").asText() + '\u0000' + r.get("name").asText())) {
          values.add(r.get(field).asDouble());
        }
      }
    }
    return values;
  }

  /**
   * The JSON's {@code field} of the rows the table's first page shows, largest first: every row,
   * sorted, then the first 25 (a table pages its rows 25 at a time).
   */
  List<Double> sorted(String field) {
    List<Double> values = new ArrayList<>();
    list.forEach(r -> values.add(r.get(field).asDouble()));
    values.sort(Comparator.reverseOrder());
    return values.subList(0, Math.min(25, values.size()));
  }

  @Test
  void sortedByWhatEachSuggestionFreesAndByAClick() throws Exception {
    open("#qos=avery");
    WebElement table = driver.findElement(By.id("right-size"));
    assertTrue(table.isDisplayed());
    assertTrue(list.size() > 5, list.toString());
    // Default: CPU-hours freed by --cpus-per-task, largest first, as the JSON's numbers say.
    assertEquals(sorted("cpus_freed_cpu_hours"), shown("cpus_freed_cpu_hours"));
    // A click on "GB-hours freed" sorts by it, largest first: the added family's 99999 on top.
    driver.findElement(By.cssSelector("#right-size th[data-key='mem_freed'] button")).click();
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> shown("mem_freed_gb_hours").equals(sorted("mem_freed_gb_hours")));
    assertEquals("<b>eve</b>\u0000" + HARD, rows().get(0));
    assertEquals(
        "descending",
        driver
            .findElement(By.cssSelector("#right-size th[data-key='mem_freed']"))
            .getAttribute("aria-sort"));
    // Its cells: the user and name as text, the lines as the JSON has them, no line as empty.
    List<String> first = browser.cells("#right-size tbody tr").get(0);
    assertEquals(
        List.of(
            "<b>eve</b>",
            HARD,
            "7",
            "",
            "0.0",
            "#SBATCH --mem=12G",
            "99,999.0",
            "#SBATCH --time=02:15:00",
            "0.0"),
        first);
    assertEquals(
        0L,
        browser.js("return document.querySelectorAll('#right-size script, #right-size b').length"));
    assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
    String sentence = driver.findElement(By.id("right-size-sentence")).getText();
    assertTrue(sentence.startsWith("From "), sentence);
    assertTrue(sentence.contains("job families of at least 5 jobs"), sentence);
    browser.js("document.getElementById('right-size').scrollIntoView()");
    browser.screenshot("right-size.png", table);
  }

  List<List<String>> drillRows() {
    return browser.cells("#jobs-table tbody tr");
  }

  /**
   * The JobIDs of the jobs file's rows of {@code user} (and {@code family} unless null), in order.
   */
  List<String> jobIds(String user, String family) {
    List<String> ids = new ArrayList<>();
    for (JsonNode r : jobsFile.get("rows")) {
      // Columns: job_id, name, user, family, ...
      if (r.get(2).asText().equals(user) && (family == null || r.get(3).asText().equals(family))) {
        ids.add(r.get(0).asText());
      }
    }
    return ids;
  }

  /** How many times the page fetched {@code name}. */
  long fetches(String name) {
    return (Long)
        browser.js(
            "return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.endsWith('/' + arguments[0])).length",
            name);
  }

  String pagerText() {
    return (String)
        browser.js(
            "const p = document.querySelector('.pager[data-for=\"jobs\"] span');"
                + " return p ? p.textContent : null");
  }

  /** Clicks the jobs table's Next until the last page; the JobIDs of every page, in order. */
  List<String> everyPage() {
    List<String> ids = new ArrayList<>();
    for (int page = 0; ; page++) {
      assertTrue(page < 200, "the jobs table ends");
      String before = pagerText();
      drillRows().forEach(r -> ids.add(r.get(1)));
      Object last =
          browser.js(
              "const b = [...document.querySelectorAll('.pager[data-for=\"jobs\"] button')]"
                  + ".find(b => b.textContent === 'Next'); return !b || b.disabled");
      if (Boolean.TRUE.equals(last)) {
        return ids;
      }
      browser.js(
          "[...document.querySelectorAll('.pager[data-for=\"jobs\"] button')]"
              + ".find(b => b.textContent === 'Next').click()");
      new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !pagerText().equals(before));
    }
  }

  /** The CSV the panel makes of the jobs file (fetched here under another URL than the page's). */
  Object csvOf(String user, String family) throws Exception {
    return ((JavascriptExecutor) driver)
        .executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "import('./panels/jobs.js').then(m => fetch('jobs_avery.json?test')"
                + ".then(r => r.json()).then(f => done(m.drillCsv(f, {user: "
                + json.writeValueAsString(user)
                + ", name: "
                + json.writeValueAsString(family)
                + "}))));");
  }

  /**
   * The jobs file is fetched only when the drill-down opens, once. A click on the name of the
   * family of the families table's first page with the most jobs shows every one of its jobs, in
   * the file's order, 25 to a page, as many as the file lists; the CSV has a header and one line
   * per job. A click on the user shows all of the user's jobs. The hard-named family shows its one
   * job with the name as text and its figures: wait 90 s = 1.5 min, 600 s = 10.0 min, 50.0 %, 25.0
   * %, no memory efficiency "–"; the CSV makes the JobID "=1+1" inert.
   */
  @Test
  void theDrillDownPagesEveryJobOfAFamilyAndDownloadsThem() throws Exception {
    open("#qos=avery");
    assertTrue(!driver.findElement(By.id("jobs")).isDisplayed());
    assertEquals(0L, fetches("jobs_avery.json"));
    // Of the families table's first page, the family the jobs file lists the most jobs of.
    List<List<String>> shownFamilies = browser.cells("#families tbody tr");
    int most = 0;
    for (int i = 1; i < shownFamilies.size(); i++) {
      List<String> f = shownFamilies.get(i);
      List<String> m = shownFamilies.get(most);
      if (jobIds(f.get(0), f.get(1)).size() > jobIds(m.get(0), m.get(1)).size()) {
        most = i;
      }
    }
    String firstUser = shownFamilies.get(most).get(0);
    String firstFamily = shownFamilies.get(most).get(1);
    browser.js(
        "document.querySelectorAll('#families tbody tr')[arguments[0]].children[1].click()", most);
    List<String> expected = jobIds(firstUser, firstFamily);
    // More than a page of 25, so the table pages them.
    assertTrue(expected.size() > 25, firstFamily + " has " + expected.size() + " jobs");
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> drillRows().size() == 25);
    assertEquals(
        "Jobs of " + firstUser + "'s family " + firstFamily,
        driver.findElement(By.id("jobs-title")).getText());
    assertEquals(String.format("Jobs 1–25 of %,d", expected.size()), pagerText());
    assertEquals(expected, everyPage());
    String csv = csvOf(firstUser, firstFamily).toString();
    // A header and one line per job: as many as the JSON lists.
    assertEquals(expected.size() + 1, csv.split("\r?\n").length, csv);
    assertTrue(csv.startsWith("User,JobID,Name,Family,State,Wait (min),"), csv);
    String sentence = driver.findElement(By.id("jobs-sentence")).getText();
    assertEquals(jobsFile.get("sentence").asText(), sentence);

    // The user's cell: every job of theirs, from the first page again; the file was fetched once.
    browser.js(
        "document.querySelectorAll('#families tbody tr')[arguments[0]].children[0].click()", most);
    List<String> theirs = jobIds(firstUser, null);
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> ("Jobs of " + firstUser).equals(d.findElement(By.id("jobs-title")).getText()));
    assertEquals(String.format("Jobs 1–25 of %,d", theirs.size()), pagerText());
    assertEquals(theirs.subList(0, 25), drillRows().stream().map(r -> r.get(1)).toList());
    assertEquals(theirs.size() + 1, csvOf(firstUser, null).toString().split("\r?\n").length);
    assertEquals(1L, fetches("jobs_avery.json"));

    // The hard-named family: a click on its name cell.
    // The families table pages 25 rows at a time: Next until eve's row is shown.
    String eve =
        "[...document.querySelectorAll('#families tbody tr')].find(tr => tr.children[0].textContent"
            + " === '<b>eve</b>')";
    for (int page = 0; browser.js("return " + eve + " !== undefined").equals(false); page++) {
      assertTrue(page < 20, "eve's family is on one of the families table's pages");
      browser.js(
          "[...document.querySelectorAll('.pager[data-for=\"families\"] button')]"
              + ".find(b => b.textContent === 'Next').click()");
    }
    browser.js(eve + ".children[1].click()");
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> drillRows().size() == 1);
    assertEquals(
        "Jobs of <b>eve</b>'s family " + HARD,
        browser.js("return document.getElementById('jobs-title').textContent"));
    assertEquals(
        List.of(
            "<b>eve</b>",
            "=1+1",
            "a|b \"q\" <script>alert(1)</script> \uD83D\uDE42_7",
            HARD,
            "COMPLETED",
            "1.5",
            "10.0",
            "2026-11-20T11:00:00-05:00",
            "50.0",
            "25.0",
            "–"),
        drillRows().get(0));
    assertEquals(
        0L, browser.js("return document.querySelectorAll('#jobs script, #jobs b').length"));
    assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
    assertTrue(
        csvOf("<b>eve</b>", HARD)
            .toString()
            .replace("\r\n", "\n")
            .contains(
                "\n<b>eve</b>,'=1+1,\"a|b \"\"q\"\" <script>alert(1)</script> \uD83D\uDE42_7\","),
        csvOf("<b>eve</b>", HARD).toString());
    assertEquals(1L, fetches("jobs_avery.json"));
    browser.screenshot("jobs-drill-down.png", driver.findElement(By.id("jobs")));
  }

  /** Without its jobs file, or with a broken one, the drill-down says so instead of a blank. */
  @Test
  void aMissingOrBrokenJobsFileShowsAMessage() throws Exception {
    Path file = site.resolve("jobs_avery-b.json");
    byte[] kept = Files.readAllBytes(file);
    try {
      Files.delete(file);
      open("#qos=avery-b");
      browser.js("document.querySelector('#families tbody tr').children[1].click()");
      browser.waitFor(
          "return document.getElementById('jobs-message').textContent.includes('not there')");
      assertEquals(
          "jobs_avery-b.json is not there: the next run of librarian writes it.",
          browser.text("jobs-message"));
      assertTrue(!driver.findElement(By.id("jobs-table")).isDisplayed());
      Files.writeString(file, "{\"columns\": [");
      open("#qos=avery-b");
      browser.js("document.querySelector('#families tbody tr').children[1].click()");
      browser.waitFor(
          "return document.getElementById('jobs-message').textContent.includes('JSON')");
      String message = browser.text("jobs-message");
      assertTrue(message.startsWith("jobs_avery-b.json is not valid JSON"), message);
      assertTrue(!driver.findElement(By.id("jobs-table")).isDisplayed());
    } finally {
      Files.write(file, kept);
    }
  }
}
