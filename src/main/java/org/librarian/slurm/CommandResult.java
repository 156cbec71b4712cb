package org.librarian.slurm;

/** How a program ended: exit code, standard output (empty when it went to a file) and standard error. */
public record CommandResult(int exitCode, String stdout, String stderr) {

  public boolean ok() {
    return exitCode == 0;
  }

  /** The first line of stderr, else of stdout, for a one-line message. */
  public String firstErrorLine() {
    String text = stderr.isBlank() ? stdout : stderr;
    String line = text.strip().lines().findFirst().orElse("");
    return line.isEmpty() ? "no output" : line;
  }
}
