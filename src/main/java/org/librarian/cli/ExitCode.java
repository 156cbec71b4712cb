package org.librarian.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.librarian.config.ConfigException;
import org.librarian.slurm.SacctException;

/** librarian's exit codes, the same for every verb, and which failure gets which. */
final class ExitCode {
  /** Everything done. */
  static final int OK = 0;

  /**
   * A runtime failure: sacct failed or timed out, a file could not be read or written, a deploy
   * failed.
   */
  static final int FAILURE = 1;

  /** A usage or configuration error (picocli's own code for a bad command line). */
  static final int USAGE = 2;

  private ExitCode() {}

  /**
   * The code of a failure that reached the top, or -1 when it is a bug (then picocli prints the
   * trace).
   */
  static int of(Exception e) {
    if (e instanceof ConfigException) {
      return USAGE;
    }
    if (e instanceof SacctException
        || e instanceof IOException
        || e instanceof UncheckedIOException) {
      return FAILURE;
    }
    return -1;
  }
}
