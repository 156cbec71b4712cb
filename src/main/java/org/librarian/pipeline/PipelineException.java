package org.librarian.pipeline;

/** A run failed in a way the user can act on (sacct failed, a file cannot be read); exit code 1. */
public final class PipelineException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Integer exitCode;

  public PipelineException(String message) {
    super(message);
    this.exitCode = null;
  }

  /** A failure of a program that ended with this exit code. */
  public PipelineException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The failed program's exit code, or null when it did not get as far as exiting (not found, timed out). */
  public Integer exitCode() {
    return exitCode;
  }

  public PipelineException(String message, Throwable cause) {
    super(message, cause);
    this.exitCode = null;
  }
}
