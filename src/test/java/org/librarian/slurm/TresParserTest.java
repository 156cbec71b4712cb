package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TresParserTest {
  private static final long GIB = 1024L * 1024;

  @Test
  void typedAndUntypedGpuEntriesCountOnce() {
    TresParser.Tres t =
        TresParser.parse("billing=32,cpu=32,gres/gpu:a100=1,gres/gpu=1,mem=128G,node=1");
    assertEquals(32, t.cpus());
    assertEquals(1, t.gpus());
    assertEquals(128 * GIB, t.memoryKib());
    assertEquals(1, t.nodes());
  }

  @Test
  void typedEntriesAloneAreSummed() {
    assertEquals(6, TresParser.parse("cpu=8,gres/gpu:a100=2,gres/gpu:v100=4,mem=1G").gpus());
  }

  @Test
  void gpuMemoryAndUtilisationAreNotGpus() {
    TresParser.Tres t = TresParser.parse("cpu=4,gres/gpumem=40G,gres/gpuutil=100,mem=16G");
    assertEquals(-1, t.gpus());
  }

  @Test
  void memoryUnits() {
    assertEquals(12756, TresParser.parse("mem=12756K").memoryKib());
    assertEquals(4000 * 1024, TresParser.parse("mem=4000M").memoryKib());
    assertEquals(2 * 1024 * GIB, TresParser.parse("mem=2T").memoryKib());
    // Very old Slurm printed no unit: MiB.
    assertEquals(168000L * 1024, TresParser.parse("cpu=12,mem=168000,node=1").memoryKib());
    assertEquals(Math.round(62.5 * GIB), TresParser.parse("mem=62.50G").memoryKib());
  }

  @Test
  void emptyListNamesNothing() {
    assertEquals(TresParser.EMPTY, TresParser.parse(""));
  }

  @Test
  void aNumberThatIsNotANumberIsAnError() {
    assertThrows(NumberFormatException.class, () -> TresParser.parse("cpu=many"));
    assertThrows(NumberFormatException.class, () -> TresParser.parse("mem=lots"));
  }
}
