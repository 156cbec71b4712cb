package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MemorySizeTest {
  private static final long MIB = 1024;
  private static final long GIB = 1024 * 1024;

  @Test
  void newStyleReqMemIsTheJobTotal() {
    assertEquals(16 * GIB, MemorySize.reqMemTotalKib("16G", 8, 2));
    assertEquals(4000 * MIB, MemorySize.reqMemTotalKib("4000M", 8, 2));
    assertEquals(2 * 1024 * GIB, MemorySize.reqMemTotalKib("2T", 1, 1));
  }

  @Test
  void perCpuIsMultipliedByCpus() {
    assertEquals(8 * 4000 * MIB, MemorySize.reqMemTotalKib("4000Mc", 8, 2));
  }

  @Test
  void perNodeIsMultipliedByNodes() {
    assertEquals(2 * 48000 * MIB, MemorySize.reqMemTotalKib("48000Mn", 8, 2));
    assertEquals(3 * 4 * GIB, MemorySize.reqMemTotalKib("4Gn", 8, 3));
    assertEquals(0, MemorySize.reqMemTotalKib("0n", 8, 3));
  }

  @Test
  void oldOverflowValueIsAPerCpuRequest() {
    // 2147486448 = 2^31 + 2800: 32-bit Slurm's per-CPU flag leaked into the number.
    assertEquals(12 * 2800 * MIB, MemorySize.reqMemTotalKib("2147486448Mn", 12, 1));
  }

  @Test
  void garbageIsRejected() {
    assertEquals(-1, MemorySize.reqMemTotalKib("much", 1, 1));
    assertEquals(-1, MemorySize.parseKib("-5G"));
  }
}
