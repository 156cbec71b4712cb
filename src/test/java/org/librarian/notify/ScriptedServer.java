package org.librarian.notify;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A real server on loopback, written on a bare socket, that answers the way broken receivers do: an
 * HTTP {@code 200} with {@code Content-Length: 100} then one byte a second ({@link
 * Mode#HTTP_DRIP}), the same then a close after 3 bytes ({@link Mode#HTTP_CUT}), or an SMTP
 * greeting that never ends, one byte a second ({@link Mode#SMTP_DRIP}), or an SMTP server that
 * answers every recipient {@code 550} ({@link Mode#SMTP_NO_SUCH_MAILBOX}). It keeps the body of
 * every HTTP request and every SMTP RCPT it read.
 */
final class ScriptedServer implements AutoCloseable {
  enum Mode {
    HTTP_DRIP,
    HTTP_CUT,
    SMTP_DRIP,
    SMTP_NO_SUCH_MAILBOX
  }

  private final ServerSocket server;
  private final Mode mode;
  private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
  final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean closed;

  ScriptedServer(Mode mode) throws IOException {
    this.mode = mode;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept =
        new Thread(
            () -> {
              while (!closed) {
                try {
                  Socket s = server.accept();
                  open.add(s);
                  Thread t = new Thread(() -> answer(s), "scripted-answer");
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "scripted-accept");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  private void answer(Socket s) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      if (mode == Mode.SMTP_DRIP) {
        drip(out, "220 ".getBytes(StandardCharsets.US_ASCII), Integer.MAX_VALUE);
        return;
      }
      if (mode == Mode.SMTP_NO_SUCH_MAILBOX) {
        refuseEveryRecipient(in, out);
        return;
      }
      bodies.add(readRequest(in));
      out.write(
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (mode == Mode.HTTP_CUT) {
        out.write("ok!".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return;
      }
      drip(out, new byte[0], 100);
    } catch (IOException | InterruptedException e) {
      // the client hung up: what a deadline is for
    }
  }

  /** Writes {@code first}, then one byte a second, {@code count} of them or until closed. */
  private void drip(OutputStream out, byte[] first, int count)
      throws IOException, InterruptedException {
    out.write(first);
    out.flush();
    for (int i = 0; i < count && !closed; i++) {
      Thread.sleep(1000); // the fault itself: a receiver that trickles
      out.write('x');
      out.flush();
    }
  }

  private void refuseEveryRecipient(InputStream in, OutputStream out) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
    Writer w = new OutputStreamWriter(out, StandardCharsets.US_ASCII);
    w.write("220 scripted\r\n");
    w.flush();
    for (String line; (line = r.readLine()) != null; ) {
      String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
      if (verb.equals("RCPT")) {
        bodies.add(line);
      }
      w.write(
          switch (verb) {
            case "RCPT" -> "550 5.1.1 no such mailbox\r\n";
            case "QUIT" -> "221 bye\r\n";
            default -> "250 ok\r\n";
          });
      w.flush();
      if (verb.equals("QUIT")) {
        return;
      }
    }
  }

  /** Reads headers and a Content-Length body; returns the body. */
  private static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      head.write(c);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
        break;
      }
    }
    int length = 0;
    for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    synchronized (open) {
      for (Socket s : open) {
        s.close();
      }
    }
  }
}
