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

  /**
   * A long series (its text longer than the parts it is written in) among other fields, with values
   * that take either path, and a short one: the bytes Jackson writes for the same rounded numbers,
   * one by one.
   */
  @Test
  void aSeriesIsTheBytesJacksonWritesForItsNumbers() throws java.io.IOException {
    Random random = new Random(20261208);
    double[] longSeries = new double[3_000];
    for (int i = 0; i < longSeries.length; i++) {
      longSeries[i] =
          switch (i % 5) {
            case 0 -> 0;
            case 1 -> random.nextDouble() * 1_000;
            case 2 -> -random.nextDouble() * 50;
            case 3 -> 1e7 + random.nextDouble() * 1e12;
            default -> random.nextInt(100) / 100.0 + 0.004;
          };
    }
    double[] shortSeries = {1.005, 2.5, 0};
    com.fasterxml.jackson.core.JsonFactory f = new com.fasterxml.jackson.core.JsonFactory();
    java.io.ByteArrayOutputStream ours = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream theirs = new java.io.ByteArrayOutputStream();
    try (com.fasterxml.jackson.core.JsonGenerator a = f.createGenerator(ours);
        com.fasterxml.jackson.core.JsonGenerator b = f.createGenerator(theirs)) {
      a.writeStartObject();
      b.writeStartObject();
      a.writeNumberField("before", 1);
      b.writeNumberField("before", 1);
      UsageJson.writeRounded(a, "long", longSeries);
      UsageJson.writeRounded(a, "short", shortSeries);
      plain(b, "long", longSeries);
      plain(b, "short", shortSeries);
      a.writeNumberField("after", 2);
      b.writeNumberField("after", 2);
      a.writeEndObject();
      b.writeEndObject();
    }
    assertEquals(theirs.toString("UTF-8"), ours.toString("UTF-8"));
  }

  private static void plain(com.fasterxml.jackson.core.JsonGenerator g, String name, double[] v)
      throws java.io.IOException {
    g.writeArrayFieldStart(name);
    for (double x : v) {
      g.writeNumber(Math.round(x * 100) / 100.0);
    }
    g.writeEndArray();
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
