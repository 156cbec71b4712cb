package org.librarian.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;
import org.librarian.slurm.ScontrolJob;
import org.librarian.slurm.SqueueJob;
import org.librarian.testing.Cli;
import org.librarian.testing.FakeRunner;

class WatchdogTest {
  static final String SCRONTAB =
      String.join(
          "\n",
          "# usage dashboard",
          "MAILTO=",
          "#SCRON --job-name=librarian-run",
          "#SCRON --time=00:09:00",
          "#SCRON --mem=2G",
          "*/10 * * * * cd /home/avery/usage && /home/avery/librarian/scripts/librarian run",
          "",
          "#DISABLED: #SCRON -J nightly-backup",
          "#DISABLED: 0 3 * * * /home/avery/bin/backup",
          "#SCRON --job-name=librarian-watchdog",
          "#SCRON --mem=512M",
          "*/5 * * * * cd /home/avery/usage && /home/avery/librarian/scripts/librarian watchdog",
          "");

  @TempDir Path tmp;

  Cli cli(FakeSlurm slurm) {
    return new Cli(tmp).runner(slurm).env("USER", "avery").env("HOME", tmp.toString());
  }

  FakeSlurm slurmWithStuckRun() throws Exception {
    FakeSlurm slurm = new FakeSlurm(SCRONTAB);
    slurm.add(
        "101", "avery", "PENDING", "launch failed requeued held", "librarian-run", "*/10 * * * *");
    slurm.add("102", "avery", "PENDING", "BeginTime", "librarian-watchdog", "*/5 * * * *");
    return slurm;
  }

  @Test
  void aStuckCronJobIsCancelledAndExactlyItsEntryReArmed() throws Exception {
    FakeSlurm slurm = slurmWithStuckRun();
    Cli.Run run = cli(slurm).run("watchdog");
    assertEquals(0, run.code(), run.out() + run.err());
    assertEquals(
        SCRONTAB,
        slurm.scrontab,
        "the run entry is active again; the user's disabled backup stays disabled");
    assertTrue(slurm.calls.contains("scancel 101"), slurm.calls.toString());
    FakeSlurm.Job fresh =
        slurm.jobs.stream().filter(j -> j.name().equals("librarian-run")).findFirst().orElseThrow();
    assertEquals("500", fresh.id());
    assertEquals(
        String.join(
            "\n",
            "job 101 (librarian-run, launch failed requeued held): cancelled; re-armed its scrontab entry (lines 3-6)",
            "job 101 (librarian-run, launch failed requeued held): new cron job 500 queued (PENDING)",
            ""),
        run.out());
    String log = Files.readString(tmp.resolve(".local/state/librarian/log/watchdog.log"));
    assertTrue(
        log.contains(
            " watchdog: job 101 (librarian-run, launch failed requeued held): cancelled; re-armed"),
        log);
  }

  @Test
  void userEnvRetrievalFailuresAreStuckToo() throws Exception {
    FakeSlurm slurm = new FakeSlurm(SCRONTAB);
    slurm.add(
        "201",
        "avery",
        "PENDING",
        "user env retrieval failed requeued held",
        "librarian-watchdog",
        "*/5 * * * *");
    assertEquals(0, cli(slurm).run("watchdog").code());
    assertTrue(slurm.calls.contains("scancel 201"));
    assertEquals(SCRONTAB, slurm.scrontab);
  }

  @Test
  void deliberateHoldsRunningJobsAndOtherUsersJobsAreNeverTouched() throws Exception {
    FakeSlurm slurm = new FakeSlurm(SCRONTAB);
    slurm.add("301", "avery", "PENDING", "JobHeldUser", "analysis", null);
    slurm.add("302", "avery", "PENDING", "JobHeldAdmin", "big-run", null);
    slurm.add("303", "avery", "RUNNING", "None", "librarian-run", "*/10 * * * *");
    // squeue --me should not list it, but if it does, it is still not ours.
    slurm.add(
        "304", "blake", "PENDING", "launch failed requeued held", "librarian-run", "*/10 * * * *");
    Cli.Run run = cli(slurm).run("watchdog", "--all-jobs");
    assertEquals(0, run.code());
    assertEquals("nothing to do: none of avery's 3 jobs is stuck\n", run.out());
    assertEquals(List.of("squeue --me --noheader --format=%i|%u|%T|%r|%j"), slurm.calls);
    assertEquals(SCRONTAB, slurm.scrontab);
  }

  @Test
  void anAmbiguousEntryChangesNothingAndFails() throws Exception {
    String twice =
        SCRONTAB + "#SCRON --job-name=librarian-run\n*/10 * * * * /other/librarian run\n";
    FakeSlurm slurm = new FakeSlurm(twice);
    slurm.add(
        "101", "avery", "PENDING", "launch failed requeued held", "librarian-run", "*/10 * * * *");
    Cli.Run run = cli(slurm).run("watchdog");
    assertEquals(1, run.code());
    assertTrue(
        run.out()
            .contains(
                "cannot tell which scrontab entry it comes from (2 active entries match name 'librarian-run' "
                    + "and schedule '*/10 * * * *'); cancelled nothing, re-armed nothing"),
        run.out());
    assertFalse(
        slurm.calls.stream().anyMatch(c -> c.startsWith("scancel") || c.startsWith("scrontab /")),
        slurm.calls.toString());
    assertEquals(twice, slurm.scrontab);
  }

  @Test
  void dryRunPrintsThePlanAndChangesNothing() throws Exception {
    FakeSlurm slurm = slurmWithStuckRun();
    Cli.Run run = cli(slurm).run("watchdog", "--dry-run");
    assertEquals(0, run.code());
    assertEquals(
        "job 101 (librarian-run, launch failed requeued held): would cancel it, then re-arm its scrontab entry "
            + "(lines 3-6) and check that a new cron job is queued\n",
        run.out());
    assertFalse(
        slurm.calls.stream().anyMatch(c -> c.startsWith("scancel") || c.startsWith("scrontab /")));
    assertFalse(Files.exists(tmp.resolve(".local/state/librarian/log/watchdog.log")));
  }

  @Test
  void scancelIsRetriedWithCronWhenSlurmDemandsIt() throws Exception {
    FakeSlurm slurm = slurmWithStuckRun();
    slurm.explicitScancel = true;
    Cli.Run run = cli(slurm).run("watchdog");
    assertEquals(0, run.code(), run.out());
    assertTrue(
        slurm.calls.containsAll(List.of("scancel 101", "scancel --cron 101")),
        slurm.calls.toString());
    assertEquals(SCRONTAB, slurm.scrontab);
  }

  @Test
  void anOrdinaryStuckJobIsLeftAloneWithoutAllJobs() throws Exception {
    FakeSlurm slurm = new FakeSlurm(SCRONTAB);
    slurm.add("401", "avery", "PENDING", "launch failed requeued held", "train", null);
    Cli.Run run = cli(slurm).run("watchdog");
    assertEquals(0, run.code());
    assertEquals(
        "job 401 (train, launch failed requeued held) is stuck but is not a scrontab job; left alone "
            + "(--all-jobs would release it)\n",
        run.out());
    assertFalse(
        slurm.calls.stream()
            .anyMatch(c -> c.startsWith("scancel") || c.startsWith("scontrol release")));
  }

  /** The watchdog with the waits recorded instead of slept (the CLI sleeps for real). */
  static Watchdog watchdog(
      CommandRunner slurm, boolean allJobs, List<Duration> slept, List<String> out) {
    Watchdog.Programs programs =
        new Watchdog.Programs("squeue", "scontrol", "scancel", "scrontab", Duration.ofMinutes(1));
    return new Watchdog(
        slurm,
        programs,
        "avery",
        new Watchdog.Asked(allJobs, false, Duration.ofSeconds(5), Duration.ofSeconds(20)),
        slept::add,
        out::add);
  }

  @Test
  void withAllJobsAnOrdinaryJobIsReleasedAndCancelledOnlyIfStillStuck() throws Exception {
    FakeSlurm healed = new FakeSlurm(SCRONTAB);
    healed.releaseHeals = true;
    healed.add("401", "avery", "PENDING", "launch failed requeued held", "train", null);
    List<Duration> slept = new ArrayList<>();
    List<String> out = new ArrayList<>();
    assertEquals(0, watchdog(healed, true, slept, out).run(), out.toString());
    assertTrue(healed.calls.contains("scontrol release 401"));
    assertFalse(healed.calls.contains("scancel 401"));
    assertTrue(
        out.get(out.size() - 1).endsWith("no longer stuck after the release"), out.toString());
    assertEquals(List.of(Duration.ofSeconds(5)), slept, "one release wait, then a look");

    FakeSlurm stuck = new FakeSlurm(SCRONTAB);
    stuck.add("402", "avery", "PENDING", "launch failed requeued held", "train", null);
    slept.clear();
    assertEquals(0, watchdog(stuck, true, slept, out).run(), out.toString());
    assertTrue(
        stuck.calls.containsAll(
            List.of(
                "scontrol release 402",
                "squeue --noheader --jobs=402 --format=%i|%u|%T|%r|%j",
                "scancel 402")),
        stuck.calls.toString());
    assertNull(stuck.job("402"));
    assertEquals(List.of(Duration.ofSeconds(5)), slept);
  }

  @Test
  void noNewCronJobWithinTheConfirmWaitFailsAfterTwentyLooks() throws Exception {
    FakeSlurm slurm = slurmWithStuckRun();
    CommandRunner silent =
        c -> {
          CommandResult r = slurm.run(c);
          if (c.argv().get(0).equals("scrontab") && !c.argv().get(1).equals("-l")) {
            slurm.jobs.removeIf(
                j -> j.id().equals("500")); // Slurm queued nothing for the re-armed entry
          }
          return r;
        };
    List<Duration> slept = new ArrayList<>();
    List<String> out = new ArrayList<>();
    assertTimeoutPreemptively(
        Duration.ofSeconds(30), () -> assertEquals(1, watchdog(silent, false, slept, out).run()));
    assertEquals(20, slept.size(), "a look a second for 20 s");
    assertTrue(
        slept.stream().allMatch(Duration.ofSeconds(1)::equals), slept.subList(0, 3).toString());
    assertEquals(
        "job 101 (librarian-run, launch failed requeued held): no new cron job for 'librarian-run' appeared"
            + " within 20 s",
        out.get(out.size() - 1));
  }

  @Test
  void scrontabEntriesAreFoundByNameAndScheduleAndReArmedByteForByte() {
    Scrontab tab = Scrontab.parse(SCRONTAB);
    assertEquals(3, tab.entries().size(), "MAILTO= is a variable, not an entry");
    Scrontab.Entry run = tab.entries().get(0);
    assertEquals(List.of(2, 3, 4, 5), run.lines());
    assertEquals("librarian-run", run.jobName());
    assertEquals("*/10 * * * *", run.spec());
    assertFalse(run.disabled());
    Scrontab.Entry backup = tab.entries().get(1);
    assertEquals("nightly-backup", backup.jobName());
    assertTrue(backup.disabled());
    assertEquals(List.of(backup), tab.find("nightly-backup", "0 3 * * *"));
    assertEquals(List.of(), tab.find("nightly-backup", "0 4 * * *"), "the schedule must match too");
    String rearmed = tab.rearm(backup);
    assertEquals(
        SCRONTAB.replace("#DISABLED: #SCRON -J", "#SCRON -J").replace("#DISABLED: 0 3", "0 3"),
        rearmed);

    Scrontab unnamed = Scrontab.parse("@daily /home/avery/bin/report --all\n");
    assertEquals(
        List.of(unnamed.entries().get(0)),
        unnamed.find("report", ""),
        "without a job name: the command");
  }

  @Test
  void scontrolOneLinersParseWithSpacesColonsAndSlashesInKeysAndValues() throws Exception {
    String real =
        Files.readAllLines(
                Path.of(
                    "src/test/resources/corpus/NordicHPC__sonar__scontrol-show-job-oneliner.txt"))
            .get(0);
    ScontrolJob job = ScontrolJob.parse(real);
    assertEquals("1879824", job.id());
    assertEquals("chai_ab_ag_champloo", job.name());
    assertEquals("uc-10000", job.user());
    assertEquals("login-1:2386162", job.get("AllocNode:Sid"));
    assertEquals("4", job.get("CPUs/Task"));
    assertEquals("", job.command());
    assertFalse(job.cronJob());
    ScontrolJob cron =
        ScontrolJob.parse(
            "JobId=7 JobName=librarian run UserId=avery(1001) JobState=PENDING "
                + "Reason=launch_failed_requeued_held CronJob=Yes CrontabSpec=\"*/10 * * * *\" Command=/bin/sh -c x");
    assertEquals("librarian run", cron.name());
    assertTrue(cron.cronJob());
    assertEquals("*/10 * * * *", cron.crontabSpec());
    assertEquals("/bin/sh -c x", cron.command());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "launch failed requeued held",
        "user env retrieval failed requeued held",
        "launch_failed_requeued_held",
        "Launch failed requeued held"
      })
  void theRequeuedHeldFamilyIsStuck(String reason) {
    assertTrue(SqueueJob.isStuckReason(reason), reason);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "JobHeldUser",
        "JobHeldAdmin",
        "Priority",
        "Resources",
        "BeginTime",
        "None",
        "QOSGrpMemLimit"
      })
  void otherReasonsAreNotStuck(String reason) {
    assertFalse(SqueueJob.isStuckReason(reason), reason);
  }

  @Test
  void noReasonOfARealListingOfAllStatesIsStuck() throws Exception {
    // Every reason in a real squeue listing of all states (P|state|cpus|reason|user): none is
    // stuck.
    for (String line :
        Files.readAllLines(
            Path.of(
                "src/test/resources/corpus/SckyzO__slurm_exporter__squeue-reasons-all-states.txt"))) {
      String[] f = line.split("\\|");
      assertFalse(SqueueJob.isStuckReason(f[3]), line);
    }
  }

  /**
   * The recorded outputs of a real Slurm 22.05.8 (see resources/watchdog/real-22.05/README.md),
   * replayed.
   */
  @Test
  void aStuckCronJobRecordedOnARealSlurmIsHealed() throws Exception {
    Path rec = Path.of("src/test/resources/watchdog/real-22.05");
    String installed = Files.readString(rec.resolve("scrontab-installed.txt"));
    AtomicInteger squeues = new AtomicInteger();
    AtomicInteger listings = new AtomicInteger();
    StringBuilder written = new StringBuilder();
    FakeRunner slurm =
        new FakeRunner(
            c -> {
              try {
                List<String> a = c.argv();
                return switch (String.join(" ", a.subList(0, Math.min(a.size(), 2)))) {
                  case "squeue --me" ->
                      new CommandResult(
                          0,
                          Files.readString(
                              rec.resolve(
                                  squeues.getAndIncrement() == 0
                                      ? "squeue-me.txt"
                                      : "squeue-after-rearm.txt")),
                          "");
                  case "scontrol show" -> {
                    assertEquals(
                        List.of("scontrol", "show", "job", "-o", "154"),
                        a,
                        "only the stuck job is looked at");
                    yield new CommandResult(
                        0, Files.readString(rec.resolve("scontrol-show-job-154.txt")), "");
                  }
                  case "scancel 154" -> new CommandResult(0, "", "");
                  case "scrontab -l" ->
                      new CommandResult(
                          0,
                          listings.getAndIncrement() == 0
                              ? installed
                              : Files.readString(rec.resolve("scrontab-after-scancel.txt")),
                          "");
                  default -> {
                    assertEquals(2, a.size(), "unexpected " + a);
                    assertEquals("scrontab", a.get(0));
                    written.append(Files.readString(Path.of(a.get(1))));
                    yield new CommandResult(0, "", "");
                  }
                };
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    Cli.Run run = new Cli(tmp).runner(slurm).env("USER", "ann").run("watchdog");
    assertEquals(0, run.code(), run.out());
    assertEquals(
        installed,
        written.toString(),
        "exactly the disabled entry is switched back on, byte for byte");
    assertEquals(
        String.join(
            "\n",
            "job 154 (librarian-run, launch failed requeued held): cancelled; re-armed its scrontab entry (lines 1-5)",
            "job 154 (librarian-run, launch failed requeued held): new cron job 157 queued (PENDING)",
            ""),
        run.out());
    assertEquals(
        List.of("squeue", "scontrol", "scrontab", "scancel", "scrontab", "scrontab", "squeue"),
        slurm.calls.stream().map(c -> c.argv().get(0)).toList(),
        "the held job 156 and other-entry are never touched");
  }

  /**
   * The collector starved by the limit it reports on: a cron job pending for a QoS limit longer
   * than its own interval is reported (exit 0, nothing changed) and noted in the site's
   * status.json. EligibleTime of every job is 2025-10-23T10:01:23 (the recorded template); the
   * clock is 14 min later.
   */
  @Test
  void aCronJobWaitingForAQosLimitLongerThanItsIntervalIsReportedAndNoted() throws Exception {
    FakeSlurm slurm = new FakeSlurm(SCRONTAB);
    slurm.add("103", "avery", "PENDING", "QOSGrpCpuLimit", "librarian-run", "*/10 * * * *");
    slurm.add(
        "104",
        "avery",
        "PENDING",
        "QOSGrpMemLimit",
        "hourly-report",
        "0 * * * *"); // 60-min interval
    slurm.add("105", "avery", "PENDING", "QOSGrpCpuLimit", "analysis", null); // not a cron job
    Files.createDirectories(tmp.resolve("site"));
    Files.writeString(tmp.resolve("site/status.json"), "{\"ok\": true, \"version\": \"x\"}");
    Cli.Run run = cli(slurm).clock(Instant.parse("2025-10-23T10:15:23Z")).run("watchdog");
    assertEquals(0, run.code(), run.out() + run.err());
    assertTrue(
        run.out()
            .contains(
                "job 103 (librarian-run) has waited 14 min for a limit (QOSGrpCpuLimit), longer than"
                    + " its 10-minute interval"),
        run.out());
    assertFalse(run.out().contains("job 104"), run.out());
    assertFalse(run.out().contains("job 105"), run.out());
    assertFalse(
        slurm.calls.stream().anyMatch(c -> c.startsWith("scancel") || c.startsWith("scrontab ")),
        slurm.calls.toString());
    JsonNode status = new ObjectMapper().readTree(tmp.resolve("site/status.json").toFile());
    assertTrue(status.get("ok").asBoolean(), "the run's own fields stay");
    assertEquals("103", status.at("/collector_waiting/0/job").asText());
    assertEquals(840, status.at("/collector_waiting/0/waited_seconds").asInt());
    assertEquals(1, status.get("collector_waiting").size());

    // Once it has started, the next watchdog removes the note.
    slurm.start("103");
    assertEquals(0, cli(slurm).clock(Instant.parse("2025-10-23T10:20:23Z")).run("watchdog").code());
    assertFalse(
        new ObjectMapper()
            .readTree(tmp.resolve("site/status.json").toFile())
            .has("collector_waiting"));
  }

  /**
   * A weekly cron job ({@code 0 6 * * 1}) waiting 14 minutes is not late: its interval is 7 days,
   * read from its day-of-week field (it was not understood, and the 10-minute run_interval was used
   * instead). EligibleTime is 2025-10-23T10:01:23 (the recorded template).
   */
  @Test
  void theWatchdogDoesNotInterpretCronDayFields() throws Exception {
    FakeSlurm slurm = new FakeSlurm(SCRONTAB);
    slurm.add("106", "avery", "PENDING", "QOSGrpCpuLimit", "weekly-report", "0 6 * * 1");
    Cli.Run soon = cli(slurm).clock(Instant.parse("2025-10-23T10:15:23Z")).run("watchdog");
    assertEquals(0, soon.code(), soon.out() + soon.err());
    assertFalse(soon.out().contains("job 106"), soon.out());

    // Eight days later it has waited longer than a week: 11520 + 14 min against 10080.
    Cli.Run late = cli(slurm).clock(Instant.parse("2025-10-31T10:15:23Z")).run("watchdog");
    assertTrue(
        late.out()
            .contains(
                "job 106 (weekly-report) has waited 11534 min for a limit (QOSGrpCpuLimit), longer"
                    + " than its 10080-minute interval"),
        late.out());
  }

  /**
   * A scrontab as users keep them: comments, variables, blank lines, options, an entry they
   * disabled.
   */
  static final String REAL_LIFE =
      String.join(
          "\n",
          "# avery's cron jobs on the cluster",
          "SHELL=/bin/bash",
          "MAILTO=",
          "",
          "#SCRON --job-name=librarian-run",
          "#SCRON --time=00:09:00",
          "#SCRON --mem=2G",
          "#SCRON --qos=avery-cron",
          "*/10 * * * * cd /home/avery/usage && /home/avery/librarian/scripts/librarian run",
          "",
          "# the weekly report, off until the new template is ready",
          "#DISABLED: #SCRON -J weekly-report",
          "#DISABLED: #SCRON --time=1:00:00",
          "#DISABLED: 0 6 * * 1 /home/avery/bin/report --week",
          "#SCRON --job-name=librarian-watchdog",
          "#SCRON --mem=512M",
          "*/5 * * * * cd /home/avery/usage && /home/avery/librarian/scripts/librarian watchdog",
          "   ",
          "#SCRON -t 0:30:00",
          "@daily /home/avery/bin/cleanup --older-than 30d",
          "# end",
          "");

  /**
   * The trial: scancel disables the stuck entry's five lines (written out here by hand, as Slurm
   * does); the scrontab written back differs from that only in those five lines, and equals the
   * original.
   */
  @Test
  void reArmingARealLifeScrontabChangesOnlyTheStuckEntrysLines() throws Exception {
    String cancelled =
        REAL_LIFE
            .replace(
                "#SCRON --job-name=librarian-run\n", "#DISABLED: #SCRON --job-name=librarian-run\n")
            .replace("#SCRON --time=00:09:00\n", "#DISABLED: #SCRON --time=00:09:00\n")
            .replace("#SCRON --mem=2G\n", "#DISABLED: #SCRON --mem=2G\n")
            .replace("#SCRON --qos=avery-cron\n", "#DISABLED: #SCRON --qos=avery-cron\n")
            .replace("*/10 * * * * cd", "#DISABLED: */10 * * * * cd");
    FakeSlurm slurm = new FakeSlurm(REAL_LIFE);
    slurm.scrontabAfterCancel = cancelled;
    slurm.add(
        "101", "avery", "PENDING", "launch failed requeued held", "librarian-run", "*/10 * * * *");
    slurm.add("102", "avery", "PENDING", "BeginTime", "librarian-watchdog", "*/5 * * * *");
    slurm.add(
        "103",
        "avery",
        "PENDING",
        "BeginTime",
        "/home/avery/bin/cleanup --older-than 30d",
        "@daily");
    Cli.Run run = cli(slurm).run("watchdog");
    assertEquals(0, run.code(), run.out() + run.err());
    assertTrue(run.out().contains("re-armed its scrontab entry (lines 5-9)"), run.out());

    List<String> before = List.of(cancelled.split("\n", -1));
    List<String> after = List.of(slurm.scrontab.split("\n", -1));
    assertEquals(before.size(), after.size());
    List<Integer> changed = new ArrayList<>();
    for (int i = 0; i < before.size(); i++) {
      if (!before.get(i).equals(after.get(i))) {
        changed.add(i + 1);
        assertEquals(before.get(i), "#DISABLED: " + after.get(i), "line " + (i + 1));
      }
    }
    assertEquals(List.of(5, 6, 7, 8, 9), changed, "only the re-armed entry's lines");
    assertEquals(REAL_LIFE, slurm.scrontab, "byte for byte the scrontab before the cancel");
    assertTrue(
        slurm.scrontab.contains("#DISABLED: 0 6 * * 1 /home/avery/bin/report --week"),
        "the user's stays off");
  }

  /**
   * An old, disabled copy of the same entry (same name and schedule) must not make the watchdog
   * give up.
   */
  @Test
  void anOldDisabledCopyOfTheStuckEntryIsNotReArmed() throws Exception {
    String withCopy =
        REAL_LIFE.replace(
            "# end\n",
            "#DISABLED: #SCRON --job-name=librarian-run\n"
                + "#DISABLED: */10 * * * * cd /home/avery/usage-old && /home/avery/librarian-0.0/librarian run\n# end\n");
    FakeSlurm slurm = new FakeSlurm(withCopy);
    slurm.scrontabAfterCancel =
        withCopy
            .replace(
                "#SCRON --job-name=librarian-run\n#SCRON --time",
                "#DISABLED: #SCRON --job-name=librarian-run\n" + "#DISABLED: #SCRON --time")
            .replace("#SCRON --mem=2G\n", "#DISABLED: #SCRON --mem=2G\n")
            .replace("#SCRON --qos=avery-cron\n", "#DISABLED: #SCRON --qos=avery-cron\n")
            .replace(
                "*/10 * * * * cd /home/avery/usage &&",
                "#DISABLED: */10 * * * * cd /home/avery/usage &&");
    slurm.add(
        "101", "avery", "PENDING", "launch failed requeued held", "librarian-run", "*/10 * * * *");
    Cli.Run run = cli(slurm).run("watchdog");
    assertEquals(0, run.code(), run.out() + run.err());
    assertEquals(withCopy, slurm.scrontab, "the stuck entry is back on; the old copy stays off");
  }
}
