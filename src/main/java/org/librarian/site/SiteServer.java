package org.librarian.site;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Serves a site directory over HTTP/1.1 for a preview. Only files whose real path (symbolic links
 * resolved) lies under the directory's real path are served, never a dotfile, anything under a
 * dot-directory or a temporary file ({@code *.tmp}, such as {@link
 * org.librarian.common.AtomicFile}'s {@code .name.pid.random.tmp}), and no listing; every response
 * says "do not cache", so a reload shows the newest data.
 *
 * <p>Each connection has a thread of its own, up to {@link Limits#maxConnections} at once (one more
 * is answered 503 and closed); a connection that sends no byte for {@link Limits#readTimeout}, or
 * whose request line and headers take longer than {@link Limits#headDeadline} or exceed {@link
 * Limits#maxHeadBytes}, is dropped. One request per connection ({@code Connection: close}).
 */
public final class SiteServer implements AutoCloseable {
  /**
   * How much a client may hold: connections at once, the wait for each byte of the request head,
   * the whole head's time and its size in bytes.
   */
  public record Limits(
      int maxConnections, Duration readTimeout, Duration headDeadline, int maxHeadBytes) {
    public static final Limits DEFAULT =
        new Limits(64, Duration.ofSeconds(10), Duration.ofSeconds(10), 16 * 1024);
  }

  private static final Map<String, String> TYPES =
      Map.of(
          "html",
          "text/html; charset=utf-8",
          "js",
          "text/javascript; charset=utf-8",
          "css",
          "text/css; charset=utf-8",
          "json",
          "application/json",
          "png",
          "image/png",
          "pdf",
          "application/pdf",
          "txt",
          "text/plain; charset=utf-8");

  /**
   * A request body (which nothing here reads) is drained up to this many bytes, so the answer is
   * not lost to a reset.
   */
  private static final int MAX_DRAINED_BODY = 64 * 1024;

  private final Path root;
  private final Limits limits;
  private final LongSupplier nanoClock;
  private final ServerSocket listener;
  private final Semaphore slots;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger threads = new AtomicInteger();
  private final Thread acceptor;
  private volatile boolean closed;

  /**
   * Binds {@code host:port} (port 0 picks a free one) and starts serving, with {@link
   * Limits#DEFAULT}.
   */
  public SiteServer(Path root, String host, int port) throws IOException {
    this(root, host, port, Limits.DEFAULT, System::nanoTime);
  }

  /**
   * As above, with these limits, and the clock (in nanoseconds) the head's deadline is measured on.
   */
  public SiteServer(Path root, String host, int port, Limits limits, LongSupplier nanoClock)
      throws IOException {
    this.root = root.toAbsolutePath().normalize().toRealPath();
    this.limits = limits;
    this.nanoClock = nanoClock;
    this.slots = new Semaphore(limits.maxConnections());
    this.listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(InetAddress.getByName(host), port), 128);
    this.acceptor = new Thread(this::acceptLoop, "librarian-serve-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public URI uri() {
    InetAddress a = listener.getInetAddress();
    String host = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
    return URI.create(
        "http://"
            + (host.contains(":") ? "[" + host + "]" : host)
            + ":"
            + listener.getLocalPort()
            + "/");
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue; // one failed accept (too many open files, a reset) must not end the server
      }
      if (!slots.tryAcquire()) {
        // Full: say so at once rather than queue behind connections that may never send anything.
        try (socket) {
          socket.setSoTimeout(1000);
          send(socket.getOutputStream(), 503, "busy: too many connections, try again\n");
        } catch (IOException ignored) {
          // The client went away; nothing to tell it.
        }
        continue;
      }
      open.add(socket);
      Thread t =
          new Thread(
              () -> {
                try (socket) {
                  serve(socket);
                } catch (IOException ignored) {
                  // A client that hangs up or stalls mid-response ends only its own connection.
                } finally {
                  open.remove(socket);
                  slots.release();
                }
              },
              "librarian-serve-" + threads.incrementAndGet());
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket socket) throws IOException {
    socket.setSoTimeout((int) Math.max(1, limits.readTimeout().toMillis()));
    InputStream in = new BufferedInputStream(socket.getInputStream());
    OutputStream out = socket.getOutputStream();
    String head;
    try {
      head = readHead(in);
    } catch (SocketTimeoutException | HeadTooSlowException e) {
      send(out, 408, "request timeout\n");
      return;
    } catch (HeadTooLargeException e) {
      send(out, 431, "request header too large\n");
      return;
    }
    if (head == null) {
      return; // closed before a whole request
    }
    String[] lines = head.split("\r?\n");
    String[] request = lines[0].split(" ");
    if (request.length != 3 || !request[2].startsWith("HTTP/")) {
      send(out, 400, "bad request\n");
      return;
    }
    String method = request[0];
    if (!method.equals("GET") && !method.equals("HEAD")) {
      drain(in, lines);
      send(out, 405, "method not allowed\n");
      return;
    }
    String path;
    try {
      String raw = new URI(request[1]).getRawPath();
      if (raw == null || !raw.startsWith("/")) {
        send(out, 400, "bad request\n");
        return;
      }
      path = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (URISyntaxException | IllegalArgumentException e) {
      send(out, 400, "bad request\n");
      return;
    }
    if (path.endsWith("/")) {
      path += "index.html";
    }
    Path file = servable(path);
    if (file == null) {
      send(out, 404, "not found\n");
      return;
    }
    String name = file.getFileName().toString();
    String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    String type = TYPES.getOrDefault(ext, "application/octet-stream");
    long size = Files.size(file);
    String headers =
        "HTTP/1.1 200 OK\r\nContent-Type: "
            + type
            + "\r\nContent-Length: "
            + size
            + "\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
    out.write(headers.getBytes(StandardCharsets.US_ASCII));
    if (method.equals("GET")) {
      Files.copy(file, out);
    }
    out.flush();
  }

  /**
   * The request line and headers (without the blank line), or null when the client closed first.
   * Measured against the limits: bytes, the wait for each byte, and the whole head's deadline.
   */
  private String readHead(InputStream in) throws IOException {
    long deadline = nanoClock.getAsLong() + limits.headDeadline().toNanos();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int newlines = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      if (nanoClock.getAsLong() - deadline > 0) {
        throw new HeadTooSlowException(); // a slow drip of bytes: each in time, the whole too late
      }
      if (b == '\r') {
        continue;
      }
      if (b == '\n') {
        if (head.size() == 0) {
          continue; // blank lines before a request line are allowed
        }
        if (++newlines == 2) {
          return head.toString(StandardCharsets.ISO_8859_1);
        }
      } else {
        newlines = 0;
      }
      head.write(b);
      if (head.size() > limits.maxHeadBytes()) {
        throw new HeadTooLargeException();
      }
    }
  }

  /** Reads and drops a request body of up to MAX_DRAINED_BODY bytes. */
  private static void drain(InputStream in, String[] headerLines) throws IOException {
    long length = 0;
    for (String h : headerLines) {
      int colon = h.indexOf(':');
      if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
        try {
          length = Long.parseLong(h.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
          length = 0;
        }
      }
    }
    in.skipNBytes(Math.min(Math.max(length, 0), MAX_DRAINED_BODY));
  }

  /** The real file a request path names, or null when it is not one to serve. */
  private Path servable(String path) {
    if (path.indexOf('\0') >= 0) {
      return null;
    }
    for (String part : path.split("/")) {
      if (part.startsWith(".") || part.toLowerCase(Locale.ROOT).endsWith(".tmp")) {
        return null; // dotfiles, "..", temporary files of a write in progress: never served
      }
    }
    try {
      Path file = root.resolve(path.substring(1)).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        return null;
      }
      Path real = file.toRealPath();
      return real.startsWith(root)
              && Files.isRegularFile(real)
              && !real.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tmp")
          ? real
          : null;
    } catch (IOException | InvalidPathException e) {
      return null;
    }
  }

  private static void send(OutputStream out, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String reason =
        switch (code) {
          case 400 -> "Bad Request";
          case 404 -> "Not Found";
          case 405 -> "Method Not Allowed";
          case 408 -> "Request Timeout";
          case 431 -> "Request Header Fields Too Large";
          case 503 -> "Service Unavailable";
          default -> "Status";
        };
    String headers =
        "HTTP/1.1 "
            + code
            + " "
            + reason
            + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
            + bytes.length
            + "\r\nCache-Control: no-cache\r\n"
            + (code == 405 ? "Allow: GET, HEAD\r\n" : "")
            + "Connection: close\r\n\r\n";
    out.write(headers.getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // Closing: nothing to do about it.
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // Already gone.
      }
    }
    try {
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class HeadTooSlowException extends IOException {
    private static final long serialVersionUID = 1L;
  }

  private static final class HeadTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
  }
}
