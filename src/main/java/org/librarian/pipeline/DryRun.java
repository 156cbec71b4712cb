package org.librarian.pipeline;

import java.io.PrintWriter;
import java.util.List;
import org.librarian.config.QosSpec;
import org.librarian.config.Settings;
import org.librarian.output.UsageJson;
import org.librarian.usage.BinGrid;
import org.librarian.usage.GroupBy;

/** What a collection would run and write, said and not done (--dry-run). */
final class DryRun {
  private DryRun() {}

  static void print(
      Settings settings,
      RecordReader reader,
      PrintWriter out,
      List<QosSpec> qos,
      Collection.Window w,
      Collection.Source source,
      Collection.Outputs outputs) {
    BinGrid grid = reader.grid(w);
    GroupBy by = settings.groups();
    String names =
        by.open()
            ? "every " + by.key().label + " matching " + String.join(", ", by.patterns())
            : String.join(", ", qos.stream().map(QosSpec::name).toList());
    out.println(
        names
            + ": "
            + (source.file() != null
                ? "would read " + source.file()
                : "would run " + reader.query(grid, w, qos).command().display()));
    List<String> unlimited =
        qos.stream().filter(q -> q.limits() == null).map(QosSpec::name).toList();
    if (by.open() || !unlimited.isEmpty()) {
      // One call for every group the configuration gives no limits, however many.
      out.println(
          (by.open()
                  ? "every " + by.key().label + " without limits in the configuration"
                  : String.join(", ", unlimited))
              + ": would ask for limits: "
              + reader.lookups().limitsCommand(by.key() == GroupBy.Key.ACCOUNT).display());
    }
    for (QosSpec q : qos) {
      out.println(
          q.name() + ": would write " + settings.output().resolve(UsageJson.fileName(q.name())));
      if (!outputs.formats().isEmpty()) {
        out.println(
            q.name() + ": would write charts " + outputs.formats() + " into " + settings.output());
      }
    }
  }
}
