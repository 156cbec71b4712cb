package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where each field is, found by the header's names. */
class SacctFieldsTest {
  @Test
  void namesInAnyCaseAndOrderWithAWidthSuffixAndATrailingDelimiter() throws Exception {
    SacctFields f =
        SacctFields.of(List.of("qos", "JobIDRaw", "USER%20", " Start ", "AllocCPUS", ""));
    assertEquals(5, f.count());
    assertTrue(f.trailing());
    assertEquals(0, f.qos());
    assertEquals(1, f.jobId()); // JobIDRaw when there is no JobID
    assertEquals(2, f.user());
    assertEquals(3, f.start());
    assertEquals(4, f.cpus()); // AllocCPUS when there is no NCPUS
    assertEquals(-1, f.end());
    assertEquals(-1, f.allocTres());
  }

  @Test
  void jobIdIsPreferredToJobIdRawAndNcpusToAllocCpus() throws Exception {
    SacctFields f =
        SacctFields.of(List.of("JobIDRaw", "JobID", "User", "Start", "AllocCPUS", "NCPUS"));
    assertEquals(1, f.jobId());
    assertEquals(5, f.cpus());
    assertFalse(f.trailing());
  }

  @Test
  void aMissingNeededFieldIsNamedWithTheFieldsThereAre() {
    SacctFormatException e =
        assertThrows(
            SacctFormatException.class, () -> SacctFields.of(List.of("JobID", "State", "End")));
    assertEquals(
        "the sacct output has no User, no Start, no NCPUS (or AllocCPUS, or AllocTRES) column;"
            + " its fields are: JobID,State,End",
        e.getMessage());
  }

  @Test
  void aHeaderNamesTwoKnownFields() {
    SacctLine line = new SacctLine("|");
    line.split("JobID|Comment");
    assertFalse(SacctFields.looksLikeHeader(line));
    line.split("jobid|Comment| user ");
    assertTrue(SacctFields.looksLikeHeader(line));
    line.split("123|ann|COMPLETED");
    assertFalse(SacctFields.looksLikeHeader(line));
  }

  @Test
  void everyRequestedFieldIsReadOrCountedAndQosIsAmongThem() throws Exception {
    SacctFields f = SacctFields.of(SacctFields.REQUESTED);
    assertEquals(26, f.count());
    assertEquals(0, f.jobId());
    assertEquals(4, f.qos());
    assertEquals(23, f.jobName());
    assertEquals(24, f.tasks());
    assertEquals(25, f.timelimitRaw());
    assertTrue(SacctFields.hasQos(SacctFields.REQUESTED));
    assertEquals(
        0, SacctFields.jobIdColumn(List.of("JobIDRaw", "JobID"))); // the first, for cutting files
  }
}
