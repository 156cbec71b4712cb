package org.librarian.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.librarian.config.ConfigException;
import org.librarian.config.Settings;
import org.librarian.output.ArchiveQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code librarian query "SQL"}: DuckDB over the job archive, as a table or CSV. */
@Command(
    name = "query",
    header = "Run SQL over the job archive (DuckDB): views jobs and daily.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs one SQL statement with DuckDB over the Parquet files of the job archive: the view jobs "
          + "(one row per finished job) and the view daily (one row per QoS, day and user), with "
          + "month as a column; times in UTC. Prints an aligned table, or CSV with --csv. Bad SQL "
          + "exits 2 with DuckDB's message. See docs/archive.md for the columns."
    })
final class QueryCommand extends Verb {
  @Mixin ConfigOption configOption;
  @Mixin ArchiveOption archiveOption;

  @Option(names = "--csv", description = "print CSV (a header line, then one line per row)")
  boolean csv;

  @Parameters(
      index = "0",
      paramLabel = "SQL",
      description = "the statement, e.g. \"SELECT count(*) FROM jobs\"")
  String sql;

  @Override
  public Integer call() throws Exception {
    Settings settings = archiveOption.apply(settings(configOption), context());
    Path dir = settings.archive();
    if (dir == null) {
      throw new ConfigException(
          "no job archive: pass --archive DIR, or set 'archive:' in " + settings.sourceName());
    }
    if (!Files.isDirectory(dir)) {
      throw new ConfigException("no job archive at " + dir + " (it is made by parse or run)");
    }
    ArchiveQuery.Table table;
    try {
      table = ArchiveQuery.run(dir, sql);
    } catch (SQLException e) {
      err().println("librarian: " + e.getMessage());
      return ExitCode.USAGE;
    }
    out().print(csv ? ArchiveQuery.csv(table) : ArchiveQuery.aligned(table));
    return ExitCode.OK;
  }
}
