package org.librarian.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandRunner;
import org.librarian.slurm.ProcessCommandRunner;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeAccounting;
import org.librarian.testing.RunConfig;

/**
 * privacy: {pseudonymize: true, hide_users: [quixote]}: no real name in any file of the site (PDF
 * text included: JSON, charts, report, page, digest, history, status.json); the same pseudonyms on
 * the next run; the mapping for the admin in STATE_DIR, outside the site.
 */
class PrivacyTest {
  static final long DAY = Instant.parse("2026-11-20T00:00:00Z").getEpochSecond();
  static final long H = 3600;
  static final List<String> REAL = List.of("zebulon", "quixote", "marguerite", "evil");

  static final Instant NOON = Instant.parse("2026-11-20T12:00:00Z");

  @TempDir Path tmp;

  /**
   * zebulon's job 1, 16 CPUs 2026-11-20 01:00-03:00 UTC, and quixote's job 2, 8 CPUs 02:00-07:00.
   */
  private static FakeAccounting zebulonAndQuixote() {
    return new FakeAccounting()
        .add("1", "zebulon", "avery", "COMPLETED", DAY + H, DAY + 3 * H, 16)
        .add("2", "quixote", "avery", "COMPLETED", DAY + 2 * H, DAY + 7 * H, 8);
  }

  /**
   * avery48 with {@code privacy} lines under "privacy:" and the weekly digest to webhook "ops" at
   * {@code receiver}'s /hook; {@code run} (with plots) at 2026-11-20 12:00 UTC.
   */
  private Cli.Run runWithADigest(FakeAccounting sacct, Receiver receiver, String... privacy)
      throws Exception {
    List<String> lines = new ArrayList<>(List.of("privacy:"));
    lines.addAll(List.of(privacy));
    RunConfig.avery48()
        .lines(lines.toArray(String[]::new))
        .webhook("ops", receiver.url("/hook"))
        .weeklyDigest("ops")
        .writeTo(tmp);
    return Cli.withSacct(tmp, sacct, NOON).run("run");
  }

  @Test
  void aPseudonymizedSiteHoldsNoRealNameAndKeepsItsPseudonyms() throws Exception {
    FakeAccounting sacct = new FakeAccounting();
    sacct
        .add("1", "zebulon", "avery", "COMPLETED", DAY - 5 * 86_400, DAY - 4 * 86_400, 16)
        .add("2", "quixote", "avery", "COMPLETED", DAY - 3 * 86_400, DAY - 86_400, 8)
        .add("3", "marguerite", "avery", "COMPLETED", DAY + 8 * H, DAY + 11 * H, 4);
    // A row whose user name has a control character: skipped, and said in status.json without the
    // name.
    sacct.extra.add(
        "9|9|evil\u0001name|lab|avery|COMPLETED|"
            + (DAY + H)
            + "|"
            + (DAY + H)
            + "|"
            + (DAY + 2 * H)
            + "|3600|1|1|1G|cpu=1,mem=1G,node=1");
    try (Receiver receiver = new Receiver()) {
      Cli.Run first =
          runWithADigest(sacct, receiver, "  pseudonymize: true", "  hide_users: [quixote]");
      assertEquals(0, first.code(), first.err());
      JsonNode data = SiteFixture.JSON.readTree(tmp.resolve("site/data_avery.json").toFile());
      List<String> users = new ArrayList<>();
      data.get("users").forEach(u -> users.add(u.asText()));
      // The hidden user is left out, not folded into an "others" that would be them alone.
      assertEquals(2, users.size(), users.toString());
      assertEquals(
          2, users.stream().filter(u -> u.matches("user-[0-9a-f]{4}")).count(), users.toString());

      int files = 0;
      int pdfs = 0;
      try (Stream<Path> walk = Files.walk(tmp.resolve("site"))) {
        for (Path f : walk.filter(Files::isRegularFile).toList()) {
          String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
          if (f.toString().endsWith(".pdf")) {
            PdfReader pdf = new PdfReader(f.toString());
            StringBuilder all = new StringBuilder();
            for (int p = 1; p <= pdf.getNumberOfPages(); p++) {
              all.append(new PdfTextExtractor(pdf).getTextFromPage(p));
            }
            text += all;
            pdfs++;
            if (f.getFileName().toString().equals("report_avery.pdf")) {
              assertTrue(
                  all.toString().contains(users.get(0)), "the report names users by pseudonym");
            }
          }
          for (String real : REAL) {
            assertFalse(text.contains(real), real + " in " + f);
          }
          files++;
        }
      }
      // Three charts and the report: the QoS has no GPU limit and no GPU job, so no GPU chart.
      assertTrue(files >= 15 && pdfs == 4, files + " files, " + pdfs + " PDFs");
      assertTrue(Files.isRegularFile(tmp.resolve("site/history_avery.json")));
      assertTrue(Files.isRegularFile(tmp.resolve("site/digest_avery.html")));
      JsonNode status = SiteFixture.JSON.readTree(tmp.resolve("site/status.json").toFile());
      assertTrue(
          status
              .at("/qos/0/problems/0")
              .asText()
              .contains("User (not shown) has a control character"),
          status.toString());

      String mapping = Files.readString(tmp.resolve("state/privacy/pseudonyms.tsv"));
      for (String u : List.of("zebulon", "marguerite")) {
        assertTrue(mapping.contains(u + "\tuser-"), mapping);
      }
      assertFalse(mapping.contains("quixote"), "a hidden user has no pseudonym: " + mapping);

      Instant later = NOON.plusSeconds(600);
      Cli.Run second = Cli.withSacct(tmp, sacct, later).run("run", "--no-plots");
      assertEquals(0, second.code(), second.err());
      JsonNode again = SiteFixture.JSON.readTree(tmp.resolve("site/data_avery.json").toFile());
      assertEquals(data.get("users"), again.get("users"), "the same pseudonyms");
    }
  }

  /** Every file of the site as text (PDF text included), with its path. */
  static List<String[]> siteTexts(Path site) throws Exception {
    List<String[]> texts = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(site)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        if (f.toString().endsWith(".pdf")) {
          PdfReader pdf = new PdfReader(f.toString());
          for (int p = 1; p <= pdf.getNumberOfPages(); p++) {
            text += new PdfTextExtractor(pdf).getTextFromPage(p);
          }
        }
        texts.add(new String[] {f.toString(), text});
      }
    }
    return texts;
  }

  static double sum(JsonNode totals, String key) {
    double s = 0;
    for (JsonNode u : totals) {
      s += u.path(key).asDouble();
    }
    return s;
  }

  /**
   * Reported: a single hidden user's series was published as "others", and status.json still
   * counted them. zebulon 16 CPUs × 2 h = 32 CPU-hours, marguerite 4 CPUs × 3 h = 12, hidden
   * quixote 8 CPUs × 5 h = 40: what is published adds up to 44 CPU-hours over 2 users and 2 jobs,
   * and nothing says quixote.
   */
  @Test
  void aSingleHiddenUserIsInNoPublishedFigure() throws Exception {
    FakeAccounting sacct = zebulonAndQuixote();
    sacct.add("3", "marguerite", "avery", "COMPLETED", DAY + 8 * H, DAY + 11 * H, 4);
    try (Receiver receiver = new Receiver()) {
      Cli.Run run = runWithADigest(sacct, receiver, "  hide_users: [quixote]");
      assertEquals(0, run.code(), run.err());
    }
    JsonNode data = SiteFixture.JSON.readTree(tmp.resolve("site/data_avery.json").toFile());
    assertEquals("[\"zebulon\",\"marguerite\"]", data.get("users").toString());
    assertEquals(
        32 + 12, sum(data.get("totals"), "cpu_hours"), 1e-9, data.get("totals").toString());
    assertEquals(2, data.at("/metadata/jobs_counted").asInt());
    assertTrue(data.at("/metadata/users_hidden").asBoolean(), data.get("metadata").toString());
    JsonNode status = SiteFixture.JSON.readTree(tmp.resolve("site/status.json").toFile());
    assertEquals(2, status.at("/qos/0/users").asInt(), status.toString());
    assertEquals(2, status.at("/qos/0/jobs").asInt(), status.toString());
    JsonNode history = SiteFixture.JSON.readTree(tmp.resolve("site/history_avery.json").toFile());
    assertEquals("[\"zebulon\",\"marguerite\"]", history.get("users").toString());
    // Daily averages to 2 decimals over the 12 hours so far: zebulon 32/12 = 2.67 CPUs → 32.04,
    // marguerite 1 → 12.
    assertEquals(
        32.04 + 12,
        sum(history.get("totals"), "cpu_hours"),
        1e-9,
        history.get("totals").toString());
    List<String[]> texts = siteTexts(tmp.resolve("site"));
    assertTrue(texts.size() >= 15, texts.size() + " files");
    for (String[] t : texts) {
      assertFalse(t[1].contains("quixote"), "quixote in " + t[0]);
      assertFalse(
          t[0].endsWith(".json") && t[1].contains("\"others\""), "an others bucket in " + t[0]);
    }
  }

  /** Reported: a real user whose name is "others" merged into the bucket of the hidden users. */
  @Test
  void aRealUserNamedOthersStaysTheirOwnSeries() throws Exception {
    FakeAccounting sacct = zebulonAndQuixote();
    sacct.add("4", "others", "avery", "COMPLETED", DAY + 3 * H, DAY + 10 * H, 2);
    RunConfig.avery48().lines("privacy:", "  hide_users: [quixote]").writeTo(tmp);
    Instant noon = Instant.parse("2026-11-20T12:00:00Z");
    Cli.Run run = Cli.withSacct(tmp, sacct, noon).run("run");
    assertEquals(0, run.code(), run.err());
    JsonNode data = SiteFixture.JSON.readTree(tmp.resolve("site/data_avery.json").toFile());
    assertEquals("[\"zebulon\",\"others\"]", data.get("users").toString());
    // others: 2 CPUs × 7 h, their own; quixote's 40 CPU-hours are nowhere.
    assertEquals(
        14.0, data.at("/totals/others/cpu_hours").asDouble(), 1e-9, data.get("totals").toString());
    assertEquals(32.0 + 14.0, sum(data.get("totals"), "cpu_hours"), 1e-9);
    JsonNode status = SiteFixture.JSON.readTree(tmp.resolve("site/status.json").toFile());
    assertEquals(2, status.at("/qos/0/users").asInt(), status.toString());
  }

  /**
   * Days archived before a user was hidden still hold them in STATE_DIR (so unhiding gives them
   * back); the site's copy of the history never does.
   */
  @Test
  void daysArchivedBeforeAUserWasHiddenLeaveThemOutOfThePublishedHistory() throws Exception {
    FakeAccounting sacct = zebulonAndQuixote();
    RunConfig.avery48().lines("window: 1d").writeTo(tmp);
    Instant noon = Instant.parse("2026-11-20T12:00:00Z");
    assertEquals(0, Cli.withSacct(tmp, sacct, noon).run("run", "--no-plots").code());
    assertTrue(Files.readString(tmp.resolve("site/history_avery.json")).contains("quixote"));

    RunConfig.avery48().lines("privacy:", "  hide_users: [quixote]", "window: 1d").writeTo(tmp);
    Instant later = noon.plusSeconds(3 * 86_400);
    Cli.Run run = Cli.withSacct(tmp, sacct, later).run("run", "--no-plots");
    assertEquals(0, run.code(), run.err());
    JsonNode history = SiteFixture.JSON.readTree(tmp.resolve("site/history_avery.json").toFile());
    assertEquals("2026-11-20", history.at("/days/0").asText());
    assertEquals("[\"zebulon\"]", history.get("users").toString());
    // zebulon's 32 CPU-hours over the 12 archived hours: 2.67 CPUs (2 decimals) × 12 h.
    assertEquals(
        32.04, sum(history.get("totals"), "cpu_hours"), 1e-9, history.get("totals").toString());
    assertTrue(
        Files.readString(tmp.resolve("state/history/default/avery.json")).contains("quixote"));
  }

  /**
   * Reported: pseudonyms.tsv was written 0644. Every secret file is its owner's only, and so is
   * their directory.
   */
  @Test
  void secretFilesAreReadableByTheirOwnerOnly() throws Exception {
    FakeAccounting sacct = new FakeAccounting();
    sacct.add("1", "zebulon", "avery", "COMPLETED", DAY + H, DAY + 3 * H, 16);
    RunConfig.avery48().lines("privacy:", "  pseudonymize: true").writeTo(tmp);
    Instant noon = Instant.parse("2026-11-20T12:00:00Z");
    assertEquals(0, Cli.withSacct(tmp, sacct, noon).run("run", "--no-plots").code());
    for (String f : List.of("state/privacy/pseudonyms.tsv", "state/privacy/secret")) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve(f))),
          f);
    }
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("state/privacy"))));
    assertEquals(
        "rw-r--r--",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(tmp.resolve("site/data_avery.json"))));
    NotifyState state = NotifyState.load(tmp.resolve("state/notify/state.json"));
    state.save();
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(tmp.resolve("state/notify/state.json"))));
  }

  /**
   * The scheduled run says in run.log that it rewrote the branch, and the remote keeps no real
   * name.
   */
  @Test
  void turningPseudonymsOnIsSaidInRunLogAndLeavesNoRealNameInTheRemote() throws Exception {
    Path remote = tmp.resolve("remote.git");
    CommandRunner real = new ProcessCommandRunner();
    assertEquals(
        0,
        real.run(
                Command.of(
                    List.of("git", "init", "-q", "--bare", remote.toString()),
                    Duration.ofMinutes(1)))
            .exitCode());
    FakeAccounting sacct = new FakeAccounting();
    sacct.add("1", "zebulon", "avery", "COMPLETED", DAY + H, DAY + 3 * H, 16);
    CommandRunner both = c -> c.argv().get(0).endsWith("sacct") ? sacct.run(c) : real.run(c);
    String[] deploy = {"deploy:", "  repo: " + remote, "  keep_history: true"};
    RunConfig.avery48().lines(deploy).writeTo(tmp);
    Instant noon = Instant.parse("2026-11-20T12:00:00Z");
    sacct.now = noon;
    assertEquals(
        0, new Cli(tmp).programs("sacct").runner(both).clock(noon).run("run", "--no-plots").code());
    RunConfig.avery48().lines(deploy).lines("privacy:", "  pseudonymize: true").writeTo(tmp);
    Instant later = noon.plusSeconds(600);
    sacct.now = later;
    Cli.Run run = new Cli(tmp).programs("sacct").runner(both).clock(later).run("run", "--no-plots");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("was rewritten"), run.out());
    assertTrue(
        Files.readString(tmp.resolve("logs/run.log"))
            .contains(
                "deploy: the privacy settings changed, so gh-pages"
                    + " of "
                    + remote
                    + " was rewritten"));
    String objects =
        real.run(
                Command.of(
                    List.of(
                        "git", "--git-dir=" + remote, "cat-file", "--batch-all-objects", "--batch"),
                    Duration.ofMinutes(1)))
            .stdout();
    assertTrue(objects.contains("user-"), "the pseudonymized site was published");
    assertFalse(objects.contains("zebulon"), "a real name is left in the remote");
  }
}
