package org.librarian.slurm;

/**
 * The sacct text as a whole cannot be read: no header naming the fields, or a needed field missing.
 */
public final class SacctFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public SacctFormatException(String message) {
    super(message);
  }
}
