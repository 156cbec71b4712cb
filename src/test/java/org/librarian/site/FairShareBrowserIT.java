package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.cli.FairShareRunTest;
import org.librarian.testing.Browser;
import org.librarian.testing.Cli;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The fair-share panel and the waiting jobs with Slurm's estimate, in Debian's headless Chromium: a
 * demo site whose avery data carries the {@code fairshare} and {@code waiting_jobs} sections a live
 * parse wrote (the case of {@link FairShareRunTest}); avery-b has neither and shows neither panel.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FairShareBrowserIT {
  @TempDir static Path tmp;
  String url;
  JsonNode live;
  ZoneId zone;
  @RegisterExtension final Browser browser = Browser.start(1400, 1700);
  final ChromeDriver driver = browser.driver();

  @BeforeAll
  void buildSite() throws Exception {
    Path site = Cli.demoSite(tmp, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    live = FairShareRunTest.liveData(Files.createDirectories(tmp.resolve("live")));
    ObjectNode avery =
        (ObjectNode) new ObjectMapper().readTree(site.resolve("data_avery.json").toFile());
    avery.set("fairshare", live.get("fairshare"));
    avery.set("waiting_jobs", live.get("waiting_jobs"));
    Files.writeString(site.resolve("data_avery.json"), avery.toString());
    zone = ZoneId.of(avery.at("/metadata/timezone").asText());
    url = browser.serve(site);
  }

  void open(String hash) {
    browser.open(url + hash);
  }

  List<String> cells(WebElement row) {
    return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
  }

  /**
   * The table shows sshare's figures as the JSON has them: lab 0.25 of the shares (raw 1) → "25.0 %
   * (1)", 0.41 of the usage → "41.0 %", no factor → "–", LevelFS 0.609756 → "0.61"; ann 0.5 → "50.0
   * % (1)", 1.0 → "100.0 %", 0.31, 0.50. The sentences are the run's.
   */
  @Test
  void theFairSharePanelShowsWhatTheJsonSays() throws Exception {
    open("#qos=avery");
    assertTrue(driver.findElement(By.id("fairshare")).isDisplayed());
    List<WebElement> rows = driver.findElements(By.cssSelector("#fairshare-rows tr"));
    // lab, ann, bob, other-lab, cyd
    assertEquals(5, rows.size());
    assertEquals(List.of("lab", "25.0 % (1)", "41.0 %", "–", "0.61"), cells(rows.get(0)));
    assertEquals(
        List.of("ann", "50.0 % (1)", "100.0 %", "0.31", "0.50"),
        cells(rows.get(1)).stream().map(String::strip).toList());
    assertEquals(List.of("other-lab", "75.0 % (3)", "59.0 %", "–", "1.27"), cells(rows.get(3)));
    List<String> sentences =
        driver.findElements(By.cssSelector("#fairshare-sentences p")).stream()
            .map(WebElement::getText)
            .toList();
    assertEquals(
        List.of(
            live.at("/fairshare/accounts/0/sentence").asText(),
            live.at("/fairshare/accounts/1/sentence").asText()),
        sentences);
    assertTrue(sentences.get(0).contains("halves every 7 days"), sentences.get(0));
    screenshot("fairshare.png", "fairshare");
  }

  /** The panel {@code id} as the browser draws it, into target/browser/. */
  void screenshot(String name, String id) {
    browser.screenshot(name, driver.findElement(By.id(id)));
  }

  /**
   * Job 3's estimate 2026-11-20T13:00:00Z shown in the data's zone; job 4's N/A as "–"; the range
   * of job 3's shape as the run wrote it.
   */
  @Test
  void theWaitingJobsShowSlurmsEstimateLabelledAsSlurms() throws Exception {
    open("#qos=avery");
    assertTrue(driver.findElement(By.id("waiting-jobs")).isDisplayed());
    assertEquals("Slurm's estimate", driver.findElement(By.id("waiting-jobs-slurm")).getText());
    List<String> job3 =
        cells(driver.findElement(By.cssSelector("#waiting-jobs-rows tr[data-job='3']")));
    String estimate =
        OffsetDateTime.parse(live.at("/waiting_jobs/jobs/0/slurm_start").asText())
            .atZoneSameInstant(zone)
            .format(DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm"));
    assertTrue(job3.get(6).startsWith(estimate + " "), job3 + " " + estimate);
    assertEquals("typically 12 min – 2 h for 9–32 CPUs without GPUs", job3.get(7));
    assertEquals(List.of("3", "bob", "16", "0", "QOSGrpCpuLimit"), job3.subList(0, 5));
    List<String> job4 =
        cells(driver.findElement(By.cssSelector("#waiting-jobs-rows tr[data-job='4']")));
    assertEquals("–", job4.get(6));
    assertEquals("–", job4.get(7));
    screenshot("waiting-jobs.png", "waiting-jobs");
  }

  @Test
  void withoutTheSectionsNeitherPanelShows() {
    open("#qos=avery-b");
    assertFalse(driver.findElement(By.id("fairshare")).isDisplayed());
    assertFalse(driver.findElement(By.id("waiting-jobs")).isDisplayed());
  }
}
