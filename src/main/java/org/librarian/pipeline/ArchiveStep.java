package org.librarian.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.librarian.config.Settings;
import org.librarian.output.JobArchive;
import org.librarian.usage.FinishedRuns;

/** The job archive's step of a collection: append, say what was appended, or say why not. */
final class ArchiveStep {
  private ArchiveStep() {}

  /**
   * Appends the finished runs and the whole days of {@code reports} to the archive the settings
   * name (nothing when they name none); returns why it could not, or null. What was appended before
   * a failure stays, and the next run appends the rest: nothing is archived twice.
   */
  static String append(
      Settings settings,
      FinishedRuns finished,
      List<JobArchive.GroupDays> reports,
      Instant now,
      PrintWriter out,
      PrintWriter err) {
    Path dir = settings.archive();
    if (dir == null || finished == null) {
      return null;
    }
    try {
      JobArchive.Appended a =
          JobArchive.append(dir, settings.cluster(), finished.runs(), reports, now);
      out.println(
          "archive: "
              + a.jobs()
              + " finished jobs and "
              + a.days()
              + " user-days appended to "
              + dir);
      return null;
    } catch (IOException | RuntimeException e) {
      String error = "the job archive in " + dir + " was not updated: " + e.getMessage();
      err.println("librarian: " + error);
      return error;
    }
  }
}
