package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JobIdTest {
  @Test
  void plainJob() {
    JobId id = JobId.parse("1879824");
    assertEquals(new JobId("1879824", null, null, null), id);
    assertFalse(id.isStep());
  }

  @Test
  void arrayTaskAndItsStep() {
    assertEquals(new JobId("20963999", "982", null, null), JobId.parse("20963999_982"));
    JobId step = JobId.parse("7216821_144.batch");
    assertEquals("batch", step.step());
    assertEquals("144", step.arrayTask());
    assertTrue(step.isStep());
  }

  @Test
  void pendingArrayWithThrottle() {
    JobId id = JobId.parse("123_[1-10%2]");
    assertTrue(id.isPendingArray());
    assertEquals("[1-10%2]", id.arrayTask());
    assertFalse(id.isStep());
  }

  @Test
  void hetComponents() {
    assertEquals(new JobId("1853", null, "1", null), JobId.parse("1853+1"));
    JobId step = JobId.parse("1853+0.batch");
    assertEquals("0", step.hetOffset());
    assertEquals("batch", step.step());
    assertNull(JobId.parse("1853+0").step());
  }
}
