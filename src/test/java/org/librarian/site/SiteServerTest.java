package org.librarian.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code librarian serve} against clients that hold connections, drip bytes, or ask for files in
 * the making.
 */
class SiteServerTest {
  @TempDir Path dir;

  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    // A generous bound: the old server never answered at all.
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** Connects and sends {@code text} (may be empty); the caller closes it. */
  private static Socket connect(URI base, String text) throws IOException {
    Socket s = new Socket(base.getHost(), base.getPort());
    s.setSoTimeout(10_000); // reads below end within 10 s or fail
    s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
    return s;
  }

  /** Everything the server sends until it closes the connection. */
  private static String readToClose(Socket s) throws IOException {
    return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void serveStopsAnsweringAfterFourIdleConnections() throws Exception {
    Files.writeString(dir.resolve("index.html"), "<p>hi</p>");
    try (SiteServer server = new SiteServer(dir, "127.0.0.1", 0)) {
      List<Socket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 20; i++) {
          idle.add(
              connect(server.uri(), i % 2 == 0 ? "" : "GET / HT")); // silent, or stopped mid-line
        }
        HttpResponse<String> r =
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> get(server.uri()));
        assertEquals(200, r.statusCode());
        assertEquals("<p>hi</p>", r.body());
      } finally {
        for (Socket s : idle) {
          s.close();
        }
      }
    }
  }

  @Test
  void anIdleConnectionIsDroppedAfterTheReadTimeout() throws Exception {
    SiteServer.Limits limits =
        new SiteServer.Limits(4, Duration.ofMillis(200), Duration.ofSeconds(10), 16 * 1024);
    String answer = answer(limits, System::nanoTime, "GET / HTTP/1.1\r\nHost: x\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
  }

  @Test
  void aSlowDripOfHeaderBytesIsDroppedAtTheHeadDeadline() throws Exception {
    // The server's clock moves one second each time it looks, as if every byte came a second after
    // the
    // one before: each in time for the 10 s read timeout, the whole head 10 s late by its 11th
    // byte.
    AtomicLong nanos = new AtomicLong();
    LongSupplier dripping = () -> nanos.getAndAdd(Duration.ofSeconds(1).toNanos());
    SiteServer.Limits limits =
        new SiteServer.Limits(4, Duration.ofSeconds(10), Duration.ofSeconds(10), 16 * 1024);
    String answer = answer(limits, dripping, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
  }

  /**
   * What a server of {@code index.html} with {@code limits} and {@code clock} answers to {@code
   * request} on one connection, read until it hangs up (the socket's 10 s timeout bounds it).
   */
  private String answer(SiteServer.Limits limits, LongSupplier clock, String request)
      throws Exception {
    Files.writeString(dir.resolve("index.html"), "<p>hi</p>");
    try (SiteServer server = new SiteServer(dir, "127.0.0.1", 0, limits, clock);
        Socket s = connect(server.uri(), request)) {
      return readToClose(s);
    }
  }

  @Test
  void aHeadLargerThanTheCapIsRefused() throws Exception {
    Files.writeString(dir.resolve("index.html"), "<p>hi</p>");
    try (SiteServer server = new SiteServer(dir, "127.0.0.1", 0);
        Socket s =
            connect(
                server.uri(),
                "GET / HTTP/1.1\r\nX-Filler: " + "a".repeat(20 * 1024) + "\r\n\r\n")) {
      String answer = readToClose(s);
      assertTrue(answer.startsWith("HTTP/1.1 431 "), answer);
    }
  }

  @Test
  void overTheConnectionCapTheNextClientHearsBusyAtOnce() throws Exception {
    Files.writeString(dir.resolve("index.html"), "<p>hi</p>");
    SiteServer.Limits limits =
        new SiteServer.Limits(2, Duration.ofSeconds(10), Duration.ofSeconds(10), 16 * 1024);
    try (SiteServer server = new SiteServer(dir, "127.0.0.1", 0, limits, System::nanoTime);
        Socket a = connect(server.uri(), "");
        Socket b = connect(server.uri(), "")) {
      // Each accepted connection takes its slot before the next accept: a and b hold both.
      HttpResponse<String> third = get(server.uri());
      assertEquals(503, third.statusCode());
      a.close();
      b.close();
      HttpResponse<String> later = null;
      // The slots free as soon as the server sees the two closes: ask again until it does.
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      do {
        later = get(server.uri());
      } while (later.statusCode() != 200 && System.nanoTime() < deadline);
      assertEquals(
          200, later.statusCode(), "waited 2 min for the server to free the two closed slots");
    }
  }

  @Test
  void serveServesTmpFiles() throws Exception {
    Files.writeString(dir.resolve("index.html"), "<p>hi</p>");
    Files.writeString(dir.resolve("data_a.json.tmp"), "{half");
    Files.writeString(dir.resolve("REPORT.TMP"), "half");
    Files.createDirectories(dir.resolve("charts"));
    Files.writeString(dir.resolve("charts/a.png.tmp"), "half");
    Files.writeString(dir.resolve("tmp_notes.txt"), "whole");
    try (SiteServer server = new SiteServer(dir, "127.0.0.1", 0)) {
      for (String path :
          new String[] {"data_a.json.tmp", "REPORT.TMP", "charts/a.png.tmp", "data_a.json%2Etmp"}) {
        assertEquals(404, get(URI.create(server.uri() + path)).statusCode(), path);
      }
      HttpResponse<String> ok = get(URI.create(server.uri() + "tmp_notes.txt"));
      assertEquals(200, ok.statusCode(), "a name that merely starts with tmp is served");
      assertEquals("whole", ok.body());
    }
  }

  @Test
  void headAnswersTheSizeWithoutTheBody() throws Exception {
    Files.writeString(dir.resolve("index.html"), "<p>hi</p>");
    try (SiteServer server = new SiteServer(dir, "127.0.0.1", 0);
        Socket s = connect(server.uri(), "HEAD /index.html HTTP/1.1\r\nHost: x\r\n\r\n")) {
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
      assertTrue(answer.contains("\r\nContent-Length: 9\r\n"), answer);
      assertTrue(answer.endsWith("\r\n\r\n"), "no body: " + answer);
    }
  }
}
