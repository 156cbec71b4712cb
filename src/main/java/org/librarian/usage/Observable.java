package org.librarian.usage;

/** The four usage series, with the JSON keys and units of the original format. */
public enum Observable {
  NCPUS("# of CPUs", "CPUs"),
  NGPUS("# of GPUs", "GPUs"),
  MEMORY("Memory (GB)", "GB"),
  NJOBS("# of Jobs", "jobs");

  private final String niceName;
  private final String unit;

  Observable(String niceName, String unit) {
    this.niceName = niceName;
    this.unit = unit;
  }

  public String niceName() {
    return niceName;
  }

  public String unit() {
    return unit;
  }
}
