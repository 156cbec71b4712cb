package org.librarian.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.librarian.config.QosSpec;
import org.librarian.config.Settings;
import org.librarian.usage.QosUsage;

/**
 * The groups one collection writes. Named groups ({@code qos:} or {@code accounts:} entries) are
 * written whether or not they had rows. For {@code all} or a glob, also every group the rows named,
 * and every group of the set that has a data file in the output directory from an earlier run but
 * no row in this window: it is written again, with zeros, rather than left showing old figures.
 * Named groups come first, in their order, then the others sorted; those not named have their
 * limits asked of Slurm.
 */
final class GroupList {
  private GroupList() {}

  static List<QosSpec> of(Settings settings, List<QosSpec> named, QosUsage usage, PrintWriter err) {
    if (!settings.groups().open()) {
      return named;
    }
    if (Files.isDirectory(settings.output())) {
      try (DirectoryStream<Path> files =
          Files.newDirectoryStream(settings.output(), "data_*.json")) {
        for (Path f : files) {
          String n = f.getFileName().toString();
          usage.include(n.substring("data_".length(), n.length() - ".json".length()));
        }
      } catch (IOException e) {
        err.println(
            "warning: groups of earlier runs not listed from "
                + settings.output()
                + ": "
                + e.getMessage());
      }
    }
    List<QosSpec> all = new ArrayList<>(named);
    for (String q : usage.groups()) {
      if (named.stream().noneMatch(n -> n.name().equalsIgnoreCase(q))) {
        all.add(new QosSpec(q, null));
      }
    }
    return all;
  }
}
