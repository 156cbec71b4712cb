package org.librarian.slurm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.librarian.usage.JobRecord;

/**
 * One job as {@code scontrol show job -o ID} prints it: {@code Key=Value} pairs on one line, where
 * a value may contain spaces (it runs to the next {@code Key=}) and keys may contain {@code : /}.
 */
public final class ScontrolJob {
  private static final Pattern KEY = Pattern.compile("(?:^|\\s)([A-Za-z][A-Za-z0-9_/:]*)=");
  private final Map<String, String> fields;

  private ScontrolJob(Map<String, String> fields) {
    this.fields = fields;
  }

  /** Times (EligibleTime, StartTime) come as epoch seconds, free of the user's own time format. */
  public static Command command(String scontrol, String id, Duration timeout) {
    return new Command(
        List.of(scontrol, "show", "job", "-o", id),
        Map.of("SLURM_TIME_FORMAT", "%s"),
        timeout,
        null);
  }

  /** A time field as epoch seconds, or null when Slurm printed Unknown, None or nothing. */
  public Instant time(String key) {
    String v = get(key);
    try {
      long t = SlurmTime.parse(v, ZoneOffset.UTC);
      return t == JobRecord.UNKNOWN ? null : Instant.ofEpochSecond(t);
    } catch (RuntimeException e) {
      return null;
    }
  }

  public static ScontrolJob parse(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    String text = line.strip();
    Matcher m = KEY.matcher(text);
    String key = null;
    int valueStart = 0;
    while (m.find()) {
      if (key != null) {
        fields.put(key, text.substring(valueStart, m.start()).strip());
      }
      key = m.group(1);
      valueStart = m.end();
    }
    if (key != null) {
      fields.put(key, text.substring(valueStart).strip());
    }
    return new ScontrolJob(fields);
  }

  public String get(String key) {
    return fields.getOrDefault(key, "");
  }

  public String id() {
    return get("JobId");
  }

  public String name() {
    return get("JobName");
  }

  /** The user name of {@code UserId=avery(1001)}. */
  public String user() {
    String u = get("UserId");
    int paren = u.indexOf('(');
    return paren < 0 ? u : u.substring(0, paren);
  }

  public boolean cronJob() {
    return get("CronJob").equalsIgnoreCase("Yes");
  }

  /**
   * The cron spec without its quotes, e.g. {@code *}{@code /10 * * * *}; empty for an ordinary job.
   */
  public String crontabSpec() {
    String s = get("CrontabSpec");
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }

  public String command() {
    return get("Command");
  }
}
