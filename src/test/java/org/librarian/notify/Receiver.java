package org.librarian.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback that keeps every POST it gets; the first {@code failures} get
 * {@code failStatus}.
 */
final class Receiver implements AutoCloseable {
  record Post(String path, String contentType, String body) {}

  private final HttpServer server;
  final List<Post> posts = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger failures = new AtomicInteger();
  volatile int failStatus = 503;

  Receiver() throws IOException {
    this(0);
  }

  Receiver(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = 200;
          if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = failStatus;
          } else {
            posts.add(
                new Post(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    body));
          }
          byte[] answer = (status == 200 ? "ok" : "busy").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          try (OutputStream o = exchange.getResponseBody()) {
            o.write(answer);
          }
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** The "text" field of each JSON body received, in order ("" where there is none). */
  List<String> texts() {
    return posts.stream()
        .map(
            p -> {
              try {
                return SiteFixture.JSON.readTree(p.body()).path("text").asText();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
