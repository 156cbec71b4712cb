package org.librarian.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.DateTimeException;
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
import org.librarian.pipeline.Backfill;
import org.librarian.pipeline.Collection;
import org.librarian.pipeline.Context;
import org.librarian.site.SiteAssembler;
import org.librarian.usage.QosLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code librarian demo}: the whole pipeline on a generated month of a research group's jobs; no
 * Slurm needed.
 */
@Command(
    name = "demo",
    header = "Run the whole pipeline on a generated sample month; no Slurm needed.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Generates a realistic month of sacct output for two QoS (avery: 430 CPUs, 39 GPUs, 3359 "
          + "GB; avery-b: 3870 CPUs, 30234 GB) from a fixed seed, then runs parse on it, and 13 "
          + "earlier months for the daily history (backfill). The sample files are kept under "
          + "DIR/sample/ so they can be fed to 'librarian parse' or 'backfill --sacct-file'."
    })
final class DemoCommand extends Verb {
  static final List<QosSpec> QOS =
      List.of(
          new QosSpec("avery", new QosLimits(430, 39, 3359, 0)),
          new QosSpec("avery-b", new QosLimits(3870, 0, 30234, 0)));

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "demo-site",
      description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--now",
      paramLabel = "TIME",
      description = "the instant the sample ends at (ISO-8601); default: now")
  String now;

  @Option(
      names = "--timezone",
      paramLabel = "ZONE",
      defaultValue = "America/New_York",
      description = "IANA time zone (default: ${DEFAULT-VALUE})")
  String timezone;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "20261101",
      description = "seed of the generator (default: ${DEFAULT-VALUE})")
  long seed;

  @Mixin PlotOptions plots;

  @Override
  public Integer call() throws Exception {
    Context context = context();
    ZoneId zone;
    try {
      zone = ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw new ConfigException("--timezone: unknown time zone '" + timezone + "'");
    }
    Instant end = TimeArguments.now(now, zone, context.clock());
    Path dir = context.workingDir().resolve(out);
    DemoSacctGenerator generator = new DemoSacctGenerator(seed);
    PrintWriter quiet = new PrintWriter(Writer.nullWriter());
    String version = LibrarianCommand.generator();
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
      if (!new Backfill(settings, context, quiet, err(), version)
          .run(
              new Backfill.Request(
                  first + "", last + "", "7d", sample.earlier(), false, "731d", true),
              end)) {
        return ExitCode.FAILURE;
      }
      List<Collection.Outcome> outcomes =
          new Collection(settings, context, out(), err(), version, false, false)
              .collect(
                  List.of(qos),
                  new Collection.Window(end, true, null, null),
                  new Collection.Source(sample.month(), "|", null, false),
                  plots.outputs());
      if (!outcomes.get(0).ok()) {
        return ExitCode.FAILURE;
      }
    }
    SiteAssembler.assemble(dir, Duration.ofMinutes(10), end, zone, version);
    out()
        .println(
            "demo written to "
                + dir
                + " (sample sacct output in "
                + dir.resolve("sample")
                + "); preview it with: scripts/librarian serve "
                + dir);
    return ExitCode.OK;
  }
}
