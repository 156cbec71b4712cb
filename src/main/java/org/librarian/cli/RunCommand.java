package org.librarian.cli;

import org.librarian.config.ConfigException;
import org.librarian.config.Settings;
import org.librarian.pipeline.Collection;
import org.librarian.pipeline.Context;
import org.librarian.run.ScheduledRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code librarian run}: the scrontab entry point — parse every QoS, build the site, publish it.
 */
@Command(
    name = "run",
    header = "The scrontab entry: parse every QoS, build the site, publish it.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Parses every QoS of the config, builds the site with status.json, and publishes it to the "
          + "deploy destinations of the config. Meant for scrontab every 10 minutes (see "
          + "scrontab.example). Only one run at a time: a run that finds another still going exits 0 at "
          + "once. When sacct fails for a QoS, its previous data stays published and status.json (shown "
          + "by the dashboard) says why; the exit code is then 1. Logs one line per step to "
          + "LOG_DIR/run.log (log_dir in the config)."
    })
final class RunCommand extends Verb {
  @Mixin ConfigOption configOption;
  @Mixin PlotOptions plots;
  @Mixin FullOption fullOption;
  @Mixin ArchiveOption archiveOption;

  @Option(
      names = "--dry-run",
      description = "say what would be run, written and published; change nothing")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    Context context = context();
    Settings settings = archiveOption.apply(settings(configOption), context);
    if (!settings.hasGroups()) {
      throw new ConfigException(
          "no QoS to report on: list them under 'qos:' in " + settings.sourceName());
    }
    ScheduledRun run =
        new ScheduledRun(settings, context, out(), err(), LibrarianCommand.generator());
    Collection.Outputs outputs = plots.outputs();
    if (dryRun) {
      run.dryRun(outputs);
      return ExitCode.OK;
    }
    return exitCode(run.run(outputs, fullOption.full));
  }
}
