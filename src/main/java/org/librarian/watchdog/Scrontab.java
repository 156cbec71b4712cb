package org.librarian.watchdog;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's scrontab as {@code scrontab -l} prints it, split into entries: the {@code #SCRON} option
 * lines and the cron line they belong to. Slurm disables an entry (when its cron job is cancelled)
 * by prefixing each of those lines with {@code #DISABLED: }; {@link #rearm} removes exactly that
 * prefix from exactly one entry's lines and leaves every other line byte for byte as it was.
 */
public final class Scrontab {
  public static final String DISABLED = "#DISABLED: ";
  private static final Pattern CRON =
      Pattern.compile(
          "^\\s*(@(?:yearly|annually|monthly|weekly|daily|midnight|hourly)|(?:\\S+\\s+){4}\\S+)\\s+(\\S.*)$");
  private static final Pattern JOB_NAME =
      Pattern.compile("(?:--job-name[= ]|-J\\s*)(\"[^\"]*\"|'[^']*'|\\S+)");

  /**
   * One entry: its lines (indexes into the file), cron spec, command, explicit job name (or null),
   * and whether it is disabled.
   */
  public record Entry(
      List<Integer> lines, String spec, String command, String jobName, boolean disabled) {
    /** Whether this entry is the one a job of this name and cron spec came from. */
    public boolean matches(String name, String cronSpec) {
      boolean nameMatches =
          jobName != null
              ? jobName.equals(name)
              : command.equals(name) || firstWord(command).equals(name);
      return nameMatches
          && (cronSpec.isEmpty()
              || spec.replaceAll("\\s+", " ").equals(cronSpec.replaceAll("\\s+", " ")));
    }
  }

  private final List<String> lines;
  private final boolean finalNewline;
  private final List<Entry> entries;

  private Scrontab(List<String> lines, boolean finalNewline, List<Entry> entries) {
    this.lines = lines;
    this.finalNewline = finalNewline;
    this.entries = entries;
  }

  public static Scrontab parse(String text) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    boolean finalNewline = text.endsWith("\n");
    if (finalNewline) {
      lines.remove(lines.size() - 1);
    }
    List<Entry> entries = new ArrayList<>();
    List<Integer> pending = new ArrayList<>();
    String jobName = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String bare = line.startsWith(DISABLED) ? line.substring(DISABLED.length()) : line;
      if (bare.startsWith("#SCRON")) {
        pending.add(i);
        Matcher m = JOB_NAME.matcher(bare.substring("#SCRON".length()));
        if (m.find()) {
          jobName = unquote(m.group(1));
        }
        continue;
      }
      if (bare.isBlank() || bare.startsWith("#")) {
        continue;
      }
      Matcher cron = CRON.matcher(bare);
      if (!cron.matches() || bare.matches("^\\s*[A-Za-z_][A-Za-z0-9_]*\\s*=.*")) {
        continue; // a variable setting, or something scrontab itself would refuse
      }
      List<Integer> entryLines = new ArrayList<>(pending);
      entryLines.add(i);
      boolean disabled = entryLines.stream().allMatch(n -> lines.get(n).startsWith(DISABLED));
      entries.add(
          new Entry(
              List.copyOf(entryLines), cron.group(1), cron.group(2).strip(), jobName, disabled));
      pending.clear();
      jobName = null;
    }
    return new Scrontab(lines, finalNewline, List.copyOf(entries));
  }

  public List<Entry> entries() {
    return entries;
  }

  /** The entries a cron job of this name and spec can have come from. */
  public List<Entry> find(String jobName, String cronSpec) {
    return entries.stream().filter(e -> e.matches(jobName, cronSpec)).toList();
  }

  /** The scrontab with the {@code #DISABLED: } prefix removed from the entry's lines. */
  public String rearm(Entry entry) {
    List<String> out = new ArrayList<>(lines);
    for (int n : entry.lines()) {
      String line = out.get(n);
      if (line.startsWith(DISABLED)) {
        out.set(n, line.substring(DISABLED.length()));
      }
    }
    return String.join("\n", out) + (finalNewline ? "\n" : "");
  }

  private static String unquote(String s) {
    return (s.startsWith("\"") || s.startsWith("'")) && s.length() >= 2
        ? s.substring(1, s.length() - 1)
        : s;
  }

  static String firstWord(String command) {
    String w = command.strip().split("\\s+", 2)[0];
    return w.substring(w.lastIndexOf('/') + 1);
  }
}
