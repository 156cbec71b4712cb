package org.librarian.pipeline;

/** A run failed in a way the user can act on (sacct failed, a file cannot be read); exit code 1. */
public final class PipelineException extends Exception {
  private static final long serialVersionUID = 1L;

  public PipelineException(String message) {
    super(message);
  }

  public PipelineException(String message, Throwable cause) {
    super(message, cause);
  }
}
