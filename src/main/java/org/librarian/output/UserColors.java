package org.librarian.output;

import java.awt.Color;
import java.nio.charset.StandardCharsets;

/**
 * A user's colour, derived from the user name alone (not from the user's rank), so a user keeps the
 * same colour in every chart, every run and the dashboard. The dashboard computes the same function.
 */
public final class UserColors {
  /** The band of the users beyond the largest 11. */
  public static final Color OTHERS = new Color(0x9e, 0x9e, 0x9e);

  private UserColors() {}

  /** FNV-1a of the UTF-8 bytes, mixed, picks the hue; saturation and brightness stay in a readable range. */
  public static Color of(String user) {
    int h = 0x811c9dc5;
    for (byte b : user.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    // murmur3's finaliser spreads names that differ in a letter or two across the whole circle.
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    long u = h & 0xffffffffL;
    float hue = (u % 360) / 360f;
    float saturation = 0.55f + ((u / 360) % 3) * 0.12f;
    float brightness = 0.70f + ((u / 1080) % 3) * 0.08f;
    return Color.getHSBColor(hue, saturation, brightness);
  }
}
