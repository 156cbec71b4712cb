package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UsageJsonTest {
  private static String cents(long c) {
    StringBuilder b = new StringBuilder();
    UsageJson.appendCents(b, c);
    return b.toString();
  }

  @Test
  void centsAreWrittenAsDoubleToStringWritesThem() {
    assertEquals("0.0", cents(0));
    assertEquals("0.01", cents(1));
    assertEquals("0.1", cents(10));
    assertEquals("0.25", cents(25));
    assertEquals("12.0", cents(1200));
    assertEquals("12.3", cents(1230));
    assertEquals("-3.05", cents(-305));
    assertEquals("9999999.99", cents(999_999_999));
    assertEquals("1.0E7", cents(1_000_000_000));
    assertEquals("1.2345678912E8", cents(12_345_678_912L));
    // Every size a series can take, against the JDK's own conversion of the rounded double.
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      long c = random.nextLong(-1L << random.nextInt(1, 44), 1L << random.nextInt(1, 44));
      assertEquals(Double.toString(c / 100.0), cents(c), "cents " + c);
    }
  }

  @Test
  void aSeriesIsAJsonArrayOfItsValuesRoundedToCents() {
    assertEquals("[0.0,1.5,2.35,0.33,100.0,-0.5]", UsageJson.centsArray(
        new double[] {0, 1.5, 2.345, 1.0 / 3, 99.999, -0.499}, new StringBuilder()));
    assertEquals("[]", UsageJson.centsArray(new double[0], new StringBuilder("left over")));
  }
}
