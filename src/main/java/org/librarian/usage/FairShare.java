package org.librarian.usage;

/**
 * One row of {@code sshare -l}: an account's own row ({@code user} empty) or a user's in it. A
 * value Slurm leaves empty (NormShares and FairShare with {@code priority/basic}, an account's
 * FairShare) is null; LevelFS {@code inf} (no usage yet) is {@link Double#POSITIVE_INFINITY}.
 *
 * @param rawShares the shares an administrator gave
 * @param normShares the shares as a fraction (0..1) of the parent's
 * @param rawUsage decayed usage in TRES-billing-seconds
 * @param effectvUsage the usage as a fraction (0..1) of the whole cluster's, with the parent's
 *     counted in
 * @param fairShare the fair-share factor (0..1; 1 best placed)
 * @param levelFs shares over usage at the row's level (above 1: used less than its share)
 */
public record FairShare(
    String account,
    String user,
    Long rawShares,
    Double normShares,
    Long rawUsage,
    Double effectvUsage,
    Double fairShare,
    Double levelFs) {}
