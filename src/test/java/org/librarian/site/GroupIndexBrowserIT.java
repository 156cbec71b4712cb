package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
 * GroupIndexTest}), sorted, filtered and followed to a group's tab; a site of 13 QoS, more than
 * {@link GroupIndex#MANY}, whose dashboard opens on the list; and a list of 2,000 groups, shown a
 * page at a time but sorted and filtered over all of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupIndexBrowserIT {
  @TempDir static Path tmp;
  Browser browser;
  ChromeDriver driver;
  String accounts;
  String many;
  String thousands;

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
    thousands = browser.serve(twoThousand(tmp.resolve("accounts/site")));
  }

  /**
   * The accounts site with its index.json rewritten to 2,000 groups g0001 ... g2000 made from
   * lab-a's row, group i's mean use being (3 × i) mod 2000 % (3 is prime to 2000, so every value
   * from 0 to 1999 occurs once).
   */
  private static Path twoThousand(Path accounts) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("thousands"));
    try (Stream<Path> files = Files.list(accounts)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode index = (ObjectNode) json.readTree(dir.resolve(GroupIndex.FILE).toFile());
    ObjectNode labA = (ObjectNode) index.get("groups").get(0);
    ArrayNode groups = index.putArray("groups");
    for (int i = 1; i <= 2000; i++) {
      ObjectNode g = labA.deepCopy();
      String name = String.format("g%04d", i);
      g.put("name", name);
      g.put("link", "index.html#qos=" + name);
      int use = 3 * i % 2000;
      ObjectNode cell = (ObjectNode) g.get("cells").get("use_window");
      cell.put("value", use / 100.0);
      cell.put("text", use + " %");
      groups.add(g);
    }
    json.writeValue(dir.resolve(GroupIndex.FILE).toFile(), index);
    return dir;
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
    // A sparkline is drawn once its row is in view.
    waiting().until(d -> !d.findElements(By.cssSelector("#rows tr td.col-spark svg")).isEmpty());
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
    // A group's page links back to the list; a site of few groups (its tabs) has no such link.
    driver.findElement(By.cssSelector("#rows tr[data-group='q07'] td.col-name a")).click();
    waiting().until(d -> d.getCurrentUrl().contains("index.html#qos=q07"));
    browser.waitForRender(1);
    assertEquals("Usage of q07", driver.getTitle());
    assertEquals("Usage of q07", driver.findElement(By.cssSelector("header h1")).getText());
    WebElement back = driver.findElement(By.id("all-groups"));
    assertTrue(back.isDisplayed());
    assertEquals("All groups", back.getText());
    back.click();
    waiting().until(d -> d.getCurrentUrl().endsWith(GroupIndex.PAGE));
    driver.get("about:blank");
    driver.get(accounts + "index.html#qos=lab-a");
    browser.waitForRender(1);
    assertTrue(!driver.findElement(By.id("all-groups")).isDisplayed());
  }

  private List<String> firstNames(int n) {
    return names().subList(0, n);
  }

  private String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  @Test
  void twoThousandGroupsAreShownAPageAtATimeButSortedAndFilteredOverAll() {
    openList(thousands);
    assertEquals("2000 of 2000 groups", text("count"));
    assertEquals(100, names().size());
    assertEquals("groups 1–100 of 2000", text("page"));
    assertEquals(List.of("g0001", "g0002"), firstNames(2));
    // Sparklines only for the rows in view: a 900-pixel window holds far fewer than 100 rows.
    waiting().until(d -> !d.findElements(By.cssSelector("#rows svg")).isEmpty());
    int drawn = driver.findElements(By.cssSelector("#rows svg")).size();
    assertTrue(drawn < 100, drawn + " sparklines drawn");
    driver.findElement(By.cssSelector("th[data-key='use_window'] button")).click();
    // Ascending over all 2,000: 3 × 2000 mod 2000 = 0, 3 × 667 = 2001 → 1, 3 × 1334 = 4002 → 2.
    assertEquals(List.of("g2000", "g0667", "g1334"), firstNames(3));
    driver.findElement(By.cssSelector("th[data-key='use_window'] button")).click();
    // Descending: 3 × 1333 = 3999 → 1999, 3 × 666 = 1998, 3 × 1999 = 5997 → 1997.
    assertEquals(List.of("g1333", "g0666", "g1999"), firstNames(3));
    driver.findElement(By.id("next")).click();
    // The 101st: 1999 − 100 = 1899 = 3 × 633.
    assertEquals("groups 101–200 of 2000", text("page"));
    assertEquals("g0633", names().get(0));
    // A row far down the list, reached by its name: 3 × 1987 = 5961 → 1961 %.
    driver.findElement(By.id("filter")).sendKeys("g1987");
    assertEquals(List.of("g1987"), names());
    assertEquals("1 of 2000 groups", text("count"));
    assertEquals(
        "1961 %",
        driver
            .findElement(By.cssSelector("#rows tr[data-group='g1987'] td.col-use_window"))
            .getText());
    assertTrue(driver.findElement(By.id("pager")).getAttribute("hidden") != null);
  }
}
