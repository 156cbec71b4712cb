package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.librarian.usage.JobRecord;

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
    java.util.Map<String, Long> kib = new java.util.HashMap<>();
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
        && j.state() == org.librarian.usage.JobState.CANCELLED));
    // gres/gpu:a100=1,gres/gpu=1 is one GPU; gres/gpu:a100=4 alone is four.
    assertTrue(jobs.stream().allMatch(j -> j.gpus() <= 4));
    assertTrue(jobs.stream().anyMatch(j -> j.gpus() == 4));
  }
}
