package org.librarian.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.librarian.config.ConfigException;
import org.librarian.config.Overrides;
import org.librarian.config.QosSpec;
import org.librarian.config.Settings;
import org.librarian.pipeline.Collection;
import org.librarian.pipeline.Context;
import org.librarian.site.GroupIndex;
import org.librarian.site.PrivatePages;
import org.librarian.site.SiteAssembler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code librarian parse}: sacct → hourly per-user usage → data_QOS.json. */
@Command(
    name = "parse",
    header = "Read sacct for each QoS; write hourly per-user usage as JSON and charts.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reads Slurm accounting (sacct) for each QoS and writes data_<qos>.json: per-user CPUs, "
          + "GPUs, memory (GB) and jobs in use, averaged over hourly bins of a rolling 30-day window, "
          + "and per-user CPU-, GPU-, GB- and job-hours. Settings come from librarian.yaml, then "
          + "LIBRARIAN_* variables, then these flags."
    })
final class ParseCommand extends Verb {
  @Mixin ConfigOption configOption;

  @Option(
      names = "--qos",
      paramLabel = "QOS",
      description = "QoS to report on (repeatable); default: every QoS in the config")
  List<String> qos = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "output directory; default: 'output' of the config, else ./site")
  String out;

  @Mixin NowOption nowOption;

  @Option(
      names = "--timezone",
      paramLabel = "ZONE",
      description = "IANA time zone of the bins and times; default: config, else this machine's")
  String timezone;

  @Mixin WindowOption windowOption;

  @Option(names = "--resolution", paramLabel = "DURATION", description = "bin length (default 1h)")
  String resolution;

  @Mixin ReplayOptions replay;

  @Mixin ClusterOption clusterOption;

  @Option(
      names = "--update-history",
      description =
          "also merge the days read into the archive of daily history in"
              + " STATE_DIR (run and backfill do; a parse, often a replay, does not unless asked)")
  boolean updateHistory;

  @Mixin FullOption fullOption;
  @Mixin PlotOptions plots;
  @Mixin ArchiveOption archiveOption;

  @Option(
      names = "--dry-run",
      description = "print the sacct command and what would be written; write nothing")
  boolean dryRun;

  @Option(
      names = "--debug",
      description =
          "print the sacct command and its raw output to stderr, in the form --sacct-file reads back")
  boolean debug;

  @Option(
      names = {"-v", "--verbose"},
      description = "say more about each step")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Context context = context();
    Settings settings =
        archiveOption.apply(
            configOption.load(
                context,
                new Overrides(
                    timezone, windowOption.window, resolution, out, clusterOption.cluster, qos)),
            context);
    if (!settings.hasGroups()) {
      throw new ConfigException(
          "no QoS to report on: pass --qos NAME, or list them under 'qos:' in "
              + settings.sourceName());
    }
    replay.check();
    PrivatePages pages = PrivatePages.of(settings);
    Instant nowInstant = nowOption.instant(settings.zone(), context.clock());
    Collection.Window w = replay.window(nowInstant, nowOption.given(), settings.zone());
    Collection.Source source = replay.source(context, fullOption.full);
    Collection.Outputs outputs = plots.outputs();
    String generator = LibrarianCommand.generator();
    Collection collector =
        new Collection(settings, context, out(), err(), generator, debug, verbose);
    List<QosSpec> qosSpecs = replay.qos(settings.qos());
    if (dryRun) {
      collector.dryRun(qosSpecs, w, source, outputs);
      return ExitCode.OK;
    }
    List<Collection.Outcome> outcomes =
        collector.writingHistory(updateHistory).collect(qosSpecs, w, source, outputs);
    SiteAssembler.assemble(
        settings.output(),
        settings.runInterval(),
        nowInstant,
        settings.zone(),
        generator,
        pages,
        GroupIndex.summaries(settings.stateDir()));
    return exitCode(
        outcomes.stream().allMatch(Collection.Outcome::complete)
            && collector.archiveError() == null);
  }
}
