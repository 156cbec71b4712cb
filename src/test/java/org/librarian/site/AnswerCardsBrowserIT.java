package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Browser;
import org.librarian.testing.Cli;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The four answer cards at the top of the page, on the demo of seed 20261101 ending 2026-11-20
 * 12:00 New York time, in Debian's headless Chromium: visible without scrolling on a desktop and a
 * laptop screen, with the figures the run wrote for the preset shown, and following the presets
 * (This month and Last month among them). Screenshots go to target/browser/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnswerCardsBrowserIT {
  @TempDir static Path tmp;
  Browser browser;
  ChromeDriver driver;
  String url;
  JsonNode avery;

  @BeforeAll
  void buildSiteAndStartBrowser() throws IOException {
    browser = Browser.start(1440, 900);
    driver = browser.driver();
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
    url = browser.serve(demo);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
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
      browser.open(url + "#range=30d");
      browser.waitFor("return document.querySelectorAll('#answer-list [data-card]').length === 4");
      @SuppressWarnings("unchecked")
      List<Object> bottoms =
          (List<Object>)
              browser.js(
                  "return [...document.querySelectorAll('#answer-list [data-card]')]"
                      + ".map(c => c.getBoundingClientRect().bottom)");
      long height = (Long) browser.js("return window.innerHeight");
      assertEquals(size[1], height);
      for (Object b : bottoms) {
        assertTrue(((Number) b).doubleValue() <= height, size[0] + "x" + size[1] + ": " + bottoms);
      }
      browser.screenshot("answer-cards-" + size[0] + "x" + size[1] + ".png");
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
    browser.open(url + "#range=30d");
    browser.waitFor("return document.getElementById('answer-cards').dataset.period === '30d'");
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

    browser.click("#presets button[data-range='7d']");
    browser.waitFor("return document.getElementById('answer-cards').dataset.period === '7d'");
    assertEquals("42,478 CPU-hours", values().get(0));
    assertTrue(
        card("used").contains("▲ 11 % vs the 7 days before (38,115 CPU-hours)"), card("used"));
    assertEquals(text(avery.at("/answers/7d/cards/0/lines")), lines("used"));

    browser.click("#presets button[data-range='month']");
    browser.waitFor("return document.getElementById('answer-cards').dataset.period === 'month'");
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

    browser.click("#presets button[data-range='last-month']");
    browser.waitFor(
        "return document.getElementById('answer-cards').dataset.period === 'last-month'");
    assertEquals("61,687 CPU-hours", values().get(0));
    assertTrue(
        card("used")
            .contains(
                "No data before 21 Oct 13:00 EDT: the figures cover the period from there on."),
        card("used"));
    // The charts show October from the daily history, in the data's zone.
    browser.waitFor("return document.getElementById('from').value === '2026-10-01T00:00'");
    assertEquals("2026-11-01T00:00", driver.findElement(By.id("to")).getAttribute("value"));
    browser.screenshot("answer-cards-last-month.png");
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
}
