package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.usage.JobRecord;
import org.librarian.usage.StepRecord;

/** How a saved file is cut into parts: at line ends, never right before a step's row. */
class SacctFilePartsTest {
  @TempDir Path dir;

  /** What one part saw, in order. */
  static final class Seen implements SacctReader.Sink {
    final List<List<String>> parts = new ArrayList<>(List.of(new ArrayList<>()));

    @Override
    public void job(JobRecord job) {
      parts.get(0).add(job.jobId());
    }

    @Override
    public void step(StepRecord step) {
      parts.get(0).add(step.jobId() + " step");
    }
  }

  @Test
  void aPartNeverStartsAtAStepRow() throws Exception {
    // Job 1 and its 20 steps fill most of the file: the middle, where a cut into two parts is
    // first tried, falls among them, so the cut moves on to job 2's row.
    List<String> lines = new ArrayList<>(List.of("JobID|User|Start|NCPUS", "1|ann|1700000000|4"));
    for (int i = 0; i < 20; i++) {
      lines.add("1." + i + "||1700000000|4");
    }
    lines.add("2|bob|1700000000|2");
    lines.add("2.batch||1700000000|2");
    Path file = dir.resolve("sacct.txt");
    Files.write(file, lines);

    SacctSource.Result<Seen> read =
        SacctFileParts.read(
            file,
            SacctReader.Format.of("|", ZoneOffset.UTC),
            2,
            0,
            Seen::new,
            (a, b) -> {
              a.parts.addAll(b.parts);
              return a;
            });

    List<String> first = new ArrayList<>(List.of("1"));
    first.addAll(Collections.nCopies(20, "1 step"));
    assertEquals(List.of(first, List.of("2", "2 step")), read.records().parts);
    assertEquals(23, read.stats().rowsRead());
    assertEquals(21, read.stats().steps());
  }
}
