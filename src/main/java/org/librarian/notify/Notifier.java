package org.librarian.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.librarian.common.AtomicFile;
import org.librarian.common.IsoTime;
import org.librarian.config.NotifySettings;
import org.librarian.config.NotifySettings.Rule;

/**
 * Evaluates the rules against a site's data and status.json, puts what is due into the outbox of
 * {@link NotifyState}, saves it, then delivers the outbox. A message leaves the outbox only once
 * delivered, so one that failed goes out on a later notify, and one delivered is never sent again.
 */
public final class Notifier {
  /** How a notify went: messages delivered, deliveries that failed (with why), rules that could not be evaluated. */
  public record Result(int sent, List<String> failures, List<String> notes, List<NotifyState.Pending> due) {
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

  public Notifier(NotifySettings settings, Path site, Path stateDir, ZoneId zone, Delivery delivery, PrintWriter out) {
    this.settings = settings;
    this.site = site;
    this.stateFile = NotifyState.fileIn(stateDir);
    this.zone = zone;
    this.delivery = delivery;
    this.out = out;
  }

  /** The site's data, by QoS; unreadable files are notes, not failures. */
  static Map<String, QosData> readSite(Path site, List<String> notes) throws IOException {
    Map<String, QosData> all = new TreeMap<>();
    if (!Files.isDirectory(site)) {
      notes.add("no site at " + site);
      return all;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(site, "data_*.json")) {
      for (Path f : files) {
        try {
          QosData d = QosData.of(NotifyState.JSON.readTree(f.toFile()));
          all.put(d.qos(), d);
        } catch (IOException | RuntimeException e) {
          notes.add(f.getFileName() + " not read: " + e.getMessage());
        }
      }
    }
    return all;
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
      return new AlertRules.RunState(true, s.path("ok").asBoolean(), epoch(s.path("started").asText()),
          epoch(s.path("finished").asText()), s.path("run_interval_seconds").asLong(600), String.join("; ", errors));
    } catch (IOException | RuntimeException e) {
      return new AlertRules.RunState(true, false, 0, 0, 600, "status.json is not readable: " + e.getMessage());
    }
  }

  private static long epoch(String iso) {
    return java.time.OffsetDateTime.parse(iso).toEpochSecond();
  }

  /** Evaluates, queues and (unless {@code dryRun}) delivers. */
  public Result notify(long now, boolean dryRun) throws IOException {
    return notify(now, dryRun, null);
  }

  /**
   * @param finished the finished jobs of watched users the run saw (those of the last day), or null when
   *     notify runs on its own; only those not seen by an earlier run are reported, and the first run
   *     reports none (it only learns what is already there)
   */
  public Result notify(long now, boolean dryRun, List<NotifyState.FinishedJob> finished) throws IOException {
    NotifyState saved = NotifyState.load(stateFile);
    NotifyState state = dryRun ? saved.copy() : saved;
    if (finished != null) {
      state.recordFinished(finished, now - 2 * 86_400L);
    }
    List<String> notes = new ArrayList<>();
    Map<String, QosData> data = readSite(site, notes);
    List<NotifyState.Pending> outbox = new ArrayList<>(state.outbox());
    int before = outbox.size();
    for (Rule rule : settings.rules()) {
      switch (rule.when()) {
        case "usage_above", "waiting_at_limit" -> {
          for (QosData d : data.values()) {
            AlertRules.Condition c = rule.when().equals("usage_above") ? AlertRules.usageAbove(rule, d)
                : AlertRules.waitingAtLimit(rule, d);
            transition(state, outbox, rule, d.qos(), c, now, d.zone(), notes);
          }
        }
        case "stale" -> {
          long newest = data.values().stream().mapToLong(QosData::lastUpdated).max().orElse(0);
          AlertRules.Condition c = AlertRules.stale(readStatus(site), newest, now, zone);
          transition(state, outbox, rule, String.join(",", data.keySet()), c, now, zone, notes);
        }
        default -> finishedJobs(state, outbox, rule, now);
      }
    }
    state.clearPendingJobs();
    if (settings.digest() != null) {
      digests(state, outbox, data, now, dryRun);
    }
    coalesce(outbox);
    bound(state, outbox, now, notes);
    state.outbox(outbox);
    if (dryRun) {
      for (NotifyState.Pending p : outbox) {
        out.println("would send to " + p.channel() + (outbox.indexOf(p) < before ? " (still due from "
            + IsoTime.of(p.created(), zone) + ")" : "") + ": " + p.message().text());
      }
      return new Result(0, List.of(), notes, outbox);
    }
    state.save();
    return deliver(state, outbox, notes, now);
  }

  /** Refused for good this many notifies in a row, a message is dropped. */
  static final int REFUSALS = 3;

  private Result deliver(NotifyState state, List<NotifyState.Pending> outbox, List<String> notes, long now)
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
        // The channel was removed from the configuration: nowhere to deliver it, so it is dropped, and said.
        String why = "dropped a message for channel " + p.channel() + ", which is no longer configured: "
            + p.message().text();
        notes.add(why);
        state.dropped(1, now, why);
        outbox.remove(i);
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
            String why = f.getMessage() + "; refused for good by " + REFUSALS + " notifies in a row, so it is dropped: "
                + p.message().text();
            failures.add(why);
            state.dropped(1, now, why);
            outbox.remove(i);
          } else {
            failures.add(f.getMessage() + "; it stays due for the next notify");
            outbox.set(i, new NotifyState.Pending(p.channel(), p.created(), p.attempts() + 1, f.getMessage(),
                p.message(), refused));
          }
        }
      }
      state.outbox(outbox);
      state.save();
    }
    if (untried > 0) {
      failures.add(budgetSpent + "; " + (untried == 1 ? "1 message stays" : untried + " messages stay")
          + " due for the next notify");
    }
    return new Result(sent, failures, notes, outbox);
  }

  /**
   * The key under which queued messages replace each other: an alert and its "back to normal" (rule and
   * QoS), a digest (QoS). Finished jobs have none: each message names other jobs.
   */
  static String coalesceKey(NotifyState.Pending p) {
    Message m = p.message();
    return switch (m.kind()) {
      case "alert", "resolved" -> p.channel() + "|alert|" + m.rule() + "|" + m.qos();
      case "digest" -> p.channel() + "|digest|" + m.qos();
      default -> null;
    };
  }

  /** Keeps, per channel and alert key, only the latest queued message: a receiver back up gets one. */
  static void coalesce(List<NotifyState.Pending> outbox) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = outbox.size() - 1; i >= 0; i--) {
      String key = coalesceKey(outbox.get(i));
      if (key != null && !seen.add(key)) {
        outbox.remove(i);
      }
    }
  }

  /** Drops the messages older than the outbox's age limit, then the oldest over its count limit; says so once. */
  private void bound(NotifyState state, List<NotifyState.Pending> outbox, long now, List<String> notes) {
    NotifySettings.Limits limits = settings.limits();
    outbox.sort(java.util.Comparator.comparingLong(NotifyState.Pending::created));
    int before = outbox.size();
    outbox.removeIf(p -> p.created() < now - limits.outboxMaxAge().getSeconds());
    int old = before - outbox.size();
    int over = Math.max(0, outbox.size() - limits.outboxMax());
    outbox.subList(0, over).clear();
    if (old + over > 0) {
      List<String> why = new ArrayList<>();
      if (old > 0) {
        why.add(old + " older than " + span(limits.outboxMaxAge()));
      }
      if (over > 0) {
        why.add(over + " over the limit of " + limits.outboxMax() + " messages");
      }
      String note = "dropped " + (old + over) + " undelivered messages from the outbox: " + String.join(", ", why);
      notes.add(note);
      state.dropped(old + over, now, note);
    }
  }

  /** "7 d", "36 h", "90 min". */
  private static String span(java.time.Duration d) {
    long s = d.getSeconds();
    return s % 86_400 == 0 ? s / 86_400 + " d" : s % 3600 == 0 ? s / 3600 + " h" : s % 60 == 0 ? s / 60 + " min"
        : s + " s";
  }

  private void transition(NotifyState state, List<NotifyState.Pending> outbox, Rule rule, String qos,
      AlertRules.Condition c, long now, ZoneId z, List<String> notes) {
    String key = rule.describe() + "|" + qos;
    if (c.problem() != null) {
      notes.add(rule.describe() + ": " + c.problem());
      return;
    }
    NotifyState.Alert a = state.alert(key);
    if (c.holds()) {
      boolean due = !a.holding() || now - a.lastSent() >= settings.cooldown().getSeconds();
      long since = a.holding() ? a.since() : c.since();
      if (due) {
        queue(outbox, rule.channels(), now, new Message(id(key, now), "alert", rule.describe(), qos,
            subject(qos, rule.describe()), c.text(), null, c.value(), c.threshold(), c.unit(), IsoTime.of(since, z),
            settings.siteUrl()));
      }
      state.alert(key, new NotifyState.Alert(true, since, due ? now : a.lastSent()));
    } else if (a.holding()) {
      queue(outbox, rule.channels(), now, new Message(id(key, now), "resolved", rule.describe(), qos,
          subject(qos, "back to normal (" + rule.describe() + ")"), c.normalText(), null, c.value(), c.threshold(), c.unit(),
          IsoTime.of(a.since(), z), settings.siteUrl()));
      state.alert(key, new NotifyState.Alert(false, 0, a.lastSent()));
    }
  }

  private void finishedJobs(NotifyState state, List<NotifyState.Pending> outbox, Rule rule, long now) {
    Map<String, List<NotifyState.FinishedJob>> byUser = new TreeMap<>();
    for (NotifyState.FinishedJob j : state.pendingJobs()) {
      if (rule.users().contains(j.user()) && rule.states().contains(j.state())) {
        byUser.computeIfAbsent(j.user(), k -> new ArrayList<>()).add(j);
      }
    }
    for (Map.Entry<String, List<NotifyState.FinishedJob>> e : byUser.entrySet()) {
      List<NotifyState.FinishedJob> jobs = e.getValue();
      jobs.sort(java.util.Comparator.comparingLong(NotifyState.FinishedJob::end));
      StringBuilder text = new StringBuilder();
      String firstEnd = AlertRules.when(jobs.get(0).end(), zone);
      String lastEnd = AlertRules.when(jobs.get(jobs.size() - 1).end(), zone);
      text.append(jobs.size() == 1 ? "1 job of " : jobs.size() + " jobs of ").append(e.getKey())
          .append(firstEnd.equals(lastEnd) ? " ended at " + firstEnd : " ended between " + firstEnd + " and " + lastEnd)
          .append(": ");
      List<String> parts = new ArrayList<>();
      for (NotifyState.FinishedJob j : jobs) {
        parts.add(j.jobId() + " (" + j.qos() + ") " + j.state() + " after " + elapsed(j.elapsed()));
      }
      text.append(String.join("; ", parts)).append(".");
      String t = text.toString();
      String qos = String.join(",", jobs.stream().map(NotifyState.FinishedJob::qos).distinct().sorted().toList());
      queue(outbox, rule.channels(), now, new Message(id("jobs|" + e.getKey(), now), "jobs", rule.describe(), qos,
          subject(e.getKey(), jobs.size() == 1 ? "1 job ended" : jobs.size() + " jobs ended"), t, null, (double) jobs.size(), null, "jobs",
          IsoTime.of(jobs.get(0).end(), zone), settings.siteUrl()));
    }
  }

  private void digests(NotifyState state, List<NotifyState.Pending> outbox, Map<String, QosData> data, long now,
      boolean dryRun) throws IOException {
    for (QosData d : data.values()) {
      Digest.Period p = Digest.lastPeriod(settings.digest().every(), now, d.zone());
      if (p.start().toString().equals(state.digestPeriod(d.qos()))) {
        continue;
      }
      Digest.Content c = Digest.of(d, p, previous(site, d, p));
      if (!dryRun) {
        writeDigest(site, c, settings.siteUrl());
      }
      String link = Digest.link(settings.siteUrl(), d.qos());
      queue(outbox, settings.digest().channels(), now, new Message(id("digest|" + d.qos(), now), "digest",
          "digest " + settings.digest().every(), d.qos(), d.qos() + ": " + p.label() + " (librarian digest)",
          c.sentence(), Digest.html(c, settings.siteUrl()), c.rows().stream().mapToDouble(Digest.Row::cpuHours).sum(),
          null, "CPU-hours", IsoTime.of(p.from(), d.zone()), link));
      state.digestPeriod(d.qos(), p.start().toString());
    }
  }

  /** Writes digest_<qos>.html and .md into the site, both or neither. */
  public static void writeDigest(Path site, Digest.Content c, String siteUrl) throws IOException {
    Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
    files.put(site.resolve(Digest.markdownName(c.qos())),
        o -> o.write(Digest.markdown(c, siteUrl).getBytes(StandardCharsets.UTF_8)));
    files.put(site.resolve(Digest.htmlName(c.qos())),
        o -> o.write(Digest.html(c, siteUrl).getBytes(StandardCharsets.UTF_8)));
    AtomicFile.writeAll(files);
  }

  /** The digests of the last complete period, written into the site (for {@code run}, before it publishes). */
  public static void writeDigests(NotifySettings settings, Path site, long now) throws IOException {
    if (settings.digest() == null) {
      return;
    }
    for (QosData d : readSite(site, new ArrayList<>()).values()) {
      Digest.Period p = Digest.lastPeriod(settings.digest().every(), now, d.zone());
      writeDigest(site, Digest.of(d, p, previous(site, d, p)), settings.siteUrl());
    }
  }

  /** The period before, per user, from the site's daily history; null when there is none that reaches back. */
  static Map<String, Double> previous(Path site, QosData d, Digest.Period p) {
    Path file = site.resolve(org.librarian.output.HistoryJson.fileName(d.qos()));
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return Digest.previousFromHistory(org.librarian.output.HistoryJson.read(file, d.qos(), d.zone()).days(), p);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void queue(List<NotifyState.Pending> outbox, List<String> channels, long now, Message m) {
    for (String c : channels) {
      outbox.add(new NotifyState.Pending(c, now, 0, null, m));
    }
  }

  private static String id(String key, long now) {
    return Integer.toHexString((key + "@" + now).hashCode()) + "-" + now;
  }

  private static String subject(String who, String what) {
    return "[librarian] " + (who.isEmpty() ? what : who + ": " + what);
  }

  private static String elapsed(long seconds) {
    if (seconds < 0) {
      return "an unknown time";
    }
    long h = seconds / 3600;
    long m = seconds % 3600 / 60;
    return h > 0 ? String.format(Locale.ROOT, "%d h %02d min", h, m) : String.format(Locale.ROOT, "%d min %02d s", m,
        seconds % 60);
  }
}
