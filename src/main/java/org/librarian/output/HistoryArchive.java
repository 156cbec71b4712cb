package org.librarian.output;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.librarian.usage.DailyHistory.Day;
import org.librarian.usage.QosLimits;

/**
 * The daily history of one QoS as kept in STATE_DIR: its time zone, its local days in date order
 * (each a per-user daily average and the day's length), the QoS limits as they were from each day
 * on, and an unfinished backfill (or null). A value only: {@link HistoryArchiveReader} reads it,
 * {@link HistoryArchiveWriter} merges and writes it, {@link HistoryJson} is its file format.
 */
public record HistoryArchive(
    String qos, ZoneId zone, List<Day> days, List<Limit> limits, Backfill backfill) {

  /** A limit from a day on: CPUs, GPUs, GB, jobs (0 = none). */
  public record Limit(LocalDate from, double[] values) {
    boolean same(QosLimits l) {
      return values[0] == l.cpus()
          && values[1] == l.gpus()
          && values[2] == l.memoryGb()
          && values[3] == l.jobs();
    }
  }

  /** Where a backfill got to: the range it fills and the first day still to do. */
  public record Backfill(LocalDate since, LocalDate until, LocalDate next) {}

  /** No days, no limits, no backfill: what an absent archive reads as. */
  public static HistoryArchive empty(String qos, ZoneId zone) {
    return new HistoryArchive(qos, zone, List.of(), List.of(), null);
  }

  /** The limits with {@code current} appended from {@code day} when it differs from the last. */
  public List<Limit> limitsWith(QosLimits current, LocalDate day) {
    List<Limit> all = new ArrayList<>(limits);
    if (current != null && (all.isEmpty() || !all.get(all.size() - 1).same(current))) {
      all.add(
          new Limit(
              all.isEmpty() && !days.isEmpty() ? days.get(0).date() : day,
              new double[] {current.cpus(), current.gpus(), current.memoryGb(), current.jobs()}));
    }
    return all;
  }
}
