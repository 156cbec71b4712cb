package org.librarian.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.librarian.config.ConfigException;
import org.librarian.config.Overrides;
import org.librarian.config.Settings;
import org.librarian.pipeline.Advice;
import org.librarian.pipeline.Collection;
import org.librarian.pipeline.Context;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code librarian advise --user U}: a user's job families and the #SBATCH lines to ask for. */
@Command(
    name = "advise",
    header = "Print a user's job families and the #SBATCH lines that fit what they used.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reads Slurm accounting as parse does (sacct, or --sacct-file) and prints, for each QoS, the "
          + "user's job families (the same name without its trailing number: align_17 is align_#) "
          + "among the jobs that ended in the window, with the lines to put in their batch script: "
          + "#SBATCH --mem (the 95th percentile of peak memory x 1.2, in whole GB), "
          + "#SBATCH --time (the 95th percentile of elapsed x 1.3, never below the longest job "
          + "that completed, in steps of 15 minutes) and, when the median CPU efficiency of the "
          + "family's single-node jobs is below 50 %%, #SBATCH --cpus-per-task (CPUs x that median "
          + "x 1.25, rounded up); each with what it would have freed over the window, which is "
          + "named with its time zone. A family needs dashboard.right_size_min_jobs jobs "
          + "(default 5). See docs/counting.md for the rules.",
      "",
      "Exit codes: 0 printed; 1 sacct or the file could not be read; 2 a bad option, or no job "
          + "of the user ended in the window."
    })
final class AdviseCommand extends Verb {
  @Mixin ConfigOption configOption;

  @Option(
      names = "--user",
      required = true,
      paramLabel = "USER",
      description = "the user whose families to print")
  String user;

  @Option(
      names = "--qos",
      paramLabel = "QOS",
      description = "QoS to look in (repeatable); default: every QoS in the config")
  List<String> qos = new ArrayList<>();

  @Mixin NowOption nowOption;

  @Option(
      names = "--timezone",
      paramLabel = "ZONE",
      description = "IANA time zone of the times printed; default: config, else this machine's")
  String timezone;

  @Mixin WindowOption windowOption;

  @Mixin SacctFileOptions replay;

  @Mixin ClusterOption clusterOption;

  @Override
  public Integer call() throws Exception {
    Context context = context();
    Settings settings =
        configOption.load(
            context,
            new Overrides(timezone, windowOption.window, null, null, clusterOption.cluster, qos));
    if (settings.qos().isEmpty()) {
      throw new ConfigException(
          "no QoS to look in: pass --qos NAME, or list them under 'qos:' in "
              + settings.sourceName());
    }
    replay.check();
    Instant nowInstant = nowOption.instant(settings.zone(), context.clock());
    Collection.Window w = replay.window(nowInstant, nowOption.given(), settings.zone());
    String text =
        Advice.of(user, settings, context, err(), settings.qos(), w, replay.source(context, false));
    out().print(text);
    return ExitCode.OK;
  }
}
