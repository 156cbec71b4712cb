package org.librarian.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line of {@code squeue -h -o %i|%u|%T|%r|%j}: id, user, state, reason and name. The name comes
 * last and takes the rest of the line, so a name with the delimiter in it still parses.
 */
public record SqueueJob(String id, String user, String state, String reason, String name) {
  public static final String FORMAT = "%i|%u|%T|%r|%j";

  /** The caller's own jobs: {@code squeue --me}. */
  public static Command mine(String squeue, Duration timeout) {
    return Command.of(List.of(squeue, "--me", "--noheader", "--format=" + FORMAT), timeout);
  }

  /** One job by id, to look again after acting on it. */
  public static Command one(String squeue, String id, Duration timeout) {
    return Command.of(List.of(squeue, "--noheader", "--jobs=" + id, "--format=" + FORMAT), timeout);
  }

  public static List<SqueueJob> parse(String output) {
    List<SqueueJob> jobs = new ArrayList<>();
    for (String line : output.split("\n")) {
      String[] f = line.split("\\|", 5);
      if (f.length == 5 && !f[0].isBlank()) {
        jobs.add(
            new SqueueJob(f[0].strip(), f[1].strip(), f[2].strip(), f[3].strip(), f[4].strip()));
      }
    }
    return jobs;
  }

  /**
   * Slurm requeued and held it after a failed launch: "launch failed requeued held", "user env
   * retrieval failed requeued held" and their kin. A hold the user or an admin placed on purpose
   * (JobHeldUser, JobHeldAdmin) is not stuck.
   */
  public boolean stuck() {
    return state.equals("PENDING") && isStuckReason(reason);
  }

  public static boolean isStuckReason(String reason) {
    String r = reason.toLowerCase(Locale.ROOT).replace('_', ' ');
    return r.contains("requeued held") || r.contains("requeuedheld");
  }
}
