package org.librarian.usage;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * Where the accounts of a QoS's jobs stand in Slurm's fair share, as {@code sshare -l} printed it
 * at one instant, with the half-life Slurm decays usage with ({@code PriorityDecayHalfLife}).
 *
 * <p>The decay rule: Slurm multiplies every association's usage by 2^(−t / half-life), so an
 * account that runs nothing sees its usage halve once per half-life. Its usage falls to its share
 * after log2(EffectvUsage / NormShares) half-lives when it used more than its share (0 when it did
 * not), on the assumption that the rest of the cluster's usage stays as it is. No I/O.
 *
 * @param rows the accounts' rows (user "") and their users' rows, in sshare's order
 * @param halfLifeSeconds {@code PriorityDecayHalfLife} in seconds (0: Slurm does not decay usage),
 *     or null when not known
 * @param at when sshare was read, epoch seconds
 */
public record FairShareReport(List<FairShare> rows, Long halfLifeSeconds, long at) {
  private static final double DAY = 86_400.0;

  public FairShareReport {
    rows = List.copyOf(rows);
  }

  /** The accounts' own rows, in sshare's order. */
  public List<FairShare> accounts() {
    return rows.stream().filter(r -> r.user().isEmpty()).toList();
  }

  /** The user rows of {@code account}, in sshare's order. */
  public List<FairShare> users(String account) {
    return rows.stream().filter(r -> !r.user().isEmpty() && r.account().equals(account)).toList();
  }

  /** Days an idle account needs for its usage to halve: the half-life in days; null unknown. */
  public Double halvingDays() {
    return halfLifeSeconds == null ? null : halfLifeSeconds / DAY;
  }

  /**
   * Days until an idle account's usage falls to its share: log2(EffectvUsage / NormShares) ×
   * half-life in days when EffectvUsage is above NormShares, else 0; null when the half-life is
   * unknown or zero (no decay) or a figure is missing.
   */
  public Double daysToShare(FairShare account) {
    Double norm = account.normShares();
    Double used = account.effectvUsage();
    if (halfLifeSeconds == null || halfLifeSeconds == 0 || norm == null || used == null) {
      return null;
    }
    if (norm <= 0) {
      return null;
    }
    return used <= norm ? 0.0 : Math.log(used / norm) / Math.log(2) * halfLifeSeconds / DAY;
  }

  /**
   * E.g. "avery-lab holds 25 % of the shares and has used 41 % of the cluster's decayed usage
   * (fair-share factor 0.31); idle, its usage halves every 7 days and falls to its share in 7.1
   * days (as of 2026-12-06 16:10 UTC)."
   */
  public String sentence(FairShare account, ZoneId zone) {
    StringBuilder s = new StringBuilder(account.account());
    s.append(" holds ")
        .append(percent(account.normShares()))
        .append(" of the shares and has used ")
        .append(percent(account.effectvUsage()))
        .append(" of the cluster's decayed usage");
    if (account.fairShare() != null) {
      s.append(" (fair-share factor ").append(decimal(account.fairShare())).append(')');
    } else if (account.levelFs() != null && account.levelFs().isInfinite()) {
      s.append(" (no usage yet)");
    } else if (account.levelFs() != null) {
      s.append(" (LevelFS ")
          .append(decimal(account.levelFs()))
          .append(": its shares over its usage)");
    }
    if (halfLifeSeconds != null && halfLifeSeconds == 0) {
      s.append("; Slurm does not decay usage here (PriorityDecayHalfLife 0)");
    } else if (halfLifeSeconds != null) {
      s.append("; idle, its usage halves every ").append(days(halvingDays()));
      Double toShare = daysToShare(account);
      if (toShare != null && toShare > 0) {
        s.append(" and falls to its share in ").append(days(toShare));
      }
    }
    return s.append(" (as of ").append(UsageSummary.when(at, zone)).append(").").toString();
  }

  /** 0.333333 → "33.3 %", 0.5 → "50 %"; "an unknown share" when Slurm left it empty. */
  static String percent(Double fraction) {
    if (fraction == null) {
      return "an unknown part";
    }
    return trim(String.format(Locale.ROOT, "%.1f", fraction * 100)) + " %";
  }

  /** Two decimals: 0.25 → "0.25". */
  static String decimal(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** 7.0 → "7 days", 1 → "1 day", 7.04 → "7 days", 7.15 → "7.2 days". */
  static String days(double d) {
    String n = trim(String.format(Locale.ROOT, "%.1f", d));
    return n + (n.equals("1") ? " day" : " days");
  }

  private static String trim(String oneDecimal) {
    return oneDecimal.endsWith(".0")
        ? oneDecimal.substring(0, oneDecimal.length() - 2)
        : oneDecimal;
  }
}
