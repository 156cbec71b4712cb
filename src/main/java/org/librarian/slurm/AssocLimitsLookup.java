package org.librarian.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.librarian.usage.QosLimits;

/**
 * Reads an account's group limits from its own association: {@code sacctmgr -P -n show assoc
 * accounts=NAME format=Account,User,Partition,GrpTRES}, one line per association ({@code
 * avery-lab|||cpu=48,gres/gpu=2,mem=100G} for the account, {@code avery-lab|alice||} for a user).
 * The account's own line is the one with no user and no partition; its {@code GrpTRES} is the limit
 * Slurm holds the account's jobs to ({@code AssocGrpCpuLimit}, {@code AssocGrpGRES}, ...).
 */
public final class AssocLimitsLookup {
  private AssocLimitsLookup() {}

  /**
   * One call for one account; the name goes as part of {@code accounts=NAME}, never as an option.
   *
   * @throws IllegalArgumentException for a name that is empty, starts with '-' or holds spaces, '='
   *     or ','
   */
  public static Command command(String sacctmgr, String account, String cluster, Duration timeout) {
    if (account == null
        || account.isEmpty()
        || account.startsWith("-")
        || account.matches(".*[\\s=,].*")) {
      throw new IllegalArgumentException("not an account name: '" + account + "'");
    }
    List<String> argv =
        new ArrayList<>(List.of(sacctmgr, "-P", "-n", "show", "assoc", "accounts=" + account));
    if (cluster != null && !cluster.isBlank()) {
      argv.add("clusters=" + cluster);
    }
    argv.add("format=Account,User,Partition,GrpTRES");
    return Command.of(argv, timeout);
  }

  /**
   * The GrpTRES of the account's own line; a TRES it does not name is no limit.
   *
   * @throws IllegalArgumentException when no line is the account's own or a value is not a number
   */
  public static QosLimits parse(String account, String output) {
    for (String line : output.split("\n")) {
      String[] f = line.split("\\|", -1);
      if (f.length < 4
          || !f[0].strip().equalsIgnoreCase(account)
          || !f[1].isBlank()
          || !f[2].isBlank()) {
        continue;
      }
      return QosLimitsLookup.limits(f[3].strip());
    }
    throw new IllegalArgumentException("sacctmgr knows no association of the account " + account);
  }
}
