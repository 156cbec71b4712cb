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
    ObjectNode job = family.putArray("last_jobs").addObject();
    job.put("job_id", "=1+1");
    job.put("name", "a|b \"q\" <script>alert(1)</script> \uD83D\uDE42_7");
    job.put("state", "COMPLETED");
    job.put("wait_seconds", 90);
    job.put("elapsed_seconds", 600);
    job.put("end", "2026-11-20T11:00:00-05:00");
    job.put("time_efficiency", 0.5);
    job.put("cpu_efficiency", 0.25);
    job.putNull("mem_efficiency");
    Files.writeString(site.resolve("data_avery.json"), avery.toString());
    list = rows;
    families = (ArrayNode) avery.at("/families/list");
    url = browser.serve(site);
  }

  void open(String hash) {
    browser.open(url + hash);
  }

  /** The user and family name of the table's rows, top to bottom, as the page holds them. */
  @SuppressWarnings("unchecked")
  List<String> rows() {
    return (List<String>)
        browser.js(
            "return [...document.querySelectorAll('#right-size tbody tr')]"
                + ".map(tr => tr.children[0].textContent + '\\u0000' + tr.children[1].textContent)");
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
    @SuppressWarnings("unchecked")
    List<String> first =
        (List<String>)
            browser.js(
                "return [...document.querySelector('#right-size tbody tr').children]"
                    + ".map(td => td.textContent)");
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

  @SuppressWarnings("unchecked")
  List<List<String>> drillRows() {
    return (List<List<String>>)
        browser.js(
            "return [...document.querySelectorAll('#jobs-table tbody tr')]"
                + ".map(tr => [...tr.children].map(td => td.textContent))");
  }

  /**
   * A click on a user's cell opens every job the data lists for that user's families, latest first,
   * ten to a page; Next shows the next ten; the CSV has them all. A click on the hard-named family
   * shows its one job with the name as text and its figures: wait 90 s = 1.5 min, 600 s = 10.0 min,
   * 50.0 %, 25.0 %, no memory efficiency "–"; the CSV makes the JobID "=1+1" inert.
   */
  @Test
  void theDrillDownPagesAUsersJobsAndDownloadsThem() throws Exception {
    open("#qos=avery");
    assertTrue(!driver.findElement(By.id("jobs")).isDisplayed());
    // The user's cell of the families table's first row (the table lists them by CPU-hours held).
    String firstUser =
        (String) browser.js("return document.querySelector('#families tbody tr td').textContent");
    browser.js(
        "[...document.querySelectorAll('#families tbody tr')].find(tr => tr.children[0].textContent"
            + " === arguments[0]).children[0].click()"
                .replace("arguments[0]", "'" + firstUser + "'"));
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("jobs")).isDisplayed());
    List<JsonNode> mine = new ArrayList<>();
    for (JsonNode f : families) {
      if (f.get("user").asText().equals(firstUser)) {
        f.get("last_jobs").forEach(mine::add);
      }
    }
    mine.sort(
        Comparator.comparing(
            (JsonNode j) -> java.time.OffsetDateTime.parse(j.get("end").asText()).toInstant(),
            Comparator.reverseOrder()));
    assertTrue(mine.size() > 10, firstUser + " has " + mine.size() + " jobs listed");
    assertEquals("Jobs of " + firstUser, driver.findElement(By.id("jobs-title")).getText());
    List<List<String>> page1 = drillRows();
    assertEquals(Math.min(10, mine.size()), page1.size());
    for (int i = 0; i < page1.size(); i++) {
      assertEquals(mine.get(i).get("job_id").asText(), page1.get(i).get(0));
    }
    int pages = (mine.size() + 9) / 10;
    assertEquals(
        "Page 1 of " + pages + " (" + mine.size() + " jobs)",
        driver.findElement(By.id("jobs-page")).getText());
    driver.findElement(By.id("jobs-next")).click();
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("jobs-page")).getText().startsWith("Page 2 of "));
    assertEquals(mine.get(10).get("job_id").asText(), drillRows().get(0).get(0));
    Object csv =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "import('./panels/jobs.js').then(m => fetch('data_avery.json')"
                    + ".then(r => r.json()).then(d => done(m.drillCsv(d, {user: '"
                    + firstUser
                    + "', name: null}))));");
    // A header and one line per job.
    assertEquals(mine.size() + 1, csv.toString().split("\r?\n").length, csv.toString());

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
            "=1+1",
            "a|b \"q\" <script>alert(1)</script> \uD83D\uDE42_7",
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
    Object hardCsv =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "import('./panels/jobs.js').then(m => fetch('data_avery.json')"
                    + ".then(r => r.json()).then(d => done(m.drillCsv(d, {user: '<b>eve</b>', name: "
                    + json.writeValueAsString(HARD)
                    + "}))));");
    assertTrue(
        hardCsv
            .toString()
            .replace("\r\n", "\n")
            .contains(
                "\n'=1+1,\"a|b \"\"q\"\" <script>alert(1)</script> \uD83D\uDE42_7\",COMPLETED,1.5,10,"),
        hardCsv.toString());
    browser.screenshot("jobs-drill-down.png", driver.findElement(By.id("jobs")));
  }
}
