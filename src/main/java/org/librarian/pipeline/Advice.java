package org.librarian.pipeline;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.librarian.config.ConfigException;
import org.librarian.config.QosSpec;
import org.librarian.config.Settings;
import org.librarian.output.AdviceText;
import org.librarian.slurm.SacctException;
import org.librarian.usage.BinGrid;
import org.librarian.usage.EfficiencyReport;
import org.librarian.usage.QosUsage;
import org.librarian.usage.UserNames;

/**
 * What {@code advise} tells one user: the same read as a run's (sacct, or a saved file), the same
 * efficiency and right-size suggestions per QoS ({@link EfficiencyReport#rightSize()}), written as
 * text by {@link AdviceText}. Writes nothing but what a read writes (the sacct cache).
 */
public final class Advice {
  private Advice() {}

  /**
   * The text for {@code user} over every QoS; a user none of whose jobs ended in the window of any
   * of them is a usage error naming the window.
   */
  public static String of(
      String user,
      Settings settings,
      Context context,
      PrintWriter err,
      List<QosSpec> qos,
      Collection.Window w,
      Collection.Source source)
      throws SacctException, ConfigException {
    RecordReader reader = new RecordReader(settings, context, err, false, false);
    BinGrid grid = reader.grid(w);
    QosUsage usage = reader.read(qos, w, source, grid).sink().usage;
    // Under privacy: the user is counted under their pseudonym (a hidden user is not counted).
    UserNames names = reader.userNames();
    String counted = names.hides(user) ? null : names.of(user);
    List<AdviceText.Qos> found = new ArrayList<>();
    for (QosSpec q : qos) {
      EfficiencyReport e = usage.efficiency(q.name());
      if (counted != null && e.users().containsKey(counted)) {
        found.add(
            new AdviceText.Qos(q.name(), e.withRightSizeMinJobs(settings.rightSizeMinJobs())));
      }
    }
    if (found.isEmpty()) {
      throw new ConfigException(
          "no job of user '"
              + AdviceText.printable(user)
              + "' ended in "
              + String.join(", ", qos.stream().map(QosSpec::name).toList())
              + " "
              + AdviceText.period(grid)
              + " (is the name right? --window or --start/--end reach further back)");
    }
    return AdviceText.of(user, counted, found, grid);
  }
}
