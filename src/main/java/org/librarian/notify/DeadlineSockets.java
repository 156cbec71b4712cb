package org.librarian.notify;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;

/**
 * Plain sockets for Jakarta Mail that are closed when one deadline passes, whatever they are doing:
 * the read and write timeouts of a socket start again with every byte, so a server that trickles
 * one byte a second would otherwise hold an SMTP exchange for ever. Closing the socket wakes the
 * blocked call with an exception. {@link #close()} cancels the cut once the exchange is over.
 */
final class DeadlineSockets extends SocketFactory implements AutoCloseable {
  private final List<Socket> sockets = new ArrayList<>();
  private final ScheduledFuture<?> cut;
  private volatile boolean passed;

  DeadlineSockets(ScheduledExecutorService scheduler, long deadlineNanos) {
    cut =
        scheduler.schedule(
            this::cut, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /** Whether the deadline passed and the sockets were closed. */
  boolean passed() {
    return passed;
  }

  private void cut() {
    passed = true;
    synchronized (sockets) {
      for (Socket s : sockets) {
        try {
          s.close();
        } catch (IOException e) {
          // closing is all that is wanted; a socket that will not close has nothing left to say
        }
      }
    }
  }

  @Override
  public Socket createSocket() throws IOException {
    Socket s = new Socket();
    synchronized (sockets) {
      if (passed) {
        throw new IOException("the deadline has passed");
      }
      sockets.add(s);
    }
    return s;
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return createSocket(InetAddress.getByName(host), port);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return createSocket(InetAddress.getByName(host), port, localHost, localPort);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  /**
   * A socket of this deadline connected to {@code remote}, bound first to {@code local} if given.
   */
  private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
    Socket s = createSocket();
    if (local != null) {
      s.bind(local);
    }
    s.connect(remote);
    return s;
  }

  @Override
  public void close() {
    cut.cancel(false);
  }
}
