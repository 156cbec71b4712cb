package org.librarian.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SQL over the job archive, in DuckDB in-process: the views {@code jobs} and {@code daily} read
 * every visible Parquet file of the archive (hive partitioning: {@code month} is a column), times
 * shown in UTC. An archive with no file yet reads as empty views of the current schema.
 */
public final class ArchiveQuery {
  /**
   * A result: column names, which hold numbers (right-aligned: a numeric SQL type, or every value a
   * number, as DuckDB's HUGEINT sums are), and the values as text ("" for NULL).
   */
  public record Table(List<String> columns, List<Boolean> numeric, List<List<String>> rows) {}

  private ArchiveQuery() {}

  /** A connection with the archive's views; the caller closes it. */
  public static Connection open(Path dir) throws SQLException, IOException {
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = c.createStatement()) {
      s.execute("SET TimeZone='UTC'");
      s.execute(
          "SET temp_directory = " + JobArchive.literal(dir.resolve(".duckdb-tmp").toString()));
      view(s, dir, ArchiveSchema.JOBS, ArchiveSchema.JOB_STAGING);
      view(s, dir, ArchiveSchema.DAILY, ArchiveSchema.DAY_STAGING);
    } catch (SQLException | IOException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private static void view(Statement s, Path dir, String name, String columns)
      throws SQLException, IOException {
    boolean any = false;
    Path dataset = dir.resolve(name);
    if (Files.isDirectory(dataset)) {
      try (var months = Files.newDirectoryStream(dataset, "month=*")) {
        for (Path m : months) {
          any |= !JobArchive.parquetFiles(m).isEmpty();
        }
      }
    }
    if (any) {
      s.execute(
          "CREATE VIEW "
              + name
              + " AS SELECT * FROM read_parquet("
              + JobArchive.literal(dataset.resolve("month=*").resolve("*.parquet").toString())
              + ", hive_partitioning = true, union_by_name = true,"
              + " hive_types = {'month': VARCHAR})");
    } else {
      s.execute(
          "CREATE TABLE "
              + name
              + " ("
              + columns.replace(", month VARCHAR", "")
              + ", archived_at TIMESTAMPTZ, month VARCHAR)");
    }
  }

  /** Runs {@code sql} over the archive in {@code dir}; a statement with no result gives none. */
  public static Table run(Path dir, String sql) throws SQLException, IOException {
    try (Connection c = open(dir);
        Statement s = c.createStatement()) {
      if (!s.execute(sql)) {
        return new Table(List.of(), List.of(), List.of());
      }
      try (ResultSet r = s.getResultSet()) {
        ResultSetMetaData m = r.getMetaData();
        List<String> columns = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        for (int i = 1; i <= m.getColumnCount(); i++) {
          columns.add(m.getColumnLabel(i));
          numeric.add(isNumber(m.getColumnType(i)) || m.getColumnType(i) == Types.OTHER);
        }
        List<List<String>> rows = new ArrayList<>();
        while (r.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= columns.size(); i++) {
            Object v = r.getObject(i);
            row.add(text(v));
            if (v != null && !(v instanceof Number)) {
              numeric.set(i - 1, false);
            }
          }
          rows.add(row);
        }
        return new Table(columns, numeric, rows);
      }
    }
  }

  /** A value as printed: times with a zone as ISO-8601 in UTC to the second, NULL as "". */
  private static String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof OffsetDateTime t) {
      return t.withOffsetSameInstant(ZoneOffset.UTC).format(UTC_SECONDS);
    }
    return v.toString();
  }

  private static final DateTimeFormatter UTC_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT);

  private static boolean isNumber(int type) {
    return switch (type) {
      case Types.TINYINT,
          Types.SMALLINT,
          Types.INTEGER,
          Types.BIGINT,
          Types.REAL,
          Types.FLOAT,
          Types.DOUBLE,
          Types.DECIMAL,
          Types.NUMERIC ->
          true;
      default -> false;
    };
  }

  /** The table aligned in columns under a header and a rule, then the number of rows. */
  public static String aligned(Table t) {
    if (t.columns().isEmpty()) {
      return "";
    }
    int[] width = new int[t.columns().size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = t.columns().get(i).length();
      for (List<String> row : t.rows()) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    StringBuilder b = new StringBuilder();
    line(b, t.columns(), width, t.numeric());
    List<String> rule = new ArrayList<>();
    for (int w : width) {
      rule.add("-".repeat(w));
    }
    line(b, rule, width, t.numeric());
    for (List<String> row : t.rows()) {
      line(b, row, width, t.numeric());
    }
    b.append("(").append(t.rows().size()).append(t.rows().size() == 1 ? " row)" : " rows)");
    return b.append('\n').toString();
  }

  private static void line(StringBuilder b, List<String> cells, int[] width, List<Boolean> right) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      String pad = " ".repeat(width[i] - c.length());
      l.append(i == 0 ? "" : "  ").append(right.get(i) ? pad + c : c + pad);
    }
    b.append(l.toString().stripTrailing()).append('\n');
  }

  /** The table as CSV (a header line; fields quoted as RFC 4180 says where they need it). */
  public static String csv(Table t) {
    StringBuilder b = new StringBuilder();
    if (t.columns().isEmpty()) {
      return "";
    }
    csvLine(b, t.columns());
    for (List<String> row : t.rows()) {
      csvLine(b, row);
    }
    return b.toString();
  }

  private static void csvLine(StringBuilder b, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      if (i > 0) {
        b.append(',');
      }
      if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
        b.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        b.append(c);
      }
    }
    b.append('\n');
  }
}
