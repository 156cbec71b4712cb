package org.librarian.usage;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a group is: a QoS (the default) or a Slurm account; and whether the groups are the ones
 * named (closed) or every group the records name that one of {@code patterns} admits (open: {@code
 * qos: all}, {@code accounts: all} or a glob such as {@code lab-*}). An open set is read with one
 * sacct call for the whole cluster, and the groups are found in the rows.
 *
 * @param key the record field that names a job's group
 * @param patterns globs ({@code *} any run of characters, {@code ?} one) the groups found in the
 *     rows must match, compared without case; {@code ["*"]} for every group; empty for a closed set
 */
public record GroupBy(Key key, List<String> patterns) {
  /** The record field a group is named by. */
  public enum Key {
    QOS("qos", "QoS"),
    ACCOUNT("account", "account");

    /** The word in the configuration ({@code group_by: account}). */
    public final String word;

    /** The word in messages. */
    public final String label;

    Key(String word, String label) {
      this.word = word;
      this.label = label;
    }
  }

  /** The groups named under {@code qos:}, as before group_by. */
  public static final GroupBy QOS = new GroupBy(Key.QOS, List.of());

  public GroupBy {
    patterns = List.copyOf(patterns);
  }

  /** Whether the groups are found in the rows rather than all named. */
  public boolean open() {
    return !patterns.isEmpty();
  }

  /** Whether {@code name} (a record's QoS or account) is a group of this open set. */
  public boolean admits(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    String n = name.toLowerCase(Locale.ROOT);
    for (String p : patterns) {
      if (glob(p.toLowerCase(Locale.ROOT)).matcher(n).matches()) {
        return true;
      }
    }
    return false;
  }

  /** The group a record belongs to by this key: its QoS or its account ("" when unknown). */
  public String of(JobRecord job) {
    if (key == Key.QOS) {
      return job.qos();
    }
    if (job.request() != null && !job.request().account().isEmpty()) {
      return job.request().account();
    }
    return job.origin() == null ? "" : job.origin().account();
  }

  private static Pattern glob(String p) {
    StringBuilder re = new StringBuilder();
    for (char c : p.toCharArray()) {
      re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(re.toString());
  }
}
