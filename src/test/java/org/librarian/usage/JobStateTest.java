package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JobStateTest {
  @Test
  void suffixesAreDropped() {
    assertEquals(JobState.CANCELLED, JobState.parse("CANCELLED by 10304007"));
    assertEquals(JobState.CANCELLED, JobState.parse("CANCELLED+"));
    assertEquals(JobState.OUT_OF_MEMORY, JobState.parse("OUT_OF_MEMORY"));
    assertEquals(JobState.NODE_FAIL, JobState.parse("NODE_FAIL"));
  }

  @Test
  void unknownStatesAreOther() {
    assertEquals(JobState.OTHER, JobState.parse("INVALID"));
    assertEquals(JobState.OTHER, JobState.parse(""));
  }

  @Test
  void onlyRunningLikeStatesHoldTheirAllocation() {
    assertTrue(JobState.RUNNING.holdsAllocation());
    assertTrue(JobState.COMPLETING.holdsAllocation());
    assertTrue(JobState.SUSPENDED.holdsAllocation());
    assertFalse(JobState.PENDING.holdsAllocation());
    assertFalse(JobState.CANCELLED.holdsAllocation());
  }
}
