package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.demo.DemoSacctGenerator;
import org.librarian.output.UsageJson;
import org.librarian.testing.Reports;
import org.librarian.testing.UsageRecords;
import org.librarian.usage.BinGrid;
import org.librarian.usage.GroupBy;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosUsage;
import org.librarian.usage.SeenRuns;
import org.librarian.usage.StepRecord;

/**
 * A centre's groups counted on several lanes at once give, group by group, exactly what one thread
 * counts; and a count that fails on a lane fails the read, as it does on one thread.
 */
class CountedOnLanesTest {
  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final Instant NOW = Instant.parse("2026-11-20T17:30:00Z");
  private static final BinGrid GRID =
      BinGrid.rolling(NOW, Duration.ofDays(30), Duration.ofHours(1), NY);
  private static final List<String> GROUPS = List.of("avery", "birch", "cedar", "dune", "elm");

  @TempDir Path dir;

  /** Every group found in the rows (qos: all), counted on {@code lanes} lanes. */
  private static QosUsage usage(int lanes) {
    return new QosUsage(
        GRID,
        List.of(),
        true,
        Map.of(),
        new SeenRuns(),
        new GroupBy(GroupBy.Key.QOS, List.of("*")),
        lanes);
  }

  private static QosUsage read(Path file, int lanes) throws Exception {
    QosUsage usage = usage(lanes);
    SacctSource.readFile(
        file,
        new SacctReader.Format("|", null, NY),
        1,
        () -> new UsageRecords(usage),
        UsageRecords::merge);
    usage.endOfRecords();
    return usage;
  }

  /** The whole data file of one group. */
  private static String json(QosUsage u, String group) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UsageJson.write(
        Reports.of(
            group,
            u.report(group),
            u.efficiency(group),
            u.demand(group),
            QosLimits.NONE,
            u.rows(group),
            u.malformedRows(group)),
        out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Five demo months, one per QoS, in one saved file, their rows interleaved. */
  private Path centre() throws Exception {
    List<List<String>> months = new ArrayList<>();
    for (int i = 0; i < GROUPS.size(); i++) {
      StringWriter sample = new StringWriter();
      new DemoSacctGenerator(11 + i).write(sample, GROUPS.get(i), NOW.getEpochSecond(), 64, 8, 40);
      months.add(sample.toString().lines().toList());
    }
    // A job's steps stay right after it: rows are interleaved a job (and its steps) at a time.
    List<String> lines = new ArrayList<>(List.of(months.get(0).get(0)));
    List<Integer> at = new ArrayList<>(List.of(1, 1, 1, 1, 1));
    boolean more = true;
    while (more) {
      more = false;
      for (int g = 0; g < months.size(); g++) {
        List<String> m = months.get(g);
        int i = at.get(g);
        if (i < m.size()) {
          lines.add(m.get(i++));
          while (i < m.size() && m.get(i).split("\\|", 2)[0].contains(".")) {
            lines.add(m.get(i++));
          }
          at.set(g, i);
          more = true;
        }
      }
    }
    return Files.write(dir.resolve("centre.txt"), lines);
  }

  @Test
  void everyGroupCountedOnLanesIsWhatOneThreadCounts() throws Exception {
    Path file = centre();
    QosUsage one = read(file, 1);
    assertEquals(GROUPS, one.groups());
    for (int lanes : new int[] {2, 3, 8}) {
      QosUsage many = read(file, lanes);
      assertEquals(GROUPS, many.groups());
      for (String g : GROUPS) {
        String expected = json(one, g);
        assertTrue(expected.contains("\"families\""), expected);
        assertEquals(expected, json(many, g), g + " on " + lanes + " lanes");
        assertEquals(one.rows(g), many.rows(g));
        assertEquals(one.waitingJobs(g), many.waitingJobs(g));
        assertEquals(one.partitions(g), many.partitions(g));
        assertEquals(one.accounts(g), many.accounts(g));
      }
    }
  }

  private static JobRecord job(String id, String qos, long cpus) {
    long start = NOW.getEpochSecond() - 7_200;
    return new JobRecord(
        id,
        "ann",
        qos,
        JobState.COMPLETED,
        start,
        start + 3_600,
        3_600,
        cpus,
        0,
        1 << 20,
        JobRecord.UNKNOWN,
        null,
        null,
        null);
  }

  /** A step whose CPU time cannot be added to another's: the efficiency count overflows. */
  private static StepRecord hugeStep(String id) {
    return new StepRecord(id, Long.MAX_VALUE, JobRecord.UNKNOWN, -1, -1, -1, Double.NaN, -1);
  }

  @Test
  void aCountThatFailsOnALaneFailsTheReadAsOnOneThread() {
    for (int lanes : new int[] {1, 2}) {
      QosUsage usage = usage(lanes);
      usage.add(job("7", "birch", 4));
      usage.addStep(hugeStep("7"));
      // On one thread the second step throws at once; on a lane, by the end of the records at the
      // latest.
      assertThrows(
          ArithmeticException.class,
          () -> {
            usage.addStep(hugeStep("7"));
            usage.endOfRecords();
          },
          lanes + " lanes");
    }
  }

  @Test
  void aGroupWhoseSumsOverflowOnALaneFailsAloneAsOnOneThread() {
    for (int lanes : new int[] {1, 2}) {
      QosUsage usage = usage(lanes);
      usage.add(job("1", "avery", Long.MAX_VALUE / 1_000));
      usage.add(job("2", "birch", 4));
      usage.endOfRecords();
      assertThrows(ArithmeticException.class, () -> usage.report("avery"), lanes + " lanes");
      // 4 CPUs for the hour from 15:30 to 16:30 UTC: 4 CPU-hours.
      assertEquals(
          4.0, usage.report("birch").users().get(0).totalHours(Observable.NCPUS), lanes + " lanes");
    }
  }
}
