package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.librarian.testing.Jobs;

class FinishedRunsTest {
  private static JobRecord job(String id, JobState state, long start, long end) {
    return Jobs.held(
        id, "ann", "q", state, start, end, JobRecord.UNKNOWN, 2, 0, 1024, JobRecord.UNKNOWN);
  }

  @Test
  void keepsTheRunsThatEndedInTheWindowWithTheirStepsFigures() {
    // The window read is (1000, 5000]: a run ending at 1000 ended before it, one ending at 5001
    // after now (a replay); a running job has no End.
    FinishedRuns runs = new FinishedRuns(1000, 5000);
    runs.add(job("1", JobState.COMPLETED, 500, 1000), "q");
    runs.add(job("2", JobState.COMPLETED, 500, 1001), "q");
    runs.add(new StepRecord("2", 30_000, 700, Double.NaN));
    runs.add(new StepRecord("2", 12_000, 900, Double.NaN));
    runs.add(job("3", JobState.TIMEOUT, 4000, 5000), "q");
    runs.add(job("4", JobState.COMPLETED, 4000, 5001), "q");
    runs.add(job("5", JobState.RUNNING, 4000, JobRecord.UNKNOWN), "q");
    runs.pass(); // another QoS's job: its step is passed over
    runs.add(new StepRecord("5", 99_000, 5000, Double.NaN));
    // Job 2: CPU time 30 s + 12 s = 42,000 ms from its steps, peak 900 KiB (the larger); job 3 has
    // no step: both unknown.
    assertEquals(
        List.of("2 42000 900", "3 " + JobRecord.UNKNOWN + " -1"),
        runs.runs().stream()
            .map(r -> r.job().jobId() + " " + r.cpuUsedMillis() + " " + r.peakMemoryKib())
            .toList());
  }
}
