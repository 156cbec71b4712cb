package org.librarian.cli;

import java.util.Locale;
import java.util.Set;
import org.librarian.config.ConfigException;
import org.librarian.output.QosFiles;

/** Reads --formats and --plot-size. */
final class PlotArguments {
  private PlotArguments() {}

  static Set<QosFiles.Format> formats(String text) throws ConfigException {
    try {
      Set<QosFiles.Format> set = QosFiles.parseFormats(text);
      if (set.isEmpty()) {
        throw new IllegalArgumentException();
      }
      return set;
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--formats: '" + text + "' is not a list of png and pdf");
    }
  }

  static int width(String size) throws ConfigException {
    return part(size, 0);
  }

  static int height(String size) throws ConfigException {
    return part(size, 1);
  }

  private static int part(String size, int index) throws ConfigException {
    String[] parts = size.toLowerCase(Locale.ROOT).split("x");
    try {
      int v = Integer.parseInt(parts[index].strip());
      if (parts.length != 2 || v < 200 || v > 10_000) {
        throw new NumberFormatException();
      }
      return v;
    } catch (RuntimeException e) {
      throw new ConfigException(
          "--plot-size: '" + size + "' is not a size such as 1600x900 (200 to 10000 pixels)");
    }
  }
}
