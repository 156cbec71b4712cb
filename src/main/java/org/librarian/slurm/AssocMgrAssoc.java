package org.librarian.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.librarian.usage.TresMinutes;

/**
 * Accounts' {@code GrpTRESMins} budgets from {@code scontrol -o show assoc_mgr flags=assoc
 * accounts=A,B}: one line per association, {@code ClusterName=testbed Account=avery-lab UserName=
 * Partition= ... GrpTRESMins=cpu=300000(1080),mem=N(249063),...}. The account's own association is
 * the line with an empty {@code UserName=} (or none) and an empty {@code Partition=}; the lines of
 * its users are passed over. Each TRES as {@code LIMIT(USED)} in TRES-minutes, {@code N} for no
 * limit; Slurm decays an association's used value with {@code PriorityDecayHalfLife}.
 */
public final class AssocMgrAssoc {
  private AssocMgrAssoc() {}

  /**
   * One call for every account: the names go joined as one {@code accounts=A,B} argument, so none
   * reaches scontrol as an option.
   *
   * @throws IllegalArgumentException for no account, or a name that is empty, starts with '-' or
   *     holds spaces, '=' or ','
   */
  public static Command command(String scontrol, List<String> accounts, Duration timeout) {
    if (accounts.isEmpty()) {
      throw new IllegalArgumentException("no account to ask scontrol about");
    }
    for (String a : accounts) {
      if (a == null || a.isEmpty() || a.startsWith("-") || a.matches(".*[\\s=,].*")) {
        throw new IllegalArgumentException("not an account name: '" + a + "'");
      }
    }
    return Command.of(
        List.of(
            scontrol,
            "-o",
            "show",
            "assoc_mgr",
            "flags=assoc",
            "accounts=" + String.join(",", accounts)),
        timeout);
  }

  /**
   * Each account's own budget, by name in Slurm's order, TRES in Slurm's order (every TRES, with or
   * without a limit); an account whose line has no GrpTRESMins is left out, as are the lines of
   * users and partitions.
   *
   * @throws IllegalArgumentException when an entry is not {@code NAME=LIMIT(USED)} (quoting it)
   */
  public static Map<String, List<TresMinutes>> parse(String output) {
    Map<String, List<TresMinutes>> all = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      Map<String, String> f = fields(line.strip());
      String account = f.get("Account");
      if (account == null
          || account.isEmpty()
          || !f.getOrDefault("UserName", "").isEmpty()
          || !f.getOrDefault("Partition", "").isEmpty()
          || !f.containsKey("GrpTRESMins")
          || all.containsKey(account)) {
        continue;
      }
      all.put(account, AssocMgrQos.entries(f.get("GrpTRESMins")));
    }
    return all;
  }

  /** {@code Key=value} words of one line; a word without '=' is passed over. */
  private static Map<String, String> fields(String line) {
    Map<String, String> f = new LinkedHashMap<>();
    for (String word : line.split(" +")) {
      int eq = word.indexOf('=');
      if (eq > 0) {
        f.putIfAbsent(word.substring(0, eq), word.substring(eq + 1));
      }
    }
    return f;
  }

  /** The accounts among {@code all} with a limit on some TRES. */
  public static Map<String, List<TresMinutes>> withLimit(Map<String, List<TresMinutes>> all) {
    Map<String, List<TresMinutes>> mine = new LinkedHashMap<>();
    all.forEach(
        (a, t) -> {
          if (t.stream().anyMatch(x -> x.limitMinutes() != null)) {
            mine.put(a, new ArrayList<>(t));
          }
        });
    return mine;
  }
}
