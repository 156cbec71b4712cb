package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
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
  ChromeDriver driver;
  SiteServer server;
  JsonNode list;

  @BeforeAll
  void buildSiteAndStartBrowser() throws Exception {
    if (!Files.isExecutable(Path.of(DashboardBrowserIT.CHROMIUM))
        || !Files.isExecutable(Path.of(DashboardBrowserIT.CHROMEDRIVER))) {
      fail("the browser tests need Debian's chromium and chromium-driver");
    }
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
    Files.writeString(site.resolve("data_avery.json"), avery.toString());
    list = rows;
    server = new SiteServer(site, "127.0.0.1", 0);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(DashboardBrowserIT.CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1400,1700",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
    driver =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DashboardBrowserIT.CHROMEDRIVER))
                .build(),
            options);
  }

  @AfterAll
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  void open(String hash) {
    driver.get("about:blank");
    driver.get(server.uri() + hash);
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(
            d -> {
              String r = d.findElement(By.tagName("body")).getAttribute("data-renders");
              return r != null && Integer.parseInt(r) >= 1;
            });
  }

  Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  /** The user and family name of the table's rows, top to bottom, as the page holds them. */
  @SuppressWarnings("unchecked")
  List<String> rows() {
    return (List<String>)
        js(
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

  /** The JSON's {@code field} of every row, largest first. */
  List<Double> sorted(String field) {
    List<Double> values = new ArrayList<>();
    list.forEach(r -> values.add(r.get(field).asDouble()));
    values.sort(Comparator.reverseOrder());
    return values;
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
            js(
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
        0L, js("return document.querySelectorAll('#right-size script, #right-size b').length"));
    assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
    String sentence = driver.findElement(By.id("right-size-sentence")).getText();
    assertTrue(sentence.startsWith("From "), sentence);
    assertTrue(sentence.contains("job families of at least 5 jobs"), sentence);
    Files.createDirectories(DashboardBrowserIT.SHOTS);
    js("document.getElementById('right-size').scrollIntoView()");
    Files.write(
        DashboardBrowserIT.SHOTS.resolve("right-size.png"),
        table.getScreenshotAs(OutputType.BYTES));
  }
}
