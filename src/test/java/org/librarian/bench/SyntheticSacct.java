package org.librarian.bench;

import java.io.IOException;
import java.io.Writer;
import java.util.Collections;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.librarian.testing.SacctRow;

/**
 * Seeded, realistic-looking {@code sacct --parsable2} output of a whole cluster's month for the
 * benchmark: a few hundred users of very different weight, 1 to 64 CPUs, a share of GPU jobs with
 * typed and untyped GPU entries, array tasks, every common end state, running and pending jobs. The
 * same seed and row count give the same bytes.
 */
public final class SyntheticSacct {
  static final String HEADER = SacctRow.HEADER;
  private static final int[] CPUS = {1, 1, 1, 2, 4, 4, 8, 8, 16, 32, 64};

  /** How jobs end, drawn evenly from this list: 12 of 18 COMPLETED, 2 FAILED, one of each other. */
  private static final String[] ENDED =
      Stream.concat(
              Collections.nCopies(12, "COMPLETED").stream(),
              Stream.of(
                  "FAILED", "FAILED", "CANCELLED by 1201", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL"))
          .toArray(String[]::new);

  private SyntheticSacct() {}

  public static void write(Writer out, long rows, long seed, long now, String qos)
      throws IOException {
    write(out, rows, seed, now, qos, 300);
  }

  public static void write(Writer out, long rows, long seed, long now, String qos, int users)
      throws IOException {
    write(out, rows, seed, now, qos, users, false);
  }

  /**
   * With {@code steps}, the efficiency columns too (TotalCPU, MaxRSS, TRESUsageInTot,
   * TRESUsageInAve), and each ended job followed by a {@code .batch} and an {@code .extern} step,
   * as sacct prints them without --allocations; {@code rows} still counts job rows.
   */
  public static void write(
      Writer out, long rows, long seed, long now, String qos, int users, boolean steps)
      throws IOException {
    write(out, rows, seed, now, qos, users, steps, 31);
  }

  /**
   * Jobs submitted over the last {@code days} days (31 by default: the window and a day before it).
   */
  public static void write(
      Writer out, long rows, long seed, long now, String qos, int users, boolean steps, int days)
      throws IOException {
    write(out, rows, seed, now, qos, users, steps, days, 0);
  }

  /**
   * A whole centre's month: {@code rows} allocation rows (each ended job followed by its {@code
   * .batch} and {@code .extern} steps) of {@code users} users in {@code groups} QoS {@code g0},
   * {@code g1}, ...; each user belongs to one group (spread by a fixed multiplicative hash, so
   * groups differ in size and weight), and the account is the group's ({@code acct-g7}).
   */
  public static void writeCentre(Writer out, long rows, long seed, long now, int groups, int users)
      throws IOException {
    write(out, rows, seed, now, null, users, true, 31, groups);
  }

  /** The group of user {@code u} in a centre of {@code groups} groups. */
  static int groupOf(int u, int groups) {
    return (int) ((u * 2_654_435_761L) % groups);
  }

  private static void write(
      Writer out,
      long rows,
      long seed,
      long now,
      String qos,
      int users,
      boolean steps,
      int days,
      int groups)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    out.write(steps ? HEADER + "|TotalCPU|MaxRSS|TRESUsageInTot|TRESUsageInAve" : HEADER);
    out.write('\n');
    long id = 1_000_000;
    StringBuilder line = new StringBuilder(200);
    long written = 0;
    while (written < rows) {
      // Heavy users submit most jobs: the square of a uniform number picks low indexes more often.
      double u = random.nextDouble();
      int userIndex = (int) (u * u * users);
      String user = "u" + userIndex;
      String group = groups > 0 ? "g" + groupOf(userIndex, groups) : qos;
      String account = groups > 0 ? "acct-" + group : "lab" + user.length() % 7;
      int tasks = random.nextInt(10) == 0 ? 2 + random.nextInt(30) : 1;
      long base = id;
      int cpus = CPUS[random.nextInt(CPUS.length)];
      int gpus = random.nextInt(7) == 0 ? 1 << random.nextInt(3) : 0;
      long submit = now - days * 86_400L + random.nextLong(days * 86_400L);
      for (int t = 0; t < tasks && written < rows; t++, written++) {
        long raw = id++;
        String jobId = tasks > 1 ? base + "_" + t : String.valueOf(raw);
        long start = submit + random.nextLong(3600);
        long duration =
            (long)
                Math.exp(
                    Math.log(60) + random.nextDouble() * (Math.log(3 * 86_400) - Math.log(60)));
        int kind = random.nextInt(100);
        line.setLength(0);
        String mem = (cpus * 4) + "G";
        String tres =
            "billing="
                + cpus
                + ",cpu="
                + cpus
                + (gpus > 0 ? ",gres/gpu:a100=" + gpus + ",gres/gpu=" + gpus : "")
                + ",mem="
                + mem
                + ",node=1";
        boolean pending = kind < 3 || start >= now;
        boolean running = !pending && (kind < 8 || start + duration >= now);
        String state =
            pending ? "PENDING" : running ? "RUNNING" : ENDED[random.nextInt(ENDED.length)];
        line.append(
            new SacctRow(
                    jobId,
                    String.valueOf(raw),
                    user,
                    account,
                    group,
                    state,
                    pending ? Math.min(submit, now) : submit,
                    pending ? "Unknown" : start,
                    pending || running ? "Unknown" : start + duration,
                    pending ? 0 : running ? now - start : duration,
                    cpus,
                    mem,
                    pending ? "" : tres)
                .line());
        if (!pending && !running) {
          if (steps) {
            long used = cpus * duration * (10 + random.nextInt(90)) / 100;
            String cpu =
                String.format(
                    Locale.ROOT,
                    "%d-%02d:%02d:%02d",
                    used / 86_400,
                    used % 86_400 / 3600,
                    used % 3600 / 60,
                    used % 60);
            long rss = (cpus * 4L << 20) * (5 + random.nextInt(95)) / 100;
            String common =
                "|"
                    + raw
                    + "|||"
                    + "|"
                    + state
                    + "|"
                    + submit
                    + "|"
                    + start
                    + "|"
                    + (start + duration)
                    + "|"
                    + duration
                    + "|"
                    + cpus
                    + "|1||";
            line.append('|').append(cpu).append("|||\n");
            line.append(jobId)
                .append(".batch")
                .append(common)
                .append("cpu=")
                .append(cpus)
                .append('|')
                .append(cpu)
                .append('|')
                .append(rss)
                .append("K|cpu=")
                .append(cpu)
                .append(",mem=")
                .append(rss)
                .append("K|");
            line.append('\n')
                .append(jobId)
                .append(".extern")
                .append(common)
                .append("cpu=")
                .append(cpus)
                .append("|00:00.001|1000K|mem=1000K|");
            line.append('\n');
            out.append(line);
            continue;
          }
        }
        if (steps) {
          line.append("||||");
        }
        line.append('\n');
        out.append(line);
      }
    }
  }
}
