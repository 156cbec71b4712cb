package org.librarian.bench;

import java.io.File;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.librarian.site.SiteServer;
import org.librarian.testing.Cli;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How long the page takes to draw a QoS of 400 and of 1,000 users in headless Chromium: the first
 * render after loading (four charts and the tables), then the 7d and 30d presets (a full redraw
 * each), best of three loads. Printed by scripts/bench; not a test (a timed assertion would fail on
 * a busy machine, not on slow code).
 */
public final class PageDrawBench {
  private PageDrawBench() {}

  /** Debian's headless Chromium at 1400×1700, offline but for 127.0.0.1, as the benches draw. */
  static ChromeDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1700",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
    return new ChromeDriver(
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .build(),
        options);
  }

  public static void main(String[] args) throws Exception {
    Path work =
        Files.createDirectories(
            Path.of(args.length > 0 ? args[0] : "/tmp/librarian-bench").resolve("page"));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ChromeDriver driver = chromium();
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-34s %12s %10s %10s %8s%n",
        "page in headless Chromium",
        "first draw",
        "7d",
        "30d",
        "bands");
    try {
      for (int users : List.of(400, 1000)) {
        Path site = work.resolve("site-" + users);
        Path file = work.resolve("sacct-" + users + "-users.txt");
        try (Writer w = Files.newBufferedWriter(file)) {
          SyntheticSacct.write(w, users * 100L, 5, now.getEpochSecond(), "big", users);
        }
        Files.writeString(
            work.resolve("page.yaml"),
            "timezone: America/New_York\nstate_dir: "
                + work.resolve("state")
                + "\nqos:\n  - name: big\n    limits: {cpus: 20000, gpus: 600, memory_gb: 80000}\n");
        Cli.Run parse =
            new Cli(work)
                .clock(now)
                .run(
                    "parse",
                    "--config",
                    "page.yaml",
                    "--qos",
                    "big",
                    "--sacct-file",
                    file.toString(),
                    "--out",
                    site.toString(),
                    "--no-plots");
        if (parse.code() != 0) {
          throw new IllegalStateException(parse.err());
        }
        try (SiteServer server = new SiteServer(site, "127.0.0.1", 0)) {
          long first = Long.MAX_VALUE;
          long week = Long.MAX_VALUE;
          long month = Long.MAX_VALUE;
          long bands = 0;
          for (int run = 0; run < 3; run++) {
            driver.get("about:blank");
            driver.get(server.uri().toString());
            first = Math.min(first, drawn(driver, null));
            // A preset moves the range without redrawing; the tab's render then redraws everything.
            week =
                Math.min(
                    week,
                    drawn(
                        driver,
                        "document.querySelector(\"#presets button[data-range='7d']\").click();"
                            + " document.querySelector('#tabs button').click();"));
            month =
                Math.min(
                    month,
                    drawn(
                        driver,
                        "document.querySelector(\"#presets button[data-range='30d']\").click();"
                            + " document.querySelector('#tabs button').click();"));
            bands =
                (Long)
                    ((JavascriptExecutor) driver)
                        .executeScript(
                            "return document.getElementById('chart-NCPUS').data.filter(t => t.meta !== 'waiting').length");
          }
          System.out.printf(
              Locale.ROOT,
              "%-34s %9d ms %7d ms %7d ms %8d%n",
              users + " users, " + users * 100 + " jobs",
              first,
              week,
              month,
              bands);
        }
      }
    } finally {
      driver.quit();
    }
  }

  /**
   * Runs {@code script} (or waits for the first render), then returns how long the next full render
   * took, in ms.
   */
  private static long drawn(ChromeDriver driver, String script) {
    JavascriptExecutor js = driver;
    if (script != null) {
      js.executeScript("delete document.body.dataset.drawMs; " + script);
    }
    new WebDriverWait(driver, Duration.ofSeconds(120))
        .until(d -> js.executeScript("return document.body.dataset.drawMs || null") != null);
    return Long.parseLong((String) js.executeScript("return document.body.dataset.drawMs"));
  }
}
