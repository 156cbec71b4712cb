package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.librarian.testing.RecordSink;
import org.librarian.usage.EfficiencyCounter;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.JobFamilies;
import org.librarian.usage.JobRecord;
import org.librarian.usage.StepRecord;

/**
 * Job names read safely (#27, item 1), on output recorded on the test Slurm 22.05.8; see
 * src/test/resources/slurm-recorded/README.md.
 */
class SacctJobNameTest {
  private static final Path DIR = Path.of("src/test/resources/slurm-recorded");

  /** The name job 100 was submitted with; slurmdbd keeps double quotes as backquotes. */
  private static final String HARD_NAME = "a|b `q` <script>x</script> \uD83D\uDE42";

  private record Read(List<JobRecord> jobs, List<StepRecord> steps, SacctReader.Stats stats) {}

  private static Read read(String file, String delimiter) throws Exception {
    List<JobRecord> jobs = new ArrayList<>();
    List<StepRecord> steps = new ArrayList<>();
    try (InputStream in = Files.newInputStream(DIR.resolve(file))) {
      SacctReader.Stats stats =
          SacctReader.read(
              in,
              SacctReader.Format.of(delimiter, ZoneOffset.UTC),
              new RecordSink(jobs::add, steps::add));
      return new Read(jobs, steps, stats);
    }
  }

  @Test
  void unitSeparatorKeepsEveryNameWholeAndIsDetectedFromTheHeader() throws Exception {
    Read r = read("sacct-unit-separator-names.txt", null);
    // 13 rows: jobs 100, 101, 102, 104, 103_4, 103_5 and their 7 steps (101 has .batch and .0).
    assertEquals(13, r.stats().rowsRead());
    assertEquals(0, r.stats().malformed());
    assertEquals(7, r.stats().steps());
    assertEquals(
        List.of(HARD_NAME, "twotask", "whole", "late", "align_17", "align_17"),
        r.jobs().stream().map(JobRecord::name).toList());
    JobRecord hard = r.jobs().get(0);
    assertEquals("100", hard.jobId());
    assertEquals("ann", hard.user());
    assertEquals("normal", hard.qos()); // the field after the name's '|' was not shifted
    assertEquals(300, hard.detail().timelimitSeconds()); // TimelimitRaw 5 (minutes)
    JobRecord whole = r.jobs().get(2);
    assertEquals(64, whole.cpus());
    assertEquals(2, whole.detail().reqCpus()); // --exclusive -c 2: given the whole node
    assertEquals(1, whole.detail().nodes());
    // 101.0: two tasks; MaxRSS 127880K is one task's peak, TRESUsageInTot mem=255704K both.
    StepRecord twoTasks = r.steps().get(2);
    assertEquals("101", twoTasks.jobId());
    assertEquals(127_880, twoTasks.maxRssKib());
    assertEquals(2, twoTasks.tasks());
    assertEquals(255_704, twoTasks.tresMemoryKib());
    assertEquals(255_704, twoTasks.memoryUsedKib());
    assertEquals(776, twoTasks.totalCpuMillis()); // TotalCPU 00:00.776
    assertEquals(0, twoTasks.tresCpuMillis()); // cpu=00:00:00
  }

  @Test
  void theRecordedJobsEfficiencyAndFamilies() throws Exception {
    Read r = read("sacct-unit-separator-names.txt", null);
    EfficiencyCounter c = new EfficiencyCounter(0, Long.MAX_VALUE);
    // Steps follow their job in the file; feed them in that order.
    int s = 0;
    for (JobRecord j : r.jobs()) {
      c.add(j);
      while (s < r.steps().size() && r.steps().get(s).jobId().equals(j.jobId())) {
        c.add(r.steps().get(s++));
      }
    }
    EfficiencyReport report = c.report();
    EfficiencyReport.User ann = report.users().get("ann");
    assertEquals(6, ann.jobs());
    assertEquals(1, ann.exclusiveJobs()); // 102: NCPUS 64 > 2 × ReqCPUS 2
    assertEquals(1, ann.timeouts()); // 104
    // Memory used ÷ allocated, exclusive 102 left out: 100 3236K/204800K = 0.0158, 104
    // 3108K/102400K = 0.0304, 103_5 88336K/512000K = 0.17253, 103_4 88380K/512000K = 0.17262,
    // 101 255704K (TRESUsageInTot of its 2-task step)/1048576K = 0.2439; median rank 3.
    assertEquals(88_336 / 512_000.0, ann.memoryEfficiencyP50());
    // 102 apart: 67692K of 62.50G = 65536000K.
    assertEquals(67_692 / 65_536_000.0, ann.exclusiveMemoryEfficiencyP50());
    // Elapsed ÷ 300 s without the TIMEOUT job: [2, 3, 4, 4, 5] / 300, rank 3 → 4 / 300.
    assertEquals(4 / 300.0, ann.timeEfficiencyP50());
    List<String> names = report.families().stream().map(JobFamilies.Family::name).sorted().toList();
    assertEquals(List.of("align_#", HARD_NAME, "late", "twotask", "whole"), names); // sorted
    JobFamilies.Family align =
        report.families().stream().filter(f -> f.name().equals("align_#")).findFirst().get();
    assertEquals(2, align.jobs());
    assertEquals(16, align.cpuHeldSeconds()); // 2 CPUs × 4 s, twice
    assertEquals(1122 + 1163, align.cpuUsedMillis()); // TotalCPU 00:01.122 and 00:01.163
    assertEquals(88_380, align.peakMemoryP95Kib()); // rank ⌈0.95 × 2⌉ = 2 of [88336, 88380]
    assertEquals(4, align.elapsedP95Seconds());
  }

  @Test
  void theSameAnswerWithSacctsDefaultDelimiterLosesOnlyTheRowWhoseNameHoldsIt() throws Exception {
    Read r = read("sacct-pipe-names.txt", null);
    assertEquals(13, r.stats().rowsRead());
    // Job 100's name holds one '|': its row has 27 fields for 26 names and is refused whole.
    assertEquals(1, r.stats().malformed());
    assertEquals("line 2: expected 26 fields, found 27", r.stats().problems().get(0).toString());
    assertEquals(
        List.of("twotask", "whole", "late", "align_17", "align_17"),
        r.jobs().stream().map(JobRecord::name).toList());
  }

  @Test
  void anOldPipeFileIsDetectedAsSuchAndAGivenDelimiterWins() throws Exception {
    String text = "JobID|User|State|Start|End|NCPUS\n7|ann|COMPLETED|1000|2000|2\n";
    List<JobRecord> jobs = new ArrayList<>();
    SacctReader.read(
        new StringReader(text), SacctReader.Format.of(null, ZoneOffset.UTC), jobs::add);
    assertEquals("ann", jobs.get(0).user());
    assertEquals("", jobs.get(0).name()); // no JobName column
    assertEquals("|", SacctReader.detectDelimiter("JobID|User"));
    assertEquals("\u001f", SacctReader.detectDelimiter("JobID\u001fUser"));
    assertEquals("\u001f", SacctQuery.DELIMITER);
    assertTrue(SacctReader.delimiterOf(DIR.resolve("sacct-pipe-names.txt")).equals("|"));
    assertEquals("\u001f", SacctReader.delimiterOf(DIR.resolve("sacct-unit-separator-names.txt")));
  }
}
