package org.librarian;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.librarian.cli.LibrarianCommand;
import org.librarian.pipeline.Context;

/** The {@code librarian} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(
        run(
            new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
            new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
            args));
  }

  /** Runs one command line and returns its exit code: 0 ok, 1 runtime failure, 2 usage error. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return LibrarianCommand.execute(Context.system(), out, err, args);
  }
}
