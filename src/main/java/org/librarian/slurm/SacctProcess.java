package org.librarian.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One sacct run of a live query through the {@link CommandRunner}, its output in a temporary file,
 * with what the console sees: the command line when verbose or debug, the raw output (in the form
 * of the test fixtures) when debug, and a ticker of the seconds waited when progress is on. A run
 * that fails, times out or prints output cut short throws {@link SacctException} and leaves no file
 * behind.
 */
record SacctProcess(
    CommandRunner runner, PrintWriter err, boolean debug, boolean verbose, boolean progress) {

  /**
   * Runs sacct into a temporary file under {@code tmp}; the file is complete (ends with a line
   * end).
   */
  Path run(SacctQuery query, Path tmp) throws SacctException {
    Path output;
    try {
      Files.createDirectories(tmp);
      output = Files.createTempFile(tmp, ".sacct." + ProcessHandle.current().pid() + ".", ".tmp");
    } catch (IOException e) {
      throw new SacctException(
          "cannot create a temporary file in " + tmp + ": " + e.getMessage(), null, e);
    }
    boolean ok = false;
    try {
      Command command = query.command().withStdoutFile(output);
      if (verbose || debug) {
        err.println("running " + command.display());
      }
      AtomicBoolean done = new AtomicBoolean();
      Thread ticker = progress ? startProgress(done) : null;
      CommandResult result;
      try {
        result = runner.run(command);
      } catch (CommandException e) {
        throw new SacctException(
            "sacct for " + String.join(",", query.qos()) + ": " + e.getMessage(), null, e);
      } finally {
        done.set(true);
        if (ticker != null) {
          ticker.interrupt();
        }
      }
      if (!result.ok()) {
        throw new SacctException(
            "sacct for "
                + String.join(",", query.qos())
                + " failed (exit "
                + result.exitCode()
                + "): "
                + result.errorSummary(),
            result.exitCode(),
            null);
      }
      if (debug) {
        err.println("# " + command.display());
        err.print(Files.readString(output, StandardCharsets.UTF_8));
        err.flush();
      }
      if (!endsWithLineEnd(output)) {
        throw new SacctException(
            "sacct for "
                + String.join(",", query.qos())
                + " printed output that was cut short (its last line has no end); nothing counted",
            0,
            null);
      }
      ok = true;
      return output;
    } catch (IOException e) {
      throw new SacctException(
          "cannot read sacct's output " + output + ": " + e.getMessage(), null, e);
    } finally {
      if (!ok) {
        delete(output);
      }
    }
  }

  private static boolean endsWithLineEnd(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        return true;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      ch.read(last, size - 1);
      return last.get(0) == '\n';
    }
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Swept by the next run (its name carries this process's id).
    }
  }

  private void note(String message) {
    if (verbose) {
      err.println(message);
    }
  }

  private Thread startProgress(AtomicBoolean done) {
    long start = System.nanoTime();
    Thread t =
        new Thread(
            () -> {
              while (!done.get()) {
                synchronized (err) {
                  err.printf(
                      Locale.ROOT,
                      "\rwaiting for sacct, %d s",
                      (System.nanoTime() - start) / 1_000_000_000L);
                  err.flush();
                }
                try {
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  break;
                }
              }
              err.print("\r\033[K");
              err.flush();
            },
            "sacct-progress");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Reads sacct's output in {@code file} into {@code sink}. */
  static SacctReader.Stats read(Path file, SacctReader.Format format, SacctReader.Sink sink)
      throws SacctException {
    try (InputStream in = Files.newInputStream(file)) {
      return SacctReader.read(in, format, sink);
    } catch (SacctFormatException e) {
      throw new SacctException("sacct's output: " + e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      throw new SacctException("cannot read sacct's output: " + e.getMessage(), null, e);
    }
  }
}
