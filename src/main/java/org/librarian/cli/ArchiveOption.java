package org.librarian.cli;

import org.librarian.config.Settings;
import org.librarian.pipeline.Context;
import picocli.CommandLine.Option;

/** {@code --archive DIR}: the job archive's directory, over {@code archive:} of the config. */
final class ArchiveOption {
  @Option(
      names = "--archive",
      paramLabel = "DIR",
      description =
          "the job archive (Parquet, one row per finished job and per user-day);"
              + " default: 'archive' of the config, else none")
  String archive;

  /** The settings with the flag's directory (relative to the working directory), if given. */
  Settings apply(Settings settings, Context context) {
    return archive == null ? settings : settings.withArchive(context.workingDir().resolve(archive));
  }
}
