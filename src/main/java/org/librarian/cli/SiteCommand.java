package org.librarian.cli;

import java.time.temporal.ChronoUnit;
import java.util.List;
import org.librarian.config.Overrides;
import org.librarian.config.Settings;
import org.librarian.pipeline.Context;
import org.librarian.site.PrivatePages;
import org.librarian.site.SiteAssembler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code librarian site}: the dashboard page, Plotly and manifest.json around the data files of a
 * directory.
 */
@Command(
    name = "site",
    header = "Assemble the dashboard site around the data files of a directory.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Assembles a complete static site in DIR around the data_<qos>.json files already there: "
          + "the dashboard (index.html, app.js, style.css), Plotly (no CDN needed) and manifest.json, "
          + "which lists one tab per data file. parse and demo do this themselves; use site after "
          + "copying data files by hand."
    })
final class SiteCommand extends Verb {
  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "the site directory; default: 'output' of the config, else ./site")
  String out;

  @Mixin ConfigOption configOption;

  @Override
  public Integer call() throws Exception {
    Context context = context();
    Settings settings =
        configOption.load(context, new Overrides(null, null, null, out, null, List.of()));
    var datasets =
        SiteAssembler.assemble(
            settings.output(),
            settings.runInterval(),
            context.clock().instant().truncatedTo(ChronoUnit.SECONDS),
            settings.zone(),
            LibrarianCommand.generator(),
            PrivatePages.of(settings),
            null);
    out()
        .println(
            "site written to "
                + settings.output()
                + " ("
                + datasets.size()
                + (datasets.size() == 1 ? " QoS" : " QoS tabs")
                + "); open it with: librarian serve "
                + settings.output());
    if (datasets.isEmpty()) {
      err()
          .println(
              "librarian: warning: no data_<qos>.json in "
                  + settings.output()
                  + "; the page will say so. Run 'librarian parse' first.");
    }
    return ExitCode.OK;
  }
}
