package org.librarian.slurm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One line of sacct's parsable output cut at every occurrence of the delimiter (one or more
 * characters), as sacct {@code -P} writes it: no quoting, no escapes. A line of n delimiters has n
 * + 1 fields, the empty ones included. A field becomes a String only when asked for, so a row whose
 * fields are mostly unused costs little. Reused line after line; not thread-safe.
 */
final class SacctLine {
  private final String delimiter;
  private final char single;
  private String text = "";
  private int[] starts = new int[32];
  private int[] ends = new int[32];
  private int count;

  SacctLine(String delimiter) {
    this.delimiter = delimiter;
    this.single = delimiter.length() == 1 ? delimiter.charAt(0) : 0;
  }

  /** Cuts {@code line}; what was cut before is forgotten. */
  void split(String line) {
    text = line;
    count = 0;
    int from = 0;
    while (true) {
      int at = single != 0 ? line.indexOf(single, from) : line.indexOf(delimiter, from);
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
        ends = Arrays.copyOf(ends, count * 2);
      }
      starts[count] = from;
      ends[count] = at < 0 ? line.length() : at;
      count++;
      if (at < 0) {
        return;
      }
      from = at + delimiter.length();
    }
  }

  /** The line last cut, whole. */
  String text() {
    return text;
  }

  /** How many fields the line has (at least 1). */
  int size() {
    return count;
  }

  /** Field {@code i}, counted from 0, exactly as written (not stripped). */
  String get(int i) {
    return text.substring(starts[i], ends[i]);
  }

  boolean isEmpty(int i) {
    return starts[i] == ends[i];
  }

  List<String> toList() {
    List<String> all = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      all.add(get(i));
    }
    return all;
  }
}
