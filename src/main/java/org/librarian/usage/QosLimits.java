package org.librarian.usage;

/**
 * A QoS's group limits, drawn as the threshold line of each chart: CPUs, GPUs, memory in GB (1024³
 * bytes) and jobs. 0 means no limit (no line).
 */
public record QosLimits(double cpus, double gpus, double memoryGb, double jobs) {
  public static final QosLimits NONE = new QosLimits(0, 0, 0, 0);

  public double of(Observable o) {
    switch (o) {
      case NCPUS:
        return cpus;
      case NGPUS:
        return gpus;
      case MEMORY:
        return memoryGb;
      default:
        return jobs;
    }
  }
}
