package org.librarian.slurm;

/**
 * A sacct JobID taken apart: {@code 123}, array task {@code 123_4}, pending array {@code
 * 123_[1-10%2]}, het component {@code 123+1}, and steps {@code 123.batch}, {@code 123_4.0}, {@code
 * 123+0.extern}.
 *
 * @param job the leading job number as printed
 * @param arrayTask the array part after {@code _} (a task id or a bracketed range), or null
 * @param hetOffset the het component after {@code +}, or null
 * @param step the step after the first {@code .}, or null for an allocation
 */
public record JobId(String job, String arrayTask, String hetOffset, String step) {

  public static JobId parse(String text) {
    String s = text.strip();
    String step = null;
    int dot = s.indexOf('.');
    if (dot >= 0) {
      step = s.substring(dot + 1);
      s = s.substring(0, dot);
    }
    String array = null;
    int underscore = s.indexOf('_');
    if (underscore >= 0) {
      array = s.substring(underscore + 1);
      s = s.substring(0, underscore);
    }
    String het = null;
    int plus = s.indexOf('+');
    if (plus >= 0) {
      het = s.substring(plus + 1);
      s = s.substring(0, plus);
    }
    return new JobId(s, array, het, step);
  }

  public boolean isStep() {
    return step != null;
  }

  /** A pending array still collapsed into one row, such as {@code 123_[1-10%2]}. */
  public boolean isPendingArray() {
    return arrayTask != null && arrayTask.startsWith("[");
  }
}
