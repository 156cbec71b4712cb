package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.librarian.testing.Jobs;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;

class SacctReaderTest {
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final long GIB = 1024 * 1024;

  private static List<JobRecord> read(
      String text, String delimiter, List<String> fields, SacctReader.Stats[] stats)
      throws Exception {
    List<JobRecord> jobs = new ArrayList<>();
    SacctReader.Stats s =
        SacctReader.read(
            new StringReader(text), new SacctReader.Format(delimiter, fields, UTC), jobs::add);
    if (stats != null) {
      stats[0] = s;
    }
    return jobs;
  }

  @Test
  void columnsAreFoundByNameInAnyOrder() throws Exception {
    JobRecord j =
        first(
            "State|User|NCPUS|Start|End|AllocTRES|JobID",
            "COMPLETED|ann|8|1000|4600|cpu=8,gres/gpu=2,mem=32G,node=1|77");
    assertEquals(
        Jobs.held(
            "77",
            "ann",
            "",
            JobState.COMPLETED,
            1000,
            4600,
            JobRecord.UNKNOWN,
            8,
            2,
            32 * GIB,
            JobRecord.UNKNOWN),
        j);
  }

  @Test
  void trailingDelimiterOfParsable() throws Exception {
    JobRecord j =
        first(
            "JobID|User|State|Start|End|NCPUS|ReqMem|NNodes|",
            "5|bo|RUNNING|1000|Unknown|4|4000Mc|1|");
    assertEquals(4 * 4000 * 1024L, j.memoryKib());
    assertEquals(JobRecord.UNKNOWN, j.end());
  }

  @Test
  void stepsArePassedOverAndMalformedRowsCountedWithLineNumbers() throws Exception {
    String text =
        "JobID|User|State|Start|End|NCPUS|ElapsedRaw\n"
            + "1|ann|COMPLETED|1000|2000|2|1000\n"
            + "1.batch||COMPLETED|1000|2000|2|1000\n"
            + "2|ann|COMPLETED|1000|2000|two|1000\n"
            + "3|ann|COMPLETED|1000|2000\n"
            + "4|ann|COMPLETED|yesterday|2000|2|1000\n"
            + "5|ann|COMPLETED|1000|2000|2|1000\n";
    SacctReader.Stats[] stats = new SacctReader.Stats[1];
    List<JobRecord> jobs = read(text, "|", null, stats);
    assertEquals(List.of("1", "5"), jobs.stream().map(JobRecord::jobId).toList());
    assertEquals(6, stats[0].rowsRead());
    assertEquals(1, stats[0].steps());
    assertEquals(3, stats[0].malformed());
    assertEquals(3, stats[0].problems().size());
    assertTrue(
        stats[0].problems().get(0).toString().startsWith("line 4: NCPUS"),
        stats[0].problems().get(0).toString());
    assertTrue(
        stats[0].problems().get(1).toString().startsWith("line 5: expected 7 fields, found 5"),
        stats[0].problems().get(1).toString());
    assertTrue(
        stats[0].problems().get(2).toString().startsWith("line 6: Start"),
        stats[0].problems().get(2).toString());
  }

  @Test
  void multiCharacterDelimiterContainingThePipe() throws Exception {
    String text =
        "JobID^|^User^|^Start^|^End^|^AllocCPUS^|^\n"
            + "9^|^cy^|^2026-01-01T00:00:00^|^2026-01-01T01:00:00^|^3^|^\n";
    JobRecord j = read(text, "^|^", null, null).get(0);
    assertEquals(3, j.cpus());
    assertEquals(3600, j.end() - j.start());
  }

  @Test
  void headerlessFileWithNamedFields() throws Exception {
    String text = "9|cy|1000|2000|3\n";
    JobRecord j = read(text, "|", List.of("JobID", "User", "Start", "End", "NCPUS"), null).get(0);
    assertEquals(3, j.cpus());
  }

  @Test
  void cpusFallBackToTresAndMemoryToReqMem() throws Exception {
    // No NCPUS: AllocTRES's cpu=6; no mem there: ReqMem 4G per node ("n") × 2 nodes.
    JobRecord j =
        first(
            "JobID|User|Start|End|NCPUS|AllocTRES|ReqMem|NNodes",
            "1|a|1000|2000||cpu=6,node=2|4Gn|2");
    assertEquals(6, j.cpus());
    assertEquals(8 * GIB, j.memoryKib());
  }

  /** The first record of these lines, '|'-delimited, the header first. */
  private static JobRecord first(String... lines) throws Exception {
    return read(String.join("\n", lines) + "\n", "|", null, null).get(0);
  }

  @Test
  void commentLinesArePassedOver() throws IOException, Exception {
    String text = "# pasted error log\nJobID|User|Start|End|NCPUS\n# another\n1|a|1000|2000|1\n";
    assertEquals(1, read(text, "|", null, null).size());
  }

  /**
   * Input edges met in trials: each is a clear error or a counted skip with its line, never silent.
   */
  @Test
  void inputEdgesFromTheFaultTrialsAreCountedSkipsWithTheirLine() throws Exception {
    String text =
        String.join(
            "\n",
            "\uFEFFJobID|User|State|Start|End|NCPUS",
            "1|ann|COMPLETED|1000|2000|2",
            "2|b\u0000ob|COMPLETED|1000|2000|2",
            "3||COMPLETED|1000|2000|2",
            "4|cyd|COMPLETED|2000|1000|2",
            "5|dee|COMPLETED|1000|2000|9223372036854775807",
            "");
    SacctReader.Stats[] stats = new SacctReader.Stats[1];
    List<JobRecord> jobs = read(text, "|", null, stats);
    assertEquals(
        List.of("1"),
        jobs.stream().map(JobRecord::jobId).toList(),
        "the byte-order mark is not part of JobID");
    assertEquals(5, stats[0].rowsRead());
    assertEquals(4, stats[0].malformed());
    List<String> problems = stats[0].problems().stream().map(Object::toString).toList();
    assertEquals("line 3: User 'b\\u0000ob' has a control character", problems.get(0));
    assertEquals("line 4: no User", problems.get(1));
    assertEquals("line 5: End is before Start", problems.get(2));
    assertTrue(
        problems.get(3).startsWith("line 6: more than any job can hold: 9223372036854775807 CPUs"),
        problems.get(3));
  }

  static Stream<Arguments> notSacctOutput() {
    return Stream.of(
        Arguments.of("no header", "9|cy|1000|2000|3\n", "--fields"),
        Arguments.of(
            "a needed column missing", "JobID|User|End|NCPUS\n1|a|5|1\n", "no Start column"),
        Arguments.of("an empty input, not an empty dataset", "", "the input is empty"),
        Arguments.of(
            "blank lines and a comment alone", "\n\n# only a comment\n", "the input is empty"));
  }

  /** Input that is not sacct's output is a clear error that says what is wrong. */
  @ParameterizedTest(name = "{0}: an error saying {2}")
  @MethodSource("notSacctOutput")
  void inputThatIsNotSacctOutputIsAClearError(String what, String text, String message) {
    SacctFormatException e =
        assertThrows(SacctFormatException.class, () -> read(text, "|", null, null));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
