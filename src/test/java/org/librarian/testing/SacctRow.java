package org.librarian.testing;

/**
 * One job row of {@code sacct --parsable2} in the usage columns ({@link #HEADER}), on one node: the
 * shape the tests' hand-made, faked and synthetic sacct files share. {@code submit}, {@code start}
 * and {@code end} are written as given (epoch seconds, an ISO time, or {@code Unknown}); {@code
 * elapsed} is in seconds; {@code mem} is ReqMem as sacct prints it ({@code 4G}); {@code tres} is
 * AllocTRES, empty for a pending job.
 */
public record SacctRow(
    String id,
    String raw,
    String user,
    String account,
    String qos,
    String state,
    Object submit,
    Object start,
    Object end,
    long elapsed,
    long cpus,
    String mem,
    String tres) {

  /** The usage columns, as sacct prints its header. */
  public static final String HEADER =
      "JobID|JobIDRaw|User|Account|QOS|State|Submit|Start|End|ElapsedRaw|NCPUS|NNodes|ReqMem|AllocTRES";

  /** AllocTRES of {@code cpus} CPUs (billed one each) and {@code mem} on one node. */
  public static String tres(long cpus, String mem) {
    return "billing=" + cpus + ",cpu=" + cpus + ",mem=" + mem + ",node=1";
  }

  /** The row's columns joined by '|', without a line end. */
  public String line() {
    return String.join(
        "|",
        id,
        raw,
        user,
        account,
        qos,
        state,
        String.valueOf(submit),
        String.valueOf(start),
        String.valueOf(end),
        String.valueOf(elapsed),
        String.valueOf(cpus),
        "1",
        mem,
        tres);
  }
}
