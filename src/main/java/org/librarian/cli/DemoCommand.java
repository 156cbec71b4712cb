package org.librarian.cli;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import org.librarian.config.ConfigException;
import org.librarian.pipeline.Context;
import org.librarian.pipeline.Demo;
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
  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "demo-site",
      description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Mixin NowOption nowOption;

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
    Instant end = nowOption.instant(zone, context.clock());
    Path dir = context.workingDir().resolve(out);
    if (!Demo.write(
        context,
        out(),
        err(),
        dir,
        end,
        zone,
        seed,
        plots.outputs(),
        LibrarianCommand.generator())) {
      return ExitCode.FAILURE;
    }
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
