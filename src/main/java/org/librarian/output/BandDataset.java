package org.librarian.output;

import org.jfree.data.DomainOrder;
import org.jfree.data.xy.AbstractXYDataset;

/**
 * The bands' running totals as JFreeChart's dataset, read straight from the shared arrays: no
 * per-point objects, and nothing to copy for each chart. Drawn as steps, as the page draws them:
 * each bin is two points, its value at its start and at its end, so it stays flat across the bin.
 */
final class BandDataset extends AbstractXYDataset {
  private static final long serialVersionUID = 1L;
  private final transient UsageCharts.Bands bands;

  BandDataset(UsageCharts.Bands bands) {
    this.bands = bands;
  }

  @Override
  public int getSeriesCount() {
    return bands.names().size();
  }

  @Override
  public Comparable<String> getSeriesKey(int series) {
    return bands.names().get(series);
  }

  @Override
  public DomainOrder getDomainOrder() {
    return DomainOrder.ASCENDING;
  }

  @Override
  public int getItemCount(int series) {
    return 2 * bands.totals()[series].length;
  }

  @Override
  public Number getX(int series, int item) {
    return bands.xMillis()[item / 2 + item % 2];
  }

  @Override
  public double getXValue(int series, int item) {
    return bands.xMillis()[item / 2 + item % 2];
  }

  @Override
  public Number getY(int series, int item) {
    return bands.totals()[series][item / 2];
  }

  @Override
  public double getYValue(int series, int item) {
    return bands.totals()[series][item / 2];
  }
}
