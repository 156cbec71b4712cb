package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The corpus files that are not sacct output (squeue, sinfo, scontrol; see
 * src/test/resources/corpus/PROVENANCE.md). Where the project has a reader for the file's kind, a
 * value read from it is checked against the file read by eye; where it has none, the test pins what
 * the project's sacct reader does when handed the file: it refuses it with a message that quotes
 * the line.
 */
class CorpusOtherCommandsTest {
  /** Every file this class checks; CorpusTest makes sure together they cover the whole corpus. */
  static final List<String> FILES =
      List.of(
          "NordicHPC__sonar__scontrol-show-job-oneliner.txt",
          "NordicHPC__sonar__sinfo-nodelist-statecomplete.txt",
          "OSC__ood_core__squeue-unitsep-header.txt",
          "SckyzO__slurm_exporter__scontrol-show-nodes-24.11.txt",
          "SckyzO__slurm_exporter__sinfo-node-detail-gres-25.05.txt",
          "SckyzO__slurm_exporter__squeue-reasons-all-states.txt",
          "rug-cit-hpc__hb-jobinfo__squeue-dep-reason-cpus.txt",
          "rug-cit-hpc__slurm-jobinfo__squeue-dep-reason.txt");

  private static final String NOT_A_HEADER =
      "line 1 is not a header naming the fields (such as JobID|User|Start...);"
          + " for output written with --noheader, name the fields with --fields, or check the delimiter (--delimiter);"
          + " it starts: ";

  private static String text(String name) throws Exception {
    return Files.readString(CorpusTest.CORPUS.resolve(name), StandardCharsets.UTF_8);
  }

  /**
   * What the sacct reader says when handed the file as if it were {@code sacct -P} output with a
   * header.
   */
  private static String sacctRefusal(String name, String delimiter) {
    SacctFormatException e =
        assertThrows(
            SacctFormatException.class,
            () -> {
              try (Reader r =
                  Files.newBufferedReader(
                      CorpusTest.CORPUS.resolve(name), StandardCharsets.UTF_8)) {
                SacctReader.read(r, SacctReader.Format.of(delimiter, ZoneId.of("UTC")), j -> {});
              }
            });
    return e.getMessage();
  }

  /**
   * Three pending jobs, {@code scontrol -o show job}, one line each. Read by eye from line 3:
   * JobId=2066283, JobName=OOD Code Server (a value with spaces, up to the next Key=),
   * UserId=uc-10008, ReqTRES with its own '=' signs, an empty NodeList=,
   * StartTime=2025-10-24T11:50:00 (no zone in the file; read as UTC).
   */
  @Test
  void sonarScontrolOneLinerPendingJobs() throws Exception {
    List<String> lines = text("NordicHPC__sonar__scontrol-show-job-oneliner.txt").lines().toList();
    assertEquals(3, lines.size());
    assertEquals(
        List.of("1879824", "1903070", "2066283"),
        lines.stream().map(ScontrolJob::parse).map(ScontrolJob::id).toList());
    ScontrolJob job = ScontrolJob.parse(lines.get(2));
    assertEquals("OOD Code Server", job.name());
    assertEquals("uc-10008", job.user());
    assertEquals("cpu=24,mem=256G,node=1,billing=28,gres/gpu=1", job.get("ReqTRES"));
    assertEquals("", job.get("NodeList"));
    assertEquals("Priority", job.get("Reason"));
    assertEquals(Instant.parse("2025-10-24T11:50:00Z"), job.time("StartTime"));
    assertFalse(job.cronJob());
    assertEquals("", job.crontabSpec());
    // Line 1 has NumCPUs=4 and ReqTRES cpu=8: the two are told apart by key.
    assertEquals("4", ScontrolJob.parse(lines.get(0)).get("NumCPUs"));
  }

  /**
   * {@code scontrol show nodes -o}: no node reader in the project. The one-line Key=Value reader
   * still splits a node line by eye: line 1 has OS= with spaces and a '#', CfgTRES and
   * AllocTRES=cpu=4,mem=8G; line 2 (na3) an empty AllocTRES=. The sacct reader refuses the file at
   * line 1.
   */
  @Test
  void exporterScontrolShowNodesIsKeyValueNotSacct() throws Exception {
    List<String> lines =
        text("SckyzO__slurm_exporter__scontrol-show-nodes-24.11.txt").lines().toList();
    ScontrolJob na1 = ScontrolJob.parse(lines.get(0));
    assertEquals("na1", na1.get("NodeName"));
    assertEquals(
        "Linux 6.18.33.2-microsoft-standard-WSL2 #1 SMP PREEMPT_DYNAMIC Thu Jun 18 21:54:43 UTC 2026",
        na1.get("OS"));
    assertEquals("cpu=32,mem=15867M,billing=32", na1.get("CfgTRES"));
    assertEquals("cpu=4,mem=8G", na1.get("AllocTRES"));
    ScontrolJob na3 = ScontrolJob.parse(lines.get(1));
    assertEquals("na3", na3.get("NodeName"));
    assertEquals("", na3.get("AllocTRES"));
    assertEquals("0", na3.get("CurrentWatts"));
    assertEquals(
        NOT_A_HEADER + "NodeName=na1 Arch=x86_64 CoresPerSocket=16  CPUAlloc=4 CPUEf...",
        sacctRefusal("SckyzO__slurm_exporter__scontrol-show-nodes-24.11.txt", "|"));
  }

  /**
   * {@code sinfo -h -a -e -O "NodeList:|,StateComplete:|"}: two fields a line, where the partition
   * reader wants four ({@code %R|%C|%F|%a}); it passes every line over rather than inventing a
   * partition. The sacct reader refuses it, quoting line 1 whole (52 characters).
   */
  @Test
  void sonarSinfoNodeStatesAreNotPartitions() throws Exception {
    assertEquals(
        Map.of(),
        SinfoPartitions.parse(text("NordicHPC__sonar__sinfo-nodelist-statecomplete.txt")));
    assertEquals(
        NOT_A_HEADER + "bigmem-1,c1-[5,9,12-18],gpu-[1,5-6,8-13,15-16]|mixed|",
        sacctRefusal("NordicHPC__sonar__sinfo-nodelist-statecomplete.txt", "|"));
  }

  /**
   * {@code sinfo -N -O ...}, fields separated by spaces: the partition reader finds no '|' and
   * passes all 23 lines over; the sacct reader refuses line 1.
   */
  @Test
  void exporterSinfoNodeGresIsRefused() throws Exception {
    String name = "SckyzO__slurm_exporter__sinfo-node-detail-gres-25.05.txt";
    assertEquals(23, text(name).lines().count());
    assertEquals(Map.of(), SinfoPartitions.parse(text(name)));
    assertEquals(
        NOT_A_HEADER + "a001 850000 876896 288/0/0/288 allocated gpu gpu:model_a:4(S...",
        sacctRefusal(name, "|"));
  }

  /**
   * {@code squeue -O} with the unit separator (0x1F) and a header of 50 names: it has JOBID and
   * USER (so it looks like a header) but no START and no NCPUS/AllocTRES (squeue says START_TIME,
   * CPUS, TRES_ALLOC), so the sacct reader names what is missing and lists the fields it found.
   */
  @Test
  void oodSqueueUnitSeparatorHeaderLacksSacctColumns() {
    String message = sacctRefusal("OSC__ood_core__squeue-unitsep-header.txt", "\u001f");
    assertTrue(
        message.startsWith(
            "the sacct output has no Start, no NCPUS (or AllocCPUS, or AllocTRES) column;"
                + " its fields are: ACCOUNT,JOBID,EXEC_HOST,MIN_CPUS,CPUS,"),
        message);
    assertTrue(message.endsWith(",TRES_ALLOC,TRES_PER_NODE"), message);
  }

  /**
   * {@code squeue -h -o '%P|%T|%C|%r|%u' --states=all}: 55 lines of five fields. The project's
   * squeue line reader ({@code %i|%u|%T|%r|%j}) has the reason fourth too, so only reasons are
   * compared. Counted with {@code cut -d'|' -f4 | sort | uniq -c}: None 32, Priority 11, two each
   * of BeginTime, JobHeldUser, Resources and the long "Nodes required ..." (commas kept), one each
   * of NodeDown, TimeLimit, JobHeldAdmin, BadConstraints. None is the requeued-held kind the
   * watchdog acts on.
   */
  @Test
  void exporterSqueueReasonsAcrossAllStates() throws Exception {
    List<SqueueJob> jobs =
        SqueueJob.parse(text("SckyzO__slurm_exporter__squeue-reasons-all-states.txt"));
    assertEquals(55, jobs.size());
    Map<String, Integer> reasons = new TreeMap<>();
    for (SqueueJob j : jobs) {
      reasons.merge(j.reason(), 1, Integer::sum);
      assertFalse(SqueueJob.isStuckReason(j.reason()), j.reason());
    }
    Map<String, Integer> expected =
        new TreeMap<>(
            Map.of(
                "None",
                32,
                "Priority",
                11,
                "BeginTime",
                2,
                "JobHeldUser",
                2,
                "Resources",
                2,
                "Nodes required for job are DOWN, DRAINED or reserved for jobs in higher priority partitions",
                2,
                "NodeDown",
                1,
                "TimeLimit",
                1,
                "JobHeldAdmin",
                1,
                "BadConstraints",
                1));
    assertEquals(expected, reasons);
  }

  /**
   * {@code squeue --format="%i|%E;%R" --noheader}: two '|' fields, where the pending-reason reader
   * wants four and the job reader five; both pass the three lines over rather than misread them.
   * The reason of line 3, (JobHeldUser), is a deliberate hold, not a stuck job.
   */
  @Test
  void jobinfoSqueueDependencyAndReason() throws Exception {
    assertEveryLinePassedOver(
        "rug-cit-hpc__slurm-jobinfo__squeue-dep-reason.txt", 3, "21085523|(null);(Priority)");
    assertFalse(SqueueJob.isStuckReason("(JobHeldUser)"));
  }

  /**
   * {@code squeue --format="%i|%E;%R;%C"}: the same two '|' fields on 10 lines, all passed over.
   */
  @Test
  void habrokSqueueDependencyReasonCpus() throws Exception {
    assertEveryLinePassedOver(
        "rug-cit-hpc__hb-jobinfo__squeue-dep-reason-cpus.txt",
        10,
        "7219441|afterany:7219440(unfulfilled);(Dependency);384");
  }

  /**
   * Of squeue output {@code name}, {@code lines} lines: both squeue readers pass every line over,
   * and sacct's reader refuses the file, its first line ({@code first}) being no header.
   */
  private static void assertEveryLinePassedOver(String name, long lines, String first)
      throws Exception {
    String out = text(name);
    assertEquals(lines, out.lines().count());
    assertEquals(Map.of(), SqueuePending.parse(out));
    assertEquals(List.of(), SqueueJob.parse(out));
    assertEquals(NOT_A_HEADER + first, sacctRefusal(name, "|"));
  }
}
