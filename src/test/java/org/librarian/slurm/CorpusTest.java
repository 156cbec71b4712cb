package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.librarian.usage.EfficiencyCounter;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.StepRecord;

/** Real sacct output from public projects (see src/test/resources/corpus/PROVENANCE.md). */
class CorpusTest {
  static final Path CORPUS = Path.of("src/test/resources/corpus");
  private static final ZoneId UTC = ZoneId.of("UTC");

  static Stream<Path> files() throws Exception {
    return Files.list(CORPUS).filter(p -> p.toString().endsWith(".txt")).sorted();
  }

  private static SacctReader.Stats read(String name, String delimiter, List<String> fields, List<JobRecord> jobs)
      throws Exception {
    try (Reader r = Files.newBufferedReader(CORPUS.resolve(name), StandardCharsets.UTF_8)) {
      return SacctReader.read(r, new SacctReader.Format(delimiter, fields, UTC), jobs::add);
    }
  }

  /** Every file, sacct or not, either reads or is refused with a message; nothing throws anything else. */
  @ParameterizedTest
  @MethodSource("files")
  void everyFileReadsOrIsRefusedCleanly(Path file) throws Exception {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      SacctReader.read(r, new SacctReader.Format("|", null, UTC), j -> { });
    } catch (SacctFormatException e) {
      assertTrue(e.getMessage().length() > 20);
    }
  }

  @Test
  void cirrusParsableWithHeaderAndTrailingDelimiter() throws Exception {
    List<JobRecord> jobs = new ArrayList<>();
    SacctReader.Stats s = read("spbooth__SAFE-ACCOUNTING__sacct-cirrus-2020.txt", "|", null, jobs);
    assertEquals(0, s.malformed());
    JobRecord first = jobs.get(0);
    assertEquals("11999", first.jobId());
    assertEquals("vqvu1", first.user());
    assertEquals(144, first.cpus());
    assertEquals(1030032L * 1024, first.memoryKib());
    assertEquals(JobRecord.UNKNOWN, first.end());
    assertTrue(s.steps() > 0);
    assertEquals(s.rowsRead(), s.steps() + jobs.size());
  }

  @Test
  void foxHeaderlessWithTypedGpus() throws Exception {
    List<String> fields = List.of("JobID", "JobIDRaw", "User", "Account", "State", "Start", "End", "AveCPU",
        "AveDiskRead", "AveDiskWrite", "AveRSS", "AveVMSize", "ElapsedRaw", "ExitCode", "Layout", "MaxRSS",
        "MaxVMSize", "MinCPU", "ReqCPUS", "ReqMem", "ReqNodes", "Reservation", "Submit", "Suspended", "SystemCPU",
        "TimelimitRaw", "UserCPU", "NodeList", "Partition", "AllocTRES", "Priority", "JobName");
    List<JobRecord> jobs = new ArrayList<>();
    SacctReader.Stats s = read("NordicHPC__sonar__sacct-fox-2025.txt", "|", fields, jobs);
    assertEquals(0, s.malformed());
    JobRecord first = jobs.get(0);
    assertEquals("1879824", first.jobId());
    assertEquals(32, first.cpus()); // from AllocTRES: no NCPUS column
    assertEquals(1, first.gpus()); // gres/gpu:a100=1 and gres/gpu=1 are the same GPU
    assertEquals(128L * 1024 * 1024, first.memoryKib());
    assertTrue(jobs.stream().anyMatch(j -> j.gpus() == 4));
  }

  @Test
  void snowmanDelimiterWithOldReqMem() throws Exception {
    List<String> fields = List.of("JobID", "JobName", "User", "Partition", "NodeList", "NNodes", "NCPUS", "NTasks",
        "State", "Submit", "Start", "End", "Timelimit", "Elapsed", "TotalCPU", "UserCPU", "SystemCPU", "ReqMem",
        "MaxRSS", "TRESUsageInTot", "TRESUsageOutTot", "MaxDiskWrite", "MaxDiskRead", "MaxRSSNode",
        "MaxDiskWriteNode", "MaxDiskReadNode", "Comment");
    List<JobRecord> jobs = new ArrayList<>();
    SacctReader.Stats s = read("rug-cit-hpc__slurm-jobinfo__sacct-snowman-2021.txt", "\u2603", fields, jobs);
    assertEquals(0, s.malformed());
    assertTrue(jobs.size() > 10);
    // No AllocTRES here, so memory comes from ReqMem: "c" is per CPU, "n" per node (1 MB = 1024 KiB).
    Map<String, Long> kib = new HashMap<>();
    for (JobRecord j : jobs) {
      kib.putIfAbsent(j.jobId(), j.memoryKib());
    }
    assertEquals(750L * 80 * 1024, kib.get("21085537"), "750Mc x 80 CPUs on 21 nodes");
    assertEquals(2000L * 48 * 1024, kib.get("21081719"), "2000Mc x 48 CPUs on 2 nodes");
    assertEquals(512L * 12 * 1024, kib.get("20957017"), "512Mc x 12 CPUs");
    assertEquals(50000L * 1024, kib.get("21090562"), "50000Mn on 1 node");
    assertEquals(100L * 1024 * 1024, kib.get("20872560"), "100Gn on 1 node");
  }

  @Test
  void fileWithoutUserColumnIsRefusedWithItsFields() {
    List<String> fields = List.of("JobID", "JobName", "NodeList", "Start", "End", "NCPUS");
    SacctFormatException e = org.junit.jupiter.api.Assertions.assertThrows(SacctFormatException.class,
        () -> read("fractal-analytics-platform__fractal-slurm-tools__sacct-parsable2-lines.txt", "|", fields,
            new ArrayList<>()));
    assertTrue(e.getMessage().startsWith("the sacct output has no User column"), e.getMessage());
  }

  @Test
  void habrokCancelledBeforeStartAndTypedGpus() throws Exception {
    List<String> fields = List.of("JobID", "JobName", "User", "Partition", "NodeList", "NNodes", "NCPUS", "NTasks",
        "State", "Submit", "Start", "End", "Timelimit", "Elapsed", "TotalCPU", "CPUTime", "UserCPU", "SystemCPU",
        "ReqMem", "MaxRSS", "MaxVMSize", "ReqTRES", "AllocTRES", "TRESUsageInMax", "TRESUsageInTot",
        "TRESUsageOutTot", "MaxDiskRead", "MaxDiskWrite", "MaxRSSNode", "MaxRSSTask", "MaxVMSizeNode",
        "MaxVMSizeTask", "MaxDiskReadNode", "MaxDiskReadTask", "MaxDiskWriteNode", "MaxDiskWriteTask", "Comment");
    List<JobRecord> jobs = new ArrayList<>();
    SacctReader.Stats s = read("rug-cit-hpc__hb-jobinfo__sacct-snowman-2024.txt", "\u2603", fields, jobs);
    assertEquals(0, s.malformed());
    assertTrue(jobs.stream().anyMatch(j -> j.start() == JobRecord.UNKNOWN
        && j.state() == JobState.CANCELLED));
    // gres/gpu:a100=1,gres/gpu=1 is one GPU; gres/gpu:a100=4 alone is four.
    assertTrue(jobs.stream().allMatch(j -> j.gpus() <= 4));
    assertTrue(jobs.stream().anyMatch(j -> j.gpus() == 4));
  }

  /** The efficiency of one job of a file: its row and its steps through an EfficiencyCounter. */
  private static EfficiencyReport.User efficiencyOf(String name, String delimiter,
      List<String> fields, String jobId) throws Exception {
    EfficiencyCounter counter = new EfficiencyCounter(0, Long.MAX_VALUE);
    boolean[] done = {false};
    try (Reader r = Files.newBufferedReader(CORPUS.resolve(name), StandardCharsets.UTF_8)) {
      SacctReader.readAll(r, new SacctReader.Format(delimiter, fields, UTC), new SacctReader.Sink() {
        boolean mine;

        @Override
        public void job(JobRecord job, String line) {
          mine = job.jobId().equals(jobId) && !done[0];  // the files repeat some jobs: the first only
          if (mine) {
            done[0] = true;
            counter.add(job);
          }
        }

        @Override
        public void step(StepRecord step, String line) {
          if (mine) {
            counter.add(step);
          }
        }
      });
    }
    EfficiencyReport report = counter.report();
    assertEquals(1, report.users().size(), jobId);
    return report.users().values().iterator().next();
  }

  /**
   * Steps of real jobs, worked out by hand. 20953257: 4 CPUs for 04:36:10-05:05:51 (1781 s) = 7124
   * CPU-s held, TotalCPU 01:55:46 = 6946 s used; 16Gn on 1 node = 16777216 KiB allocated, the batch
   * step's TRESUsageInTot mem=3653804K: 0.2178. 20957017: 12 CPUs for 2-21:18:05 (249485 s) =
   * 2993820 CPU-s, TotalCPU 34-15:26:01 = 2993161 s; 512Mc x 12 = 6291456 KiB, the larger step peak
   * is step 0's TRESUsageInTot mem=586344K (its MaxRSS, 55168K, is not used when TRES has one).
   */
  @Test
  void snowmanStepsGiveCpuAndMemoryEfficiency() throws Exception {
    List<String> fields = List.of("JobID", "JobName", "User", "Partition", "NodeList", "NNodes", "NCPUS", "NTasks",
        "State", "Submit", "Start", "End", "Timelimit", "Elapsed", "TotalCPU", "UserCPU", "SystemCPU", "ReqMem",
        "MaxRSS", "TRESUsageInTot", "TRESUsageOutTot", "MaxDiskWrite", "MaxDiskRead", "MaxRSSNode",
        "MaxDiskWriteNode", "MaxDiskReadNode", "Comment");
    String file = "rug-cit-hpc__slurm-jobinfo__sacct-snowman-2021.txt";
    EfficiencyReport.User a = efficiencyOf(file, "\u2603", fields, "20953257");
    assertEquals(7124, a.cpuHeldSeconds());
    assertEquals(6_946_000, a.cpuUsedMillis());
    assertEquals(3653804.0 / 16777216, a.memoryEfficiencyP50(), 1e-12);
    assertEquals(0, a.lowCpuJobs());
    EfficiencyReport.User b = efficiencyOf(file, "\u2603", fields, "20957017");
    assertEquals(2_993_820, b.cpuHeldSeconds());
    assertEquals(2_993_161_000L, b.cpuUsedMillis());
    assertEquals(586344.0 / 6291456, b.memoryEfficiencyP50(), 1e-12);
  }

  /**
   * slurm2sql's file, with a header: job 43974388 ran 22:29:14-02:02:39 (12805 s) on 2 CPUs = 25610
   * CPU-s held and used 00:15.057 (its own row's TotalCPU): far below a quarter, a low-efficiency job;
   * ReqMem 2252800K (a total), steps' MaxRSS 231092K and 1156K: 231092 / 2252800. Job 43977780 has no
   * End: not counted.
   */
  @Test
  void slurm2sqlJobRowTotalCpuAndStepMaxRss() throws Exception {
    EfficiencyReport.User u = efficiencyOf("NordicHPC__slurm2sql__sacct-P-header.txt", "|", null,
        "43974388");
    assertEquals(25_610, u.cpuHeldSeconds());
    assertEquals(15_057, u.cpuUsedMillis());
    assertEquals(1, u.lowCpuJobs());
    assertEquals(231092.0 / 2252800, u.memoryEfficiencyP50(), 1e-12);
    EfficiencyCounter none = new EfficiencyCounter(0, Long.MAX_VALUE);
    try (Reader r = Files.newBufferedReader(CORPUS.resolve("NordicHPC__slurm2sql__sacct-P-header.txt"))) {
      SacctReader.readAll(r, new SacctReader.Format("|", null, UTC), (JobRecord job, String line) -> {
        if (job.jobId().equals("43977780")) {
          none.add(job);
        }
      });
    }
    assertEquals(0, none.report().users().size(), "no End: not counted");
  }
}
