package org.librarian.slurm;

import java.util.Locale;

/**
 * Slurm memory sizes in KiB: {@code 16G}, {@code 4000M}, {@code 12756K}, {@code 2T}, {@code
 * 62.50G}, and a bare number, which Slurm means as MiB. Also ReqMem's old per-CPU / per-node
 * suffixes.
 */
public final class MemorySize {
  /**
   * Old 32-bit Slurm printed per-CPU requests as per-node ones with this flag bit added (e.g.
   * 2147486448Mn).
   */
  private static final long OLD_PER_CPU_FLAG_MIB = 2_147_483_648L;

  private MemorySize() {}

  /**
   * A size with an optional unit K/M/G/T/P (no unit = M), in KiB; -1 when the text is not a size.
   */
  public static long parseKib(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      return -1;
    }
    char last = Character.toUpperCase(s.charAt(s.length() - 1));
    double factor;
    String number = s.substring(0, s.length() - 1);
    switch (last) {
      case 'K':
        factor = 1;
        break;
      case 'M':
        factor = 1024;
        break;
      case 'G':
        factor = 1024.0 * 1024;
        break;
      case 'T':
        factor = 1024.0 * 1024 * 1024;
        break;
      case 'P':
        factor = 1024.0 * 1024 * 1024 * 1024;
        break;
      default:
        factor = 1024;
        number = s;
    }
    try {
      if (number.indexOf('.') < 0) {
        long n = Long.parseLong(number);
        return n < 0 ? -1 : Math.multiplyExact(n, (long) factor);
      }
      double d = Double.parseDouble(number);
      return d < 0 || Double.isNaN(d) ? -1 : Math.round(d * factor);
    } catch (NumberFormatException | ArithmeticException e) {
      return -1;
    }
  }

  /**
   * A job's total memory from ReqMem, in KiB: {@code 16G} is the total; {@code 4000Mc} is per CPU;
   * {@code 4Gn} is per node; {@code 0n} is zero. Returns -1 when the text is not a ReqMem value.
   */
  public static long reqMemTotalKib(String text, long cpus, long nodes) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      return -1;
    }
    char suffix = s.charAt(s.length() - 1);
    if (suffix != 'c' && suffix != 'n') {
      return parseKib(s);
    }
    long each = parseKib(s.substring(0, s.length() - 1));
    if (each < 0) {
      return -1;
    }
    boolean perCpu = suffix == 'c';
    if (!perCpu && each >= OLD_PER_CPU_FLAG_MIB * 1024) {
      each -= OLD_PER_CPU_FLAG_MIB * 1024;
      perCpu = true;
    }
    long count = perCpu ? cpus : nodes;
    if (count < 0) {
      return -1;
    }
    return Math.multiplyExact(each, Math.max(count, perCpu ? 0 : 1));
  }
}
