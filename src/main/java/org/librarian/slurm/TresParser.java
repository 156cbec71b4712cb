package org.librarian.slurm;

/**
 * Reads a TRES list such as {@code billing=32,cpu=32,gres/gpu:a100=1,gres/gpu=1,mem=128G,node=1}.
 * GPUs: the untyped {@code gres/gpu=N} when present, else the sum of the typed {@code gres/gpu:TYPE=N}
 * (never both: Slurm lists the same GPUs under each name); {@code gres/gpumem} and {@code gres/gpuutil}
 * are not GPUs.
 */
public final class TresParser {

  /** The resources of one TRES list; a field is -1 when the list does not name it. */
  public record Tres(long cpus, long gpus, long memoryKib, long nodes) {}

  public static final Tres EMPTY = new Tres(-1, -1, -1, -1);

  private TresParser() {}

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
    int pos = 0;
    int len = text.length();
    while (pos < len) {
      int comma = text.indexOf(',', pos);
      if (comma < 0) {
        comma = len;
      }
      int eq = text.indexOf('=', pos);
      if (eq > pos && eq < comma) {
        String key = text.substring(pos, eq).strip();
        String value = text.substring(eq + 1, comma).strip();
        switch (key) {
          case "cpu":
            cpus = Long.parseLong(value);
            break;
          case "node":
            nodes = Long.parseLong(value);
            break;
          case "mem":
            mem = MemorySize.parseKib(value);
            if (mem < 0) {
              throw new NumberFormatException("mem=" + value + " is not a memory size");
            }
            break;
          case "gres/gpu":
            untypedGpus = Long.parseLong(value);
            break;
          default:
            if (key.startsWith("gres/gpu:")) {
              typedGpus = Math.max(typedGpus, 0) + Long.parseLong(value);
            }
        }
      }
      pos = comma + 1;
    }
    return new Tres(cpus, untypedGpus >= 0 ? untypedGpus : typedGpus, mem, nodes);
  }
}
