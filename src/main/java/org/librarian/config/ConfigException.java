package org.librarian.config;

/** The configuration (file, environment or flags) is invalid; the message says what and where. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
