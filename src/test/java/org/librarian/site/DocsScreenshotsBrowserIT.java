package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.librarian.testing.Cli;

/**
 * The screenshots of docs/screenshots/: the demo's page at 1440×900, 1280×720 and 390×844, light
 * and dark, made at a fixed moment so that they change only when the page does. Each size is
 * checked as the docs promise it (the four answers on the first screen on desktop and laptop,
 * within two screens on a phone; nothing scrolls sideways), then drawn into target/browser/docs/.
 * {@code -Ddocs.screenshots=update} copies them into docs/screenshots/ (look at them before
 * committing).
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
    Path site = tmp.resolve("site");
    Cli.Run run =
        new Cli(tmp)
            .clock(AT)
            .run("demo", "--out", site.toString(), "--no-plots", "--timezone", "Europe/Berlin");
    assertEquals(0, run.code(), run.err());
    browser.clockAt(AT);
    url = browser.serve(site);
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
}
