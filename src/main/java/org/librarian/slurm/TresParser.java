package org.librarian.slurm;

import java.util.function.Function;
import org.librarian.usage.JobRecord;

/**
 * Reads a TRES list such as {@code billing=32,cpu=32,gres/gpu:a100=1,gres/gpu=1,mem=128G,node=1}.
 * GPUs: the untyped {@code gres/gpu=N} when present, else the sum of the typed {@code
 * gres/gpu:TYPE=N} (never both: Slurm lists the same GPUs under each name); {@code gres/gpumem} and
 * {@code gres/gpuutil} are not GPUs.
 */
public final class TresParser {

  /** The resources of one TRES list; a field is -1 when the list does not name it. */
  public record Tres(long cpus, long gpus, long memoryKib, long nodes) {}

  public static final Tres EMPTY = new Tres(-1, -1, -1, -1);

  private static final String GPU_TYPE_PREFIX = "gres/gpu:";

  private TresParser() {}

  private static boolean is(String text, int from, int to, String key) {
    return to - from == key.length() && text.startsWith(key, from);
  }

  private static int skipSpace(String text, int from, int to) {
    while (from < to && Character.isWhitespace(text.charAt(from))) {
      from++;
    }
    return from;
  }

  private static int trimSpace(String text, int from, int to) {
    while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
      to--;
    }
    return to;
  }

  private static long number(String text, int from, int to) {
    if (from == to) {
      throw new NumberFormatException("For input string: \"\"");
    }
    return Long.parseLong(text, from, to, 10);
  }

  /**
   * {@code mem=} of a usage TRES list such as TRESUsageInTot ({@code
   * cpu=00:00:15,energy=0,fs/disk=85399,mem=231092K,pages=0,vmem=...}), in KiB; -1 when absent or
   * not a size. Usage lists hold times and other forms that {@link #parse} would refuse.
   */
  public static long usageMemoryKib(String text) {
    String v = value(text, "mem");
    return v == null ? -1 : MemorySize.parseKib(v);
  }

  /**
   * {@code cpu=} of a usage TRES list such as TRESUsageInTot ({@code cpu=00:01:15}), in
   * milliseconds; {@link JobRecord#UNKNOWN} when absent or not a duration.
   */
  public static long usageCpuMillis(String text) {
    return read(text, "cpu", SlurmTime::durationMillis, JobRecord.UNKNOWN);
  }

  /**
   * {@code gres/gpumem=} of a usage TRES list (TRESUsageInAve), in KiB; -1 when absent or not a
   * size.
   */
  public static long usageGpuMemoryKib(String text) {
    String v = value(text, "gres/gpumem");
    return v == null ? -1 : MemorySize.parseKib(v);
  }

  /**
   * {@code gres/gpuutil=} of a usage TRES list (TRESUsageInAve), in percent; NaN when absent or not
   * a number.
   */
  public static double usageGpuUtil(String text) {
    return read(text, "gres/gpuutil", Double::parseDouble, Double.NaN);
  }

  /** {@code key}'s value read by {@code parse}, or {@code otherwise} when absent or unreadable. */
  private static <T> T read(String text, String key, Function<String, T> parse, T otherwise) {
    String v = value(text, key);
    try {
      return v == null ? otherwise : parse.apply(v);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  /** The value of one key of a TRES list, stripped; null when the list does not name it. */
  private static String value(String text, String key) {
    if (text == null) {
      return null;
    }
    // Scanned in place (no split, no substring per entry): four keys of every step row are read.
    for (int from = 0, comma; from < text.length(); from = comma + 1) {
      comma = entryEnd(text, from);
      int eq = equalsIn(text, from, comma);
      int keyFrom = eq < 0 ? comma : skipSpace(text, from, eq);
      if (eq >= 0 && is(text, keyFrom, trimSpace(text, keyFrom, eq), key)) {
        int valueFrom = skipSpace(text, eq + 1, comma);
        return text.substring(valueFrom, trimSpace(text, valueFrom, comma));
      }
    }
    return null;
  }

  /** Where the entry that starts at {@code from} ends: the next comma, or the end of the text. */
  private static int entryEnd(String text, int from) {
    int comma = text.indexOf(',', from);
    return comma < 0 ? text.length() : comma;
  }

  /** The '=' of the entry from {@code from} to {@code end}, or -1 when it has none after a key. */
  private static int equalsIn(String text, int from, int end) {
    int eq = text.indexOf('=', from);
    return eq > from && eq < end ? eq : -1;
  }

  /** Throws NumberFormatException when a value we use is not a number. */
  public static Tres parse(String text) {
    if (text == null || text.isBlank()) {
      return EMPTY;
    }
    long cpus = -1;
    long untypedGpus = -1;
    long typedGpus = -1;
    long mem = -1;
    long nodes = -1;
    for (int pos = 0, comma; pos < text.length(); pos = comma + 1) {
      comma = entryEnd(text, pos);
      int eq = equalsIn(text, pos, comma);
      if (eq >= 0) {
        // Keys and values are read in place, spaces around them ignored: no substring per entry.
        int keyFrom = skipSpace(text, pos, eq);
        int keyTo = trimSpace(text, keyFrom, eq);
        int valueFrom = skipSpace(text, eq + 1, comma);
        int valueTo = trimSpace(text, valueFrom, comma);
        if (is(text, keyFrom, keyTo, "cpu")) {
          cpus = number(text, valueFrom, valueTo);
        } else if (is(text, keyFrom, keyTo, "node")) {
          nodes = number(text, valueFrom, valueTo);
        } else if (is(text, keyFrom, keyTo, "mem")) {
          String value = text.substring(valueFrom, valueTo);
          mem = MemorySize.parseKib(value);
          if (mem < 0) {
            throw new NumberFormatException("mem=" + value + " is not a memory size");
          }
        } else if (is(text, keyFrom, keyTo, "gres/gpu")) {
          untypedGpus = number(text, valueFrom, valueTo);
        } else if (keyTo - keyFrom > GPU_TYPE_PREFIX.length()
            && text.startsWith(GPU_TYPE_PREFIX, keyFrom)) {
          typedGpus = Math.max(typedGpus, 0) + number(text, valueFrom, valueTo);
        }
      }
    }
    return new Tres(cpus, untypedGpus >= 0 ? untypedGpus : typedGpus, mem, nodes);
  }
}
