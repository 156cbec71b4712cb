package org.librarian.site;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Serves a site directory over HTTP for a preview, with the JDK's built-in server. Only files whose
 * real path (symbolic links resolved) lies under the directory's real path are served, never a
 * dotfile or anything under a dot-directory (such as a write's temporary {@code .name.tmp}), and no
 * listing; every response says "do not cache", so a reload shows the newest data.
 */
public final class SiteServer implements AutoCloseable {
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8", "json", "application/json", "png", "image/png",
      "pdf", "application/pdf", "txt", "text/plain; charset=utf-8");

  private final HttpServer server;
  private final Path root;

  /** Binds {@code host:port} (port 0 picks a free one) and starts serving. */
  public SiteServer(Path root, String host, int port) throws IOException {
    this.root = root.toAbsolutePath().normalize().toRealPath();
    this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "librarian-serve");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  public URI uri() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        send(exchange, 405, "method not allowed\n");
        return;
      }
      String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
      if (path.endsWith("/")) {
        path += "index.html";
      }
      Path file = servable(path);
      if (file == null) {
        send(exchange, 404, "not found\n");
        return;
      }
      String name = file.getFileName().toString();
      String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
      exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      long size = Files.size(file);
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
      try (OutputStream out = exchange.getResponseBody()) {
        Files.copy(file, out);
      }
    }
  }

  /** The real file a request path names, or null when it is not one to serve. */
  private Path servable(String path) {
    if (path.indexOf('\0') >= 0) {
      return null;
    }
    for (String part : path.split("/")) {
      if (part.startsWith(".")) {
        return null;  // dotfiles, temporary files, "..": never served
      }
    }
    try {
      Path file = root.resolve(path.substring(1)).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        return null;
      }
      Path real = file.toRealPath();
      return real.startsWith(root) && Files.isRegularFile(real) ? real : null;
    } catch (IOException | java.nio.file.InvalidPathException e) {
      return null;
    }
  }

  private static void send(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
