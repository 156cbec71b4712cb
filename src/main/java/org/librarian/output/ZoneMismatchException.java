package org.librarian.output;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * A history archive kept in another zone than this run's: its days are other days. The message
 * names the archive, both zones, and the setting that keeps adding to it.
 */
public final class ZoneMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  public ZoneMismatchException(Path archive, ZoneId archived, ZoneId wanted) {
    super(
        archive
            + " keeps its days in "
            + archived
            + ", and this run's time zone is "
            + wanted
            + "; set 'timezone: "
            + archived
            + "' (or --timezone "
            + archived
            + ") to keep adding to it, or move it away to start a new"
            + " history in "
            + wanted);
  }
}
