package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.librarian.testing.Browser;
import org.librarian.testing.Cli;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A replay is a replay: the sites that {@code demo --now} and {@code parse --now --sacct-file} make
 * show their data as of that instant and never say the collector stopped, however late the page is
 * opened. Reported: the demo said "Stale data … the collector may have stopped" 30 minutes after it
 * was made, and at once with the README's own {@code --now} replay. Only a site that {@code run}
 * keeps (its status.json) can be stale; the last test shows the banner still works there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayBrowserIT {
  /** The README's replay instant: 2026-11-20T12:00:00-05:00. */
  static final String NOW = "2026-11-20T12:00:00-05:00";

  @TempDir static Path tmp;
  @RegisterExtension final Browser browser = Browser.start(1400, 1000);
  String demoUrl;
  String parseUrl;
  String runUrl;

  @BeforeAll
  void buildSites() throws Exception {
    // Made on 6 December, replaying 20 November, as the README's command does.
    Cli cli = new Cli(tmp).clock(Instant.parse("2026-12-06T17:00:00Z"));
    Path demo = tmp.resolve("demo");
    Cli.Run made = cli.run("demo", "--out", demo.toString(), "--now", NOW, "--no-plots");
    assertEquals(0, made.code(), made.err());
    Path parse = tmp.resolve("parse");
    Cli.Run parsed =
        cli.run(
            "parse",
            "--qos",
            "avery",
            "--sacct-file",
            demo.resolve("sample/sacct_avery.txt").toString(),
            "--limits",
            "cpu=430,gpu=39,mem=3359",
            "--timezone",
            "America/New_York",
            "--now",
            NOW,
            "--out",
            parse.toString(),
            "--no-plots");
    assertEquals(0, parsed.code(), parsed.err());
    assertFalse(Files.exists(demo.resolve("status.json")), "a demo keeps no status.json");
    assertFalse(Files.exists(parse.resolve("status.json")), "a replay keeps no status.json");
    // The same data as a run keeps it: its status.json says the last run finished at the replay's
    // instant, 2026-11-20T17:00:00Z.
    Path run = tmp.resolve("run");
    cli.run("demo", "--out", run.toString(), "--now", NOW, "--no-plots");
    Files.writeString(
        run.resolve("status.json"),
        "{\"ok\": true, \"finished\": \"2026-11-20T17:00:00Z\", \"qos\": [{\"qos\": \"avery\","
            + " \"ok\": true, \"error\": null}, {\"qos\": \"avery-b\", \"ok\": true, \"error\": null}]}");
    demoUrl = browser.serve(demo);
    parseUrl = browser.serve(parse);
    runUrl = browser.serve(run);
  }

  /**
   * Opens {@code url} with the page's clock (dashboard/clock.js) at {@code pageNow}; a script added
   * later runs later, so the last clock set is the one the page reads.
   */
  void open(String url, String pageNow) {
    browser.clockAt(Instant.parse(pageNow));
    browser.open(url);
  }

  String banner() {
    WebElement banner = browser.driver().findElement(By.id("banner"));
    return banner.getAttribute("hidden") != null ? "" : banner.getText();
  }

  String updated() {
    return browser.driver().findElement(By.id("updated")).getText();
  }

  /**
   * A replay is never stale: the README demo at 17:30Z, 30 minutes after its 17:00Z (three run
   * intervals of 10 min), and at 2026-12-06T17:00Z, 16 days after 2026-11-20T17:00Z; a parse replay
   * 16 days later too.
   */
  @ParameterizedTest
  @CsvSource({
    "demo, 2026-11-20T17:30:00Z, (30 min ago)",
    "demo, 2026-12-06T17:00:00Z, (16 days ago)",
    "parse, 2026-12-06T17:00:00Z, (16 days ago)"
  })
  void aReplayIsNotStale(String replay, String now, String ago) {
    open(replay.equals("demo") ? demoUrl : parseUrl, now);
    assertFalse(banner().contains("Stale data"), banner());
    assertTrue(updated().endsWith(ago), updated());
  }

  /**
   * The same data kept by run: 16 days without a run is far past three intervals of 10 minutes, and
   * the banner says so (the tests above would pass for a page with no banner at all but for this
   * one).
   */
  @Test
  void aSiteThatRunKeepsStillGoesStale() {
    open(runUrl, "2026-12-06T17:00:00Z");
    assertTrue(banner().contains("Stale data: the last update was 16 days ago"), banner());
  }
}
