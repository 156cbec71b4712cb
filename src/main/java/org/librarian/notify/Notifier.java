package org.librarian.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.librarian.common.IsoTime;
import org.librarian.config.NotifySettings;
import org.librarian.config.NotifySettings.Rule;
import org.librarian.output.DataFile;

/**
 * Evaluates the rules against a site's data and status.json, puts what is due into the outbox of
 * {@link NotifyState}, saves it, then delivers the outbox. A message leaves the outbox only once
 * delivered, so one that failed goes out on a later notify, and one delivered is never sent again.
 */
public final class Notifier {
  /**
   * How a notify went: messages delivered, deliveries that failed (with why), rules that could not
   * be evaluated.
   */
  public record Result(
      int sent, List<String> failures, List<String> notes, List<NotifyState.Pending> due) {
    public boolean ok() {
      return failures.isEmpty();
    }
  }

  private final NotifySettings settings;
  private final Path site;
  private final Path stateFile;
  private final ZoneId zone;
  private final Delivery delivery;
  private final PrintWriter out;

  public Notifier(
      NotifySettings settings,
      Path site,
      Path stateDir,
      ZoneId zone,
      Delivery delivery,
      PrintWriter out) {
    this.settings = settings;
    this.site = site;
    this.stateFile = NotifyState.fileIn(stateDir);
    this.zone = zone;
    this.delivery = delivery;
    this.out = out;
  }

  static AlertRules.RunState readStatus(Path site) {
    Path f = site.resolve("status.json");
    if (!Files.isRegularFile(f)) {
      return new AlertRules.RunState(false, false, 0, 0, 0, null);
    }
    try {
      JsonNode s = NotifyState.JSON.readTree(f.toFile());
      List<String> errors = new ArrayList<>();
      for (JsonNode q : s.path("qos")) {
        if (!q.path("ok").asBoolean(true)) {
          errors.add(q.path("qos").asText() + ": " + q.path("error").asText());
        }
      }
      return new AlertRules.RunState(
          true,
          s.path("ok").asBoolean(),
          epoch(s.path("started").asText()),
          epoch(s.path("finished").asText()),
          s.path("run_interval_seconds").asLong(600),
          String.join("; ", errors));
    } catch (IOException | RuntimeException e) {
      return new AlertRules.RunState(
          true, false, 0, 0, 600, "status.json is not readable: " + e.getMessage());
    }
  }

  private static long epoch(String iso) {
    return OffsetDateTime.parse(iso).toEpochSecond();
  }

  /** Evaluates, queues and (unless {@code dryRun}) delivers. */
  public Result notify(long now, boolean dryRun) throws IOException {
    return notify(now, dryRun, null);
  }

  /**
   * @param finished the finished jobs of watched users the run saw (those of the last day), or null
   *     when notify runs on its own; only those not seen by an earlier run are reported, and the
   *     first run reports none (it only learns what is already there)
   */
  public Result notify(long now, boolean dryRun, List<NotifyState.FinishedJob> finished)
      throws IOException {
    NotifyState saved = NotifyState.load(stateFile);
    NotifyState state = dryRun ? saved.copy() : saved;
    if (finished != null) {
      state.recordFinished(finished, now - 2 * 86_400L);
    }
    List<String> notes = new ArrayList<>();
    Map<String, DataFile> data = DataFile.readAll(site, notes);
    List<NotifyState.Pending> outbox = new ArrayList<>(state.outbox());
    int before = outbox.size();
    for (Rule rule : settings.rules()) {
      switch (rule.when()) {
        case "usage_above", "waiting_at_limit" -> {
          for (DataFile d : data.values()) {
            AlertRules.Condition c =
                rule.when().equals("usage_above")
                    ? AlertRules.usageAbove(rule, d)
                    : AlertRules.waitingAtLimit(rule, d);
            transition(state, outbox, rule, d.qos(), c, now, d.zone(), notes);
          }
        }
        case "budget_runs_out" -> {
          for (DataFile d : data.values()) {
            if (!d.budgets().isEmpty()) {
              AlertRules.Condition c = AlertRules.budgetRunsOut(rule, d);
              transition(state, outbox, rule, d.qos(), c, now, d.zone(), notes);
            }
          }
          if (data.values().stream().allMatch(d -> d.budgets().isEmpty())) {
            notes.add(
                rule.describe() + ": no QoS of the site has a GrpTRESMins budget in its data");
          }
        }
        case "stale" -> {
          long newest = data.values().stream().mapToLong(DataFile::lastUpdated).max().orElse(0);
          AlertRules.Condition c = AlertRules.stale(readStatus(site), newest, now, zone);
          transition(state, outbox, rule, String.join(",", data.keySet()), c, now, zone, notes);
        }
        default -> finishedJobs(state, outbox, rule, now);
      }
    }
    state.clearPendingJobs();
    if (settings.digest() != null) {
      SiteDigests.queue(settings, site, state, outbox, data, now, dryRun);
    }
    Outbox.coalesce(outbox);
    Outbox.bound(settings.limits(), state, outbox, now, notes);
    state.outbox(outbox);
    if (dryRun) {
      for (NotifyState.Pending p : outbox) {
        out.println(
            "would send to "
                + p.channel()
                + (outbox.indexOf(p) < before
                    ? " (still due from " + IsoTime.of(p.created(), zone) + ")"
                    : "")
                + ": "
                + p.message().text());
      }
      return new Result(0, List.of(), notes, outbox);
    }
    state.save();
    return deliver(state, outbox, notes, now);
  }

  /** Refused for good this many notifies in a row, a message is dropped. */
  static final int REFUSALS = 3;

  /** Takes the i-th message out of the outbox for good, saying {@code why} in {@code said}. */
  private static void drop(
      NotifyState state,
      List<NotifyState.Pending> outbox,
      int i,
      String why,
      List<String> said,
      long now) {
    said.add(why);
    state.dropped(1, now, why);
    outbox.remove(i);
  }

  private Result deliver(
      NotifyState state, List<NotifyState.Pending> outbox, List<String> notes, long now)
      throws IOException {
    int sent = 0;
    List<String> failures = new ArrayList<>();
    Map<String, NotifySettings.Channel> channels = settings.channels();
    delivery.begin();
    int untried = 0;
    String budgetSpent = null;
    for (NotifyState.Pending p : new ArrayList<>(outbox)) {
      NotifySettings.Channel channel = channels.get(p.channel());
      int i = outbox.indexOf(p);
      if (budgetSpent != null) {
        untried++;
        continue;
      }
      if (channel == null) {
        // The channel was removed from the configuration: nowhere to deliver it, so it is dropped,
        // and said.
        String why =
            "dropped a message for channel "
                + p.channel()
                + ", which is no longer configured: "
                + p.message().text();
        drop(state, outbox, i, why, notes, now);
      } else {
        try {
          delivery.send(channel, p.message());
          out.println("sent to " + p.channel() + ": " + p.message().text());
          outbox.remove(i);
          sent++;
        } catch (Delivery.Failed f) {
          if (!f.tried) {
            budgetSpent = f.getMessage();
            untried++;
            continue;
          }
          int refused = f.permanent ? p.refused() + 1 : 0;
          if (refused >= REFUSALS) {
            String why =
                f.getMessage()
                    + "; refused for good by "
                    + REFUSALS
                    + " notifies in a row, so it is dropped: "
                    + p.message().text();
            drop(state, outbox, i, why, failures, now);
          } else {
            failures.add(f.getMessage() + "; it stays due for the next notify");
            outbox.set(
                i,
                new NotifyState.Pending(
                    p.channel(),
                    p.created(),
                    p.attempts() + 1,
                    f.getMessage(),
                    p.message(),
                    refused));
          }
        }
      }
      state.outbox(outbox);
      state.save();
    }
    if (untried > 0) {
      failures.add(
          budgetSpent
              + "; "
              + (untried == 1 ? "1 message stays" : untried + " messages stay")
              + " due for the next notify");
    }
    return new Result(sent, failures, notes, outbox);
  }

  /**
   * The digests of the last complete period, written into the site (see {@link
   * SiteDigests#writeAll}).
   */
  public static void writeDigests(NotifySettings settings, Path site, long now) throws IOException {
    SiteDigests.writeAll(settings, site, now);
  }

  private void transition(
      NotifyState state,
      List<NotifyState.Pending> outbox,
      Rule rule,
      String qos,
      AlertRules.Condition c,
      long now,
      ZoneId z,
      List<String> notes) {
    String key = rule.describe() + "|" + qos;
    if (c.problem() != null) {
      notes.add(rule.describe() + ": " + c.problem());
      return;
    }
    NotifyState.Alert a = state.alert(key);
    boolean holds = c.holds();
    if (!holds && !a.holding()) {
      return;
    }
    // An alert is sent when it starts and again after the cooldown; its end is sent once.
    long since = a.holding() ? a.since() : c.since();
    boolean due = !holds || !a.holding() || now - a.lastSent() >= settings.cooldown().getSeconds();
    if (due) {
      Outbox.add(
          outbox,
          rule.channels(),
          now,
          new Message(
              Outbox.id(key, now),
              holds ? "alert" : "resolved",
              rule.describe(),
              qos,
              Outbox.subject(
                  qos, holds ? rule.describe() : "back to normal (" + rule.describe() + ")"),
              holds ? c.text() : c.normalText(),
              null,
              c.value(),
              c.threshold(),
              c.unit(),
              IsoTime.of(since, z),
              settings.siteUrl()));
    }
    state.alert(
        key,
        holds
            ? new NotifyState.Alert(true, since, due ? now : a.lastSent())
            : new NotifyState.Alert(false, 0, a.lastSent()));
  }

  private void finishedJobs(
      NotifyState state, List<NotifyState.Pending> outbox, Rule rule, long now) {
    Map<String, List<NotifyState.FinishedJob>> byUser = new TreeMap<>();
    for (NotifyState.FinishedJob j : state.pendingJobs()) {
      if (rule.users().contains(j.user()) && rule.states().contains(j.state())) {
        byUser.computeIfAbsent(j.user(), k -> new ArrayList<>()).add(j);
      }
    }
    for (Map.Entry<String, List<NotifyState.FinishedJob>> e : byUser.entrySet()) {
      List<NotifyState.FinishedJob> jobs = e.getValue();
      jobs.sort(Comparator.comparingLong(NotifyState.FinishedJob::end));
      StringBuilder text = new StringBuilder();
      String firstEnd = AlertRules.when(jobs.get(0).end(), zone);
      String lastEnd = AlertRules.when(jobs.get(jobs.size() - 1).end(), zone);
      text.append(jobs.size() == 1 ? "1 job of " : jobs.size() + " jobs of ")
          .append(e.getKey())
          .append(
              firstEnd.equals(lastEnd)
                  ? " ended at " + firstEnd
                  : " ended between " + firstEnd + " and " + lastEnd)
          .append(": ");
      List<String> parts = new ArrayList<>();
      for (NotifyState.FinishedJob j : jobs) {
        // The name as typed, between quotes; each channel escapes the text for where it goes.
        String name = j.name().isEmpty() ? "" : " \"" + j.name() + "\"";
        parts.add(
            j.jobId()
                + name
                + " ("
                + j.qos()
                + ") "
                + j.state()
                + " after "
                + elapsed(j.elapsed())
                + (j.efficiency().isEmpty() ? "" : ", " + j.efficiency()));
      }
      text.append(String.join("; ", parts)).append(".");
      String t = text.toString();
      String qos =
          String.join(
              ",", jobs.stream().map(NotifyState.FinishedJob::qos).distinct().sorted().toList());
      Outbox.add(
          outbox,
          rule.channels(),
          now,
          new Message(
              Outbox.id("jobs|" + e.getKey(), now),
              "jobs",
              rule.describe(),
              qos,
              Outbox.subject(
                  e.getKey(), jobs.size() == 1 ? "1 job ended" : jobs.size() + " jobs ended"),
              t,
              null,
              (double) jobs.size(),
              null,
              "jobs",
              IsoTime.of(jobs.get(0).end(), zone),
              settings.siteUrl()));
    }
  }

  private static String elapsed(long seconds) {
    if (seconds < 0) {
      return "an unknown time";
    }
    long h = seconds / 3600;
    long m = seconds % 3600 / 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d h %02d min", h, m)
        : String.format(Locale.ROOT, "%d min %02d s", m, seconds % 60);
  }
}
