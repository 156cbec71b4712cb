package org.librarian.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.librarian.notify.Digest.Content;
import org.librarian.notify.Digest.Row;
import org.librarian.output.DataFile;

/**
 * A digest as a page: Markdown (digest_&lt;qos&gt;.md) and HTML (digest_&lt;qos&gt;.html, also the
 * mail's HTML part).
 */
public final class DigestPage {
  private DigestPage() {}

  private static String change(Row r, boolean covered) {
    if (!covered) {
      return "n/a";
    }
    if (r.change() == null) {
      return "new";
    }
    long pct = Math.round(100 * r.change());
    return (pct > 0 ? "+" : "") + pct + " %";
  }

  private static String peak(double cpus, double limit) {
    return AlertRules.fmt(cpus)
        + " CPUs"
        + (limit > 0 ? " (" + Math.round(100 * cpus / limit) + " %)" : "");
  }

  private static String efficiency(Content c, String user) {
    DataFile.Efficiency e = c.efficiency() == null ? null : c.efficiency().get(user);
    return e == null || e.cpuEfficiency() == null
        ? "–"
        : Math.round(100 * e.cpuEfficiency()) + " %";
  }

  private static String waited(Content c, String user) {
    Double w = c.waitedByUser() == null ? null : c.waitedByUser().get(user);
    return c.waitedByUser() == null ? "–" : String.format(Locale.ROOT, "%.1f", w == null ? 0 : w);
  }

  private static List<String> notes(Content c) {
    List<String> notes = new ArrayList<>();
    if (c.partial()) {
      notes.add("The data covers only part of this period (the dashboard keeps a rolling window).");
    }
    if (!c.previousCovered()) {
      notes.add(
          "Change: n/a, neither the data nor the daily history reach back over the period before.");
    }
    notes.add(
        "Peak: the largest hourly average of CPUs in use in the period"
            + (c.cpuLimit() > 0
                ? ", and its share of the limit of " + AlertRules.fmt(c.cpuLimit()) + " CPUs"
                : "")
            + ".");
    notes.add(
        "Waited for the limit, CPU efficiency (CPU time used over CPU time held): over the last 30 days of the"
            + " dashboard, not the period.");
    return notes;
  }

  private static String[] header() {
    return new String[] {
      "User",
      "CPU-hours",
      "GPU-hours",
      "GB-hours",
      "Share of CPU-hours",
      "Change in CPU-hours",
      "Peak CPUs",
      "CPU-hours waited for the QoS limit (30 days)",
      "CPU efficiency (30 days)"
    };
  }

  private static String[] cells(Content c, Row r) {
    return new String[] {
      r.user(),
      String.format(Locale.ROOT, "%.1f", r.cpuHours()),
      String.format(Locale.ROOT, "%.1f", r.gpuHours()),
      String.format(Locale.ROOT, "%.1f", r.gbHours()),
      Math.round(100 * r.share()) + " %",
      change(r, c.previousCovered()),
      peak(r.peakCpus(), c.cpuLimit()),
      waited(c, r.user()),
      efficiency(c, r.user())
    };
  }

  private static String qosLine(Content c) {
    return "Peak of the QoS: "
        + peak(c.peakCpus(), c.cpuLimit())
        + (c.waitedCpuHours() == null
            ? ""
            : "; CPU-hours jobs waited for the QoS limit: "
                + String.format(Locale.ROOT, "%.1f", c.waitedCpuHours())
                + " CPU-hours")
        + ".";
  }

  /** Markdown's characters backslash-escaped, so a name is shown as typed and makes no markup. */
  static String markdownText(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      if ("\\`*_{}[]<>()#+-.!|~".indexOf(ch) >= 0) {
        b.append('\\');
      }
      b.append(ch);
    }
    return b.toString();
  }

  public static String markdown(Content c, String siteUrl) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(c.qos()).append(": ").append(c.period().label()).append("\n\n");
    b.append(c.sentence()).append("\n\n").append(qosLine(c)).append("\n\n");
    for (String line : c.budget()) {
      b.append(line).append("\n\n");
    }
    for (int i = 0; i < c.rightSize().size(); i++) {
      // Job names are anyone's text: Markdown's own characters in them are escaped.
      b.append(i == 0 ? "" : "- ").append(markdownText(c.rightSize().get(i))).append('\n');
    }
    b.append(c.rightSize().isEmpty() ? "" : "\n");
    b.append("| ").append(String.join(" | ", header())).append(" |\n");
    b.append("|---|").append("---:|".repeat(header().length - 1)).append("\n");
    for (Row r : c.rows()) {
      b.append("| ").append(String.join(" | ", cells(c, r))).append(" |\n");
    }
    b.append("\n");
    for (String n : notes(c)) {
      b.append("- ").append(n).append("\n");
    }
    if (siteUrl != null) {
      b.append("\nDashboard: ").append(siteUrl).append("\n");
    }
    return b.toString();
  }

  public static String html(Content c, String siteUrl) {
    StringBuilder b = new StringBuilder();
    String title = Html.escape(c.qos() + ": " + c.period().label());
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(title)
        .append(
            "</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em}"
                + "table{border-collapse:collapse}th,td{padding:.25em .6em;border-bottom:1px solid #ddd}"
                + "td.n,th.n{text-align:right}</style></head><body>\n");
    b.append("<h1>")
        .append(title)
        .append("</h1>\n<p class=\"summary\">")
        .append(Html.escape(c.sentence()))
        .append("</p>\n<p>")
        .append(Html.escape(qosLine(c)))
        .append("</p>\n");
    for (String line : c.budget()) {
      b.append("<p class=\"budget\">").append(Html.escape(line)).append("</p>\n");
    }
    for (int i = 0; i < c.rightSize().size(); i++) {
      String line = Html.escape(c.rightSize().get(i));
      b.append(
          i == 0 ? "<p class=\"right-size\">" + line + "</p>\n<ul>\n" : "<li>" + line + "</li>\n");
    }
    b.append(c.rightSize().isEmpty() ? "" : "</ul>\n");
    b.append("<table>\n<tr>");
    String[] h = header();
    for (int i = 0; i < h.length; i++) {
      b.append(i == 0 ? "<th>" : "<th class=\"n\">").append(Html.escape(h[i])).append("</th>");
    }
    b.append("</tr>\n");
    for (Row r : c.rows()) {
      b.append("<tr>");
      String[] cells = cells(c, r);
      for (int i = 0; i < cells.length; i++) {
        b.append(i == 0 ? "<td>" : "<td class=\"n\">")
            .append(Html.escape(cells[i]))
            .append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</table>\n<ul>\n");
    for (String n : notes(c)) {
      b.append("<li>").append(Html.escape(n)).append("</li>\n");
    }
    b.append("</ul>\n");
    if (siteUrl != null) {
      b.append("<p><a href=\"")
          .append(Html.escape(siteUrl))
          .append("\">Open the dashboard</a></p>\n");
    }
    return b.append("</body></html>\n").toString();
  }
}
