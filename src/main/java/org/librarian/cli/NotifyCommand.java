package org.librarian.cli;

import java.nio.file.Path;
import java.time.Instant;
import org.librarian.config.ConfigException;
import org.librarian.config.Settings;
import org.librarian.pipeline.Context;
import org.librarian.run.NotifyRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code librarian notify}: alerts, finished jobs and the digest, from a site's data. */
@Command(
    name = "notify",
    header = "Send the alerts and the digest that are due.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reads the site's data_<qos>.json and status.json, evaluates the rules under 'alerts:' in the "
          + "config, and sends what is due to their channels (webhook, slack, discord, teams, email), the "
          + "digest when a new week (month) has begun, and the jobs the run saw finish. Remembers what it "
          + "sent in STATE_DIR/notify/state.json: an alert is sent when its rule starts to hold, again after "
          + "the cooldown while it holds, and once more when it stops. A message that could not be "
          + "delivered stays due and goes out on the next notify (the latest one per alert; refused for "
          + "good 3 times, or past alerts.outbox_max or alerts.outbox_max_age, it is dropped and said); "
          + "one delivered is never sent again. Each exchange ends within alerts.timeout and all of "
          + "them within alerts.budget. "
          + "'librarian run' calls this after it publishes. Exit 1 when a delivery failed."
    })
final class NotifyCommand extends Verb {
  @Mixin ConfigOption configOption;

  @Option(
      names = "--site",
      paramLabel = "DIR",
      description = "the site to read (default: output in the config)")
  Path site;

  @Mixin NowOption nowOption;

  @Option(
      names = "--dry-run",
      description = "print the messages that would be sent; send nothing, change nothing")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    Settings settings = settings(configOption);
    Context context = context();
    Instant at = nowOption.instant(settings.zone(), context.clock());
    Path dir = site == null ? settings.output() : context.workingDir().resolve(site);
    if (!settings.alerts().any()) {
      throw new ConfigException(
          "nothing to send: add rules under 'alerts:' or a 'digest:' to " + settings.sourceName());
    }
    return exitCode(NotifyRun.run(settings, dir, at, dryRun, null, context, out(), err()));
  }
}
