package org.librarian.usage;

/**
 * One step of a job ({@code 123.batch}, {@code 123.0}, {@code 123+0.extern}) as efficiency needs
 * it.
 *
 * @param jobId the JobID of the job the step belongs to (the part before the first '.')
 * @param cpuUsedMillis the step's TotalCPU in milliseconds, or {@link JobRecord#UNKNOWN}
 * @param memoryUsedKib the step's peak memory: {@code mem=} of TRESUsageInTot, else MaxRSS; -1 when
 *     unknown
 * @param gpuUtilPercent {@code gres/gpuutil} of TRESUsageInAve, or NaN where the site does not
 *     collect it
 */
public record StepRecord(
    String jobId, long cpuUsedMillis, long memoryUsedKib, double gpuUtilPercent) {}
