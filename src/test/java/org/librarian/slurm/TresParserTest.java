package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.librarian.usage.JobRecord;

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

  @Test
  void aUsageListIsReadByKeyWithSpacesAndOddEntriesAround() {
    String tot = " cpu = 00:01:15 ,energy=0,=7,fs/disk=85399, mem=231092K ,pages=0,vmem=,";
    assertEquals(75_000, TresParser.usageCpuMillis(tot)); // 1 min 15 s = 75 s
    assertEquals(231_092, TresParser.usageMemoryKib(tot));
    // A key only as the tail of another ("fs/disk" is not "disk"), and absent keys.
    assertEquals(-1, TresParser.usageGpuMemoryKib(tot));
    assertTrue(Double.isNaN(TresParser.usageGpuUtil(tot)));
    String ave = "cpu=00:00:10,gres/gpumem=2G,gres/gpuutil=87.5,mem=1M";
    assertEquals(87.5, TresParser.usageGpuUtil(ave));
    assertEquals(2 * GIB, TresParser.usageGpuMemoryKib(ave)); // 2 × 1024 × 1024 KiB
    // A key with an empty value: not a size, not a duration.
    assertEquals(-1, TresParser.usageMemoryKib("mem=  ,cpu=1"));
    assertEquals(JobRecord.UNKNOWN, TresParser.usageCpuMillis("cpu= "));
  }
}
