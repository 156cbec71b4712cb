package org.librarian.publish;

/**
 * Publishing failed (git unreachable, authentication refused, a copy target failed); exit code 1.
 */
public final class DeployException extends Exception {
  private static final long serialVersionUID = 1L;

  public DeployException(String message) {
    super(message);
  }
}
