package org.librarian.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The series' values are written digit by digit ({@link UsageJson#hundredths}); the file must say
 * what Jackson wrote before, {@code Double.toString(m / 100.0)}.
 */
class HundredthsTest {
  @Test
  void examples() {
    assertEquals("0.0", text(0));
    assertEquals("0.07", text(7));
    assertEquals("0.5", text(50));
    assertEquals("3.0", text(300));
    assertEquals("12.5", text(1_250));
    assertEquals("1234567.89", text(123_456_789));
    assertEquals("9999999.99", text(UsageJson.HUNDREDTHS_DIGIT_BY_DIGIT - 1));
  }

  /** Every m below 3,000,000 (values to 30,000), and a million seeded ones up to the bound. */
  @Test
  void writesWhatDoubleToStringWrites() {
    for (long m = 0; m < 3_000_000; m++) {
      same(m);
    }
    Random random = new Random(20261207);
    for (int i = 0; i < 1_000_000; i++) {
      same((long) (random.nextDouble() * UsageJson.HUNDREDTHS_DIGIT_BY_DIGIT));
    }
  }

  private static void same(long m) {
    String want = Double.toString(m / 100.0);
    if (!want.equals(text(m))) {
      assertEquals(want, text(m), "m = " + m);
    }
  }

  private static String text(long m) {
    char[] c = new char[12];
    return new String(c, 0, UsageJson.hundredths(m, c));
  }
}
