package org.librarian.notify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.librarian.notify.Digest.Content;
import org.librarian.notify.Digest.Row;
import org.librarian.output.DataFile;
import org.librarian.usage.UsageSummary;

/**
 * A digest as a page: Markdown (digest_&lt;qos&gt;.md) and HTML (digest_&lt;qos&gt;.html, also the
 * mail's HTML part), readable on a phone. One period per table: the digest's period (CPU-, GPU- and
 * GB-hours, share, change, peak), then the dashboard's window (CPU-hours waited for the QoS limit,
 * CPU efficiency), each titled with its dates and zone.
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
    return c.waitedByUser() == null ? "–" : hours(w == null ? 0 : w);
  }

  private static String hours(double h) {
    return String.format(Locale.ROOT, "%,.1f", h);
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
    return notes;
  }

  /** The first table's title: the digest's period, with its dates and zone. */
  private static String periodCaption(Content c) {
    return c.period().label()
        + " ("
        + UsageSummary.when(c.period().from(), c.window().zone())
        + " to "
        + UsageSummary.when(c.period().to(), c.window().zone())
        + ")";
  }

  private static String[] periodHeader(Content c) {
    return new String[] {
      "User",
      "CPU-hours",
      "GPU-hours",
      "GB-hours",
      "Share of CPU-hours",
      "Change from the " + (c.period().label().startsWith("Month") ? "month" : "week") + " before",
      "Peak CPUs"
    };
  }

  private static String[] periodCells(Content c, Row r) {
    return new String[] {
      r.user(),
      hours(r.cpuHours()),
      hours(r.gpuHours()),
      hours(r.gbHours()),
      Math.round(100 * r.share()) + " %",
      change(r, c.previousCovered()),
      peak(r.peakCpus(), c.cpuLimit())
    };
  }

  /**
   * The second table's title: the dashboard's window, which the waits and the efficiency cover (a
   * period of its own, so a table of its own).
   */
  private static String recentCaption(Content c) {
    Digest.Window w = c.window();
    return "Last "
        + w.days()
        + " days ("
        + UsageSummary.when(w.from(), w.zone())
        + " to "
        + UsageSummary.when(w.to(), w.zone())
        + "): CPU efficiency is CPU time used over CPU time held";
  }

  private static String[] recentHeader() {
    return new String[] {"User", "CPU-hours waited for the QoS limit", "CPU efficiency"};
  }

  /**
   * The users of the dashboard's window with a wait or an efficiency, most CPU-hours waited first;
   * empty when the data has neither.
   */
  private static List<String[]> recentRows(Content c) {
    Map<String, Double> waited = c.waitedByUser() == null ? Map.of() : c.waitedByUser();
    Set<String> users = new TreeSet<>(waited.keySet());
    if (c.efficiency() != null) {
      c.efficiency()
          .forEach(
              (u, e) -> {
                if (e.cpuEfficiency() != null) {
                  users.add(u);
                }
              });
    }
    List<String> ordered = new ArrayList<>(users);
    ordered.sort(Comparator.comparingDouble((String u) -> -waited.getOrDefault(u, 0.0)));
    List<String[]> rows = new ArrayList<>();
    for (String u : ordered) {
      rows.add(new String[] {u, waited(c, u), efficiency(c, u)});
    }
    return rows;
  }

  private static String qosLine(Content c) {
    return "Peak of the QoS: "
        + peak(c.peakCpus(), c.cpuLimit())
        + (c.waitedCpuHours() == null
            ? ""
            : "; CPU-hours jobs waited for the QoS limit: "
                + hours(c.waitedCpuHours())
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
    List<String[]> rows = new ArrayList<>();
    for (Row r : c.rows()) {
      rows.add(periodCells(c, r));
    }
    markdownTable(b, periodCaption(c), periodHeader(c), rows);
    List<String[]> recent = recentRows(c);
    if (!recent.isEmpty()) {
      markdownTable(b, recentCaption(c), recentHeader(), recent);
    }
    for (String n : notes(c)) {
      b.append("- ").append(n).append("\n");
    }
    if (siteUrl != null) {
      b.append("\nDashboard: ").append(siteUrl).append("\n");
    }
    return b.toString();
  }

  private static void markdownTable(
      StringBuilder b, String caption, String[] header, List<String[]> rows) {
    b.append("**").append(caption).append("**\n\n");
    b.append("| ").append(String.join(" | ", header)).append(" |\n");
    b.append("|---|").append("---:|".repeat(header.length - 1)).append("\n");
    for (String[] r : rows) {
      b.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    b.append("\n");
  }

  public static String html(Content c, String siteUrl) {
    StringBuilder b = new StringBuilder();
    String title = Html.escape(c.qos() + ": " + c.period().label());
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
        .append(title)
        .append("</title>\n<style>")
        .append(STYLE)
        .append("</style></head><body>\n");
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
    List<String[]> rows = new ArrayList<>();
    for (Row r : c.rows()) {
      rows.add(periodCells(c, r));
    }
    htmlTable(b, "period", periodCaption(c), periodHeader(c), rows);
    List<String[]> recent = recentRows(c);
    if (!recent.isEmpty()) {
      htmlTable(b, "recent", recentCaption(c), recentHeader(), recent);
    }
    b.append("<ul>\n");
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

  /**
   * A phone's width: the text wraps, each table scrolls sideways in its own box with the user's
   * column kept in view, and the page itself never does.
   */
  private static final String STYLE =
      "body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em;line-height:1.4}"
          + ".scroll{overflow-x:auto;margin:0 0 1em}table{border-collapse:collapse}"
          + "h2{font-size:1em;margin:1.2em 0 .3em}"
          + "th,td{padding:.25em .6em;border-bottom:1px solid #ddd;background:#fff}"
          + "th{vertical-align:bottom}td.n,th.n{text-align:right}th.n{min-width:6em}td.n{white-space:nowrap}"
          + "th:first-child,td:first-child{position:sticky;left:0}"
          + "@media (max-width:40em){body{padding:0 .5em}h1{font-size:1.3em}"
          + "th,td{padding:.2em .4em}}";

  private static void htmlTable(
      StringBuilder b, String id, String caption, String[] header, List<String[]> rows) {
    // The title above the box, not a caption inside it: on a phone it wraps to the screen's width
    // instead of running as wide as the table.
    b.append("<h2 id=\"")
        .append(id)
        .append("-title\">")
        .append(Html.escape(caption))
        .append("</h2>\n<div class=\"scroll\"><table id=\"")
        .append(id)
        .append("\" aria-labelledby=\"")
        .append(id)
        .append("-title\">\n<tr>");
    for (int i = 0; i < header.length; i++) {
      b.append(i == 0 ? "<th scope=\"col\">" : "<th scope=\"col\" class=\"n\">")
          .append(Html.escape(header[i]))
          .append("</th>");
    }
    b.append("</tr>\n");
    for (String[] cells : rows) {
      b.append("<tr>");
      for (int i = 0; i < cells.length; i++) {
        b.append(i == 0 ? "<td>" : "<td class=\"n\">")
            .append(Html.escape(cells[i]))
            .append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</table></div>\n");
  }
}
