package org.librarian.config;

import java.util.List;

/** Values given on the command line; null (or empty) where a flag was not given. */
public record Overrides(
    String timezone,
    String window,
    String resolution,
    String output,
    String cluster,
    List<String> qos) {
  public static final Overrides NONE = new Overrides(null, null, null, null, null, List.of());
}
