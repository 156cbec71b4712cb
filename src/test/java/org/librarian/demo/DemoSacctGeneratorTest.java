package org.librarian.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.librarian.slurm.SacctReader;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;

class DemoSacctGeneratorTest {
  private static final long NOW = 1795177800L; // 2026-11-20T12:30:00Z

  private static String sample(long seed) throws Exception {
    StringWriter w = new StringWriter();
    new DemoSacctGenerator(seed).write(w, "avery", NOW, 430, 39, 30);
    return w.toString();
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
    assertEquals(sample(1), sample(1));
    assertNotEquals(sample(1), sample(2));
  }

  @Test
  void realisticMixThatStaysWithinTheLimits() throws Exception {
    List<JobRecord> jobs = new ArrayList<>();
    SacctReader.Stats stats =
        SacctReader.read(
            new StringReader(sample(20261101)),
            new SacctReader.Format("|", null, ZoneId.of("UTC")),
            jobs::add);
    assertEquals(0, stats.malformed());
    assertTrue(jobs.stream().map(JobRecord::user).distinct().count() >= 10);
    assertTrue(jobs.stream().anyMatch(j -> j.state() == JobState.RUNNING));
    assertTrue(jobs.stream().anyMatch(j -> j.state() == JobState.PENDING));
    assertTrue(jobs.stream().anyMatch(j -> j.state() == JobState.FAILED));
    assertTrue(
        jobs.stream()
            .anyMatch(j -> j.state() == JobState.CANCELLED && j.start() == JobRecord.UNKNOWN));
    assertTrue(jobs.stream().anyMatch(j -> j.jobId().contains("_")));
    assertTrue(jobs.stream().anyMatch(j -> j.gpus() > 0));
    assertTrue(jobs.stream().noneMatch(j -> j.end() != JobRecord.UNKNOWN && j.end() > NOW));
    // Scheduled under the limits: CPUs in use never exceed 430 at any job start.
    for (JobRecord probe : jobs) {
      if (probe.start() == JobRecord.UNKNOWN) {
        continue;
      }
      long t = probe.start();
      long cpus =
          jobs.stream()
              .filter(
                  j ->
                      j.start() != JobRecord.UNKNOWN
                          && j.start() <= t
                          && (j.end() == JobRecord.UNKNOWN || j.end() > t))
              .mapToLong(JobRecord::cpus)
              .sum();
      assertTrue(cpus <= 430, "CPUs in use at " + t + ": " + cpus);
    }
  }

  /**
   * The earlier months: the same seed gives the same bytes; every job was submitted in [from,
   * until) and ended before now; ids stay below the month's (4,100,000 and up).
   */
  @Test
  void earlierMonthsAreReproducibleAndInTheirRange() throws Exception {
    long until = NOW - 30 * 86_400L;
    long from = until - 60 * 86_400L;
    StringWriter a = new StringWriter();
    StringWriter b = new StringWriter();
    new DemoSacctGenerator(7).writeEarlier(a, "avery", from, until, NOW, 430, 39, 30);
    new DemoSacctGenerator(7).writeEarlier(b, "avery", from, until, NOW, 430, 39, 30);
    assertEquals(a.toString(), b.toString());
    List<JobRecord> jobs = new ArrayList<>();
    SacctReader.Stats stats =
        SacctReader.read(
            new StringReader(a.toString()),
            new SacctReader.Format("|", null, ZoneId.of("UTC")),
            jobs::add);
    assertEquals(0, stats.malformed());
    // 60 days of about 30 submissions a day (arrays count once): well over 1,000 jobs.
    assertTrue(jobs.size() > 1000, "jobs: " + jobs.size());
    for (JobRecord j : jobs) {
      assertTrue(j.end() == JobRecord.UNKNOWN || j.end() <= NOW, j.jobId());
      assertTrue(j.state() != JobState.RUNNING && j.state() != JobState.PENDING, j.jobId());
      String master = j.jobId().contains("_") ? j.jobId().split("_")[0] : j.jobId();
      assertTrue(Long.parseLong(master) < 4_100_000, j.jobId());
    }
  }
}
