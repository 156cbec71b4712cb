package org.librarian.output;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.librarian.output.AnswersJson.Period;
import org.librarian.usage.DailyHistory;
import org.librarian.usage.DemandReport;
import org.librarian.usage.EfficiencyCounter;
import org.librarian.usage.QosReport;

/**
 * The four cards of one preset ({@link AnswersJson}): their figures as text with units and
 * thousands separators, and a flag (a class and the words with the thresholds) beside each colour.
 */
final class AnswerCards {
  private static final double HIGH = AnswersJson.HIGH;
  private static final double LOW = AnswersJson.LOW;
  private static final double OFTEN = AnswersJson.OFTEN;

  /**
   * The efficiency flags, as the share of held CPUs used: under VERY_LOW "very low", under LOW_USED
   * "low". The page's tables shade by the same rule (PageHints). VERY_LOW is the share under which
   * a job counts as a low-CPU job, in the window and in the daily history alike.
   */
  static final double VERY_LOW = EfficiencyCounter.LOW_CPU_SHARE;

  static final double LOW_USED = 0.5;

  private AnswerCards() {}

  /** One card: what it answers, where its detail is, its figure, its lines and its flag. */
  record Card(
      String id,
      String title,
      String href,
      String value,
      List<String> lines,
      String flagClass,
      String flag) {}

  static List<Card> of(QosReport qos, Period before, PeriodFigures cur, PeriodFigures prev) {
    ZoneId zone = qos.usage().grid().zone();
    if (!cur.covered() && cur.hours() <= 0) {
      List<String> why =
          List.of(
              "No data before "
                  + when(cur.dataFrom(), zone, qos.usage().grid().now())
                  + ": nothing to show here.");
      return List.of(
          new Card("used", "Used", "#chart-NCPUS", "no data", why, "", ""),
          new Card("limit", "At the limit", "#demand-headline", "no data", why, "", ""),
          new Card("waste", "Idle CPUs", "#efficiency", "no data", why, "", ""),
          new Card("top", "Top users", "#totals", "no data", why, "", ""));
    }
    double limit = qos.limits().cpus();
    List<Card> cards = new ArrayList<>();
    // (a) used
    List<String> used = new ArrayList<>();
    String usedClass = "";
    String usedFlag = "";
    if (limit > 0 && cur.hours() > 0) {
      double share = cur.total() / (limit * cur.hours());
      used.add(
          percent(share)
              + " of the allocation ("
              + number(limit)
              + " CPUs × "
              + number(cur.hours())
              + " h)");
      usedClass = share >= HIGH ? "high" : share < LOW ? "low" : "ok";
      usedFlag =
          share >= HIGH
              ? "near the limit (≥ 90 %)"
              : share < LOW ? "low use (< 50 %)" : "normal (50–90 %)";
    }
    used.add(change(cur, prev, before, zone));
    if (!cur.covered()) {
      used.add(
          "No data before "
              + when(cur.dataFrom(), zone, qos.usage().grid().now())
              + ": the figures cover the period from there on.");
    }
    cards.add(
        new Card(
            "used",
            "Used",
            "#chart-NCPUS",
            number(cur.total()) + " CPU-hours",
            used,
            usedClass,
            usedFlag));
    // (b) at the limit
    List<String> limitLines = new ArrayList<>();
    DemandReport demand = qos.demand();
    String limitClass = "";
    String limitFlag = "";
    String limitValue;
    if (demand == null || !demand.available()) {
      limitValue = "not known";
      limitLines.add("The input does not say when jobs were eligible.");
    } else {
      limitValue = hoursWaiting(cur) + " with work waiting";
      limitLines.add(number(cur.waitedCpuHours()) + " CPU-hours waited for the QoS limit");
      if (hoursCut(cur)) {
        // Rows kept before the hours were counted: say which part of the period the hours cover.
        limitLines.add(
            "Hours of "
                + AnswersJson.span(cur.hoursFrom(), cur.dataTo(), zone)
                + "; before: "
                + daysWaiting(cur)
                + " with work waiting");
      }
      List<String> most = new ArrayList<>();
      cur.users().entrySet().stream()
          .filter(u -> u.getValue()[DailyHistory.WAITED] > 0)
          .sorted(
              (a, b) ->
                  Double.compare(
                      b.getValue()[DailyHistory.WAITED], a.getValue()[DailyHistory.WAITED]))
          .limit(2)
          .forEach(
              w ->
                  most.add(
                      w.getKey()
                          + " ("
                          + number(w.getValue()[DailyHistory.WAITED])
                          + " CPU-hours)"));
      if (!most.isEmpty()) {
        limitLines.add("Waited most: " + String.join(", ", most));
      }
      // Often or sometimes: of the hours counted, not of the whole period.
      double counted = (cur.dataTo() - cur.hoursFrom()) / 3600.0;
      double share = counted > 0 ? cur.hoursWaiting() / counted : 0;
      limitClass = cur.hoursWaiting() == 0 ? "ok" : share >= OFTEN ? "high" : "some";
      limitFlag =
          cur.hoursWaiting() == 0
              ? "nothing waited (0 h)"
              : share >= OFTEN
                  ? "often at the limit (≥ 25 % of the hours)"
                  : "sometimes at the limit (< 25 % of the hours)";
    }
    cards.add(
        new Card(
            "limit",
            "At the limit",
            "#demand-headline",
            limitValue,
            limitLines,
            limitClass,
            limitFlag));
    // (c) waste: the jobs that ended in the period
    cards.add(waste(qos, cur));
    // (d) top users
    List<String> top = new ArrayList<>();
    double total = cur.total();
    cur.cpuHours().entrySet().stream()
        .limit(3)
        .forEach(
            u ->
                top.add(
                    u.getKey()
                        + ": "
                        + percent(u.getValue() / total)
                        + " ("
                        + number(u.getValue())
                        + " CPU-hours)"));
    cards.add(
        new Card(
            "top",
            "Top users",
            "#totals",
            top.isEmpty() ? "no use" : cur.cpuHours().keySet().iterator().next(),
            top,
            "",
            ""));
    return cards;
  }

  private static Card waste(QosReport qos, PeriodFigures cur) {
    long to = Math.min(cur.dataFrom() + Math.round(cur.hours() * 3600), qos.usage().grid().now());
    String period = PeriodUsers.efficiencyPeriod(qos, cur, to);
    double[] heldUsed = cur.heldUsed();
    if (cur.efficiencyFrom() < 0 || heldUsed[0] <= 0) {
      return new Card("waste", "Idle CPUs", "#efficiency", "not known", List.of(period), "", "");
    }
    double idle = Math.max(0, 1 - heldUsed[1] / heldUsed[0]);
    List<String> lines = new ArrayList<>();
    lines.add("of the CPU time held sat idle");
    List<String> most = new ArrayList<>();
    cur.users().entrySet().stream()
        .filter(u -> idle(u.getValue()) > 0)
        .sorted((a, b) -> Double.compare(idle(b.getValue()), idle(a.getValue())))
        .limit(2)
        .forEach(
            u -> most.add(u.getKey() + " (" + number(idle(u.getValue())) + " idle CPU-hours)"));
    if (!most.isEmpty()) {
      lines.add("Most idle: " + String.join(", ", most));
    }
    lines.add(period);
    double used = 1 - idle;
    return new Card(
        "waste",
        "Idle CPUs",
        "#efficiency",
        percent(idle) + " idle",
        lines,
        used < VERY_LOW ? "very-low" : used < LOW_USED ? "low" : "ok",
        used < VERY_LOW
            ? "efficiency very low (< 25 % used)"
            : used < LOW_USED ? "efficiency low (< 50 % used)" : "efficiency fine (≥ 50 % used)");
  }

  /**
   * Whether the hours with work waiting cover only the part of the period from {@code hoursFrom}:
   * daily rows kept before those hours were counted lie in it. The card and the long periods'
   * sentences (Summaries) say so by this rule.
   */
  static boolean hoursCut(PeriodFigures cur) {
    return cur.hoursFrom() > cur.dataFrom();
  }

  /** "27 h": the hours with work waiting for the QoS limit. */
  static String hoursWaiting(PeriodFigures cur) {
    return number(cur.hoursWaiting()) + " h";
  }

  /** "1 day", "2 days": the days before {@code hoursFrom} with work waiting. */
  static String daysWaiting(PeriodFigures cur) {
    return number(cur.daysWaiting()) + (cur.daysWaiting() == 1 ? " day" : " days");
  }

  /** CPU-hours held and not used, not below 0. */
  private static double idle(double[] c) {
    return Math.max(0, c[DailyHistory.HELD] - c[DailyHistory.USED]);
  }

  /** "▲ 12 % vs the 7 days before (11,000 CPU-hours)", or why there is no comparison. */
  static String change(PeriodFigures cur, PeriodFigures prev, Period before, ZoneId zone) {
    if (!prev.covered()) {
      return "No data before "
          + when(prev.dataFrom(), zone, cur.dataFrom() + Math.round(cur.hours() * 3600))
          + ": no comparison with "
          + before.label()
          + ".";
    }
    double was = prev.total();
    if (before.from() == before.to()) {
      return "Nothing before it to compare with.";
    }
    if (was <= 0) {
      return "No use in " + before.label() + " to compare with.";
    }
    double pct = (cur.total() - was) / was * 100;
    String arrow = pct >= 0.5 ? "▲ " : pct <= -0.5 ? "▼ " : "= ";
    return arrow
        + String.format(Locale.ROOT, "%,.0f %%", Math.abs(pct))
        + " vs "
        + before.label()
        + " ("
        + number(was)
        + " CPU-hours)";
  }

  private static String number(double v) {
    return AnswersJson.number(v);
  }

  private static String percent(double share) {
    return AnswersJson.percent(share);
  }

  /** The time, with its year when that is not the year of {@code now}. */
  private static String when(long epochSecond, ZoneId zone, long now) {
    return AnswersJson.when(epochSecond, zone, now);
  }
}
