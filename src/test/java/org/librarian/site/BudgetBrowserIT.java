package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Browser;
import org.librarian.testing.BudgetSlurm;
import org.librarian.testing.FakeAccounting;
import org.librarian.testing.RunConfig;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * "When does the budget run out?" in a real browser: a site that {@code parse} built against Slurm
 * twice, a day apart (scontrol's recorded avery-b budget, cpu=600000, with the used value 12 and
 * then 12,012), shows the chart (the samples, the dashed forecast, the limit line) and the run's
 * sentences; the budget of the account of their jobs (lab) is one more chart in each QoS's panel.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BudgetBrowserIT {
  static final Path RECORDED = Path.of("src/test/resources/slurm-recorded");

  @TempDir static Path tmp;
  final ObjectMapper json = new ObjectMapper();
  String url;
  @RegisterExtension final Browser browser = Browser.start(1400, 1700);
  final ChromeDriver driver = browser.driver();
  Path site;

  @BeforeAll
  void buildSite() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    RunConfig.parse().qos("avery-b", "cpus: 64").qos("normal", "cpus: 64").writeTo(tmp);
    FakeAccounting sacct = new FakeAccounting();
    sacct.add(
        "100", "ann", "avery-b", "RUNNING", now.minus(Duration.ofDays(3)).getEpochSecond(), -1, 16);
    sacct.add(
        "101", "bob", "normal", "RUNNING", now.minus(Duration.ofDays(3)).getEpochSecond(), -1, 4);
    parse(sacct, now.minus(Duration.ofDays(1)), 12);
    parse(sacct, now, 12_012);
    site = tmp.resolve("site");
    url = browser.serve(site);
  }

  /**
   * One parse of avery-b and normal against Slurm at {@code at}, avery-b's used value {@code used}.
   */
  void parse(FakeAccounting sacct, Instant at, long used) throws Exception {
    BudgetSlurm slurm = new BudgetSlurm(sacct);
    slurm.qos =
        Files.readString(RECORDED.resolve("scontrol-assoc-mgr-qos-all.txt"))
            .replace("GrpTRESMins=cpu=600000(12)", "GrpTRESMins=cpu=600000(" + used + ")");
    slurm.flags = Files.readString(RECORDED.resolve("sacctmgr-qos-flags-usagefactor.txt"));
    // The account lab (of every fake job) has GrpTRESMins cpu=300000, used 1,080 then 7,080.
    slurm.assoc =
        Files.readString(RECORDED.resolve("scontrol-assoc-mgr-assoc-avery-lab-budget.txt"))
            .replace("Account=avery-lab", "Account=lab")
            .replace("cpu=300000(1080)", "cpu=300000(" + (used == 12 ? 1080 : 7080) + ")");
    slurm.parse(tmp, at, "parse", "--window", "2d", "--no-plots");
  }

  @Test
  void theBudgetChartAndItsSentencesFollowTheJson() throws Exception {
    JsonNode cpu = json.readTree(site.resolve("data_avery-b.json").toFile()).at("/budget/cpu");
    assertEquals("sampled", cpu.get("basis").asText(), cpu.toString());
    browser.open(url + "#qos=avery-b");
    WebElement panel = driver.findElement(By.id("budget"));
    assertTrue(panel.isDisplayed());
    List<WebElement> sentences = driver.findElements(By.cssSelector("#budget .budget-sentence"));
    // The QoS's cpu budget, then the lab account's.
    assertEquals(2, sentences.size());
    assertEquals(cpu.get("sentence").asText(), sentences.get(0).getText());
    JsonNode lab =
        json.readTree(site.resolve("data_avery-b.json").toFile()).at("/budget_accounts/lab/cpu");
    assertEquals(lab.get("sentence").asText(), sentences.get(1).getText());
    assertTrue(sentences.get(1).getText().contains("the lab account's 300,000 CPU-minute budget"));
    assertEquals(
        "[1080,7080]",
        browser.js("return JSON.stringify(document.getElementById('budget-chart-1').data[0].y)"));
    assertTrue(
        browser
            .js("return document.getElementById('budget-chart-1').layout.title.text")
            .toString()
            .contains("lab account, cpu"));
    assertTrue(
        sentences
            .get(0)
            .getText()
            .contains("runs out on " + cpu.get("runs_out").asText() + " (UTC)"));
    // The samples: 12 a day ago, 12,012 now; the dashed forecast from 12,012 to the limit.
    assertEquals(
        "[12,12012]",
        browser.js("return JSON.stringify(document.getElementById('budget-chart-0').data[0].y)"));
    assertEquals(
        "[12012,600000]",
        browser.js("return JSON.stringify(document.getElementById('budget-chart-0').data[1].y)"));
    assertEquals(
        "dash", browser.js("return document.getElementById('budget-chart-0').data[1].line.dash"));
    assertEquals(
        cpu.at("/projection/1/0").asText(),
        browser.js("return document.getElementById('budget-chart-0').data[1].x[1]"));
    assertEquals(
        600000L,
        ((Number)
                browser.js("return document.getElementById('budget-chart-0').layout.shapes[0].y0"))
            .longValue());
    assertTrue(
        driver.findElements(By.cssSelector("#budget-chart-0 .main-svg")).size() > 0,
        "Plotly drew the chart");
    browser.js("document.getElementById('budget').scrollIntoView()");
    browser.screenshot("dashboard-budget.png");
    // normal has no GrpTRESMins: no budget in its data; the panel shows only its jobs' account's.
    assertTrue(
        json.readTree(site.resolve("data_normal.json").toFile()).path("budget").isMissingNode());
    browser.open(url + "#qos=normal");
    assertTrue(driver.findElement(By.id("budget")).isDisplayed());
    assertEquals(1, driver.findElements(By.cssSelector("#budget .budget-sentence")).size());
    assertEquals(
        "lab account",
        browser.js("return document.querySelector('#budget .budget-tres').dataset.owner"));
  }
}
