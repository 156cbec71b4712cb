package org.librarian.usage;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * "Would a bigger limit help?" for every resource of a QoS that has a limit: CPUs, GPUs and memory
 * ({@link CapacityPlanner} over the report's whole hours). Empty when the report has no waiting
 * work (no Eligible times, so Q(h) is unknown) or when its bins do not divide an hour (daily bins).
 * No I/O.
 */
public final class Capacities {
  /** The resources a limit is planned for, in the order the JSON lists them. */
  public static final List<Observable> RESOURCES =
      List.of(Observable.NCPUS, Observable.NGPUS, Observable.MEMORY);

  /** The class of waiting work that waited for the QoS's own limit. */
  static final String QOS_LIMIT = "qos_limit";

  private Capacities() {}

  /**
   * One resource's plan and the whole hours it covers.
   *
   * @param from the start of the first whole hour (epoch seconds); equal to {@code to} when none
   * @param to the end of the last whole hour (epoch seconds)
   */
  public record Plan(CapacityPlanner.Capacity capacity, long from, long to) {}

  /** Per resource with a limit above 0, its plan; in {@link #RESOURCES} order. */
  public static Map<Observable, Plan> of(QosReport report) {
    DemandReport demand = report.demand();
    if (demand == null || !demand.available() || !WholeHours.supports(report.usage().grid())) {
      return Map.of();
    }
    Map<Observable, Plan> plans = new EnumMap<>(Observable.class);
    for (Observable o : RESOURCES) {
      double limit = report.limits().of(o);
      if (!(limit > 0) || Double.isInfinite(limit)) {
        continue;
      }
      WholeHours usage = WholeHours.of(report.usage(), o);
      long[] waiting = WholeHours.of(demand.byReason(), o).of(QOS_LIMIT);
      long[] starts = usage.hourStarts();
      long from = starts.length == 0 ? report.usage().grid().start() : starts[0];
      long to = starts.length == 0 ? from : starts[starts.length - 1] + 3600;
      plans.put(o, new Plan(CapacityPlanner.plan(o, limit, usage, waiting), from, to));
    }
    return Collections.unmodifiableMap(plans);
  }
}
