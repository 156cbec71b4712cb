package org.librarian.slurm;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.librarian.usage.GroupBy;

/**
 * The argument list of the one sacct call of a run: a pure value, {@link #command()} builds the
 * {@link Command} and runs nothing; each option and its value are one argument ({@code --qos=a,b}),
 * so no value is ever read as an option. One call for every QoS being parsed; the rows are told
 * apart by their QOS column. Times go to sacct as local times of {@code zone}, and sacct runs with
 * {@code TZ=zone}, so the window means the same instant on both sides; {@code SLURM_TIME_FORMAT=%s}
 * makes sacct print epoch seconds back, free of DST ambiguity and of the user's own format. {@code
 * --duplicates} gives every run of a requeued job its own row: without it sacct shows only the
 * latest run, and the CPUs the earlier runs held would go uncounted. Steps are asked for too (no
 * {@code --allocations}): with it, TotalCPU reads zero and MaxRSS is empty, and efficiency needs
 * them; usage counts the allocation rows only.
 *
 * @param qos the QoS names, each already checked to be {@code [A-Za-z0-9._-]} and not option-like
 * @param end the end of a fixed range, or null for "up to now"
 * @param cluster the cluster for {@code -M}, or null
 * @param by what a group is: the names go to {@code --qos=} or {@code --accounts=}; an open set
 *     ({@code qos: all}, a glob) asks for the whole cluster, with no filter, and the rows are split
 *     into groups as they are read
 */
public record SacctQuery(
    String sacct,
    List<String> qos,
    Instant start,
    Instant end,
    ZoneId zone,
    String cluster,
    Duration timeout,
    GroupBy by) {

  /**
   * The delimiter: the ASCII unit separator, which no field can hold, not even JobName (a name can
   * hold {@code |}, quotes and anything a user types, but no control character).
   */
  public static final String DELIMITER = "\u001f";

  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  public SacctQuery {
    qos = List.copyOf(qos);
    if (qos.isEmpty() && !by.open()) {
      throw new IllegalArgumentException("no QoS to ask sacct for");
    }
  }

  /** The same query from another start (an incremental one). */
  public SacctQuery since(Instant from) {
    return new SacctQuery(sacct, qos, from, end, zone, cluster, timeout, by);
  }

  /**
   * What the rows of this query are kept under in the sacct cache: the QoS names; for accounts
   * {@code account-NAME}; for an open set one word per kind ({@code every-qos}, {@code
   * every-account}), since its rows are the whole cluster's.
   */
  public List<String> cacheKey() {
    if (by.open()) {
      return List.of("every-" + by.key().word);
    }
    return by.key() == GroupBy.Key.QOS ? qos : qos.stream().map(a -> "account-" + a).toList();
  }

  public Command command() {
    List<String> argv = new ArrayList<>();
    argv.add(sacct);
    argv.add("--allusers");
    argv.add("--duplicates");
    argv.add("--parsable2");
    argv.add("--delimiter=" + DELIMITER);
    if (!by.open()) {
      argv.add((by.key() == GroupBy.Key.QOS ? "--qos=" : "--accounts=") + String.join(",", qos));
    }
    argv.add("--starttime=" + local(start));
    if (end != null) {
      argv.add("--endtime=" + local(end));
    }
    argv.add("--format=" + String.join(",", SacctReader.requestedFields()));
    if (cluster != null && !cluster.isBlank()) {
      argv.add("--clusters=" + cluster);
    }
    return new Command(argv, Map.of("SLURM_TIME_FORMAT", "%s", "TZ", zone.getId()), timeout, null);
  }

  private String local(Instant t) {
    return LOCAL.format(LocalDateTime.ofInstant(t, zone));
  }
}
