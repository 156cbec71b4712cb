package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * The four answer cards at the top of the page, on the demo of seed 20261101 ending 2026-11-20
 * 12:00 New York time, in Debian's headless Chromium: visible without scrolling on a desktop and a
 * laptop screen, with the figures the run wrote for the preset shown, and following the presets
 * (This month and Last month among them). Screenshots go to target/browser/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnswerCardsBrowserIT {
  @TempDir static Path tmp;
  ChromeDriver driver;
  String url;
  SiteServer server;
  JsonNode avery;

  @BeforeAll
  void buildSiteAndStartBrowser() throws IOException {
    if (!Files.isExecutable(Path.of(DashboardBrowserIT.CHROMIUM))
        || !Files.isExecutable(Path.of(DashboardBrowserIT.CHROMEDRIVER))) {
      fail("the browser tests need Debian's chromium and chromium-driver");
    }
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
    server = new SiteServer(demo, "127.0.0.1", 0);
    url = server.uri().toString();
    Files.createDirectories(PageFirstScreenBrowserIT.SHOTS);
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

  /**
   * At 1440×900 and 1280×720 (the window's inner size) every card's box lies wholly inside the
   * first screen.
   */
  @Test
  void theFourCardsAreOnTheFirstScreen() {
    for (int[] size : new int[][] {{1440, 900}, {1280, 720}}) {
      driver.executeCdpCommand(
          "Emulation.setDeviceMetricsOverride",
          Map.of("width", size[0], "height", size[1], "deviceScaleFactor", 1, "mobile", false));
      open(url + "#range=30d");
      waitFor("return document.querySelectorAll('#answer-list [data-card]').length === 4");
      @SuppressWarnings("unchecked")
      List<Object> bottoms =
          (List<Object>)
              js(
                  "return [...document.querySelectorAll('#answer-list [data-card]')]"
                      + ".map(c => c.getBoundingClientRect().bottom)");
      long height = (Long) js("return window.innerHeight");
      assertEquals(size[1], height);
      for (Object b : bottoms) {
        assertTrue(((Number) b).doubleValue() <= height, size[0] + "x" + size[1] + ": " + bottoms);
      }
      screenshot("answer-cards-" + size[0] + "x" + size[1] + ".png");
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
    open(url + "#range=30d");
    waitFor("return document.getElementById('answer-cards').dataset.period === '30d'");
    assertEquals(
        List.of("176,279 CPU-hours", "148 h with work waiting", "35 % idle", "otter"), values());
    assertEquals(
        "Last 30 days: 21 Oct 13:00 EDT – 20 Nov 12:00 EST",
        driver.findElement(By.id("answer-period")).getText());
    assertTrue(
        card("used")
            .contains("No data before 21 Oct 13:00 EDT: no comparison with the 30 days before."),
        card("used"));
    assertTrue(card("used").contains("normal (50–90 %)"), card("used"));
    assertTrue(card("waste").contains("efficiency fine (≥ 50 % used)"), card("waste"));

    click("#presets button[data-range='7d']");
    waitFor("return document.getElementById('answer-cards').dataset.period === '7d'");
    assertEquals("42,478 CPU-hours", values().get(0));
    assertTrue(
        card("used").contains("▲ 11 % vs the 7 days before (38,115 CPU-hours)"), card("used"));
    assertEquals(text(avery.at("/answers/7d/cards/0/lines")), lines("used"));

    click("#presets button[data-range='month']");
    waitFor("return document.getElementById('answer-cards').dataset.period === 'month'");
    assertEquals("114,592 CPU-hours", values().get(0));
    assertEquals("2026-11-01T00:00", driver.findElement(By.id("from")).getAttribute("value"));
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

    click("#presets button[data-range='last-month']");
    waitFor("return document.getElementById('answer-cards').dataset.period === 'last-month'");
    assertEquals("61,687 CPU-hours", values().get(0));
    assertTrue(
        card("used")
            .contains(
                "No data before 21 Oct 13:00 EDT: the figures cover the period from there on."),
        card("used"));
    // The charts show October from the daily history, in the data's zone.
    waitFor("return document.getElementById('from').value === '2026-10-01T00:00'");
    assertEquals("2026-11-01T00:00", driver.findElement(By.id("to")).getAttribute("value"));
    screenshot("answer-cards-last-month.png");
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

  void open(String page) {
    driver.get("about:blank");
    driver.get(page);
    new WebDriverWait(driver, Duration.ofSeconds(60))
        .until(d -> driver.findElement(By.tagName("body")).getAttribute("data-renders") != null);
  }

  void waitFor(String script) {
    new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> Boolean.TRUE.equals(js(script)));
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
          PageFirstScreenBrowserIT.SHOTS.resolve(name),
          ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
