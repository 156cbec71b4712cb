package org.librarian.cli;

import java.nio.file.Path;
import org.librarian.config.ConfigException;
import org.librarian.config.Overrides;
import org.librarian.config.Settings;
import org.librarian.config.SettingsLoader;
import org.librarian.pipeline.Context;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by every verb that reads librarian.yaml. */
final class ConfigOption {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "configuration file; default: $LIBRARIAN_CONFIG, else ./librarian.yaml")
  Path config;

  /** The settings of this file (or the default one), the environment, then {@code overrides}. */
  Settings load(Context context, Overrides overrides) throws ConfigException {
    return new SettingsLoader(context.env(), context.workingDir()).load(config, overrides);
  }
}
