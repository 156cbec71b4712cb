package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A period's jobs are those that ended in (from, to]: ann's jobs end at 100, 200, 200 and 300. */
class EndedJobsTest {
  private static EndedJobs.Builder ann(long... ends) {
    EndedJobs.Builder b = new EndedJobs.Builder();
    for (long end : ends) {
      // Held = end / 100 CPU-seconds, used = end / 10 ms: 1/10, 2/20, 3/30.
      b.add("ann", end, end / 100, end / 10);
    }
    return b;
  }

  @Test
  void endsInTheHalfOpenPeriod() {
    EndedJobs e = ann(300, 200, 100, 200).build();
    // (100, 200]: the two ending at 200: held 2 + 2 = 4, used 20 + 20 = 40.
    assertEquals(Map.of("ann", new EndedJobs.Sums(2, 4, 40)), e.between(100, 200));
    // (99, 100]: the one ending at 100.
    assertEquals(Map.of("ann", new EndedJobs.Sums(1, 1, 10)), e.between(99, 100));
    // (0, 1000]: all four: held 1 + 2 + 2 + 3 = 8, used 80.
    assertEquals(Map.of("ann", new EndedJobs.Sums(4, 8, 80)), e.between(0, 1000));
    assertEquals(Map.of(), e.between(300, 400));
  }

  @Test
  void partsMergedAreTheWhole() {
    EndedJobs.Builder a = ann(300, 100);
    a.merge(ann(200, 200));
    assertEquals(ann(100, 200, 200, 300).build(), a.build());
  }
}
