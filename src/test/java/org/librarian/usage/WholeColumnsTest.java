package org.librarian.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Whole numbers in 4 bytes while they fit an int, in 8 once one does not, each read back exact. */
class WholeColumnsTest {
  private static final long TWO_TO_31 = 2_147_483_648L; // Integer.MAX_VALUE + 1

  @Test
  void aColumnStaysNarrowWhileEveryValueFitsThenWidensAloneKeepingEveryValue() {
    WholeColumns c = new WholeColumns(2, 4);
    for (int i = 0; i < 4; i++) {
      c.set(1, i, 10 + i);
    }
    c.set(0, 0, 7);
    c.set(0, 1, -1);
    c.set(0, 2, Integer.MAX_VALUE); // 2,147,483,647: the largest that fits
    assertFalse(c.wide(0));
    c.set(0, 3, TWO_TO_31);
    assertTrue(c.wide(0));
    assertFalse(c.wide(1), "the other column stays narrow");
    assertEquals(7, c.get(0, 0));
    assertEquals(-1, c.get(0, 1));
    assertEquals(2_147_483_647L, c.get(0, 2));
    assertEquals(2_147_483_648L, c.get(0, 3));
    for (int i = 0; i < 4; i++) {
      assertEquals(10 + i, c.get(1, i));
    }
    // Wide, a small value stays exact too.
    c.set(0, 0, 8);
    assertEquals(8, c.get(0, 0));
  }

  @Test
  void unknownAndMinusOneAreKeptExactlyNarrowAndAfterWidening() {
    WholeColumns c = new WholeColumns(1, 3);
    c.set(0, 0, JobRecord.UNKNOWN); // Long.MIN_VALUE, kept narrow as Integer.MIN_VALUE
    c.set(0, 1, -1);
    assertFalse(c.wide(0));
    assertEquals(Long.MIN_VALUE, c.get(0, 0));
    assertEquals(-1, c.get(0, 1));
    // -2,147,483,648 itself is what UNKNOWN looks like narrow: it widens, and both read back.
    c.set(0, 2, Integer.MIN_VALUE);
    assertTrue(c.wide(0));
    assertEquals(Long.MIN_VALUE, c.get(0, 0));
    assertEquals(-1, c.get(0, 1));
    assertEquals(-2_147_483_648L, c.get(0, 2));
  }

  @Test
  void growingKeepsTheValuesOfNarrowAndWideColumns() {
    WholeColumns c = new WholeColumns(2, 2);
    c.set(0, 0, 5);
    c.set(0, 1, JobRecord.UNKNOWN);
    c.set(1, 0, -TWO_TO_31 - 1); // below the smallest int
    c.set(1, 1, 9);
    c.grow(3);
    c.set(0, 2, 6);
    c.set(1, 2, Long.MAX_VALUE);
    assertFalse(c.wide(0));
    assertTrue(c.wide(1));
    assertEquals(5, c.get(0, 0));
    assertEquals(JobRecord.UNKNOWN, c.get(0, 1));
    assertEquals(6, c.get(0, 2));
    assertEquals(-2_147_483_649L, c.get(1, 0));
    assertEquals(9, c.get(1, 1));
    assertEquals(Long.MAX_VALUE, c.get(1, 2));
  }
}
