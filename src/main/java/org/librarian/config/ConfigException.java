package org.librarian.config;

/** The configuration (file, environment or flags) is invalid; the message says what and where. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  /**
   * A problem at {@code line} of the file {@code where} names ({@code "librarian.yaml: "}, or ""):
   * the message reads {@code where line N: problem}.
   */
  static ConfigException at(String where, int line, String problem) {
    return new ConfigException(where + "line " + line + ": " + problem);
  }
}
