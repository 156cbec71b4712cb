package org.librarian.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code librarian notify} sends, and where: the {@code alerts:} and {@code digest:} sections
 * of librarian.yaml, and {@code site_url} for links. Secrets are {@link Secret}s, read from the
 * environment only when a message is delivered, so librarian.yaml may hold none.
 */
public record NotifySettings(
    String siteUrl,
    Duration cooldown,
    Map<String, Channel> channels,
    List<Rule> rules,
    Digest digest,
    Limits limits) {

  public static final NotifySettings NONE =
      new NotifySettings(null, Duration.ofHours(12), Map.of(), List.of(), null);

  /** With the default {@link Limits}. */
  public NotifySettings(
      String siteUrl,
      Duration cooldown,
      Map<String, Channel> channels,
      List<Rule> rules,
      Digest digest) {
    this(siteUrl, cooldown, channels, rules, digest, Limits.DEFAULT);
  }

  /**
   * How long delivery may take and how much may wait: {@code timeout} for one whole exchange with a
   * receiver (connect, answer and body; SMTP from connect to the last reply), {@code budget} for
   * all deliveries of one notify, tries included; the outbox keeps at most {@code outboxMax}
   * messages, none older than {@code outboxMaxAge}.
   */
  public record Limits(Duration timeout, Duration budget, int outboxMax, Duration outboxMaxAge) {
    public static final Limits DEFAULT =
        new Limits(Duration.ofSeconds(30), Duration.ofMinutes(5), 200, Duration.ofDays(7));
  }

  public static final Set<String> TYPES = Set.of("webhook", "slack", "discord", "teams", "email");
  public static final Set<String> RULES =
      Set.of("usage_above", "waiting_at_limit", "stale", "jobs_finished", "budget_runs_out");

  /** Whether anything is configured to be sent. */
  public boolean any() {
    return !rules.isEmpty() || digest != null;
  }

  /** Users named by a jobs_finished rule: the run records their finished jobs for notify. */
  public Set<String> finishedJobUsers() {
    Set<String> users = new TreeSet<>();
    for (Rule r : rules) {
      if (r.when().equals("jobs_finished")) {
        users.addAll(r.users());
      }
    }
    return users;
  }

  /** A value given in the file, or the name of the environment variable that holds it. */
  public record Secret(String value, String env) {
    public String resolve(Map<String, String> environment) throws ConfigException {
      if (value != null) {
        return value;
      }
      String v = environment.get(env);
      if (v == null || v.isBlank()) {
        throw new ConfigException("the environment variable " + env + " is not set");
      }
      return v;
    }

    /** Says where the value comes from without saying it. */
    public String describe() {
      return value != null ? "(given in the file)" : "$" + env;
    }
  }

  /**
   * SMTP: STARTTLS when asked (then required, never silently skipped); a login when {@code user} is
   * set.
   */
  public record Smtp(String host, int port, boolean starttls, String user, Secret password) {}

  /**
   * One destination. {@code url} for webhook, slack, discord and teams; {@code to} (a list, or one
   * variable holding addresses separated by commas), {@code from} and {@code smtp} for email.
   */
  public record Channel(
      String name, String type, Secret url, List<Secret> to, String from, Smtp smtp) {}

  /**
   * One rule. usage_above: {@code observable} (NCPUS, NGPUS, MEMORY, NJOBS) at or above {@code
   * percent} of its limit in every bin of the last {@code forDuration}. waiting_at_limit: at least
   * {@code cpuHours} CPU-hours waited for the QoS limit within the last {@code within}. stale: the
   * last run failed or the data is older than 3 run intervals. jobs_finished: jobs of {@code users}
   * that ended in {@code states}. budget_runs_out: a GrpTRESMins budget's forecast runs out within
   * {@code within} of the data's last update.
   */
  public record Rule(
      String when,
      String observable,
      double percent,
      Duration forDuration,
      double cpuHours,
      Duration within,
      List<String> users,
      Set<String> states,
      List<String> channels) {

    /** The rule as a short name: "usage_above NCPUS 90 % for 3h". */
    public String describe() {
      switch (when) {
        case "usage_above":
          return "usage_above "
              + observable
              + " "
              + trim(percent)
              + " % for "
              + DurationText.format(forDuration);
        case "waiting_at_limit":
          return "waiting_at_limit "
              + trim(cpuHours)
              + " CPU-hours within "
              + DurationText.format(within);
        case "budget_runs_out":
          return "budget_runs_out within " + DurationText.format(within);
        default:
          return when;
      }
    }

    private static String trim(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
  }

  /**
   * The digest: {@code every} is weekly (periods start Monday 00:00) or monthly (the 1st, 00:00).
   */
  public record Digest(String every, List<String> channels) {}
}
