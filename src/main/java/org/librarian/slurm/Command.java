package org.librarian.slurm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One external program to run: its argument list (never a shell string), extra environment
 * variables, a timeout, and optionally a file that receives standard output (for output too large
 * to hold in memory).
 */
public record Command(
    List<String> argv, Map<String, String> environment, Duration timeout, Path stdoutFile) {

  public Command {
    argv = List.copyOf(argv);
    environment = Map.copyOf(environment);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
  }

  public static Command of(List<String> argv, Duration timeout) {
    return new Command(argv, Map.of(), timeout, null);
  }

  public Command withStdoutFile(Path file) {
    return new Command(argv, environment, timeout, file);
  }

  /** The command as a person would type it, for messages and --dry-run. */
  public String display() {
    StringBuilder sb = new StringBuilder();
    environment.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> sb.append(e.getKey()).append('=').append(quote(e.getValue())).append(' '));
    for (int i = 0; i < argv.size(); i++) {
      sb.append(i == 0 ? "" : " ").append(quote(argv.get(i)));
    }
    return sb.toString();
  }

  private static String quote(String s) {
    if (s.chars().anyMatch(Character::isISOControl)) {
      // bash's $'...' form, so a control character (sacct's delimiter \x1f) shows and pastes.
      StringBuilder q = new StringBuilder("$'");
      for (char c : s.toCharArray()) {
        if (Character.isISOControl(c)) {
          q.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
        } else if (c == '\\' || c == '\'') {
          q.append('\\').append(c);
        } else {
          q.append(c);
        }
      }
      return q.append('\'').toString();
    }
    if (!s.isEmpty()
        && s.chars()
            .allMatch(ch -> Character.isLetterOrDigit(ch) || "-_=./:,%+@".indexOf(ch) >= 0)) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
