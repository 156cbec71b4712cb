package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.librarian.usage.BinGrid;
import org.librarian.usage.EfficiencyCounter;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.Observable;
import org.librarian.usage.StepRecord;
import org.librarian.usage.UsageBinner;
import org.librarian.usage.UsageReport;
import org.librarian.usage.UserUsage;

/**
 * Real sacct output from public projects (see src/test/resources/corpus/PROVENANCE.md), one test or
 * more per file, each with values read off the file by hand: the rows, lines and arithmetic are in
 * its comment. Times in these files carry no zone; they are read as UTC, which leaves durations as
 * printed.
 */
class CorpusTest {
  static final Path CORPUS = Path.of("src/test/resources/corpus");
  private static final ZoneId UTC = ZoneId.of("UTC");

  /**
   * The sacct files this class checks; the other commands' files are in CorpusOtherCommandsTest.
   */
  static final List<String> FILES =
      List.of(
          "NordicHPC__slurm2sql__sacct-P-header.txt",
          "NordicHPC__sonar__sacct-fox-2025.txt",
          "aws-samples__hpc-cost-simulator__sacct-issue17-reqmem-0n.txt",
          "aws-samples__hpc-cost-simulator__sacct-issue61-invalid-none.txt",
          "aws-samples__hpc-cost-simulator__sacct-v2.txt",
          "fractal-analytics-platform__fractal-slurm-tools__sacct-parsable2-lines.txt",
          "neuroinformatics-unit__slurmio__sacct-P-header-2019.txt",
          "pytorch__torchx__sacct-parsable2-hetjob.txt",
          "rug-cit-hpc__hb-jobinfo__sacct-snowman-2024.txt",
          "rug-cit-hpc__slurm-jobinfo__sacct-snowman-2021.txt",
          "spbooth__SAFE-ACCOUNTING__sacct-cirrus-2020.txt",
          "troycomi__reportseff__sacct-caret-pipe-delim.txt",
          "ubccr__xdmod__sacct-pozidriv-lines100-660.txt",
          "ubccr__xdmod__sacct-shredder-accounting-logs.txt",
          "ubccr__xdmod__sacct-shredder-job-arrays.txt",
          "ubccr__xdmod__sacct-shredder-non-ended.txt");

  /** A corpus file added without a test of its own fails here. */
  @Test
  void everyCorpusFileHasItsOwnTest() throws Exception {
    TreeSet<String> onDisk = new TreeSet<>();
    try (var files = Files.list(CORPUS)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".txt"))
          .forEach(onDisk::add);
    }
    TreeSet<String> tested = new TreeSet<>(FILES);
    tested.addAll(CorpusOtherCommandsTest.FILES);
    assertEquals(24, tested.size());
    assertEquals(onDisk, tested);
  }

  /** Column names written as sacct's --format takes them: comma-separated. */
  private static List<String> fields(String commaSeparated) {
    return List.of(commaSeparated.split(","));
  }

  /** The records of a file, by JobID; a JobID printed twice keeps its first record. */
  private static Map<String, JobRecord> byId(List<JobRecord> jobs) {
    Map<String, JobRecord> map = new HashMap<>();
    jobs.forEach(j -> map.putIfAbsent(j.jobId(), j));
    return map;
  }

  /** Hourly bins in UTC over [from, to), counted up to {@code to}. */
  private static BinGrid hourly(String from, String to) {
    return BinGrid.fixed(
        Instant.parse(from), Instant.parse(to), Instant.parse(to), Duration.ofHours(1), UTC);
  }

  /** The jobs binned hourly in UTC over [from, to), counted up to {@code to}. */
  private static UsageReport usage(List<JobRecord> jobs, String from, String to) {
    UsageBinner binner = new UsageBinner(hourly(from, to));
    jobs.forEach(binner::add);
    return binner.report();
  }

  private static UserUsage user(UsageReport report, String name) {
    return report.users().stream()
        .filter(u -> u.user().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    name + " not in " + report.users().stream().map(UserUsage::user).toList()));
  }

  private static long gib(double g) {
    return Math.round(g * 1024 * 1024);
  }

  private static String refusal(String name, String delimiter, List<String> fields) {
    SacctFormatException e =
        Assertions.assertThrows(
            SacctFormatException.class, () -> read(name, delimiter, fields, new ArrayList<>()));
    return e.getMessage();
  }

  private static SacctReader.Stats read(
      String name, String delimiter, List<String> fields, List<JobRecord> jobs) throws Exception {
    try (Reader r = Files.newBufferedReader(CORPUS.resolve(name), StandardCharsets.UTF_8)) {
      return SacctReader.read(r, new SacctReader.Format(delimiter, fields, UTC), jobs::add);
    }
  }

  /** The records of a corpus file, every row of which reads (none malformed). */
  private static List<JobRecord> records(String name, String delimiter, List<String> fields)
      throws Exception {
    List<JobRecord> jobs = new ArrayList<>();
    assertEquals(0, read(name, delimiter, fields, jobs).malformed(), name);
    return jobs;
  }

  /**
   * Rows, steps and job records of the files that read, counted by hand (each file's lines are
   * described in its own test below): every row is a step or a record.
   */
  static Stream<Arguments> countedByHand() {
    return Stream.of(
        Arguments.of("ubccr__xdmod__sacct-pozidriv-lines100-660.txt", "|", XDMOD, 561, 0, 561),
        Arguments.of("ubccr__xdmod__sacct-shredder-accounting-logs.txt", "|", XDMOD, 4, 0, 4),
        Arguments.of("ubccr__xdmod__sacct-shredder-non-ended.txt", "|", XDMOD, 2, 0, 2),
        Arguments.of("ubccr__xdmod__sacct-shredder-job-arrays.txt", "|", XDMOD, 6, 0, 6),
        Arguments.of("spbooth__SAFE-ACCOUNTING__sacct-cirrus-2020.txt", "|", null, 279, 207, 72),
        Arguments.of("NordicHPC__sonar__sacct-fox-2025.txt", "|", FOX, 301, 179, 122),
        Arguments.of(
            "rug-cit-hpc__hb-jobinfo__sacct-snowman-2024.txt", "\u2603", HABROK, 242, 142, 100),
        Arguments.of("NordicHPC__slurm2sql__sacct-P-header.txt", "|", null, 5, 3, 2));
  }

  @ParameterizedTest(name = "{0}: {3} rows, {4} steps, {5} records")
  @MethodSource("countedByHand")
  void rowsStepsAndRecordsAsCountedByHand(
      String name, String delimiter, List<String> fields, int rows, int steps, int records)
      throws Exception {
    List<JobRecord> jobs = new ArrayList<>();
    SacctReader.Stats s = read(name, delimiter, fields, jobs);
    assertEquals(rows, s.rowsRead());
    assertEquals(steps, s.steps());
    assertEquals(0, s.malformed());
    assertEquals(records, jobs.size());
    assertEquals(s.rowsRead(), s.steps() + jobs.size());
  }

  @Test
  void cirrusParsableWithHeaderAndTrailingDelimiter() throws Exception {
    JobRecord first = records("spbooth__SAFE-ACCOUNTING__sacct-cirrus-2020.txt", "|", null).get(0);
    assertEquals("11999", first.jobId());
    assertEquals("vqvu1", first.user());
    assertEquals(144, first.cpus());
    assertEquals(1030032L * 1024, first.memoryKib());
    assertEquals(JobRecord.UNKNOWN, first.end());
  }

  @Test
  void foxHeaderlessWithTypedGpus() throws Exception {
    List<String> fields = FOX;
    List<JobRecord> jobs = records("NordicHPC__sonar__sacct-fox-2025.txt", "|", fields);
    JobRecord first = jobs.get(0);
    assertEquals("1879824", first.jobId());
    assertEquals(32, first.cpus()); // from AllocTRES: no NCPUS column
    assertEquals(1, first.gpus()); // gres/gpu:a100=1 and gres/gpu=1 are the same GPU
    assertEquals(128L * 1024 * 1024, first.memoryKib());
    assertTrue(jobs.stream().anyMatch(j -> j.gpus() == 4));
  }

  @Test
  void snowmanDelimiterWithOldReqMem() throws Exception {
    List<String> fields = SNOWMAN;
    List<JobRecord> jobs =
        records("rug-cit-hpc__slurm-jobinfo__sacct-snowman-2021.txt", "\u2603", fields);
    assertTrue(jobs.size() > 10);
    // No AllocTRES here, so memory comes from ReqMem: "c" is per CPU, "n" per node (1 MB = 1024
    // KiB).
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

  /**
   * fractal-slurm-tools' lines, with the 35 fields of its command (JobName%30 as written there):
   * NodeList is third, and there is no User column, so the file is refused before any row, naming
   * its fields.
   */
  @Test
  void fractalWithoutUserColumnIsRefusedWithItsFields() {
    List<String> fields =
        List.of(
            ("JobID,JobName%30,NodeList,NTasks,Submit,Start,End,State,Elapsed,CPUTime,"
                    + "CPUTimeRaw,TotalCPU,NCPUS,MaxDiskRead,AveDiskRead,MaxDiskReadTask,MaxDiskWrite,AveDiskWrite,"
                    + "MaxDiskWriteTask,MaxRSS,MaxRSSTask,AveRSS,MaxVMSize,AveVMSize,MaxVMSizeTask,AveCPU,MinCPU,MinCPUTask,"
                    + "ReqTRES%40,AllocTRES%40,Partition,QOS,SubmitLine,WorkDir,ElapsedRaw")
                .split(","));
    assertEquals(35, fields.size());
    assertEquals(
        "the sacct output has no User column; its fields are: " + String.join(",", fields),
        refusal(
            "fractal-analytics-platform__fractal-slurm-tools__sacct-parsable2-lines.txt",
            "|",
            fields));
  }

  @Test
  void habrokCancelledBeforeStartAndTypedGpus() throws Exception {
    List<String> fields = HABROK;
    List<JobRecord> jobs =
        records("rug-cit-hpc__hb-jobinfo__sacct-snowman-2024.txt", "\u2603", fields);
    assertTrue(
        jobs.stream()
            .anyMatch(j -> j.start() == JobRecord.UNKNOWN && j.state() == JobState.CANCELLED));
    // gres/gpu:a100=1,gres/gpu=1 is one GPU; gres/gpu:a100=4 alone is four.
    assertTrue(jobs.stream().allMatch(j -> j.gpus() <= 4));
    assertTrue(jobs.stream().anyMatch(j -> j.gpus() == 4));
  }

  /** The efficiency of one job of a file: its row and its steps through an EfficiencyCounter. */
  private static EfficiencyReport.User efficiencyOf(
      String name, String delimiter, List<String> fields, String jobId) throws Exception {
    EfficiencyCounter counter = new EfficiencyCounter(0, Long.MAX_VALUE);
    boolean[] done = {false};
    try (Reader r = Files.newBufferedReader(CORPUS.resolve(name), StandardCharsets.UTF_8)) {
      SacctReader.readAll(
          r,
          new SacctReader.Format(delimiter, fields, UTC),
          new SacctReader.Sink() {
            boolean mine;

            @Override
            public void job(JobRecord job) {
              mine =
                  job.jobId().equals(jobId)
                      && !done[0]; // the files repeat some jobs: the first only
              if (mine) {
                done[0] = true;
                counter.add(job);
              }
            }

            @Override
            public void step(StepRecord step) {
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
    List<String> fields = SNOWMAN;
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
   * CPU-s held and used 00:15.057 (its own row's TotalCPU): far below a quarter, a low-efficiency
   * job; ReqMem 2252800K (a total), steps' MaxRSS 231092K and 1156K: 231092 / 2252800. Job 43977780
   * has no End: not counted.
   */
  @Test
  void slurm2sqlJobRowTotalCpuAndStepMaxRss() throws Exception {
    EfficiencyReport.User u =
        efficiencyOf("NordicHPC__slurm2sql__sacct-P-header.txt", "|", null, "43974388");
    assertEquals(25_610, u.cpuHeldSeconds());
    assertEquals(15_057, u.cpuUsedMillis());
    assertEquals(1, u.lowCpuJobs());
    assertEquals(231092.0 / 2252800, u.memoryEfficiencyP50(), 1e-12);
    EfficiencyCounter none = new EfficiencyCounter(0, Long.MAX_VALUE);
    try (Reader r =
        Files.newBufferedReader(CORPUS.resolve("NordicHPC__slurm2sql__sacct-P-header.txt"))) {
      SacctReader.readAll(
          r,
          new SacctReader.Format("|", null, UTC),
          (JobRecord job) -> {
            if (job.jobId().equals("43977780")) {
              none.add(job);
            }
          });
    }
    assertEquals(0, none.report().users().size(), "no End: not counted");
  }

  /** Fox (sonar): {@code sacct -aP --noheader -o ...}, 32 fields. */
  private static final List<String> FOX =
      fields(
          "JobID,JobIDRaw,User,Account,State,Start,End,AveCPU,AveDiskRead,AveDiskWrite,AveRSS,AveVMSize,ElapsedRaw,ExitCode,Layout,MaxRSS,MaxVMSize,MinCPU,ReqCPUS,ReqMem,ReqNodes,Reservation,Submit,Suspended,SystemCPU,TimelimitRaw,UserCPU,NodeList,Partition,AllocTRES,Priority,JobName");

  /** Peregrine (slurm-jobinfo): 27 fields, '☃'-delimited. */
  static final List<String> SNOWMAN =
      fields(
          "JobID,JobName,User,Partition,NodeList,NNodes,NCPUS,NTasks,State,Submit,Start,End,Timelimit,Elapsed,TotalCPU,UserCPU,SystemCPU,ReqMem,MaxRSS,TRESUsageInTot,TRESUsageOutTot,MaxDiskWrite,MaxDiskRead,MaxRSSNode,MaxDiskWriteNode,MaxDiskReadNode,Comment");

  /** Hábrók (hb-jobinfo): 37 fields, '☃'-delimited. */
  private static final List<String> HABROK =
      fields(
          "JobID,JobName,User,Partition,NodeList,NNodes,NCPUS,NTasks,State,Submit,Start,End,Timelimit,Elapsed,TotalCPU,CPUTime,UserCPU,SystemCPU,ReqMem,MaxRSS,MaxVMSize,ReqTRES,AllocTRES,TRESUsageInMax,TRESUsageInTot,TRESUsageOutTot,MaxDiskRead,MaxDiskWrite,MaxRSSNode,MaxRSSTask,MaxVMSizeNode,MaxVMSizeTask,MaxDiskReadNode,MaxDiskReadTask,MaxDiskWriteNode,MaxDiskWriteTask,Comment");

  /**
   * XDMoD's shredder input: {@code sacct --parsable2 --noheader --allocations --format ...}, 26
   * fields.
   */
  private static final List<String> XDMOD =
      fields(
          "JobID,JobIDRaw,Cluster,Partition,QOS,Account,Group,GID,User,UID,Submit,Eligible,Start,End,Elapsed,ExitCode,State,NNodes,NCPUS,ReqCPUS,ReqMem,ReqTRES,AllocTRES,Timelimit,NodeList,JobName");

  /** hpc-cost-simulator's sacct command (docs/SlurmLogParser.md): 26 fields, none of them User. */
  private static final List<String> AWS =
      fields(
          "State,JobID,ReqCPUS,ReqMem,ReqNodes,Constraints,Submit,Eligible,Start,Elapsed,Suspended,End,ExitCode,DerivedExitCode,AllocNodes,NCPUS,MaxDiskRead,MaxDiskWrite,MaxPages,MaxRSS,MaxVMSize,CPUTime,UserCPU,SystemCPU,TotalCPU,Partition");

  private static final String AWS_NO_USER =
      "the sacct output has no User column; its fields are: State,JobID,ReqCPUS,"
          + "ReqMem,ReqNodes,Constraints,Submit,Eligible,Start,Elapsed,Suspended,End,ExitCode,DerivedExitCode,AllocNodes,"
          + "NCPUS,MaxDiskRead,MaxDiskWrite,MaxPages,MaxRSS,MaxVMSize,CPUTime,UserCPU,SystemCPU,TotalCPU";

  /**
   * UB-CCR, Dec 2016, 561 rows (file lines 1-561), all allocations (--allocations), none malformed.
   * User ybsbu has 5 jobs, lines 55-59, 8 CPUs each (NCPUS), AllocTRES mem=62.50G; Start to End by
   * hand: 1002173 12-29T17:55:56-12-31T16:49:19 = 168803 s, 1002177 = 137933 s, 1002277 = 50700 s,
   * 1002279 = 59094 s, 1002282 = 163137 s; sum 579667 s x 8 CPUs = 4637336 CPU-s = 1288.1489
   * CPU-hours, and 62.5 GB x 579667 s = 10063.66 GB-hours. Line 1, 999733: cancelled before it ran
   * (Start = End), ReqMem 2147486448Mn (an old per-CPU flag) but AllocTRES mem=33600M = 34406400
   * KiB.
   */
  @Test
  void xdmodPozidrivMonthOfAllocations() throws Exception {
    List<JobRecord> jobs = records("ubccr__xdmod__sacct-pozidriv-lines100-660.txt", "|", XDMOD);
    JobRecord first = jobs.get(0);
    assertEquals("999733", first.jobId());
    assertEquals("sancr", first.user());
    assertEquals("banana-cream", first.qos());
    assertEquals(JobState.CANCELLED, first.state());
    assertEquals(12, first.cpus());
    assertEquals(33600L * 1024, first.memoryKib());
    assertEquals(first.start(), first.end());
    assertEquals(
        UsageBinner.Outcome.NO_USAGE,
        new UsageBinner(hourly("2016-12-01T00:00:00Z", "2017-01-02T00:00:00Z")).add(first));
    UserUsage ybsbu = user(usage(jobs, "2016-12-29T00:00:00Z", "2017-01-01T00:00:00Z"), "ybsbu");
    assertEquals(4_637_336 / 3600.0, ybsbu.totalHours(Observable.NCPUS), 1e-9);
    assertEquals(62.5 * 579_667 / 3600.0, ybsbu.totalHours(Observable.MEMORY), 1e-9);
    assertEquals(5 * 579_667 / 5 / 3600.0, ybsbu.totalHours(Observable.NJOBS), 1e-9);
    assertEquals(0, ybsbu.totalHours(Observable.NGPUS));
  }

  /**
   * XDMoD's shredder test input, 4 rows. 4107219 (anonuser, line 3): 48 CPUs, AllocTRES mem=144000M
   * (= ReqMem 3000Mc x 48), 06-30T12:04:04 to 07-01T02:04:53 = 50449 s: 2421552 CPU-s. 5692623
   * (xms, line 4): NCPUS 0, AllocTRES gres/gpu=2 and no mem, ReqMem 0n: 2 GPUs, 0 KiB, Eligible
   * Unknown.
   */
  @Test
  void xdmodShredderAccountingLogs() throws Exception {
    List<JobRecord> jobs = records("ubccr__xdmod__sacct-shredder-accounting-logs.txt", "|", XDMOD);
    assertEquals(
        List.of("unknown", "hanx", "anonuser", "xms"), jobs.stream().map(JobRecord::user).toList());
    JobRecord anon = jobs.get(2);
    assertEquals(48, anon.cpus());
    assertEquals(144_000L * 1024, anon.memoryKib());
    assertEquals(50_449, anon.end() - anon.start());
    assertEquals(
        2_421_552 / 3600.0,
        user(usage(jobs, "2015-06-26T00:00:00Z", "2015-07-02T00:00:00Z"), "anonuser")
            .totalHours(Observable.NCPUS),
        1e-9);
    JobRecord gpus = jobs.get(3);
    assertEquals(0, gpus.cpus());
    assertEquals(2, gpus.gpus());
    assertEquals(0, gpus.memoryKib());
    assertEquals(JobRecord.UNKNOWN, gpus.request().eligible());
  }

  /**
   * XDMoD's non-ended test input, 2 rows. 3451067 (noror) is RUNNING yet prints End = Start
   * (2020-06-30T19:24:08) with Elapsed 22:32:22: the record keeps the End it was given, so it holds
   * no usage. 3483276 (honbu) is PENDING: Start Unknown; it asks for ReqCPUS 40 and ReqTRES
   * mem=120000M (= 122880000 KiB), eligible since 2020-07-01T15:28:17.
   */
  @Test
  void xdmodShredderNonEndedStates() throws Exception {
    List<JobRecord> jobs = records("ubccr__xdmod__sacct-shredder-non-ended.txt", "|", XDMOD);
    JobRecord running = jobs.get(0);
    assertEquals(JobState.RUNNING, running.state());
    assertEquals(12, running.cpus());
    assertEquals(48_000L * 1024, running.memoryKib());
    assertEquals(Instant.parse("2020-06-30T19:24:08Z").getEpochSecond(), running.end());
    assertEquals(running.start(), running.end());
    JobRecord pending = jobs.get(1);
    assertEquals(JobState.PENDING, pending.state());
    assertEquals(JobRecord.UNKNOWN, pending.start());
    assertEquals(40, pending.request().cpus());
    assertEquals(120_000L * 1024, pending.request().memoryKib());
    assertEquals(
        Instant.parse("2020-07-01T15:28:17Z").getEpochSecond(), pending.request().eligible());
  }

  /**
   * XDMoD's job-array test input, 6 rows of one array (JobIDRaw 4103947) with collapsed index lists
   * such as {@code 4103947_[9-11,20]}. Its values line up with the 26 fields above (the fifth field
   * reads "qos", user "unknown", as in accounting-logs), not with the older layout without QOS.
   * Each row is one record, kept under its printed JobID: 256 CPUs, no AllocTRES, so memory is
   * ReqMem 3000Mc x 256 CPUs = 768000 MB = 786432000 KiB.
   */
  @Test
  void xdmodShredderCollapsedJobArrays() throws Exception {
    List<JobRecord> jobs = records("ubccr__xdmod__sacct-shredder-job-arrays.txt", "|", XDMOD);
    assertEquals(
        List.of(
            "4103947_100",
            "4103947_[1-3]",
            "4103947_[1,5]",
            "4103947_[9-11,20]",
            "4103947_[91,100-102]",
            "4103947_[9-11,13,16-20]"),
        jobs.stream().map(JobRecord::jobId).toList());
    for (JobRecord j : jobs) {
      assertEquals("unknown", j.user());
      assertEquals(256, j.cpus());
      assertEquals(3000L * 256 * 1024, j.memoryKib());
      assertEquals(JobState.TIMEOUT, j.state());
    }
  }

  /**
   * Cirrus, July 2020, with a header and a trailing '|': 279 data rows, 207 of them steps (JobID
   * with a '.'), 72 allocations. niallw's three jobs (lines 217, 221, 225), 36 CPUs each: 04:48:18
   * + 05:19:02 + 03:55:45 = 17298 + 19142 + 14145 = 50585 s x 36 = 1821060 CPU-s = 505.85
   * CPU-hours; AllocTRES mem=257508M each: 257508 / 1024 GB x 50585 s. 18853 (line 229) holds 7020
   * CPUs on 195 nodes but was cancelled at its start (Start = End): no usage.
   */
  @Test
  void cirrusCountsAndOneUsersCpuHours() throws Exception {
    List<JobRecord> jobs = records("spbooth__SAFE-ACCOUNTING__sacct-cirrus-2020.txt", "|", null);
    UsageReport report = usage(jobs, "2020-07-05T00:00:00Z", "2020-07-07T00:00:00Z");
    UserUsage niallw = user(report, "niallw");
    assertEquals(505.85, niallw.totalHours(Observable.NCPUS), 1e-9);
    assertEquals(257_508 / 1024.0 * 50_585 / 3600, niallw.totalHours(Observable.MEMORY), 1e-9);
    JobRecord big = byId(jobs).get("18853");
    assertEquals(7020, big.cpus());
    assertEquals(big.start(), big.end());
    // ruairidh's CPU-hours are those of 18854 alone (line 230): 36 CPUs from 00:09:29 to 00:09:41.
    assertEquals(36 * 12 / 3600.0, user(report, "ruairidh").totalHours(Observable.NCPUS), 1e-9);
  }

  /**
   * Fox, Sept 2025, headerless: 301 rows, 179 steps, 122 allocations. uc-10014 (lines 96-101):
   * 1956436 PENDING (Start Unknown: no usage), 1956438 and 1956441 TIMEOUT from 07:45:05 to
   * 08:45:26 (3621 s) on 24 and 32 CPUs (AllocTRES cpu=), one GPU each (gres/gpu:a40=1 beside
   * gres/gpu=1 is one GPU), mem 256G and 250G: (24 + 32) x 3621 = 202776 CPU-s, 2 x 3621 GPU-s,
   * (256 + 250) x 3621 GB-s.
   */
  @Test
  void foxCountsAndOneUsersGpuHours() throws Exception {
    List<JobRecord> jobs = records("NordicHPC__sonar__sacct-fox-2025.txt", "|", FOX);
    Map<String, JobRecord> byId = byId(jobs);
    assertEquals(JobRecord.UNKNOWN, byId.get("1956436").start());
    assertEquals(24, byId.get("1956438").cpus());
    assertEquals(1, byId.get("1956438").gpus());
    assertEquals(gib(256), byId.get("1956438").memoryKib());
    assertEquals(gib(250), byId.get("1956441").memoryKib());
    UserUsage u = user(usage(jobs, "2025-09-26T00:00:00Z", "2025-09-27T00:00:00Z"), "uc-10014");
    assertEquals(202_776 / 3600.0, u.totalHours(Observable.NCPUS), 1e-9);
    assertEquals(2 * 3621 / 3600.0, u.totalHours(Observable.NGPUS), 1e-9);
    assertEquals(506 * 3621 / 3600.0, u.totalHours(Observable.MEMORY), 1e-9);
  }

  /**
   * Hábrók 2023-2024, '☃'-delimited with a trailing delimiter: 242 rows, 142 steps, 100
   * allocations. user424 (lines 1-2), 8 CPUs (NCPUS; AllocTRES agrees), mem=199G each: 4034541
   * 09-01T05:51:10 to 09:25:23 = 12853 s, 4046412 09-04T17:05:14 to 09-05T15:31:53 = 80799 s; 8 x
   * 93652 = 749216 CPU-s = 208.1156 CPU-hours. 4047445 (line 3) was cancelled before it started
   * (Start None, NCPUS 0, empty AllocTRES): its memory comes from ReqMem 32000M = 32768000 KiB.
   */
  @Test
  void habrokCountsAndOneUsersCpuHours() throws Exception {
    List<JobRecord> jobs =
        records("rug-cit-hpc__hb-jobinfo__sacct-snowman-2024.txt", "\u2603", HABROK);
    UserUsage u = user(usage(jobs, "2023-08-31T00:00:00Z", "2023-09-06T00:00:00Z"), "user424");
    assertEquals(749_216 / 3600.0, u.totalHours(Observable.NCPUS), 1e-9);
    assertEquals(199.0 * 93_652 / 3600, u.totalHours(Observable.MEMORY), 1e-9);
    JobRecord never = byId(jobs).get("4047445");
    assertEquals(JobRecord.UNKNOWN, never.start());
    assertEquals(0, never.cpus());
    assertEquals(32_000L * 1024, never.memoryKib());
  }

  /**
   * Peregrine 2021: lines 42-82 repeat lines 1-41, so only per-job values are checked here, not
   * totals (how a repeated row counts is settled elsewhere). Line 85, 18120717 (user16): PENDING,
   * Start Unknown, 4 CPUs, ReqMem 430Gn on 1 node. Line 13, array task 20963999_982 (user9): kept
   * under its printed JobID, 8 CPUs, 4Gn. Line 17, 20943166 (user12): 1 CPU, 240Gn, 07-13T10:29:46
   * to 07-17T04:00:12 = 322226 s. Both copies of a repeated job read the same: 21085537 is 80 CPUs
   * on 21 nodes at both lines 24 and 65.
   */
  @Test
  void peregrinePerJobValuesThatRepeatsDoNotChange() throws Exception {
    List<JobRecord> jobs =
        records("rug-cit-hpc__slurm-jobinfo__sacct-snowman-2021.txt", "\u2603", SNOWMAN);
    Map<String, JobRecord> byId = byId(jobs);
    JobRecord pending = byId.get("18120717");
    assertEquals("user16", pending.user());
    assertEquals(JobState.PENDING, pending.state());
    assertEquals(JobRecord.UNKNOWN, pending.start());
    assertEquals(4, pending.cpus());
    assertEquals(gib(430), pending.memoryKib());
    JobRecord task = byId.get("20963999_982");
    assertEquals("user9", task.user());
    assertEquals(8, task.cpus());
    assertEquals(gib(4), task.memoryKib());
    JobRecord one = byId.get("20943166");
    assertEquals(1, one.cpus());
    assertEquals(gib(240), one.memoryKib());
    assertEquals(322_226, one.end() - one.start());
    List<JobRecord> copies = jobs.stream().filter(j -> j.jobId().equals("21085537")).toList();
    assertEquals(2, copies.size());
    // The file's job names were replaced line by line when it was anonymised: all else repeats
    // (compared under one stand-in user, which leaves the name out).
    assertEquals("BKZ", copies.get(0).name());
    assertEquals("1GF4M7Q05", copies.get(1).name());
    assertEquals(copies.get(0).user(), copies.get(1).user());
    assertEquals(copies.get(0).withUser("-"), copies.get(1).withUser("-"));
    assertEquals(80, copies.get(0).cpus());
  }

  /**
   * slurm2sql's file: 5 data rows under the header, 3 of them steps. Job 43977780 (line 5) was
   * cancelled with End Unknown and the file has no ElapsedRaw column: its interval cannot be known,
   * so it is skipped and counted as such; 43974388 counts 2 CPUs x 12805 s (22:29:14 to 02:02:39).
   */
  @Test
  void slurm2sqlCancelledWithoutEndIsSkippedAndCounted() throws Exception {
    List<JobRecord> jobs = records("NordicHPC__slurm2sql__sacct-P-header.txt", "|", null);
    assertEquals(List.of("43974388", "43977780"), jobs.stream().map(JobRecord::jobId).toList());
    UsageReport report = usage(jobs, "2019-07-31T00:00:00Z", "2019-08-02T00:00:00Z");
    assertEquals(1, report.jobsCounted());
    assertEquals(1, report.jobsSkipped());
    assertEquals(2 * 12_805 / 3600.0, user(report, "user1").totalHours(Observable.NCPUS), 1e-9);
  }

  /**
   * hpc-cost-simulator's main file (878 lines): no User column, so it is refused, naming the
   * fields.
   */
  @Test
  void costSimulatorWithoutUserIsRefused() {
    assertEquals(
        AWS_NO_USER + ",Partition",
        refusal("aws-samples__hpc-cost-simulator__sacct-v2.txt", "|", AWS));
  }

  /**
   * Its issue 17 file (ReqMem 0n, '#' error lines, no Partition): refused the same way, before any
   * row.
   */
  @Test
  void costSimulatorIssue17ReqMem0nIsRefused() {
    assertEquals(
        AWS_NO_USER,
        refusal(
            "aws-samples__hpc-cost-simulator__sacct-issue17-reqmem-0n.txt",
            "|",
            AWS.subList(0, 25)));
  }

  /** Its issue 61 file (State INVALID, Start None, a blank first line): refused the same way. */
  @Test
  void costSimulatorIssue61InvalidStateIsRefused() {
    assertEquals(
        AWS_NO_USER + ",Partition",
        refusal("aws-samples__hpc-cost-simulator__sacct-issue61-invalid-none.txt", "|", AWS));
  }

  /**
   * slurmio's header (43 names) has neither User nor Start; it has AllocCPUS, which is not missing.
   */
  @Test
  void slurmioHeaderWithoutUserOrStartIsRefused() {
    String m = refusal("neuroinformatics-unit__slurmio__sacct-P-header-2019.txt", "|", null);
    assertTrue(
        m.startsWith(
            "the sacct output has no User, no Start column; its fields are: JobID,JobIDRaw,JobName,"
                + "Partition,"),
        m);
    assertTrue(m.endsWith(",AllocGRES,ReqGRES,ReqTRES,AllocTRES"), m);
  }

  /** torchx's het job ({@code sacct --parsable2 -j 1853}): 7 columns, neither User nor Start. */
  @Test
  void torchxHetJobWithoutUserOrStartIsRefused() {
    assertEquals(
        "the sacct output has no User, no Start column; its fields are: JobID,JobName,Partition,Account,"
            + "AllocCPUS,State,ExitCode",
        refusal("pytorch__torchx__sacct-parsable2-hetjob.txt", "|", null));
  }

  /**
   * reportseff's {@code --delimiter=^|^} output: the 11 fields it asked for have neither User nor
   * Start.
   */
  @Test
  void reportseffCaretPipeWithoutUserOrStartIsRefused() {
    List<String> fields =
        fields(
            "AdminComment,AllocCPUS,Elapsed,JobID,JobIDRaw,MaxRSS,NNodes,NTasks,ReqMem,State,TotalCPU");
    assertEquals(
        "the sacct output has no User, no Start column; its fields are: "
            + String.join(",", fields),
        refusal("troycomi__reportseff__sacct-caret-pipe-delim.txt", "^|^", fields));
  }
}
