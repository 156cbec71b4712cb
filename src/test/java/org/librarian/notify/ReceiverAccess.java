package org.librarian.notify;

import java.io.IOException;
import java.util.List;

/**
 * {@link Receiver} for tests outside this package: a loopback HTTP server; the "text" of each POST.
 */
public final class ReceiverAccess implements AutoCloseable {
  private final Receiver receiver = new Receiver();

  public ReceiverAccess() throws IOException {}

  public String url(String path) {
    return receiver.url(path);
  }

  public List<String> texts() {
    return receiver.texts();
  }

  @Override
  public void close() {
    receiver.close();
  }
}
