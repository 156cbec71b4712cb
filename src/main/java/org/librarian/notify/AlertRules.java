package org.librarian.notify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import org.librarian.config.DurationText;
import org.librarian.config.NotifySettings.Rule;
import org.librarian.output.DataFile;
import org.librarian.usage.UsageSummary;

/**
 * Whether a rule holds for one QoS's data, at what value, since when, in words. Pure: the data, the
 * state of the last run and the time are given.
 */
public final class AlertRules {
  /**
   * How a rule stands. {@code problem} is set when it cannot be evaluated (no limit, no demand
   * data); {@code text} says it holds, {@code normalText} that it no longer does.
   */
  public record Condition(
      boolean holds,
      String problem,
      double value,
      double threshold,
      String unit,
      long since,
      String text,
      String normalText) {
    static Condition cannot(String problem) {
      return new Condition(false, problem, 0, 0, "", 0, null, null);
    }
  }

  /** The last run as status.json tells it: null fields when there is no status.json. */
  public record RunState(
      boolean present,
      boolean ok,
      long started,
      long finished,
      long intervalSeconds,
      String error) {}

  private AlertRules() {}

  static String when(long epoch, ZoneId zone) {
    return UsageSummary.when(epoch, zone);
  }

  /**
   * usage_above: the QoS's total of the observable is at least {@code percent} of its limit in
   * every bin overlapping the last {@code for} before the data's last update (the bin of now with
   * its average so far).
   */
  public static Condition usageAbove(Rule rule, DataFile d) {
    String o = rule.observable();
    double limit = d.thresholds().getOrDefault(o, 0.0);
    String unit = d.unit(o);
    if (limit <= 0) {
      return Condition.cannot(
          d.qos() + " has no " + unit + " limit (set it under qos: limits: in librarian.yaml)");
    }
    double threshold = rule.percent() / 100.0 * limit;
    long to = d.lastUpdated();
    long from = to - rule.forDuration().getSeconds();
    int n = d.starts().length;
    if (n == 0 || d.starts()[0] > from) {
      return Condition.cannot(
          "the data of "
              + d.qos()
              + " does not reach back "
              + DurationText.format(rule.forDuration()));
    }
    boolean holds = true;
    double sum = 0;
    double seconds = 0;
    for (int i = 0; i < n; i++) {
      long overlap = Math.min(d.ends()[i], to) - Math.max(d.starts()[i], from);
      if (overlap <= 0) {
        continue;
      }
      double v = d.total(o, i);
      holds &= v >= threshold - 1e-9;
      sum += v * overlap;
      seconds += overlap;
    }
    double average = seconds > 0 ? sum / seconds : 0;
    int last = lastBin(d);
    double now = last < 0 ? 0 : d.total(o, last);
    long since = to;
    for (int i = last; i >= 0 && d.total(o, i) >= threshold - 1e-9; i--) {
      since = d.starts()[i];
    }
    String limitText = fmt(limit) + " " + unit;
    String text =
        String.format(
            Locale.ROOT,
            "%s has used %s %% or more of its limit of %s (%s %s) in every hour since"
                + " %s: %s %s on average over the last %s (%.0f %%).",
            d.qos(),
            fmt(rule.percent()),
            limitText,
            fmt(threshold),
            unit,
            when(since, d.zone()),
            fmt(average),
            unit,
            words(rule.forDuration().getSeconds()),
            100 * average / limit);
    String normal =
        String.format(
            Locale.ROOT,
            "%s is back below %s %% of its limit of %s: %s %s in the hour of %s" + " (%.0f %%).",
            d.qos(),
            fmt(rule.percent()),
            limitText,
            fmt(now),
            unit,
            when(last < 0 ? to : d.starts()[last], d.zone()),
            100 * now / limit);
    return new Condition(holds, null, average, threshold, unit, since, text, normal);
  }

  /**
   * waiting_at_limit: CPU-hours waited for the QoS limit within the last {@code within} reach
   * {@code cpuHours}.
   */
  public static Condition waitingAtLimit(Rule rule, DataFile d) {
    if (d.waitingAtLimitCpus() == null) {
      return Condition.cannot(
          "the data of " + d.qos() + " has no waiting work (sacct gave no Eligible column)");
    }
    long to = d.lastUpdated();
    long from = to - rule.within().getSeconds();
    double cpuHours = 0;
    for (int i = 0; i < d.starts().length; i++) {
      long overlap = Math.min(d.ends()[i], to) - Math.max(d.starts()[i], from);
      if (overlap > 0) {
        cpuHours += d.waitingAtLimitCpus()[i] * overlap / 3600.0;
      }
    }
    long first = d.starts().length == 0 ? from : Math.max(from, d.starts()[0]);
    boolean holds = cpuHours >= rule.cpuHours() - 1e-9;
    String period = when(first, d.zone()) + " to " + when(to, d.zone());
    String text =
        String.format(
            Locale.ROOT,
            "From %s, jobs of %s waited %s CPU-hours for the QoS limit (alert at %s"
                + " CPU-hours within %s).",
            period,
            d.qos(),
            fmt(cpuHours),
            fmt(rule.cpuHours()),
            words(rule.within().getSeconds()));
    String normal =
        String.format(
            Locale.ROOT,
            "From %s, jobs of %s waited %s CPU-hours for the QoS limit, below %s.",
            period,
            d.qos(),
            fmt(cpuHours),
            fmt(rule.cpuHours()));
    return new Condition(holds, null, cpuHours, rule.cpuHours(), "CPU-hours", first, text, normal);
  }

  /**
   * budget_runs_out: the soonest run-out date of the QoS's GrpTRESMins budgets (the data's own
   * forecast) is on or before the date, in the data's zone, {@code within} after the data's last
   * update. Its value: the days from the update's date to that run-out date (-1 when no budget has
   * one).
   */
  public static Condition budgetRunsOut(Rule rule, DataFile d) {
    if (d.budgets().isEmpty()) {
      return Condition.cannot(d.qos() + " has no GrpTRESMins budget in its data");
    }
    long now = d.lastUpdated();
    LocalDate today = LocalDate.ofInstant(Instant.ofEpochSecond(now), d.zone());
    LocalDate by = LocalDate.ofInstant(Instant.ofEpochSecond(now).plus(rule.within()), d.zone());
    String tres = null;
    DataFile.Budget soonest = null;
    for (Map.Entry<String, DataFile.Budget> e : d.budgets().entrySet()) {
      LocalDate out = e.getValue().runsOut();
      if (out != null && (soonest == null || out.isBefore(soonest.runsOut()))) {
        tres = e.getKey();
        soonest = e.getValue();
      }
    }
    long withinDays = rule.within().getSeconds() / 86_400;
    String within = words(rule.within().getSeconds());
    if (soonest == null) {
      return new Condition(
          false,
          null,
          -1,
          withinDays,
          "days",
          now,
          null,
          d.qos() + ": no budget has a run-out date any more (as of " + when(now, d.zone()) + ").");
    }
    long days = ChronoUnit.DAYS.between(today, soonest.runsOut());
    String zone = d.zone().equals(ZoneOffset.UTC) ? "UTC" : d.zone().getId();
    String text =
        String.format(
            Locale.ROOT,
            "%s: the %s budget runs out on %s (%s), within %s of %s. %s",
            d.qos(),
            tres,
            soonest.runsOut(),
            zone,
            within,
            when(now, d.zone()),
            soonest.sentence());
    String normal =
        String.format(
            Locale.ROOT,
            "%s: no budget runs out within %s of %s any more; the soonest, %s, on %s (%s).",
            d.qos(),
            within,
            when(now, d.zone()),
            tres,
            soonest.runsOut(),
            zone);
    return new Condition(
        !soonest.runsOut().isAfter(by), null, days, withinDays, "days", now, text, normal);
  }

  /**
   * stale: the last run failed, or the site's data is older than three run intervals at {@code
   * now}.
   */
  public static Condition stale(RunState run, long newestData, long now, ZoneId zone) {
    if (!run.present()) {
      return new Condition(
          true,
          null,
          0,
          0,
          "s",
          now,
          "The site has no status.json: librarian run has not"
              + " finished a run there (as of "
              + when(now, zone)
              + ").",
          "The site has a status.json again.");
    }
    long interval = Math.max(60, run.intervalSeconds());
    long age = now - Math.max(run.finished(), newestData);
    String normal =
        "The dashboard is up to date again: the last run finished "
            + when(run.finished(), zone)
            + ".";
    if (!run.ok()) {
      return new Condition(
          true,
          null,
          age,
          3 * interval,
          "s",
          run.started(),
          "The last run (started " + when(run.started(), zone) + ") failed: " + run.error(),
          normal);
    }
    boolean holds = age > 3 * interval;
    return new Condition(
        holds,
        null,
        age,
        3 * interval,
        "s",
        Math.max(run.finished(), newestData),
        String.format(
            Locale.ROOT,
            "The dashboard is stale: its last run finished %s, %s ago (runs are due every %s).",
            when(run.finished(), zone),
            words(age),
            words(interval)),
        normal);
  }

  private static int lastBin(DataFile d) {
    for (int i = d.starts().length - 1; i >= 0; i--) {
      if (d.ends()[i] > d.starts()[i]) {
        return i;
      }
    }
    return -1;
  }

  /** A duration in words: "3 h", "30 min", "1 h 30 min", "2 d 4 h". */
  static String words(long seconds) {
    long s = Math.max(0, seconds);
    long d = s / 86_400;
    long h = s % 86_400 / 3600;
    long m = s % 3600 / 60;
    if (d > 0) {
      return d + " d" + (h > 0 ? " " + h + " h" : "");
    }
    if (h > 0) {
      return h + " h" + (m > 0 ? " " + m + " min" : "");
    }
    return m > 0 ? m + " min" : s + " s";
  }

  static String fmt(double v) {
    if (v == Math.rint(v) || Math.abs(v) >= 100) {
      return Long.toString(Math.round(v));
    }
    return Math.abs(v) >= 10 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.2f", v);
  }
}
