package org.librarian.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.librarian.usage.FairShare;

/**
 * Fair share of the accounts of a QoS's jobs: {@code sshare --parsable2 --long --all
 * --accounts=a,b}. The header is kept and columns are found by name ({@code
 * Account|User|RawShares|NormShares|RawUsage|
 * NormUsage|EffectvUsage|FairShare|LevelFS|GrpTRESMins|TRESRunMins} on 22.05), since the set of
 * columns of {@code --long} differs between Slurm versions. Account names carry one leading space
 * per level of the tree; they are stripped.
 */
public final class SshareFairShare {
  private SshareFairShare() {}

  /** Account names come from sacct; any that is empty or looks like an option is left out. */
  public static Command command(String sshare, List<String> accounts, Duration timeout) {
    List<String> names =
        accounts.stream()
            .map(String::strip)
            .filter(a -> !a.isEmpty() && !a.startsWith("-"))
            .distinct()
            .toList();
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no account to ask sshare about");
    }
    return Command.of(
        List.of(sshare, "--parsable2", "--long", "--all", "--accounts=" + String.join(",", names)),
        timeout);
  }

  /**
   * One value per row, in sshare's order.
   *
   * @throws IllegalArgumentException when the header lacks Account or User, or a number is not one
   *     (the message names the line and the value)
   */
  public static List<FairShare> parse(String output) {
    String[] lines = output.split("\n");
    Map<String, Integer> col = new HashMap<>();
    int first = 0;
    for (; first < lines.length; first++) {
      List<String> names = List.of(lines[first].split("\\|", -1));
      if (names.contains("Account") && names.contains("User")) {
        for (int i = 0; i < names.size(); i++) {
          col.put(names.get(i).strip(), i);
        }
        break;
      }
    }
    if (!col.containsKey("Account") || !col.containsKey("User")) {
      throw new IllegalArgumentException("sshare printed no header with Account and User");
    }
    List<FairShare> rows = new ArrayList<>();
    for (int n = first + 1; n < lines.length; n++) {
      if (lines[n].isBlank()) {
        continue;
      }
      String[] f = lines[n].split("\\|", -1);
      int line = n + 1;
      rows.add(
          new FairShare(
              field(f, col, "Account"),
              field(f, col, "User"),
              whole(f, col, "RawShares", line),
              decimal(f, col, "NormShares", line),
              whole(f, col, "RawUsage", line),
              decimal(f, col, "EffectvUsage", line),
              decimal(f, col, "FairShare", line),
              decimal(f, col, "LevelFS", line)));
    }
    return rows;
  }

  private static String field(String[] f, Map<String, Integer> col, String name) {
    Integer i = col.get(name);
    return i == null || i >= f.length ? "" : f[i].strip();
  }

  private static Long whole(String[] f, Map<String, Integer> col, String name, int line) {
    String v = field(f, col, name);
    try {
      return v.isEmpty() ? null : Long.valueOf(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "sshare line " + line + ": " + name + " '" + v + "' is not a whole number");
    }
  }

  private static Double decimal(String[] f, Map<String, Integer> col, String name, int line) {
    String v = field(f, col, name);
    if (v.isEmpty()) {
      return null;
    }
    if (v.equals("inf")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      double d = Double.parseDouble(v);
      if (Double.isNaN(d) || v.chars().anyMatch(Character::isLetter)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "sshare line " + line + ": " + name + " '" + v + "' is not a number");
    }
  }
}
