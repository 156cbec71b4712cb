package org.librarian.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Slurm's own expected start of pending jobs: {@code SLURM_TIME_FORMAT=%s squeue --start --qos=a,b
 * --noheader --format=%i|%u|%S|%r}. The start is epoch seconds, or {@code N/A} (a held job, or one
 * the scheduler has not planned yet): an estimate the backfill scheduler revises at every pass, so
 * it is labelled as Slurm's.
 */
public final class SqueueStart {
  public static final String FORMAT = "%i|%u|%S|%r";

  /**
   * A pending job: id as sacct prints it, user, expected start in epoch seconds or null, reason.
   */
  public record Expected(String jobId, String user, Long startEpoch, String reason) {}

  private SqueueStart() {}

  /**
   * QoS names are checked by the caller's configuration; empty ones and option-looking ones are
   * left out.
   */
  public static Command command(String squeue, List<String> qos, Duration timeout) {
    List<String> names = qos.stream().filter(q -> !q.isBlank() && !q.startsWith("-")).toList();
    if (names.isEmpty() && !qos.isEmpty()) {
      throw new IllegalArgumentException("no QoS to ask squeue about");
    }
    List<String> argv = new ArrayList<>(List.of(squeue, "--start"));
    if (!names.isEmpty()) { // none given: every pending job (groups found in the rows)
      argv.add("--qos=" + String.join(",", names));
    }
    argv.addAll(List.of("--noheader", "--format=" + FORMAT));
    return new Command(argv, Map.of("SLURM_TIME_FORMAT", "%s"), timeout, null);
  }

  /**
   * By job id, in squeue's order; lines that are not four fields are passed over.
   *
   * @throws IllegalArgumentException when a start is neither epoch seconds nor N/A (quoting the
   *     line)
   */
  public static Map<String, Expected> parse(String output) {
    Map<String, Expected> jobs = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      String[] f = line.split("\\|", 4);
      if (f.length != 4 || f[0].isBlank()) {
        continue;
      }
      String start = f[2].strip();
      Long epoch;
      if (start.equals("N/A") || start.isEmpty()) {
        epoch = null;
      } else if (start.matches("\\d+")) {
        epoch = Long.valueOf(start);
      } else {
        throw new IllegalArgumentException(
            "squeue --start: start '"
                + start
                + "' is not epoch seconds (SLURM_TIME_FORMAT"
                + " unset?) in line: "
                + line);
      }
      jobs.put(f[0].strip(), new Expected(f[0].strip(), f[1].strip(), epoch, f[3].strip()));
    }
    return jobs;
  }
}
