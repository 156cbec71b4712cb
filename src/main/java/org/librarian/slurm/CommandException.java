package org.librarian.slurm;

/** A program could not be run at all, or did not finish within its timeout. */
public final class CommandException extends Exception {
  private static final long serialVersionUID = 1L;

  public CommandException(String message, Throwable cause) {
    super(message, cause);
  }

  public CommandException(String message) {
    super(message);
  }
}
