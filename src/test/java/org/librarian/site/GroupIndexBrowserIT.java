package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Browser;
import org.librarian.testing.Cli;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The list of groups (groups.html) in Debian's headless Chromium: the hand-made centre split by
 * account (lab-a: mean 2 of 10 CPUs = 20 %; lab-b: 2.36 of 16 = 14.77 %, see {@link
 * GroupIndexTest}), sorted, filtered and followed to a group's tab; and a site of 13 QoS, more than
 * {@link GroupIndex#MANY}, whose dashboard opens on the list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupIndexBrowserIT {
  @TempDir static Path tmp;
  Browser browser;
  ChromeDriver driver;
  String accounts;
  String many;

  private Path site(String name, String yaml, Path sacct) throws Exception {
    Path work = Files.createDirectories(tmp.resolve(name));
    Files.writeString(work.resolve("librarian.yaml"), yaml);
    List<String> args =
        new ArrayList<>(List.of("parse", "--sacct-file", sacct.toString(), "--out", "site"));
    args.addAll(Cli.GROUPS_REPLAY);
    Cli.Run run = new Cli(work).run(args.toArray(String[]::new));
    assertEquals(0, run.code(), run.err());
    return work.resolve("site");
  }

  @BeforeAll
  void buildSitesAndStartBrowser() throws Exception {
    // The page's now: 12:45, before lab-a's and lab-b's data go stale at 13:00.
    browser = Browser.start(1400, 900).clockAt(Instant.parse("2026-11-20T12:45:00Z"));
    driver = browser.driver();
    accounts =
        browser.serve(
            site(
                "accounts",
                "accounts:\n  - name: lab-a\n    limits: {cpus: 10}\n"
                    + "  - name: lab-b\n    limits: {cpus: 16}\n",
                Path.of("src/test/resources/groups/centre.sacct.txt").toAbsolutePath()));
    // 13 QoS q01 ... q13, one job each: q<i> holds i CPUs from 08:00 to 09:00.
    StringBuilder rows =
        new StringBuilder(
            "JobID|JobIDRaw|User|Account|QOS|State|Submit|Start|End|ElapsedRaw|NCPUS\n");
    for (int i = 1; i <= 13; i++) {
      rows.append(
          String.format(
              "%d|%d|u%d|lab|q%02d|COMPLETED|1795161600|1795161600|1795165200|3600|%d%n",
              i, i, i, i, i));
    }
    Path file = Files.writeString(tmp.resolve("thirteen.sacct.txt"), rows.toString());
    many = browser.serve(site("many", "qos: all\n", file));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  private List<String> names() {
    return driver.findElements(By.cssSelector("#rows tr")).stream()
        .map(r -> r.getAttribute("data-group"))
        .toList();
  }

  private void openList(String url) {
    driver.get("about:blank");
    driver.get(url + GroupIndex.PAGE);
    waiting().until(d -> !d.findElements(By.cssSelector("#rows tr")).isEmpty());
  }

  @Test
  void sortsByAColumnFiltersByNameAndLinksToTheTab() throws Exception {
    openList(accounts);
    assertEquals(List.of("lab-a", "lab-b"), names());
    WebElement labA = driver.findElement(By.cssSelector("#rows tr[data-group='lab-a']"));
    assertEquals(
        "2 of 10 CPUs (20 %)", labA.findElement(By.cssSelector("td.col-use_window")).getText());
    assertTrue(
        labA.findElement(By.cssSelector("td.col-spark svg"))
            .getAttribute("aria-label")
            .startsWith("daily mean CPUs in use, 2026-11-20 07:00 UTC"));
    assertTrue(!labA.getAttribute("class").contains("stale"), labA.getAttribute("class"));
    WebElement byMean = driver.findElement(By.cssSelector("th[data-key='use_window'] button"));
    byMean.click(); // ascending: lab-b 14.77 % before lab-a 20 %
    assertEquals(List.of("lab-b", "lab-a"), names());
    driver.findElement(By.cssSelector("th[data-key='use_window'] button")).click();
    assertEquals(List.of("lab-a", "lab-b"), names());
    driver.findElement(By.id("filter")).sendKeys("-b");
    assertEquals(List.of("lab-b"), names());
    assertEquals("1 of 2 groups", driver.findElement(By.id("count")).getText());
    browser.screenshot("group-index.png");
    driver.findElement(By.cssSelector("#rows tr[data-group='lab-b'] td.col-name a")).click();
    // The page then writes its range into the hash too.
    waiting().until(d -> d.getCurrentUrl().contains("index.html#qos=lab-b"));
    browser.waitForRender(1);
    assertTrue(
        driver.findElement(By.id("summary")).getText().contains("lab-b"),
        driver.findElement(By.id("summary")).getText());
  }

  @Test
  void aSiteOfManyGroupsOpensOnTheList() {
    driver.get("about:blank");
    driver.get(many);
    waiting().until(d -> d.getCurrentUrl().endsWith(GroupIndex.PAGE));
    waiting().until(d -> d.findElements(By.cssSelector("#rows tr")).size() == 13);
    assertEquals("q01", names().get(0));
    driver.findElement(By.cssSelector("th[data-key='name'] button")).click(); // by name, descending
    assertEquals(List.of("q13", "q12"), names().subList(0, 2));
    // q07 held 7 CPUs 08:00-09:00: no limit known, so its use is said in CPUs.
    assertEquals(
        "0 CPUs (no CPU limit known)",
        driver.findElement(By.cssSelector("#rows tr[data-group='q07'] td.col-use_now")).getText());
  }
}
