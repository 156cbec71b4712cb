package org.librarian.slurm;

/**
 * sacct (or a saved sacct file) gave nothing to count: not found, failed, timed out, cut short,
 * unreadable.
 */
public final class SacctException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Integer exitCode;

  public SacctException(String message) {
    this(message, null, null);
  }

  public SacctException(String message, Integer exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** sacct's exit code, or null when it did not get as far as exiting (not found, timed out). */
  public Integer exitCode() {
    return exitCode;
  }
}
