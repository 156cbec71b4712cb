package org.librarian.slurm;

import java.util.Locale;

/**
 * How a program ended: exit code, standard output (empty when it went to a file) and standard
 * error.
 */
public record CommandResult(int exitCode, String stdout, String stderr) {

  public boolean ok() {
    return exitCode == 0;
  }

  /**
   * The line of stderr that says what went wrong, for a one-line message: the last one with
   * "error:" in it (Slurm's commands end with their conclusion, e.g. sacct's "Problem talking to
   * the database" after the low-level connection errors), else the first line of stderr, else of
   * stdout.
   */
  public String errorSummary() {
    String conclusion = null;
    for (String line : stderr.split("\n")) {
      if (line.toLowerCase(Locale.ROOT).contains("error:")) {
        conclusion = line.strip();
      }
    }
    return conclusion != null ? conclusion : firstErrorLine();
  }

  /** The first line of stderr, else of stdout, for a one-line message. */
  public String firstErrorLine() {
    String text = stderr.isBlank() ? stdout : stderr;
    String line = text.strip().lines().findFirst().orElse("");
    return line.isEmpty() ? "no output" : line;
  }
}
