package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Browser;

/**
 * The screenshots of docs/screenshots/: the demo's page at 1440×900, 1280×720 and 390×844, light
 * and dark, made at a fixed moment so that they change only when the page does. Each size is
 * checked as the docs promise it (the four answers on the first screen on desktop and laptop,
 * within two screens on a phone; nothing scrolls sideways), then drawn into target/browser/docs/.
 * {@code -Ddocs.screenshots=update} copies them into docs/screenshots/ (look at them before
 * committing).
 *
 * <p>The same demo, in Europe/Berlin at 2026-11-30 09:00 UTC (10:00 CET), in Debian's headless
 * Chromium (en-US, whose own name for Berlin's winter time is "GMT+1"): every time on the page
 * names the zone as the sentences and cards do, CET, and the range inputs show and take ISO dates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocsScreenshotsBrowserIT {
  /** The moment of the screenshots: the demo is made then, and the page's clock reads it. */
  static final Instant AT = Instant.parse("2026-11-30T09:00:00Z");

  static final Path DOCS = Path.of("docs", "screenshots");

  @RegisterExtension static final Browser browser = Browser.perClass(1440, 900);
  @TempDir static Path tmp;
  String url;

  @BeforeAll
  void makeTheDemo() {
    url = browser.serveDemo(tmp, AT, "Europe/Berlin");
  }

  @Test
  void eachSizeLightAndDarkShowsTheAnswersAndIsDrawnForTheDocs() throws IOException {
    Files.createDirectories(Browser.SHOTS.resolve("docs"));
    for (int[] size : new int[][] {{1440, 900}, {1280, 720}, {390, 844}}) {
      for (String theme : List.of("light", "dark")) {
        String name = size[0] + "x" + size[1] + "-" + theme;
        browser.screen(size[0], size[1]);
        browser
            .driver()
            .executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of(
                    "features", List.of(Map.of("name", "prefers-color-scheme", "value", theme))));
        browser.open(url + "#range=30d");
        browser.waitFor(
            "return document.querySelectorAll('#answer-list [data-card]').length === 4");
        assertEquals(
            theme.equals("dark") ? "dark" : "",
            browser.js("return document.documentElement.dataset.theme || ''"),
            name);
        // The four answers: on the first screen on desktop and laptop, within two on a phone.
        double bottom =
            ((Number)
                    browser.js(
                        "return Math.max(...[...document.querySelectorAll('#answer-list [data-card]')]"
                            + ".map(c => c.getBoundingClientRect().bottom))"))
                .doubleValue();
        int screens = size[0] < 600 ? 2 : 1;
        assertTrue(bottom <= screens * size[1], name + ": the last card ends at " + bottom + " px");
        assertTrue(
            (Boolean)
                browser.js(
                    "return document.documentElement.scrollWidth"
                        + " <= document.documentElement.clientWidth"),
            name + ": the page scrolls sideways");
        browser.screenshot("docs/" + name + ".png");
      }
    }
    browser.driver().executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    if ("update".equals(System.getProperty("docs.screenshots"))) {
      Files.createDirectories(DOCS);
      try (var shots = Files.list(Browser.SHOTS.resolve("docs"))) {
        for (Path shot : shots.toList()) {
          Files.copy(shot, DOCS.resolve(shot.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private void open(String hash) {
    browser.open(url + hash);
    browser.waitFor("return document.querySelectorAll('#answer-list [data-card]').length === 4");
  }

  private String text() {
    return (String) browser.js("return document.body.innerText");
  }

  @Test
  void everyTimeOnThePageNamesTheZoneCet() {
    for (String preset : new String[] {"7d", "90d"}) {
      open("#range=" + preset);
      String page = text();
      assertTrue(page.contains("Times in Europe/Berlin (CET)"), preset);
      assertFalse(page.contains("GMT+"), preset + ": " + page);
      assertTrue(page.contains(" CET"), preset);
    }
  }

  @Test
  void theRangeInputsShowAndTakeIsoDates() {
    open("#range=7d");
    // 7d up to 30 Nov 10:00 CET: from 23 Nov 10:00, as text in the page's zone.
    assertEquals("text", browser.js("return document.getElementById('from').type"));
    assertEquals("2026-11-23 10:00", browser.js("return document.getElementById('from').value"));
    assertEquals("2026-11-30 10:00", browser.js("return document.getElementById('to').value"));
    // A month 13 is refused, in words beside the inputs, and the range stays.
    browser.js("document.getElementById('from').value = '2026-13-01 00:00'");
    browser.click("#custom button[type=submit]");
    String refused =
        (String) browser.js("return document.getElementById('range-format').textContent");
    assertTrue(refused.startsWith("From: write a date and time as YYYY-MM-DD HH:MM"), refused);
    assertTrue(refused.contains("not \"2026-13-01 00:00\""), refused);
    assertTrue(((String) browser.js("return location.hash")).contains("range=7d"));
    // From after To: refused too.
    browser.js("document.getElementById('from').value = '2026-11-25 00:00'");
    browser.js("document.getElementById('to').value = '2026-11-24 00:00'");
    browser.click("#custom button[type=submit]");
    assertEquals(
        "From (2026-11-25 00:00) must be before To (2026-11-24 00:00).",
        browser.js("return document.getElementById('range-format').textContent"));
    // 24-26 Nov: taken, the hash and the inputs say so.
    browser.js("document.getElementById('to').value = '2026-11-26 00:00'");
    browser.click("#custom button[type=submit]");
    browser.waitFor("return location.hash.includes('from=')");
    String hash = (String) browser.js("return location.hash");
    assertTrue(
        hash.contains("from=2026-11-25T00%3A00") && hash.contains("to=2026-11-26T00%3A00"), hash);
    assertEquals("2026-11-25 00:00", browser.js("return document.getElementById('from').value"));
    assertEquals(
        "YYYY-MM-DD HH:MM",
        browser.js("return document.getElementById('range-format').textContent"));
  }
}
