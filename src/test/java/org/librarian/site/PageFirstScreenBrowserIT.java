package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The first screen of the dashboard (one period everywhere, scales that fit, stable colours, dark
 * mode, the phone) in Debian's headless Chromium, against the demo site librarian builds and serves
 * on 127.0.0.1. Screenshots go to target/browser/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PageFirstScreenBrowserIT {
  static final Path SHOTS = Path.of("target", "browser");

  @TempDir static Path tmp;
  final ObjectMapper json = new ObjectMapper();
  final List<SiteServer> servers = new ArrayList<>();
  ChromeDriver driver;
  Path demo;
  String demoUrl;

  @BeforeAll
  void buildSiteAndStartBrowser() throws IOException {
    if (!Files.isExecutable(Path.of(DashboardBrowserIT.CHROMIUM))
        || !Files.isExecutable(Path.of(DashboardBrowserIT.CHROMEDRIVER))) {
      fail("the browser tests need Debian's chromium and chromium-driver");
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    demo = tmp.resolve("demo");
    Cli.Run run = new Cli(tmp).clock(now).run("demo", "--out", demo.toString(), "--no-plots");
    assertEquals(0, run.code(), run.err());
    SiteServer server = new SiteServer(demo, "127.0.0.1", 0);
    servers.add(server);
    demoUrl = server.uri().toString();
    Files.createDirectories(SHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(DashboardBrowserIT.CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1440,900",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DashboardBrowserIT.CHROMEDRIVER))
            .build();
    driver = new ChromeDriver(service, options);
  }

  @BeforeEach
  void cleanBrowser() {
    driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    driver.manage().window().setSize(new Dimension(1440, 900));
    driver.get(demoUrl + "style.css");
    js("localStorage.clear()");
  }

  @AfterAll
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    servers.forEach(SiteServer::close);
  }

  // ---- the tests ---------------------------------------------------------------------------

  /**
   * The sentence at the top covers the preset the charts show, and says what waited for the limit
   * in it: the run's sentence of that preset, word for word.
   */
  @Test
  void theSummaryCoversThePeriodThePresetShows() throws IOException {
    open(demoUrl);
    JsonNode summaries = data("avery").get("summaries");
    String month = driver.findElement(By.id("summary")).getText();
    assertEquals(summaries.get("30d").asText(), month);
    assertTrue(month.startsWith("Last 30 days ("), month);
    assertTrue(month.contains(" CPU-hours for the QoS limit."), month);
    for (String[] preset : new String[][] {{"7d", "Last 7 days ("}, {"6h", "Last 6 hours ("}}) {
      click("#presets button[data-range='" + preset[0] + "']");
      waitFor("return document.getElementById('summary').dataset.period === '" + preset[0] + "'");
      String shown = driver.findElement(By.id("summary")).getText();
      assertEquals(summaries.get(preset[0]).asText(), shown);
      assertTrue(shown.startsWith(preset[1]), shown);
    }
    assertTrue(
        driver
            .findElement(By.id("efficiency-when"))
            .getText()
            .endsWith("(the whole window, whichever range the charts show)"));
  }

  /**
   * The CPU chart's y-axis runs to 1.08 × the larger of the most CPUs in use at once (the users'
   * stacked hourly averages of the bins in view) and the limit, 430 CPUs; work waiting sits on its
   * own axis above and no longer sets that scale. At 6h only the last six hours' bins count.
   */
  @Test
  void usageAndTheLimitSetTheScaleOfTheVisibleRange() throws IOException {
    open(demoUrl);
    JsonNode data = data("avery");
    Instant end = OffsetDateTime.parse(data.at("/metadata/window_end").asText()).toInstant();
    assertEquals(
        1.08 * Math.max(430, peak(data, end.minus(Duration.ofDays(30)), end)), yTop(), 1e-6);
    assertEquals(
        "y2",
        js(
            "return document.getElementById('chart-NCPUS').data.find(t => t.meta === 'waiting').yaxis"));
    click("#presets button[data-range='6h']");
    double sixHours = 1.08 * Math.max(430, peak(data, end.minus(Duration.ofHours(6)), end));
    waitFor(
        "return Math.abs(document.getElementById('chart-NCPUS').layout.yaxis.range[1] - "
            + sixHours
            + ") < 1e-6");
    screenshot("first-screen-6h.png");
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

  double yTop() {
    return ((Number) js("return document.getElementById('chart-NCPUS').layout.yaxis.range[1]"))
        .doubleValue();
  }

  JsonNode data(String qos) throws IOException {
    return json.readTree(demo.resolve("data_" + qos + ".json").toFile());
  }

  void open(String url) {
    driver.get("about:blank");
    driver.get(url);
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(d -> driver.findElement(By.tagName("body")).getAttribute("data-renders") != null);
  }

  void waitFor(String script) {
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(js(script)));
  }

  Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  void click(String css) {
    driver.findElement(By.cssSelector(css)).click();
  }

  void screenshot(String name) {
    try {
      Files.write(
          SHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
