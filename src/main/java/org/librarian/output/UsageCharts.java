package org.librarian.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYAreaRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.librarian.usage.BinGrid;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.UsageReport;
import org.librarian.usage.UserUsage;

/**
 * The stacked area chart of one observable of one QoS: a band per user (the 11 largest and
 * "others" when there are more than 12), the limit as a dashed red line labelled with its value,
 * time in the report's zone.
 */
public final class UsageCharts {
  /** The limit line's colour; tests look for it. */
  public static final Color LIMIT = new Color(0xd6, 0x27, 0x28);
  static final int MAX_BANDS = 12;

  private UsageCharts() {}

  public static String title(Observable o) {
    switch (o) {
      case NCPUS: return "CPUs in use";
      case NGPUS: return "GPUs in use";
      case MEMORY: return "Memory in use";
      default: return "Jobs running";
    }
  }

  public static String number(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%,.1f", v);
  }

  public static JFreeChart chart(UsageReport report, Observable o, QosLimits limits, String qos) {
    BinGrid grid = report.grid();
    double limit = limits.of(o);
    String title = title(o) + " — " + qos + (limit > 0 ? " (limit " + number(limit) + " " + o.unit() + ")" : "");

    XYSeriesCollection dataset = new XYSeriesCollection();
    double[] total = new double[grid.size()];
    List<Color> colors = new ArrayList<>();
    List<UserUsage> users = new ArrayList<>(report.users());
    users.removeIf(u -> u.totalHours(o) <= 0);
    users.sort(Comparator.comparingDouble((UserUsage u) -> -u.totalHours(o)).thenComparing(UserUsage::user));
    int shown = users.size() > MAX_BANDS ? MAX_BANDS - 1 : users.size();
    for (int k = 0; k < shown; k++) {
      UserUsage u = users.get(k);
      dataset.addSeries(series(u.user(), grid, accumulate(total, u.series(o))));
      colors.add(UserColors.of(u.user()));
    }
    if (users.size() > shown) {
      double[] rest = new double[grid.size()];
      for (UserUsage u : users.subList(shown, users.size())) {
        double[] s = u.series(o);
        for (int i = 0; i < rest.length; i++) {
          rest[i] += s[i];
        }
      }
      dataset.addSeries(series("others (" + (users.size() - shown) + " users)", grid, accumulate(total, rest)));
      colors.add(UserColors.OTHERS);
    }

    DateAxis time = new DateAxis("time (" + grid.zone().getId() + ")");
    TimeZone zone = TimeZone.getTimeZone(grid.zone());
    time.setTimeZone(zone);
    SimpleDateFormat format = new SimpleDateFormat(grid.size() * grid.resolutionSeconds() > 3 * 86_400 ? "MMM d" : "MMM d HH:mm", Locale.ROOT);
    format.setTimeZone(zone);
    long span = grid.end() - grid.start();
    time.setTickUnit(span > 20 * 86_400L ? new DateTickUnit(DateTickUnitType.DAY, 2, format)
        : span > 3 * 86_400L ? new DateTickUnit(DateTickUnitType.DAY, 1, format)
        : new DateTickUnit(DateTickUnitType.HOUR, Math.max(1, (int) (span / 3600 / 12)), format));
    time.setRange(grid.start() * 1000.0, grid.end() * 1000.0);
    NumberAxis value = new NumberAxis(o.unit());
    value.setAutoRangeIncludesZero(true);

    // The dataset holds running totals and each user's band is the area under its total, drawn from
    // the top total down: one filled shape per user instead of one per point (12 shapes to rasterise,
    // not 8,640), and no hairline seams between neighbouring points.
    XYAreaRenderer renderer = new XYAreaRenderer(XYAreaRenderer.AREA);
    renderer.setOutline(false);
    for (int i = 0; i < colors.size(); i++) {
      renderer.setSeriesPaint(i, colors.get(i));
    }
    XYPlot plot = new XYPlot(dataset, time, value, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xe0, 0xe0, 0xe0));
    plot.setRangeGridlinePaint(new Color(0xe0, 0xe0, 0xe0));
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    plot.setNoDataMessage("no jobs in this window");
    plot.setNoDataMessageFont(ChartFonts.font(Font.PLAIN, 28));
    if (limit > 0) {
      ValueMarker marker = new ValueMarker(limit, LIMIT,
          new BasicStroke(3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {12f, 8f}, 0f));
      marker.setLabel("limit " + number(limit) + " " + o.unit());
      marker.setLabelFont(ChartFonts.font(Font.BOLD, 18));
      marker.setLabelPaint(LIMIT);
      marker.setLabelBackgroundColor(new Color(255, 255, 255, 210));
      marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
      marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
      marker.setLabelOffset(new RectangleInsets(4, 8, 4, 8));
      plot.addRangeMarker(marker);
      value.setUpperMargin(0.08);
      if (value.getUpperBound() < limit * 1.08) {
        value.setAutoRange(false);
        value.setRange(0, Math.max(limit * 1.1, value.getUpperBound()));
      }
    }
    time.setLabelFont(ChartFonts.font(Font.PLAIN, 18));
    time.setTickLabelFont(ChartFonts.font(Font.PLAIN, 15));
    value.setLabelFont(ChartFonts.font(Font.PLAIN, 18));
    value.setTickLabelFont(ChartFonts.font(Font.PLAIN, 15));

    JFreeChart chart = new JFreeChart(title, ChartFonts.font(Font.BOLD, 26), plot, dataset.getSeriesCount() > 0);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    TextTitle subtitle = new TextTitle(
        UsageJson.time(grid.start(), grid.zone()) + " to " + UsageJson.time(grid.end(), grid.zone())
            + " · hourly averages", ChartFonts.font(Font.PLAIN, 15));
    subtitle.setPaint(new Color(0x55, 0x55, 0x55));
    chart.addSubtitle(subtitle);
    LegendTitle legend = chart.getLegend();
    if (legend != null) {
      legend.setItemFont(ChartFonts.font(Font.PLAIN, 15));
      legend.setPosition(RectangleEdge.RIGHT);
      legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
    }
    return chart;
  }

  /** Adds a band to the running total and returns the new total (a copy). */
  private static double[] accumulate(double[] total, double[] band) {
    for (int i = 0; i < total.length; i++) {
      total[i] += band[i];
    }
    return total.clone();
  }

  private static XYSeries series(String name, BinGrid grid, double[] values) {
    // No duplicate check: the bins are distinct by construction, and the check costs O(n) per point.
    XYSeries s = new XYSeries(name, false, true);
    for (int i = 0; i < values.length; i++) {
      s.add(grid.edge(i) * 1000.0, values[i], false);
    }
    return s;
  }
}
