package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Browser;
import org.librarian.testing.Cli;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A demo site with avery sealed by a passphrase (docs/privacy.md), in Debian's headless Chromium,
 * served by librarian on 127.0.0.1 (a secure context, so WebCrypto is there): the right passphrase
 * shows avery's charts and users, a wrong one says so and shows nothing of avery.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivatePageBrowserIT {
  static final String PASSPHRASE = "otters sleep at noon";

  @TempDir static Path tmp;
  String url;
  JsonNode plain;
  List<String> users;
  final ObjectMapper json = new ObjectMapper();
  @RegisterExtension final Browser browser = Browser.start(1400, 1700);
  final ChromeDriver driver = browser.driver();

  @BeforeAll
  void buildSite() throws IOException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Cli.Run demo = new Cli(tmp).clock(now).run("demo", "--out", "site");
    assertEquals(0, demo.code(), demo.err());
    plain = json.readTree(tmp.resolve("site/data_avery.json").toFile());
    users = DashboardBrowserIT.users(plain);
    Path passphrases = tmp.resolve("passphrases");
    Files.writeString(passphrases, "avery " + PASSPHRASE + "\n");
    Files.setPosixFilePermissions(passphrases, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(
        tmp.resolve("librarian.yaml"),
        "output: site\nprivacy:\n  passphrases: passphrases\n  show_protected_names: true\n");
    Cli.Run site = new Cli(tmp).clock(now).run("site", "--config", "librarian.yaml");
    assertEquals(0, site.code(), site.err());
    assertFalse(Files.exists(tmp.resolve("site/data_avery.json")));
    url = browser.serve(tmp.resolve("site"));
  }

  @BeforeEach
  void forgetThePassphrase() {
    driver.get(url + "style.css");
    browser.js("sessionStorage.clear()");
  }

  @Test
  void theRightPassphraseShowsTheGroupsChartsUsersAndFiles() {
    openLocked();
    WebElement input = driver.findElement(By.id("unlock-pass"));
    input.sendKeys(PASSPHRASE, Keys.ENTER); // Enter submits the form
    browser.waitFor(
        "const c = document.getElementById('chart-NCPUS');"
            + " return !!(c && c.layout && c.layout.shapes && c.layout.shapes[0].y0 === 430)");

    assertEquals(
        DashboardBrowserIT.bandNames(plain),
        browser.js(
            "return document.getElementById('chart-NCPUS').data"
                + ".filter(t => t.stackgroup === 'one').map(t => t.name)"));
    assertTrue(driver.findElement(By.id("unlock")).getAttribute("hidden") != null);
    assertTrue(driver.findElement(By.id("error")).getAttribute("hidden") != null);
    String body = text("body");
    for (String user : List.of("otter", "hawk", "finch")) {
      assertTrue(users.contains(user), user);
      assertTrue(body.contains(user), user + " shown");
    }
    // The totals table: otter's CPU-hours as the JSON has them (one decimal shown).
    double otter = plain.at("/totals/otter/cpu_hours").asDouble();
    assertEquals(otter, cpuHours("otter"), 0.0501);

    // The files are links to decrypted copies: the PNG and the PDF start as such files do.
    List<WebElement> links = driver.findElements(By.cssSelector("#files a"));
    List<String> names = links.stream().map(WebElement::getText).toList();
    assertTrue(
        names.containsAll(
            List.of("data_avery.json", "NCPUS_avery.png", "NCPUS_avery.pdf", "report_avery.pdf")),
        names.toString());
    for (WebElement a : links) {
      assertTrue(a.getAttribute("href").startsWith("blob:"), a.getAttribute("href"));
    }
    // PNG: 89 50 4E 47 0D 0A 1A 0A; PDF: "%PDF" = 25 50 44 46.
    assertEquals(
        List.of(137L, 80L, 78L, 71L, 13L, 10L, 26L, 10L), firstBytes("NCPUS_avery.png", 8));
    assertEquals(List.of(37L, 80L, 68L, 70L), firstBytes("report_avery.pdf", 4));
    browser.screenshot("private-open.png");

    // The job drill-down: the sealed jobs file, opened when Jobs is. The families table's first
    // row is the family of the most CPU-hours held, the data's first; all its jobs on one page.
    JsonNode family = plain.at("/families/list/0");
    long jobs = family.get("jobs").asLong();
    assertTrue(jobs > 0 && jobs <= 25, jobs + " jobs");
    browser.js("document.querySelector('#families tbody tr').children[1].click()");
    browser.waitFor("return document.querySelectorAll('#jobs-table tbody tr').length > 0");
    assertEquals(
        "Jobs of " + family.get("user").asText() + "'s family " + family.get("name").asText(),
        text("#jobs-title"));
    assertEquals(
        jobs, browser.js("return document.querySelectorAll('#jobs-table tbody tr').length"));
    assertTrue(driver.findElement(By.id("jobs-message")).getAttribute("hidden") != null);

    // For the browser session the passphrase is kept: a reload opens the group without asking.
    driver.navigate().refresh();
    browser.waitFor(
        "const c = document.getElementById('chart-NCPUS');"
            + " return !!(c && c.layout && c.layout.shapes && c.layout.shapes[0].y0 === 430)");
    assertEquals(
        PASSPHRASE, browser.js("return sessionStorage.getItem('librarian-passphrase:avery')"));
  }

  @Test
  void aWrongPassphraseSaysSoAndShowsNothingOfTheGroup() {
    openLocked();
    driver.findElement(By.id("unlock-pass")).sendKeys("otters sleep at night", Keys.ENTER);
    browser.waitFor(
        "return document.getElementById('unlock-message').textContent"
            + " === \"That passphrase does not open avery's data.\"");

    assertEquals("alert", driver.findElement(By.id("unlock-message")).getAttribute("role"));
    assertTrue(driver.findElement(By.id("charts")).getAttribute("hidden") != null);
    assertEquals(0L, browser.js("return document.querySelectorAll('#files a').length"));
    assertEquals(false, browser.js("return 'avery' in window.librarianDashboard.state.data"));
    String body = text("body");
    for (String user : users) {
      assertFalse(body.contains(user), user + " shown: " + body);
    }
    assertEquals(null, browser.js("return sessionStorage.getItem('librarian-passphrase:avery')"));
    browser.screenshot("private-wrong.png");
    // The page still works: the other group opens as usual.
    driver.findElement(By.cssSelector("#tabs button[data-qos='avery-b']")).click();
    browser.waitFor(
        "const c = document.getElementById('chart-NCPUS');"
            + " return !!(c && c.layout && c.layout.shapes && c.layout.shapes[0].y0 === 3870)");
  }

  /** Opens avery's tab: the form asks for its passphrase, and nothing of avery is shown. */
  void openLocked() {
    driver.get("about:blank");
    driver.get(url + "#qos=avery");
    browser.waitFor(
        "return document.getElementById('unlock') && !document.getElementById('unlock').hidden");
    assertEquals(
        "Passphrase for avery", text("label[for='unlock-pass']"), "the field has its label");
    assertTrue(
        text("#error").contains("avery's data is protected by a passphrase"), text("#error"));
    assertEquals("avery", browser.js("return window.librarianDashboard.state.qos"));
    String body = text("body");
    for (String user : users) {
      assertFalse(body.contains(user), user + " shown before the passphrase: " + body);
    }
  }

  double cpuHours(String user) {
    for (WebElement row : driver.findElements(By.cssSelector("#totals tbody tr:not(.total)"))) {
      List<WebElement> cells = row.findElements(By.tagName("td"));
      if (cells.get(0).getText().equals(user)) {
        return DashboardBrowserIT.number(cells.get(1).getText());
      }
    }
    throw new AssertionError("no row of " + user + " in the totals");
  }

  @SuppressWarnings("unchecked")
  List<Long> firstBytes(String name, int n) {
    return (List<Long>)
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + " const a = [...document.querySelectorAll('#files a')]"
                    + ".find(x => x.textContent === arguments[0]);"
                    + " fetch(a.href).then(r => r.arrayBuffer())"
                    + ".then(b => done(Array.from(new Uint8Array(b).slice(0, arguments[1]))));",
                name,
                n);
  }

  String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText();
  }
}
