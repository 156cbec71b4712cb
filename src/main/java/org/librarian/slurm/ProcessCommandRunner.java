package org.librarian.slurm;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The only class that starts processes: argv only, no shell, a timeout on every call. */
public final class ProcessCommandRunner implements CommandRunner {

  @Override
  public CommandResult run(Command command) throws CommandException {
    ProcessBuilder pb = new ProcessBuilder(command.argv());
    pb.environment().putAll(command.environment());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    if (command.stdoutFile() != null) {
      pb.redirectOutput(command.stdoutFile().toFile());
    }
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new CommandException("cannot run " + command.argv().get(0) + ": " + e.getMessage(), e);
    }
    CompletableFuture<String> out =
        command.stdoutFile() == null
            ? drain(process.getInputStream())
            : CompletableFuture.completedFuture("");
    CompletableFuture<String> err = drain(process.getErrorStream());
    try {
      if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        throw new CommandException(
            command.argv().get(0)
                + " did not finish within "
                + command.timeout().toSeconds()
                + " s and was stopped");
      }
      return new CommandResult(process.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new CommandException("interrupted while running " + command.argv().get(0), e);
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (InputStream in = stream;
              ByteArrayOutputStream buffer = new ByteArrayOutputStream()) {
            in.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        ProcessCommandRunner::startDaemon);
  }

  // A thread per stream: a shared pool could starve one pipe while the child blocks on the other.
  private static void startDaemon(Runnable task) {
    Thread thread = new Thread(task, "command-output");
    thread.setDaemon(true);
    thread.start();
  }
}
