package org.librarian.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.librarian.usage.QosLimits;

/**
 * Reads the group limits of every account from its own association, from one {@code sacctmgr -P -n
 * show assoc [clusters=C] format=Account,User,Partition,GrpTRES}: one line per association ({@code
 * avery-lab|||cpu=48,gres/gpu=2,mem=100G} for the account, {@code avery-lab|alice||} for a user).
 * An account's own line is the one with no user and no partition; its {@code GrpTRES} is the limit
 * Slurm holds the account's jobs to ({@code AssocGrpCpuLimit}, {@code AssocGrpGRES}, ...). One call
 * answers for every account of a run, however many.
 */
public final class AssocLimitsLookup {
  private AssocLimitsLookup() {}

  /** One call for every association (of {@code cluster}, when given): no account name is passed. */
  public static Command commandAll(String sacctmgr, String cluster, Duration timeout) {
    List<String> argv = new ArrayList<>(List.of(sacctmgr, "-P", "-n", "show", "assoc"));
    if (cluster != null && !cluster.isBlank()) {
      argv.add("clusters=" + cluster);
    }
    argv.add("format=Account,User,Partition,GrpTRES");
    return Command.of(argv, timeout);
  }

  /**
   * The GrpTRES text of each account's own line, by the account's name in lower case (Slurm keeps
   * account names in lower case); the first such line of an account wins, user and partition lines
   * are passed over.
   */
  public static Map<String, String> ownGrpTres(String output) {
    Map<String, String> byAccount = new HashMap<>();
    for (String line : output.split("\n")) {
      String[] f = line.split("\\|", -1);
      if (f.length >= 4 && f[1].isBlank() && f[2].isBlank()) {
        byAccount.putIfAbsent(f[0].strip().toLowerCase(Locale.ROOT), f[3].strip());
      }
    }
    return byAccount;
  }

  /**
   * {@code account}'s limits from what {@link #ownGrpTres} read; a TRES it does not name is no
   * limit.
   *
   * @throws IllegalArgumentException when the answer has no line of the account's own or a value is
   *     not a number
   */
  public static QosLimits pick(String account, Map<String, String> ownGrpTres) {
    String grpTres = ownGrpTres.get(account.toLowerCase(Locale.ROOT));
    if (grpTres == null) {
      throw new IllegalArgumentException("sacctmgr knows no association of the account " + account);
    }
    return QosLimitsLookup.limits(grpTres);
  }

  /**
   * The GrpTRES of {@code account}'s own line in sacctmgr's answer.
   *
   * @throws IllegalArgumentException when no line is the account's own or a value is not a number
   */
  public static QosLimits parse(String account, String output) {
    return pick(account, ownGrpTres(output));
  }
}
