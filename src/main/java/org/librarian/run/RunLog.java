package org.librarian.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneId;
import org.librarian.common.IsoTime;

/**
 * A log file of one line per step, each with its time and zone. When it passes {@code maxBytes} it
 * moves to {@code NAME.1} (replacing the older one), so the log never takes more than twice that.
 */
public final class RunLog {
  /** How large a log grows before it moves to {@code NAME.1}. */
  public static final long MAX_BYTES = 1 << 20;

  private final Path file;
  private final long maxBytes;
  private final Clock clock;
  private final ZoneId zone;

  public RunLog(Path file, long maxBytes, Clock clock, ZoneId zone) {
    this.file = file;
    this.maxBytes = maxBytes;
    this.clock = clock;
    this.zone = zone;
  }

  public Path file() {
    return file;
  }

  /**
   * Appends a line; a log that cannot be written never stops the run, so failures are swallowed and
   * reported once.
   */
  public synchronized boolean line(String text) {
    try {
      Files.createDirectories(file.getParent());
      if (Files.exists(file) && Files.size(file) > maxBytes) {
        Files.move(
            file,
            file.resolveSibling(file.getFileName() + ".1"),
            StandardCopyOption.REPLACE_EXISTING);
      }
      String stamped =
          IsoTime.of(clock.instant().getEpochSecond(), zone) + " " + text.replace('\n', ' ') + "\n";
      Files.writeString(
          file,
          stamped,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
