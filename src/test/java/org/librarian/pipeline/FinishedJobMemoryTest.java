package org.librarian.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.librarian.usage.BinGrid;
import org.librarian.usage.EfficiencyCounter;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.QosUsage;
import org.librarian.usage.StepRecord;
import org.librarian.usage.UserNames;

/** The peak memory a finished-job message states: the largest of the job's own steps. */
class FinishedJobMemoryTest {
  private static final long GIB = 1024 * 1024;
  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

  private static JobRecord job(String id, String user, long memKib, long cpuMillis) {
    long end = NOW.getEpochSecond() - 600;
    return new JobRecord(
        id,
        user,
        "avery",
        JobState.COMPLETED,
        end - 3600,
        end,
        3600,
        4,
        0,
        memKib,
        cpuMillis,
        null,
        null,
        new JobRecord.Detail("fit_" + id, 7200, 4, 1));
  }

  private static StepRecord step(String id, long maxRssKib, long tasks, long tresMemKib) {
    return new StepRecord(id, 0, JobRecord.UNKNOWN, maxRssKib, tasks, tresMemKib, Double.NaN, -1);
  }

  @Test
  void theMessageStatesThePeakOfTheJobsStepsAgainstWhatItHeld() {
    BinGrid grid = BinGrid.rolling(NOW, Duration.ofDays(1), Duration.ofHours(1), ZoneOffset.UTC);
    UsageSink sink =
        new UsageSink(new QosUsage(grid, List.of("avery"), false), Set.of("ann"), UserNames.REAL);
    // ann's job 7: 4 CPUs for 3600 s with 8 GB; TotalCPU 5760 s.
    sink.job(job("7", "ann", 8 * GIB, 5_760_000));
    // Its batch step: TRESUsageInTot mem= 1 GB; its srun step: MaxRSS 550,503 KiB on each of 4
    // tasks = 2,202,012 KiB, the larger.
    sink.step(step("7", -1, 1, GIB));
    sink.step(step("7", 550_503, 4, -1));
    // bob's job 8 is not watched: its 6 GB step is not ann's.
    sink.job(job("8", "bob", 8 * GIB, 1000));
    sink.step(step("8", -1, 1, 6 * GIB));

    assertEquals(1, sink.finished.size());
    UsageSink.FinishedJob f = sink.finished.get(0);
    assertEquals("7", f.job().jobId());
    assertEquals(2_202_012, f.peakMemoryKib());
    // CPU: 5760 / (4 × 3600) = 40 %; memory: 2,202,012 KiB = 2.1 GB of 8 GB (8,388,608 KiB),
    // 26.25 % → 26 %; time: 3600 of 7200 s = 50 %.
    assertEquals(
        "used 40 % of its 4 CPUs, 2.1 of its 8 GB of memory (26 %) and 50 % of its time limit",
        EfficiencyCounter.efficiencyLine(f.job(), f.peakMemoryKib()));
  }
}
