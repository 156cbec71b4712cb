package org.librarian.cli;

import java.util.Set;
import org.librarian.config.ConfigException;
import org.librarian.pipeline.Collection;
import picocli.CommandLine.Option;

/** {@code --no-plots}, {@code --formats}, {@code --plot-size}: which charts go beside the JSON. */
final class PlotOptions {
  @Option(names = "--no-plots", description = "write only the JSON, no PNG/PDF charts")
  boolean noPlots;

  @Option(
      names = "--formats",
      paramLabel = "LIST",
      defaultValue = "png,pdf",
      description =
          "chart formats to write: png, pdf or both (default: ${DEFAULT-VALUE}); pdf includes report_<qos>.pdf")
  String formats;

  @Option(
      names = "--plot-size",
      paramLabel = "WxH",
      defaultValue = "1600x900",
      description = "PNG size in pixels (default: ${DEFAULT-VALUE})")
  String plotSize;

  Collection.Outputs outputs() throws ConfigException {
    return new Collection.Outputs(
        noPlots ? Set.of() : PlotArguments.formats(formats),
        PlotArguments.width(plotSize),
        PlotArguments.height(plotSize));
  }
}
