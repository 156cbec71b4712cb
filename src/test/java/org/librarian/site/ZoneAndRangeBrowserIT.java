package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Browser;
import org.librarian.testing.Cli;

/**
 * The demo in Europe/Berlin, made at 2026-11-30 09:00 UTC (10:00 CET), in Debian's headless
 * Chromium (en-US, whose own name for Berlin's winter time is "GMT+1"): every time on the page
 * names the zone as the sentences and cards do, CET, and the range inputs show and take ISO dates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZoneAndRangeBrowserIT {
  static final Instant AT = Instant.parse("2026-11-30T09:00:00Z");

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
