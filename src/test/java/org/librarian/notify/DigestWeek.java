package org.librarian.notify;

import java.nio.file.Path;
import java.time.Instant;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeAccounting;
import org.librarian.testing.RunConfig;

/**
 * The week the digest tests send: in avery (48 CPUs), ann's job 90 on 4 CPUs from Monday 2026-11-09
 * 00:00 UTC to Wednesday 2026-11-11 00:00 UTC (48 h: 192 CPU-hours); the weekly digest goes to
 * webhook "ops"; {@code run --no-plots} on Friday 2026-11-20 12:00 UTC.
 */
final class DigestWeek {
  static final Instant FRIDAY = Instant.parse("2026-11-20T12:00:00Z");

  private DigestWeek() {}

  /** The accounting that holds ann's job 90. */
  static FakeAccounting annsTwoDays() {
    long monday = Instant.parse("2026-11-09T00:00:00Z").getEpochSecond();
    return new FakeAccounting()
        .add("90", "ann", "avery", "COMPLETED", monday, monday + 48 * 3600, 4);
  }

  /**
   * Writes the configuration (with {@code siteUrl}, the digest to {@code receiver}'s /hook) into
   * {@code tmp}, then runs on Friday noon.
   */
  static Cli.Run runOnFriday(Path tmp, FakeAccounting sacct, Receiver receiver, String siteUrl)
      throws Exception {
    RunConfig.avery48()
        .lines("site_url: " + siteUrl)
        .webhook("ops", receiver.url("/hook"))
        .weeklyDigest("ops")
        .writeTo(tmp);
    return Cli.withSacct(tmp, sacct, FRIDAY).run("run", "--no-plots");
  }
}
