package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeAccounting;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

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
  SiteServer server;
  ChromeDriver driver;
  Path site;

  @BeforeAll
  void buildSiteAndStartBrowser() throws Exception {
    if (!Files.isExecutable(Path.of(DashboardBrowserIT.CHROMIUM))
        || !Files.isExecutable(Path.of(DashboardBrowserIT.CHROMEDRIVER))) {
      fail("the browser tests need Debian's chromium and chromium-driver");
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Files.writeString(
        tmp.resolve("librarian.yaml"),
        String.join(
            "\n",
            "timezone: UTC",
            "output: site",
            "state_dir: state",
            "qos:",
            "  - name: avery-b",
            "    limits: {cpus: 64}",
            "  - name: normal",
            "    limits: {cpus: 64}",
            ""));
    FakeAccounting sacct = new FakeAccounting();
    sacct.add(
        "100", "ann", "avery-b", "RUNNING", now.minus(Duration.ofDays(3)).getEpochSecond(), -1, 16);
    sacct.add(
        "101", "bob", "normal", "RUNNING", now.minus(Duration.ofDays(3)).getEpochSecond(), -1, 4);
    parse(sacct, now.minus(Duration.ofDays(1)), 12);
    parse(sacct, now, 12_012);
    site = tmp.resolve("site");
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

  /**
   * One parse of avery-b and normal against Slurm at {@code at}, avery-b's used value {@code used}.
   */
  void parse(FakeAccounting sacct, Instant at, long used) throws Exception {
    String all =
        Files.readString(RECORDED.resolve("scontrol-assoc-mgr-qos-all.txt"))
            .replace("GrpTRESMins=cpu=600000(12)", "GrpTRESMins=cpu=600000(" + used + ")");
    String flags = Files.readString(RECORDED.resolve("sacctmgr-qos-flags-usagefactor.txt"));
    // The account lab (of every fake job) has GrpTRESMins cpu=300000, used 1,080 then 7,080.
    String assoc =
        Files.readString(RECORDED.resolve("scontrol-assoc-mgr-assoc-avery-lab-budget.txt"))
            .replace("Account=avery-lab", "Account=lab")
            .replace("cpu=300000(1080)", "cpu=300000(" + (used == 12 ? 1080 : 7080) + ")");
    CommandRunner runner =
        c -> {
          String program = Path.of(c.argv().get(0)).getFileName().toString();
          return switch (program) {
            case "sacct" -> sacct.run(c);
            case "scontrol" ->
                new CommandResult(0, c.argv().contains("flags=assoc") ? assoc : all, "");
            case "sacctmgr" -> new CommandResult(0, flags, "");
            default -> throw new AssertionError("unexpected " + c.display());
          };
        };
    sacct.now = at;
    Cli.Run run =
        new Cli(tmp)
            .programs("sacct", "scontrol", "sacctmgr")
            .runner(runner)
            .clock(at)
            .run("parse", "--window", "2d", "--no-plots");
    assertEquals(0, run.code(), run.err());
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

  @Test
  void theBudgetChartAndItsSentencesFollowTheJson() throws Exception {
    JsonNode cpu = json.readTree(site.resolve("data_avery-b.json").toFile()).at("/budget/cpu");
    assertEquals("sampled", cpu.get("basis").asText(), cpu.toString());
    open(server.uri() + "#qos=avery-b");
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
        js("return JSON.stringify(document.getElementById('budget-chart-1').data[0].y)"));
    assertTrue(
        js("return document.getElementById('budget-chart-1').layout.title.text")
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
        js("return JSON.stringify(document.getElementById('budget-chart-0').data[0].y)"));
    assertEquals(
        "[12012,600000]",
        js("return JSON.stringify(document.getElementById('budget-chart-0').data[1].y)"));
    assertEquals("dash", js("return document.getElementById('budget-chart-0').data[1].line.dash"));
    assertEquals(
        cpu.at("/projection/1/0").asText(),
        js("return document.getElementById('budget-chart-0').data[1].x[1]"));
    assertEquals(
        600000L,
        ((Number) js("return document.getElementById('budget-chart-0').layout.shapes[0].y0"))
            .longValue());
    assertTrue(
        driver.findElements(By.cssSelector("#budget-chart-0 .main-svg")).size() > 0,
        "Plotly drew the chart");
    js("document.getElementById('budget').scrollIntoView()");
    Files.createDirectories(DashboardBrowserIT.SHOTS);
    Files.write(
        DashboardBrowserIT.SHOTS.resolve("dashboard-budget.png"),
        ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    // normal has no GrpTRESMins: no budget in its data; the panel shows only its jobs' account's.
    assertTrue(
        json.readTree(site.resolve("data_normal.json").toFile()).path("budget").isMissingNode());
    open(server.uri() + "#qos=normal");
    assertTrue(driver.findElement(By.id("budget")).isDisplayed());
    assertEquals(1, driver.findElements(By.cssSelector("#budget .budget-sentence")).size());
    assertEquals(
        "lab account", js("return document.querySelector('#budget .budget-tres').dataset.owner"));
  }

  void open(String url) {
    driver.get("about:blank");
    driver.get(url);
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(
            d -> {
              String r = driver.findElement(By.tagName("body")).getAttribute("data-renders");
              return r != null && Integer.parseInt(r) >= 1;
            });
  }

  Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }
}
