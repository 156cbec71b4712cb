package org.librarian.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.librarian.config.ConfigException;
import picocli.CommandLine.Option;

/** {@code --now}: the present a replay pretends, as the verbs that read sacct take it. */
final class NowOption {
  @Option(
      names = "--now",
      paramLabel = "TIME",
      description = "pretend the current time is TIME (ISO-8601), for tests and replays")
  String now;

  /** Whether --now was given: the verb replays an instant of the past. */
  boolean given() {
    return now != null;
  }

  /**
   * {@code --now TIME} when given (local times in {@code zone}), else the clock's, to the second.
   */
  Instant instant(ZoneId zone, Clock clock) throws ConfigException {
    return TimeArguments.now(now, zone, clock);
  }
}
