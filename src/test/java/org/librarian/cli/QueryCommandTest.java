package org.librarian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.Cli;
import org.librarian.testing.RealTestbed;

/** {@code librarian query}: DuckDB over the archive the real-testbed case makes. */
class QueryCommandTest {
  @TempDir Path dir;

  /** The per-user CPU-hours: ann 8 × (79 + 87 + 80) s = 1968 s; cyd 76 + 84 + 77 = 237 s. */
  private static final String BY_USER =
      "SELECT user_name AS \"user\", count(*) AS jobs, sum(cpu_seconds) AS cpu_seconds"
          + " FROM jobs WHERE start_time IS NOT NULL GROUP BY ALL ORDER BY 1";

  @BeforeEach
  void archive() {
    Cli.Run run = RealTestbed.parse(dir, "--window", "1d", "--archive", "arch");
    assertEquals(0, run.code(), run.err());
  }

  @Test
  void printsAnAlignedTable() {
    Cli.Run run = new Cli(dir).run("query", "--archive", "arch", BY_USER);
    assertEquals(0, run.code(), run.err());
    assertEquals(
        String.join(
            "\n",
            "user  jobs  cpu_seconds",
            "----  ----  -----------",
            "ann      3         1968",
            "cyd      3          237",
            "(2 rows)",
            ""),
        run.out());
  }

  @Test
  void printsCsv() {
    Cli.Run run =
        new Cli(dir)
            .run(
                "query",
                "--archive",
                "arch",
                "--csv",
                "SELECT job_id, end_time, 'a,b' AS quoted FROM jobs WHERE job_id IN ('9', '46')"
                    + " ORDER BY end_time");
    assertEquals(0, run.code(), run.err());
    // Ends 1795402565 and 1795402988 s: 02:56:05 and 03:03:08 UTC on 2026-11-23.
    assertEquals(
        "job_id,end_time,quoted\n"
            + "9,2026-11-23T02:56:05Z,\"a,b\"\n"
            + "46,2026-11-23T03:03:08Z,\"a,b\"\n",
        run.out());
  }

  @Test
  void theArchiveComesFromTheConfigToo() throws Exception {
    Files.writeString(dir.resolve("librarian.yaml"), "archive: arch\n");
    Cli.Run run = new Cli(dir).run("query", "--csv", "SELECT count(*) AS n FROM daily");
    assertEquals(0, run.code(), run.err());
    assertEquals("n\n0\n", run.out());
  }

  @Test
  void badSqlExits2WithDuckDbsMessage() {
    Cli.Run run = new Cli(dir).run("query", "--archive", "arch", "SELEC * FROM jobs");
    assertEquals(2, run.code());
    assertTrue(run.err().contains("syntax error at or near \"SELEC\""), run.err());
    Cli.Run missing = new Cli(dir).run("query", "--archive", "arch", "SELECT nope FROM jobs");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("nope"), missing.err());
  }

  @Test
  void noArchiveExits2() {
    Cli.Run run = new Cli(dir).run("query", "--archive", "elsewhere", "SELECT 1");
    assertEquals(2, run.code());
    assertTrue(run.err().contains("no job archive at"), run.err());
    Cli.Run none = new Cli(dir).run("query", "SELECT 1");
    assertEquals(2, none.code());
    assertTrue(none.err().contains("pass --archive DIR"), none.err());
  }
}
