package org.librarian.demo;

import java.util.Locale;

/** CPU time as sacct prints its TotalCPU column. */
final class TotalCpuText {
  private TotalCpuText() {}

  /**
   * A duration as sacct prints TotalCPU: {@code D-HH:MM:SS} past a day, {@code HH:MM:SS.mmm}, or
   * {@code MM:SS.mmm}.
   */
  static String of(long millis) {
    long s = millis / 1000;
    long days = s / 86_400;
    long h = s % 86_400 / 3600;
    long m = s % 3600 / 60;
    long sec = s % 60;
    if (days > 0) {
      return String.format(Locale.ROOT, "%d-%02d:%02d:%02d", days, h, m, sec);
    }
    if (h > 0) {
      return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", h, m, sec, millis % 1000);
    }
    return String.format(Locale.ROOT, "%02d:%02d.%03d", m, sec, millis % 1000);
  }
}
