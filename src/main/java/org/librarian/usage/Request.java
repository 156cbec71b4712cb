package org.librarian.usage;

/**
 * What a job asked for and when it could first start, for the work waiting at a limit.
 *
 * @param eligible when the job could first start (sacct's Eligible), or {@link JobRecord#UNKNOWN}
 *     (held jobs)
 * @param cpus ReqCPUS, else NCPUS, else {@code cpu=} of ReqTRES
 * @param gpus {@code gres/gpu=} of ReqTRES, else the sum of its typed entries, else 0
 * @param memoryKib {@code mem=} of ReqTRES, else ReqMem by the usage rules, in KiB
 * @param reason sacct's Reason: the last reason that held the job back ("None" while it still
 *     waits)
 * @param partition the partition(s) it asked for, as sacct prints them ({@code a} or {@code a,b});
 *     "" when unknown
 * @param account the Slurm account it ran under (sacct's Account); "" when unknown
 */
public record Request(
    long eligible,
    long cpus,
    long gpus,
    long memoryKib,
    String reason,
    String partition,
    String account) {

  /** A request without its account. */
  public Request(
      long eligible, long cpus, long gpus, long memoryKib, String reason, String partition) {
    this(eligible, cpus, gpus, memoryKib, reason, partition, "");
  }

  /** A request without its partition. */
  public Request(long eligible, long cpus, long gpus, long memoryKib, String reason) {
    this(eligible, cpus, gpus, memoryKib, reason, "", "");
  }
}
