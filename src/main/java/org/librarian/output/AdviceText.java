package org.librarian.output;

import java.util.List;
import java.util.Locale;
import org.librarian.usage.BinGrid;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.JobFamilies;
import org.librarian.usage.RightSize;
import org.librarian.usage.UsageSummary;

/**
 * {@code librarian advise} as text: per QoS, the user's job families with the {@code #SBATCH} lines
 * to put in their batch scripts and what each would have freed over the window, which it names with
 * its zone. Names are printed with control characters shown by their code, so a job name cannot
 * move the terminal's cursor or colour it.
 */
public final class AdviceText {
  /** One QoS's report for the user. */
  public record Qos(String name, EfficiencyReport efficiency) {}

  private AdviceText() {}

  /** "from 2026-11-20 07:00 UTC to 2026-11-20 12:30 UTC". */
  public static String period(BinGrid grid) {
    return "from "
        + UsageSummary.when(grid.start(), grid.zone())
        + " to "
        + UsageSummary.when(grid.now(), grid.zone());
  }

  /** {@code counted}: the name the user's jobs are counted under (a pseudonym under privacy). */
  public static String of(String user, String counted, List<Qos> qos, BinGrid grid) {
    StringBuilder s = new StringBuilder();
    for (Qos q : qos) {
      EfficiencyReport e = q.efficiency();
      int min = e.rightSizeMinJobs();
      List<JobFamilies.Family> suggested =
          e.rightSize().stream().filter(f -> f.user().equals(counted)).toList();
      List<JobFamilies.Family> few =
          e.families().stream().filter(f -> f.user().equals(counted) && f.jobs() < min).toList();
      s.append(printable(user))
          .append("'s job families in ")
          .append(printable(q.name()))
          .append(", jobs that ended ")
          .append(period(grid))
          .append(":\n");
      for (JobFamilies.Family f : suggested) {
        RightSize r = f.rightSize();
        s.append('\n')
            .append(printable(f.name()))
            .append(" (")
            .append(jobs(f.jobs()))
            .append(")\n");
        line(s, r.memoryLine(), "GB-hours of memory", r.memoryFreedGbHours());
        line(s, r.timeLine(), "CPU-hours of time limit", r.timeFreedCpuHours());
        line(s, r.cpusLine(), "CPU-hours", r.cpuFreedCpuHours());
      }
      if (suggested.isEmpty()) {
        s.append("\nNo family of at least ").append(jobs(min)).append(".\n");
      }
      if (!few.isEmpty()) {
        s.append("\nToo few jobs for a suggestion (fewer than ").append(min).append("): ");
        for (int i = 0; i < few.size(); i++) {
          JobFamilies.Family f = few.get(i);
          s.append(i == 0 ? "" : ", ")
              .append(printable(f.name()))
              .append(" (")
              .append(jobs(f.jobs()))
              .append(')');
        }
        s.append(".\n");
      }
      s.append('\n');
    }
    return s.toString();
  }

  private static void line(StringBuilder s, String line, String unit, double freed) {
    if (line == null) {
      return;
    }
    String option = line.substring("#SBATCH ".length(), line.indexOf('='));
    s.append("  ")
        .append(line)
        .append('\n')
        .append(
            String.format(
                Locale.ROOT, "      (%s would have freed %.1f %s)\n", option, freed, unit));
  }

  private static String jobs(long n) {
    return n + (n == 1 ? " job" : " jobs");
  }

  /** The text with control characters shown by their code (a backslash, u, four hex digits). */
  public static String printable(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
