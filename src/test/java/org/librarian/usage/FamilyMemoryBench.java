package org.librarian.usage;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Heap that job families keep per job: feeds N synthetic finished jobs (about 19 per family, 20,000
 * users, every efficiency figure known, fresh JobID and name strings as a parse makes them) to one
 * {@link JobFamilies} and prints the heap used after a full collection, less the heap before, per
 * job. The figure of docs/operations.md ("Memory"). The second argument is how many distinct names
 * a family's jobs take in turn ({@code k3_step_0} to {@code k3_step_4} for 5); 0, the default,
 * gives every job a name of its own. Not a test: run by hand, for example
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -XX:+UseSerialGC -Xmx1g -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     org.librarian.usage.FamilyMemoryBench 1000000 5
 * </pre>
 */
public final class FamilyMemoryBench {
  private FamilyMemoryBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int namesPerFamily = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    int familyCount = Math.max(1, n / 19);
    long before = usedAfterGc();
    JobFamilies families = new JobFamilies();
    for (int i = 0; i < n; i++) {
      // Job i is the (i / familyCount)-th of its family.
      long step = namesPerFamily > 0 ? i / familyCount % namesPerFamily : i;
      families.add(job(i, i % familyCount, step));
    }
    long after = usedAfterGc();
    System.out.printf(
        Locale.ROOT,
        "%,d jobs in %,d families (%s): %,d bytes kept, %.1f bytes per job%n",
        n,
        familyCount,
        namesPerFamily > 0 ? namesPerFamily + " names each" : "a name per job",
        after - before,
        (after - before) / (double) n);
    // Keeps the families reachable until measured.
    System.out.println(families.report().size() + " families reported");
  }

  /** Job i of family k, named after step: 1 to 16 CPUs, 10 min to 10 h, every figure known. */
  private static JobUse job(int i, int k, long step) {
    long cpus = 1 + i % 16;
    long elapsed = 600 + (i * 7919L) % 36_000;
    long limit = 43_200;
    long memKib = (4L + i % 8) << 20;
    JobRecord r =
        new JobRecord(
            Integer.toString(10_000_000 + i),
            "u" + k % 20_000,
            "q",
            i % 10 == 0 ? JobState.FAILED : JobState.COMPLETED,
            1_700_000_000L + i,
            1_700_000_000L + i + elapsed,
            elapsed,
            cpus,
            0,
            memKib,
            cpus * elapsed * 400,
            new Request(1_700_000_000L + i - 60, cpus, 0, memKib, "None"),
            null,
            new JobRecord.Detail("k" + k + "_step_" + step, limit, cpus, 1));
    long held = cpus * elapsed;
    return new JobUse(
        r, elapsed, held, held * 400, memKib / 3, false, elapsed / (double) limit, Double.NaN, -1);
  }

  private static long usedAfterGc() {
    MemoryMXBean m = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return m.getHeapMemoryUsage().getUsed();
  }
}
