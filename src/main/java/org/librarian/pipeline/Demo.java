package org.librarian.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.librarian.config.ConfigException;
import org.librarian.config.QosSpec;
import org.librarian.config.Settings;
import org.librarian.demo.DemoSacctGenerator;
import org.librarian.demo.DemoSamples;
import org.librarian.site.SiteAssembler;
import org.librarian.slurm.SacctException;
import org.librarian.usage.QosLimits;

/**
 * The whole pipeline on a generated sample, no Slurm needed: for each of two QoS a month of sacct
 * output ending at a given instant, and 13 earlier months for the daily history (backfill), then
 * the site around them.
 */
public final class Demo {
  /** The sample's two QoS and their limits (CPUs, GPUs, memory in GB). */
  static final List<QosSpec> QOS =
      List.of(
          new QosSpec("avery", new QosLimits(430, 39, 3359, 0)),
          new QosSpec("avery-b", new QosLimits(3870, 0, 30234, 0)));

  private Demo() {}

  /**
   * Writes the sample under {@code dir/sample/}, the daily history and the month's files of each
   * QoS, and the site, into {@code dir}, with the sample ending at {@code end} in {@code zone};
   * false when a step failed (it said why on {@code err}).
   */
  public static boolean write(
      Context context,
      PrintWriter out,
      PrintWriter err,
      Path dir,
      Instant end,
      ZoneId zone,
      long seed,
      Collection.Outputs outputs,
      String version)
      throws IOException, ConfigException, SacctException {
    DemoSacctGenerator generator = new DemoSacctGenerator(seed);
    PrintWriter quiet = new PrintWriter(Writer.nullWriter());
    // 13 months of daily history before the month's window (its first day is the partial one).
    LocalDate last = end.minus(Duration.ofDays(30)).atZone(zone).toLocalDate();
    LocalDate first = end.atZone(zone).toLocalDate().minusMonths(13);
    for (QosSpec qos : QOS) {
      DemoSamples.Files sample =
          DemoSamples.write(
              generator,
              dir.resolve("sample"),
              qos.name(),
              qos.limits(),
              qos.name().equals("avery") ? 30 : 55,
              first.minusDays(3).atStartOfDay(zone).toEpochSecond(),
              last.plusDays(1).atStartOfDay(zone).toEpochSecond(),
              end.getEpochSecond());
      // The demo takes no lock and keeps no cache; its state directory holds only the history.
      Settings settings = Settings.of(zone, dir, List.of(qos), dir.resolve("sample"));
      if (!new Backfill(settings, context, quiet, err, version)
          .run(
              new Backfill.Request(
                  first + "", last + "", "7d", sample.earlier(), false, "731d", true),
              end)) {
        return false;
      }
      List<Collection.Outcome> outcomes =
          new Collection(settings, context, out, err, version, false, false)
              .collect(
                  List.of(qos),
                  new Collection.Window(end, true, null, null),
                  new Collection.Source(sample.month(), "|", null, false),
                  outputs);
      if (!outcomes.get(0).ok()) {
        return false;
      }
    }
    SiteAssembler.assemble(dir, Duration.ofMinutes(10), end, zone, version);
    return true;
  }
}
