package org.librarian.output;

import java.io.IOException;

/**
 * A history archive that exists but cannot be trusted: empty (0 bytes), cut short, or not an
 * archive. The message names the file and what is wrong with it.
 */
public final class BrokenArchiveException extends IOException {
  private static final long serialVersionUID = 1L;

  public BrokenArchiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
