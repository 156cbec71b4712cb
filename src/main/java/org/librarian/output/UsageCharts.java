package org.librarian.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.TexturePaint;
import java.awt.image.BufferedImage;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYAreaRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.librarian.usage.BinGrid;
import org.librarian.usage.DemandCounter;
import org.librarian.usage.DemandReport;
import org.librarian.usage.Observable;
import org.librarian.usage.QosLimits;
import org.librarian.usage.QosReport;
import org.librarian.usage.UsageReport;
import org.librarian.usage.UserUsage;

/**
 * The stacked area chart of one observable of one QoS: a band per user (the 11 largest and "others"
 * when there are more than 12), the limit as a dashed red line labelled with its value, time in the
 * report's zone.
 */
public final class UsageCharts {
  /** The limit line's colour; tests look for it. */
  public static final Color LIMIT = new Color(0xd6, 0x27, 0x28);

  private UsageCharts() {}

  public static String title(Observable o) {
    switch (o) {
      case NCPUS:
        return "CPUs in use";
      case NGPUS:
        return "GPUs in use";
      case MEMORY:
        return "Memory in use";
      default:
        return "Jobs running";
    }
  }

  public static String number(double v) {
    return v == Math.rint(v)
        ? String.format(Locale.ROOT, "%,d", (long) v)
        : String.format(Locale.ROOT, "%,.1f", v);
  }

  /**
   * What a chart of one observable stacks: the bands' names and colours, and for each band the
   * running total up to and including it, in bin order, and the bins' edges (one more than the
   * bins: bin {@code i} runs from {@code xMillis[i]} to {@code xMillis[i + 1]}, epoch
   * milliseconds). Immutable; worked out once and shared by every chart of that observable.
   */
  public record Bands(
      Observable observable,
      List<String> names,
      List<Color> colors,
      double[] xMillis,
      double[][] totals) {}

  /**
   * Colours of the bands of work waiting, by reason class: see-through, so they read as "not
   * running".
   */
  static final Map<DemandCounter.ReasonClass, Color> WAITING =
      Map.of(
          DemandCounter.ReasonClass.QOS_LIMIT, new Color(214, 39, 40, 90),
          DemandCounter.ReasonClass.ACCOUNT_LIMIT, new Color(255, 127, 14, 90),
          DemandCounter.ReasonClass.CLUSTER, new Color(127, 127, 127, 80),
          DemandCounter.ReasonClass.OTHER, new Color(31, 119, 180, 70));

  static final Map<DemandCounter.ReasonClass, String> WAITING_NAMES =
      Map.of(
          DemandCounter.ReasonClass.QOS_LIMIT, "waiting for the QoS limit",
          DemandCounter.ReasonClass.ACCOUNT_LIMIT, "waiting for the account limit",
          DemandCounter.ReasonClass.CLUSTER, "waiting for the cluster",
          DemandCounter.ReasonClass.OTHER, "waiting (other reasons)");

  /** Every observable's bands of {@code qos}: its top users, the others, and its work waiting. */
  static Map<Observable, Bands> bands(QosReport qos) {
    Map<Observable, Bands> all = new EnumMap<>(Observable.class);
    for (Observable o : Observable.values()) {
      all.put(o, bands(qos.usage(), o, qos.demand(), qos.about().topUsers()));
    }
    return all;
  }

  /**
   * The users' bands, then, with {@code demand}, one band per reason class of the work waiting,
   * stacked on top: usage plus the work waiting for the QoS limit reads as what would have run with
   * a bigger limit.
   */
  public static Bands bands(UsageReport report, Observable o, DemandReport demand) {
    return bands(report, o, demand, UserColors.SHOWN);
  }

  /** With {@code topUsers} users one by one (see {@link UserColors#of(UsageReport, int)}). */
  public static Bands bands(UsageReport report, Observable o, DemandReport demand, int topUsers) {
    Bands users = bands(report, o, topUsers);
    if (demand == null || !demand.available()) {
      return users;
    }
    List<String> names = new ArrayList<>(users.names());
    List<Color> colors = new ArrayList<>(users.colors());
    List<double[]> totals = new ArrayList<>(List.of(users.totals()));
    double[] total =
        totals.isEmpty()
            ? new double[users.xMillis().length - 1]
            : totals.get(totals.size() - 1).clone();
    for (DemandCounter.ReasonClass c : DemandCounter.ReasonClass.values()) {
      for (UserUsage u : demand.byReason().users()) {
        if (u.user().equals(c.key()) && u.totalHours(o) > 0) {
          names.add(WAITING_NAMES.get(c));
          colors.add(WAITING.get(c));
          totals.add(accumulate(total, u.series(o)));
        }
      }
    }
    return new Bands(
        o,
        List.copyOf(names),
        List.copyOf(colors),
        users.xMillis(),
        totals.toArray(new double[0][]));
  }

  /**
   * The users {@link UserColors} shows (the 11 with the most CPU-hours), largest in this observable
   * first, each in its colour, then everyone else as one grey "others" band: the same users and
   * colours in every chart.
   */
  public static Bands bands(UsageReport report, Observable o) {
    return bands(report, o, UserColors.SHOWN);
  }

  static Bands bands(UsageReport report, Observable o, int topUsers) {
    BinGrid grid = report.grid();
    Map<String, Color> palette = UserColors.of(report, topUsers);
    List<UserUsage> users = new ArrayList<>(report.users());
    users.removeIf(u -> u.totalHours(o) <= 0);
    users.sort(
        Comparator.comparingDouble((UserUsage u) -> -u.totalHours(o))
            .thenComparing(UserUsage::user));
    List<String> names = new ArrayList<>();
    List<Color> colors = new ArrayList<>();
    List<double[]> totals = new ArrayList<>();
    double[] total = new double[grid.size()];
    List<UserUsage> others = new ArrayList<>();
    for (UserUsage u : users) {
      if (palette.containsKey(u.user())) {
        names.add(u.user());
        colors.add(palette.get(u.user()));
        totals.add(accumulate(total, u.series(o)));
      } else {
        others.add(u);
      }
    }
    if (UserColors.foldsIntoOthers(others.size())) {
      for (UserUsage u : others) {
        double[] s = u.series(o);
        for (int i = 0; i < total.length; i++) {
          total[i] += s[i];
        }
      }
      names.add(UserColors.othersLabel(others.size()));
      colors.add(UserColors.OTHERS);
      totals.add(total.clone());
    } else {
      // One user left is drawn by name in the grey of "others", never hidden in a band of one.
      for (UserUsage u : others) {
        names.add(u.user());
        colors.add(UserColors.OTHERS);
        totals.add(accumulate(total, u.series(o)));
      }
    }
    double[] x = new double[grid.size() + 1];
    for (int i = 0; i < x.length; i++) {
      x[i] = grid.edge(i) * 1000.0;
    }
    return new Bands(
        o, List.copyOf(names), List.copyOf(colors), x, totals.toArray(new double[0][]));
  }

  public static JFreeChart chart(UsageReport report, Observable o, QosLimits limits, String qos) {
    return chart(report, bands(report, o), limits, qos);
  }

  public static JFreeChart chart(UsageReport report, Bands bands, QosLimits limits, String qos) {
    BinGrid grid = report.grid();
    Observable o = bands.observable();
    double limit = limits.of(o);
    String title =
        title(o)
            + " — "
            + qos
            + (limit > 0 ? " (limit " + number(limit) + " " + o.unit() + ")" : "");
    BandDataset dataset = new BandDataset(bands);
    List<Color> colors = bands.colors();

    DateAxis time = new DateAxis("time (" + grid.zone().getId() + ")");
    TimeZone zone = TimeZone.getTimeZone(grid.zone());
    time.setTimeZone(zone);
    SimpleDateFormat format =
        new SimpleDateFormat(
            grid.size() * grid.resolutionSeconds() > 3 * 86_400 ? "MMM d" : "MMM d HH:mm",
            Locale.ROOT);
    format.setTimeZone(zone);
    long span = grid.end() - grid.start();
    // The axis picks the finest of these steps whose labels do not overlap at the size drawn: a PDF
    // page is half a PNG's width, and a long legend makes the plot narrower still.
    TickUnits steps = new TickUnits();
    if (span <= 3 * 86_400L) {
      for (int hours : new int[] {1, 2, 3, 6, 12}) {
        steps.add(new DateTickUnit(DateTickUnitType.HOUR, hours, format));
      }
    }
    for (int days : new int[] {1, 2, 4, 7, 14}) {
      steps.add(new DateTickUnit(DateTickUnitType.DAY, days, format));
    }
    steps.add(new DateTickUnit(DateTickUnitType.MONTH, 1, format));
    time.setStandardTickUnits(steps);
    time.setAutoTickUnitSelection(true, false);
    time.setRange(grid.start() * 1000.0, grid.end() * 1000.0);
    NumberAxis value = new NumberAxis(o.unit());
    value.setAutoRangeIncludesZero(true);

    // The dataset holds running totals and each user's band is the area under its total, drawn from
    // the top total down: one filled shape per user instead of one per point (12 shapes to
    // rasterise,
    // not 8,640), and no hairline seams between neighbouring points.
    XYAreaRenderer renderer = new XYAreaRenderer(XYAreaRenderer.AREA);
    renderer.setOutline(false);
    for (int i = 0; i < colors.size(); i++) {
      Color color = colors.get(i);
      // Work waiting is hatched, as on the page: it cannot be mistaken for a user's solid band.
      renderer.setSeriesPaint(i, color.getAlpha() < 255 ? hatch(color) : color);
    }
    XYPlot plot = new XYPlot(dataset, time, value, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xe0, 0xe0, 0xe0));
    plot.setRangeGridlinePaint(new Color(0xe0, 0xe0, 0xe0));
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    // Jobs may have run without asking for a GPU: the GPU chart says so rather than "no jobs".
    plot.setNoDataMessage(
        o == Observable.NGPUS && report.jobsCounted() > 0
            ? "no GPU jobs in this window"
            : "no jobs in this window");
    plot.setNoDataMessageFont(ChartFonts.font(Font.PLAIN, 28));
    if (limit > 0) {
      ValueMarker marker =
          new ValueMarker(
              limit,
              LIMIT,
              new BasicStroke(
                  3f,
                  BasicStroke.CAP_BUTT,
                  BasicStroke.JOIN_MITER,
                  10f,
                  new float[] {12f, 8f},
                  0f));
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

    JFreeChart chart =
        new JFreeChart(title, ChartFonts.font(Font.BOLD, 26), plot, dataset.getSeriesCount() > 0);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    TextTitle subtitle =
        new TextTitle(
            PeriodText.period(grid.start(), grid.end(), grid.zone()) + " · hourly averages",
            ChartFonts.font(Font.PLAIN, 15));
    subtitle.setPaint(new Color(0x55, 0x55, 0x55));
    // Above the legend, across the whole width: a narrow chart wraps it between its two ends, not
    // inside one.
    chart.addSubtitle(0, subtitle);
    LegendTitle legend = chart.getLegend();
    if (legend != null) {
      legend.setItemFont(ChartFonts.font(Font.PLAIN, 15));
      legend.setPosition(RectangleEdge.RIGHT);
      legend.setFrame(BlockBorder.NONE);
      // Room on the right: the text is measured a little narrower than it is drawn, which cut the
      // last
      // letters of the longest label ("waiting for the QoS limit") at the image's edge.
      legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 16));
    }
    return chart;
  }

  /** Diagonal stripes of a see-through colour, over a faint wash of it. */
  static TexturePaint hatch(Color color) {
    int size = 12;
    BufferedImage tile = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = tile.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), color.getAlpha() / 2));
    g.fillRect(0, 0, size, size);
    g.setColor(
        new Color(
            color.getRed(),
            color.getGreen(),
            color.getBlue(),
            Math.min(255, color.getAlpha() * 2 + 40)));
    g.setStroke(new BasicStroke(2.5f));
    g.drawLine(0, size, size, 0);
    g.drawLine(-size / 2, size / 2, size / 2, -size / 2);
    g.drawLine(size / 2, size + size / 2, size + size / 2, size / 2);
    g.dispose();
    return new TexturePaint(tile, new Rectangle(0, 0, size, size));
  }

  /** Adds a band to the running total and returns the new total (a copy). */
  private static double[] accumulate(double[] total, double[] band) {
    for (int i = 0; i < total.length; i++) {
      total[i] += band[i];
    }
    return total.clone();
  }
}
