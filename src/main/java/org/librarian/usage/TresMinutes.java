package org.librarian.usage;

/**
 * One TRES of a {@code GrpTRESMins} budget as Slurm reports it: the limit and Slurm's used value,
 * both in TRES-minutes (CPU-minutes, GPU-minutes; memory in MB-minutes, billing in
 * billing-minutes).
 *
 * @param tres Slurm's TRES name: {@code cpu}, {@code mem}, {@code gres/gpu}, {@code billing}, ...
 * @param limitMinutes the limit, or null when Slurm prints {@code N} (no limit)
 * @param usedMinutes Slurm's used value (decayed unless the QoS has {@code NoDecay})
 */
public record TresMinutes(String tres, Long limitMinutes, long usedMinutes) {}
