package org.librarian.output;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.UUID;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.librarian.common.AtomicFile;
import org.librarian.usage.DailyHistory;
import org.librarian.usage.FinishedRuns;
import org.librarian.usage.JobRecord;
import org.librarian.usage.QosReport;

/**
 * The job archive: every finished run and every whole day of the daily history, appended once to
 * two Parquet datasets partitioned by month ({@code jobs/month=YYYY-MM/part-….parquet}, {@code
 * daily/month=YYYY-MM/part-….parquet}), written through DuckDB in-process. The columns are {@link
 * ArchiveSchema}'s. A run is archived once: its key (cluster, JobID, Start) is looked up in the
 * files of its month before anything is appended; a day once per (cluster, QoS, date).
 *
 * <p>A file is written under a hidden temporary name ({@code .part-….parquet.PID.N.tmp}, which no
 * {@code *.parquet} glob matches) beside its final name, forced to disk, then renamed: a run killed
 * at any moment leaves only whole files visible. Temporary files of processes no longer running are
 * removed first; one writer at a time ({@code .lock}).
 */
public final class JobArchive {
  /**
   * What the archive keeps of a group's written report: its name, zone and daily rows (not its
   * bins, which a centre's run would otherwise hold for every group until the last is written).
   */
  public record GroupDays(String qos, ZoneId zone, List<DailyHistory.Day> days) {
    public static GroupDays of(QosReport report) {
      return new GroupDays(report.qos(), report.usage().grid().zone(), report.daily());
    }
  }

  /** What one append wrote: runs and user-days added, and the files made. */
  public record Appended(long jobs, long days, List<Path> files) {}

  private JobArchive() {}

  /**
   * Appends the finished {@code runs} not yet archived, and the whole days of {@code reports} not
   * yet archived, to the archive in {@code dir}.
   *
   * @param cluster the cluster's name (the key's first part), or null
   * @param now when this happens: each row's {@code archived_at}, and the new files' names
   */
  public static Appended append(
      Path dir, String cluster, List<FinishedRuns.Run> runs, List<GroupDays> reports, Instant now)
      throws IOException {
    Files.createDirectories(dir);
    try (FileChannel lockFile =
            FileChannel.open(
                dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      sweep(dir.resolve(ArchiveSchema.JOBS));
      sweep(dir.resolve(ArchiveSchema.DAILY));
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
          Statement s = c.createStatement()) {
        s.execute("SET TimeZone='UTC'");
        // What does not fit spills into the archive's own hidden directory, not the working one.
        s.execute("SET temp_directory = " + literal(dir.resolve(".duckdb-tmp").toString()));
        s.execute("SET memory_limit = '1GB'");
        s.execute("CREATE TEMP TABLE staged_jobs (" + ArchiveSchema.JOB_STAGING + ")");
        s.execute("CREATE TEMP TABLE staged_days (" + ArchiveSchema.DAY_STAGING + ")");
        stageJobs((DuckDBConnection) c, cluster, runs);
        stageDays((DuckDBConnection) c, cluster, reports);
        List<Path> files = new ArrayList<>();
        long jobs =
            appendNew(s, dir.resolve(ArchiveSchema.JOBS), "staged_jobs", ArchiveSchema.JOB_KEY, now)
                .stream()
                .peek(w -> files.add(w.file))
                .mapToLong(w -> w.rows)
                .sum();
        long days =
            appendNew(
                    s, dir.resolve(ArchiveSchema.DAILY), "staged_days", ArchiveSchema.DAY_KEY, now)
                .stream()
                .peek(w -> files.add(w.file))
                .mapToLong(w -> w.rows)
                .sum();
        return new Appended(jobs, days, files);
      } catch (SQLException e) {
        throw new IOException("DuckDB: " + e.getMessage(), e);
      }
    }
  }

  private record Written(Path file, long rows) {}

  /**
   * For each month of the staged rows: the rows whose key no file of that month holds, written to a
   * new file of that month.
   */
  private static List<Written> appendNew(
      Statement s, Path dataset, String staged, String key, Instant now)
      throws SQLException, IOException {
    List<String> months = new ArrayList<>();
    try (ResultSet r = s.executeQuery("SELECT DISTINCT month FROM " + staged + " ORDER BY month")) {
      while (r.next()) {
        months.add(r.getString(1));
      }
    }
    List<Written> written = new ArrayList<>();
    String stamp =
        now.atOffset(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT));
    for (String month : months) {
      Path monthDir = dataset.resolve("month=" + month);
      List<String> existing = parquetFiles(monthDir);
      String where = "s.month = " + literal(month);
      if (!existing.isEmpty()) {
        where +=
            " AND NOT EXISTS (SELECT 1 FROM read_parquet(["
                + String.join(", ", existing.stream().map(JobArchive::literal).toList())
                + "]) e WHERE "
                + key
                + ")";
      }
      s.execute("DROP TABLE IF EXISTS fresh");
      s.execute(
          "CREATE TEMP TABLE fresh AS SELECT s.* EXCLUDE (month), "
              + literal(now.toString())
              + "::TIMESTAMPTZ AS archived_at FROM "
              + staged
              + " s WHERE "
              + where);
      long rows;
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM fresh")) {
        r.next();
        rows = r.getLong(1);
      }
      if (rows == 0) {
        continue;
      }
      Files.createDirectories(monthDir);
      String name =
          "part-" + stamp + "-" + UUID.randomUUID().toString().substring(0, 8) + ".parquet";
      Path target = monthDir.resolve(name);
      Path temp =
          monthDir.resolve(
              "." + name + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
      try {
        s.execute(
            "COPY (SELECT * FROM fresh ORDER BY ALL) TO "
                + literal(temp.toString())
                + " (FORMAT parquet, COMPRESSION zstd)");
        try (FileChannel f = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          f.force(true);
        }
        AtomicFile.move(temp, target);
      } finally {
        Files.deleteIfExists(temp);
      }
      written.add(new Written(target, rows));
    }
    return written;
  }

  private static void stageJobs(DuckDBConnection c, String cluster, List<FinishedRuns.Run> runs)
      throws SQLException {
    try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "staged_jobs")) {
      for (FinishedRuns.Run run : runs) {
        JobRecord j = run.job();
        JobRecord.Origin o = j.origin();
        long eligible = j.request() == null ? JobRecord.UNKNOWN : j.request().eligible();
        long elapsed = j.start() == JobRecord.UNKNOWN ? 0 : Math.max(0, j.end() - j.start());
        a.beginRow();
        a.append(ArchiveSchema.VERSION);
        text(a, cluster);
        a.append(j.jobId());
        a.append(j.user());
        text(a, o == null || o.account().isEmpty() ? null : o.account());
        a.append(run.qos());
        text(a, partition(j));
        a.append(j.state().name());
        time(a, o == null ? JobRecord.UNKNOWN : o.submit());
        time(a, eligible);
        time(a, j.start());
        time(a, j.end());
        number(
            a,
            eligible == JobRecord.UNKNOWN || j.start() == JobRecord.UNKNOWN
                ? JobRecord.UNKNOWN
                : Math.max(0, j.start() - eligible));
        a.append(elapsed);
        a.append(j.cpus());
        a.append(j.gpus());
        a.append(Math.multiplyExact(j.memoryKib(), 1024L));
        a.append(Math.multiplyExact(j.cpus(), elapsed));
        a.append(Math.multiplyExact(j.gpus(), elapsed));
        if (run.cpuUsedMillis() == JobRecord.UNKNOWN) {
          a.appendNull();
        } else {
          a.append(run.cpuUsedMillis() / 1000.0);
        }
        number(
            a,
            run.peakMemoryKib() < 0
                ? JobRecord.UNKNOWN
                : Math.multiplyExact(run.peakMemoryKib(), 1024L));
        a.append(ArchiveSchema.month(Instant.ofEpochSecond(j.end()).atOffset(ZoneOffset.UTC)));
        a.endRow();
      }
    }
  }

  /** The partition(s) it ran in: sacct's Partition, else the one it asked for, else null. */
  private static String partition(JobRecord j) {
    if (j.origin() != null && !j.origin().partition().isEmpty()) {
      return j.origin().partition();
    }
    if (j.request() != null && !j.request().partition().isEmpty()) {
      return j.request().partition();
    }
    return null;
  }

  /** Each QoS's whole days that are over (a day still going on is archived once it ends). */
  private static void stageDays(DuckDBConnection c, String cluster, List<GroupDays> reports)
      throws SQLException {
    try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "staged_days")) {
      for (GroupDays report : reports) {
        var zone = report.zone();
        for (DailyHistory.Day day : report.days()) {
          long length = day.date().plusDays(1).atStartOfDay(zone).toEpochSecond() - day.start();
          if (day.seconds() != length) {
            continue;
          }
          TreeMap<String, double[]> users = new TreeMap<>(day.users());
          if (users.isEmpty()) {
            users.put("", null); // a day without use still says what waited
          }
          for (var u : users.entrySet()) {
            a.beginRow();
            a.append(ArchiveSchema.VERSION);
            text(a, cluster);
            a.append(report.qos());
            a.append(day.date());
            time(a, day.start());
            a.append(day.seconds());
            a.append(zone.getId());
            text(a, u.getValue() == null ? null : u.getKey());
            for (int i = 0; i < DailyHistory.OBSERVABLES; i++) {
              a.append(u.getValue() == null ? 0.0 : u.getValue()[i]);
            }
            for (int i = 0; i < 2; i++) {
              if (day.waitingAtLimit() == null) {
                a.appendNull();
              } else {
                a.append(day.waitingAtLimit()[i]);
              }
            }
            a.append(ArchiveSchema.month(day.date()));
            a.endRow();
          }
        }
      }
    }
  }

  private static void text(DuckDBAppender a, String value) throws SQLException {
    if (value == null) {
      a.appendNull();
    } else {
      a.append(value);
    }
  }

  private static void number(DuckDBAppender a, long value) throws SQLException {
    if (value == JobRecord.UNKNOWN) {
      a.appendNull();
    } else {
      a.append(value);
    }
  }

  /** A time given in epoch seconds, as a TIMESTAMPTZ; null when unknown. */
  private static void time(DuckDBAppender a, long epochSeconds) throws SQLException {
    if (epochSeconds == JobRecord.UNKNOWN) {
      a.appendNull();
    } else {
      a.append(Instant.ofEpochSecond(epochSeconds).atOffset(ZoneOffset.UTC));
    }
  }

  /** The visible Parquet files of a month's directory, sorted. */
  static List<String> parquetFiles(Path monthDir) throws IOException {
    List<String> files = new ArrayList<>();
    if (!Files.isDirectory(monthDir)) {
      return files;
    }
    try (DirectoryStream<Path> d = Files.newDirectoryStream(monthDir, "[!.]*.parquet")) {
      for (Path p : d) {
        files.add(p.toString());
      }
    }
    files.sort(null);
    return files;
  }

  /** Removes what killed writers left: temporary files of processes no longer running. */
  private static void sweep(Path dataset) throws IOException {
    if (!Files.isDirectory(dataset)) {
      return;
    }
    try (DirectoryStream<Path> months = Files.newDirectoryStream(dataset, "month=*")) {
      for (Path m : months) {
        AtomicFile.sweep(m);
      }
    }
  }

  /** A SQL string literal. */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
