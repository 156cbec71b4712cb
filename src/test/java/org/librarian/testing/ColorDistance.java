package org.librarian.testing;

import java.awt.Color;

/**
 * Colour distance for tests: CIE76 ΔE between CIE L*a*b* colours, and deuteranopia (Machado et al.
 * 2009).
 */
public final class ColorDistance {
  private ColorDistance() {}

  /** CIE L*a*b* (D65) of an sRGB colour, as seen with deuteranopia when asked. */
  public static double[] lab(Color c, boolean deuteranopia) {
    double[] rgb = {linear(c.getRed()), linear(c.getGreen()), linear(c.getBlue())};
    if (deuteranopia) {
      double[][] m = {
        {0.367322, 0.860646, -0.227968},
        {0.280085, 0.672501, 0.047413},
        {-0.011820, 0.042940, 0.968881}
      };
      double[] seen = new double[3];
      for (int i = 0; i < 3; i++) {
        seen[i] = Math.max(0, Math.min(1, m[i][0] * rgb[0] + m[i][1] * rgb[1] + m[i][2] * rgb[2]));
      }
      rgb = seen;
    }
    double x = (0.4124564 * rgb[0] + 0.3575761 * rgb[1] + 0.1804375 * rgb[2]) / 0.95047;
    double y = 0.2126729 * rgb[0] + 0.7151522 * rgb[1] + 0.0721750 * rgb[2];
    double z = (0.0193339 * rgb[0] + 0.1191920 * rgb[1] + 0.9503041 * rgb[2]) / 1.08883;
    double fx = f(x);
    double fy = f(y);
    double fz = f(z);
    return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
  }

  private static double linear(int v) {
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  private static double f(double t) {
    return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116.0;
  }

  public static double deltaE(double[] a, double[] b) {
    return Math.sqrt(
        Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
  }

  /** ΔE between two "#rrggbb" or "rgb(r,g,b)" colours, as seen normally or with deuteranopia. */
  public static double deltaE(String a, String b, boolean deuteranopia) {
    return deltaE(lab(parse(a), deuteranopia), lab(parse(b), deuteranopia));
  }

  static Color parse(String css) {
    if (css.startsWith("#")) {
      return new Color(Integer.parseInt(css.substring(1), 16));
    }
    String[] p = css.replaceAll("[^0-9,]", "").split(",");
    return new Color(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
  }
}
