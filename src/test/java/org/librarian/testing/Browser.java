package org.librarian.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.librarian.site.SiteServer;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser tests' one headless Chromium (Debian's chromium and chromedriver): offline but for
 * 127.0.0.1, so a CDN reference fails the page; the sites it serves on 127.0.0.1; the page's clock
 * fixed when asked; screenshots into target/browser/. Closing it quits the browser and stops the
 * servers. A test class that holds a started browser as an extension ({@code @RegisterExtension} on
 * an instance field, with a per-class lifecycle) has it closed after its last test. A test class
 * that keeps one browser for all its tests can also register it as an extension,
 * {@code @RegisterExtension static final Browser browser = Browser.perClass(w, h)}: started before
 * the class's own {@code @BeforeAll}, back to a first visit of the first site it serves before each
 * test ({@link #reset}), closed after all.
 */
public final class Browser
    implements AutoCloseable, BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  public static final String CHROMIUM = "/usr/bin/chromium";
  public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  public static final Path SHOTS = Path.of("target", "browser");

  /** Long enough for a slow, shared machine to draw a page; only a failure waits this long. */
  static final Duration DEADLINE = Duration.ofSeconds(60);

  private ChromeDriver driver;
  private final Dimension window;
  private final List<SiteServer> servers = new ArrayList<>();
  private final boolean perClass;

  private Browser(ChromeDriver driver, Dimension window) {
    this.driver = driver;
    this.window = window;
    this.perClass = driver == null;
  }

  /** Starts the browser with a window of {@code width}×{@code height}; fails if not installed. */
  public static Browser start(int width, int height) {
    return new Browser(launch(width, height), new Dimension(width, height));
  }

  /** A browser of {@code width}×{@code height} for a whole test class, started by JUnit. */
  public static Browser perClass(int width, int height) {
    return new Browser(null, new Dimension(width, height));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (driver == null) {
      driver = launch(window.getWidth(), window.getHeight());
    }
  }

  /** Only a browser made by {@link #perClass} goes back to a first visit before each test. */
  @Override
  public void beforeEach(ExtensionContext context) {
    if (perClass && !servers.isEmpty()) {
      reset(servers.get(0).uri().toString());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private static ChromeDriver launch(int width, int height) {
    if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
      fail(
          "the browser tests need Debian's chromium and chromium-driver; install them with scripts/install-deps");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=" + width + "," + height,
        // Offline: no host but 127.0.0.1 resolves.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
    return new ChromeDriver(service, options);
  }

  /**
   * Fixes the page's clock (dashboard/clock.js) to {@code now}: set before any of the page's
   * scripts, in every page opened from here on.
   */
  public Browser clockAt(Instant now) {
    driver.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument",
        Map.of("source", "window.librarianNow = '" + now + "';"));
    return this;
  }

  /**
   * The page as on a screen of {@code width}×{@code height} CSS pixels (a phone's, touch and all,
   * below 600 px wide), until {@link #reset}.
   */
  public void screen(int width, int height) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
  }

  public ChromeDriver driver() {
    return driver;
  }

  /**
   * Makes the sample site (no plots) in {@code dir}/site as at {@code at} in {@code zone}, sets the
   * page's clock to {@code at} and serves the site; its address.
   */
  public String serveDemo(Path dir, Instant at, String zone) {
    Path site = dir.resolve("site");
    Cli.Run run =
        new Cli(dir)
            .clock(at)
            .run("demo", "--out", site.toString(), "--no-plots", "--timezone", zone);
    assertEquals(0, run.code(), run.err());
    clockAt(at);
    return serve(site);
  }

  /** Serves {@code dir} on 127.0.0.1 until {@link #close()}; its address, ending in "/". */
  public String serve(Path dir) {
    try {
      SiteServer server = new SiteServer(dir, "127.0.0.1", 0);
      servers.add(server);
      return server.uri().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Back to the window it started with, without an emulated screen, and with the localStorage of
   * the site at {@code siteUrl} empty: each test starts as a first visit.
   */
  public void reset(String siteUrl) {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    driver.manage().window().setSize(window);
    driver.get(siteUrl + "style.css");
    js("localStorage.clear()");
  }

  /** Opens {@code url} afresh (by way of about:blank) and waits for the page's first render. */
  public void open(String url) {
    driver.get("about:blank");
    driver.get(url);
    waitForRender(1);
  }

  /** How many times the page has rendered (body's data-renders), 0 before the first. */
  public int renders() {
    String r = driver.findElement(By.tagName("body")).getAttribute("data-renders");
    return r == null ? 0 : Integer.parseInt(r);
  }

  public void waitForRender(int n) {
    new WebDriverWait(driver, DEADLINE).until(d -> renders() >= n);
  }

  /** Waits until {@code script} returns true. */
  public void waitFor(String script) {
    new WebDriverWait(driver, DEADLINE).until(d -> Boolean.TRUE.equals(js(script)));
  }

  public Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /** The text of the element with id {@code id}, as shown. */
  public String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  /** What {@code script} returns, an array of strings in the page. */
  @SuppressWarnings("unchecked")
  public List<String> strings(String script) {
    return (List<String>) js(script);
  }

  /** The text of each cell of every row {@code rowsCss} selects, top to bottom. */
  @SuppressWarnings("unchecked")
  public List<List<String>> cells(String rowsCss) {
    return (List<List<String>>)
        js(
            "return [...document.querySelectorAll(arguments[0])]"
                + ".map(tr => [...tr.children].map(td => td.textContent))",
            rowsCss);
  }

  public void click(String css) {
    driver.findElement(By.cssSelector(css)).click();
  }

  /** The window as drawn, into target/browser/{@code name}. */
  public void screenshot(String name) {
    write(name, driver.getScreenshotAs(OutputType.BYTES));
  }

  /** {@code element} scrolled into view and drawn alone, into target/browser/{@code name}. */
  public void screenshot(String name, WebElement element) {
    js("arguments[0].scrollIntoView()", element);
    write(name, element.getScreenshotAs(OutputType.BYTES));
  }

  private static void write(String name, byte[] png) {
    try {
      Files.createDirectories(SHOTS);
      Files.write(SHOTS.resolve(name), png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (driver != null) {
      driver.quit();
    }
    servers.forEach(SiteServer::close);
  }
}
