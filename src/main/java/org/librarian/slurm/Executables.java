package org.librarian.slurm;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a program the way a shell would: a path as given, or a bare name along PATH. */
public final class Executables {
  private Executables() {}

  /** Another Slurm program: beside sacct when sacct is configured by path, else by name on PATH. */
  public static String beside(String sacct, String program) {
    int slash = sacct.lastIndexOf('/');
    return (slash < 0 ? "" : sacct.substring(0, slash + 1)) + program;
  }

  public static Optional<Path> find(String program, String pathVariable) {
    if (program.contains("/")) {
      Path p = Path.of(program);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    if (pathVariable == null) {
      return Optional.empty();
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
