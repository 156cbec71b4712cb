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
 * colors} and {@code page.color_slots}) by the page: the 11 users with the most CPU-hours are shown
 * one by one, each with a colour of a qualitative palette, and everyone else is "others", grey.
 * Each user has a home slot in the palette from the name alone ({@link #slot}); the shown users, in
 * name order, take their home slot or the next free one. So a user keeps a colour across ranges,
 * QoS and runs unless another shown user holds that slot first. The palette (Paul Tol's blue, red,
 * green and purple, and seven more found by search) keeps every colour and the grey at ≥ 3:1
 * contrast against white, the page's light panel #f6f8fa and its dark panel #151b23, with any two
 * at CIE76 ΔE ≥ 29 and ≥ 14 under a deuteranopia simulation (checked in a test).
 */
public final class UserColors {
  /** The band of the users beyond the largest 11. */
  public static final Color OTHERS = new Color(0x80, 0x80, 0x80);

  /** The palette, by slot. */
  public static final List<Color> PALETTE =
      List.of(
          new Color(0x00, 0x77, 0xBB),
          new Color(0xCC, 0x33, 0x11),
          new Color(0x22, 0x88, 0x33),
          new Color(0xAA, 0x44, 0x99),
          new Color(0x44, 0x88, 0xFF),
          new Color(0xFF, 0x44, 0x77),
          new Color(0xFF, 0x22, 0xBB),
          new Color(0xBB, 0x66, 0xEE),
          new Color(0x11, 0x55, 0xFF),
          new Color(0xCC, 0x77, 0x44),
          new Color(0x44, 0x77, 0x55));

  /** How many users are shown one by one; the rest are "others". */
  public static final int SHOWN = PALETTE.size();

  /**
   * The fewest users one "others" band stands for: a single user left beyond the top is shown by
   * name (in the palette's next free colour, or the grey of "others" when none is free), never
   * hidden in a band of one.
   */
  public static final int OTHERS_MIN_USERS = 2;

  /** The name of the band of the users not shown one by one, {@code {n}} their number. */
  public static final String OTHERS_LABEL = "others ({n} users)";

  /**
   * Whether {@code rest} users left beyond those shown one by one are drawn as one "others" band
   * ({@link #OTHERS_LABEL}), else each by name in its grey: the rule of the PNG and PDF charts and,
   * through the data file's {@code others_min_users}, of the page's, in every chart (in a GPU chart
   * only the users with GPUs are left to fold).
   */
  public static boolean foldsIntoOthers(int rest) {
    return rest >= OTHERS_MIN_USERS;
  }

  /** The "others" band's name for {@code n} users. */
  public static String othersLabel(int n) {
    return OTHERS_LABEL.replace("{n}", Integer.toString(n));
  }

  private UserColors() {}

  /** The shown users (the most CPU-hours, ties by name) and their colours, in name order. */
  public static Map<String, Color> of(UsageReport report) {
    return of(report, SHOWN);
  }

  /**
   * The {@code top} (1 to 11) largest users and their colours: {@code dashboard.top_users} of the
   * config; one more when only one user would be left for "others" ({@link #shownCount}).
   */
  public static Map<String, Color> of(UsageReport report, int top) {
    if (top < 1 || top > SHOWN) {
      throw new IllegalArgumentException("top users must be 1 to " + SHOWN + ", not " + top);
    }
    List<String> ranked = ranked(report);
    List<String> shown = ranked.subList(0, shownCount(ranked.size(), top));
    // A twelfth user shown by name (the smallest, only one left) keeps the grey of "others".
    List<String> coloured = shown.stream().limit(PALETTE.size()).sorted().toList();
    boolean[] taken = new boolean[PALETTE.size()];
    Map<String, Color> byUser = new java.util.HashMap<>();
    for (String user : coloured) {
      int i = slot(user);
      while (taken[i]) {
        i = (i + 1) % PALETTE.size();
      }
      taken[i] = true;
      byUser.put(user, PALETTE.get(i));
    }
    Map<String, Color> colors = new LinkedHashMap<>();
    for (String user : shown.stream().sorted().toList()) {
      colors.put(user, byUser.getOrDefault(user, OTHERS));
    }
    return colors;
  }

  /**
   * How many of {@code users} ranked users are shown by name with {@code top} users one by one:
   * {@code top}, or all of them when fewer than {@link #OTHERS_MIN_USERS} would be left for
   * "others".
   */
  public static int shownCount(int users, int top) {
    return users - top < OTHERS_MIN_USERS ? users : top;
  }

  /** A user's home slot in the palette, from the name alone: String.hashCode modulo its size. */
  public static int slot(String user) {
    return Math.floorMod(user.hashCode(), PALETTE.size());
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
