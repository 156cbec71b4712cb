package org.librarian.output;

import java.awt.Color;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.librarian.usage.Observable;
import org.librarian.usage.UsageReport;
import org.librarian.usage.UserUsage;

/**
 * The one rule for users' colours, used by the PNG/PDF charts and (through the JSON's {@code
 * colors}) by the page: the 11 users with the most CPU-hours are shown one by one, each with a
 * colour of a qualitative palette chosen to be told apart (from Paul Tol's sets: any two at CIE76
 * ΔE ≥ 34, and ≥ 17 under a deuteranopia simulation; checked in a test), and everyone else is
 * "others", grey. Colours go to the shown users in name order, so they stay the same from run to
 * run while the set of shown users does.
 */
public final class UserColors {
  /** The band of the users beyond the largest 11. */
  public static final Color OTHERS = new Color(0x9e, 0x9e, 0x9e);

  /** The palette, in the order it is handed out. */
  public static final List<Color> PALETTE =
      List.of(
          new Color(0x00, 0x77, 0xBB),
          new Color(0xCC, 0x33, 0x11),
          new Color(0x22, 0x88, 0x33),
          new Color(0xAA, 0x44, 0x99),
          new Color(0xEE, 0xDD, 0x88),
          new Color(0x66, 0xCC, 0xEE),
          new Color(0x66, 0x33, 0x33),
          new Color(0xFF, 0xAA, 0xBB),
          new Color(0x22, 0x55, 0x55),
          new Color(0xAA, 0xAA, 0x00),
          new Color(0x33, 0x22, 0x88));

  /** How many users are shown one by one; the rest are "others". */
  public static final int SHOWN = PALETTE.size();

  private UserColors() {}

  /** The shown users (the most CPU-hours, ties by name) and their colours, in name order. */
  public static Map<String, Color> of(UsageReport report) {
    return of(report, SHOWN);
  }

  /**
   * The {@code top} (1 to 11) largest users and their colours: {@code dashboard.top_users} of the
   * config.
   */
  public static Map<String, Color> of(UsageReport report, int top) {
    if (top < 1 || top > SHOWN) {
      throw new IllegalArgumentException("top users must be 1 to " + SHOWN + ", not " + top);
    }
    List<String> shown = ranked(report).stream().limit(top).sorted().toList();
    Map<String, Color> colors = new LinkedHashMap<>();
    for (int i = 0; i < shown.size(); i++) {
      colors.put(shown.get(i), PALETTE.get(i));
    }
    return colors;
  }

  /**
   * Every user of the report, the most CPU-hours first, ties by name: the ranking {@link #of} takes
   * its top from.
   */
  public static List<String> ranked(UsageReport report) {
    return report.users().stream()
        .sorted(
            Comparator.comparingDouble((UserUsage u) -> -u.totalHours(Observable.NCPUS))
                .thenComparing(UserUsage::user))
        .map(UserUsage::user)
        .toList();
  }

  public static String hex(Color c) {
    return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
  }
}
