package org.librarian.pipeline;

import java.io.PrintWriter;
import java.util.function.Function;
import org.librarian.slurm.SlurmLookups;
import org.librarian.usage.QosLimits;

/**
 * The limits of one collection's groups that the configuration does not give, from one sacctmgr
 * call for all of them ({@link SlurmLookups#limitsOfAll}): made when the first such group is
 * written, not at all when none is. A group's warning (not in sacctmgr's answer, sacctmgr failed)
 * is printed when that group's limits are looked up, with its name, as its own call printed it.
 */
public final class GroupLimits {
  private final RecordReader reader;
  private final boolean accounts;
  private Function<String, SlurmLookups.Answer<QosLimits>> answers;

  GroupLimits(RecordReader reader, boolean accounts) {
    this.reader = reader;
    this.accounts = accounts;
  }

  /** {@code group}'s limits from sacctmgr; {@link QosLimits#NONE} (and a warning) without them. */
  public QosLimits of(String group) {
    return reader.said(answer(group));
  }

  /**
   * {@link #of}, its warning printed to {@code err}: a group written beside others prints into its
   * own lines, which reach stderr in the groups' order.
   */
  public QosLimits of(String group, PrintWriter err) {
    return reader.said(answer(group), err);
  }

  private synchronized SlurmLookups.Answer<QosLimits> answer(String group) {
    if (answers == null) {
      answers = reader.lookups().limitsOfAll(accounts);
    }
    return answers.apply(group);
  }
}
