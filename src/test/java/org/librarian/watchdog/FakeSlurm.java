package org.librarian.watchdog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.librarian.slurm.Command;
import org.librarian.slurm.CommandResult;
import org.librarian.slurm.CommandRunner;

/**
 * squeue, scontrol, scancel and scrontab of one user, behaving as SLURM-FACTS.md records for Slurm
 * 22.05: scancel of a cron job disables its entry with "#DISABLED: "; scontrol release of a cron
 * job is refused; writing the scrontab back queues a new cron job, under a new id, for each active
 * entry.
 */
final class FakeSlurm implements CommandRunner {
  /** One queued job; {@code spec} is null for an ordinary job. */
  record Job(String id, String user, String state, String reason, String name, String spec) {
    /** The same job once it has started. */
    Job running() {
      return new Job(id, user, "RUNNING", "None", name, spec);
    }
  }

  final List<Job> jobs = new ArrayList<>();
  final List<String> calls = new ArrayList<>();
  final String template;
  String scrontab;
  boolean explicitScancel;
  boolean releaseHeals;
  int nextId = 500;

  /**
   * When set, what scancel of a cron job leaves as the scrontab (written out by hand), instead of
   * working it out.
   */
  String scrontabAfterCancel;

  FakeSlurm(String scrontab) throws IOException {
    this.scrontab = scrontab;
    this.template =
        Files.readString(Path.of("src/test/resources/watchdog/scontrol-cron-job.txt")).strip();
  }

  Job add(String id, String user, String state, String reason, String name, String spec) {
    Job j = new Job(id, user, state, reason, name, spec);
    jobs.add(j);
    return j;
  }

  Job job(String id) {
    return jobs.stream().filter(j -> j.id().equals(id)).findFirst().orElse(null);
  }

  /** Job {@code id} starts, as squeue and scontrol show it from now on. */
  void start(String id) {
    jobs.replaceAll(j -> j.id().equals(id) ? j.running() : j);
  }

  @Override
  public CommandResult run(Command c) {
    try {
      return answer(c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CommandResult answer(Command c) throws IOException {
    List<String> a = c.argv();
    calls.add(String.join(" ", a));
    switch (a.get(0)) {
      case "squeue" -> {
        StringBuilder out = new StringBuilder();
        String only =
            a.stream()
                .filter(s -> s.startsWith("--jobs="))
                .map(s -> s.substring(7))
                .findFirst()
                .orElse(null);
        for (Job j : jobs) {
          if (only == null || j.id().equals(only)) {
            // Printed the way squeue's %r prints reasons: with spaces.
            out.append(j.id())
                .append('|')
                .append(j.user())
                .append('|')
                .append(j.state())
                .append('|')
                .append(j.reason().replace('_', ' '))
                .append('|')
                .append(j.name())
                .append('\n');
          }
        }
        return new CommandResult(0, out.toString(), "");
      }
      case "scontrol" -> {
        if (a.get(1).equals("show")) {
          Job j = job(a.get(4));
          if (j == null) {
            return new CommandResult(1, "", "slurm_load_jobs error: Invalid job id specified\n");
          }
          return new CommandResult(
              0,
              template
                      .replace("@ID@", j.id())
                      .replace("@NAME@", j.name())
                      .replace("@USER@", j.user())
                      .replace("@REASON@", j.reason().replace(' ', '_'))
                      .replace("@CRON@", j.spec() == null ? "No" : "Yes")
                      .replace("@SPEC@", j.spec() == null ? "" : j.spec())
                  + "\n",
              "");
        }
        if (a.get(1).equals("release")) {
          Job j = job(a.get(2));
          if (j.spec() != null) {
            // What Slurm 22.05 said, recorded (resources/watchdog/real-22.05).
            String said =
                Files.readString(
                    Path.of(
                        "src/test/resources/watchdog/real-22.05/scontrol-release-154.stderr.txt"));
            return new CommandResult(1, "", said.replace("154", j.id()));
          }
          if (releaseHeals) {
            start(j.id());
          }
          return new CommandResult(0, "", "");
        }
        throw new AssertionError("unexpected " + a);
      }
      case "scancel" -> {
        boolean cron = a.contains("--cron");
        Job j = job(a.get(a.size() - 1));
        if (j.spec() != null && explicitScancel && !cron) {
          return new CommandResult(
              1,
              "",
              "scancel: error: Kill job error on job id "
                  + j.id
                  + ": Cannot cancel scrontab jobs without the --cron flag\n");
        }
        jobs.remove(j);
        if (j.spec() != null && scrontabAfterCancel != null) {
          scrontab = scrontabAfterCancel;
        } else if (j.spec() != null) {
          disableEntryOf(j);
        }
        return new CommandResult(0, "", "");
      }
      case "scrontab" -> {
        if (a.get(1).equals("-l")) {
          return new CommandResult(0, scrontab, "");
        }
        try {
          scrontab = Files.readString(Path.of(a.get(1)));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        requeueActiveEntries();
        return new CommandResult(0, "", "");
      }
      default -> throw new AssertionError("unexpected " + a);
    }
  }

  private void disableEntryOf(Job j) {
    Scrontab tab = Scrontab.parse(scrontab);
    Scrontab.Entry e = tab.find(j.name(), j.spec()).get(0);
    List<String> lines = new ArrayList<>(List.of(scrontab.split("\n", -1)));
    for (int n : e.lines()) {
      lines.set(n, Scrontab.DISABLED + lines.get(n));
    }
    scrontab = String.join("\n", lines);
  }

  private void requeueActiveEntries() {
    for (Scrontab.Entry e : Scrontab.parse(scrontab).entries()) {
      String name = e.jobName() != null ? e.jobName() : e.command();
      boolean queued = jobs.stream().anyMatch(j -> j.name().equals(name) && j.spec() != null);
      if (!e.disabled() && !queued) {
        add(String.valueOf(nextId++), "avery", "PENDING", "BeginTime", name, e.spec());
      }
    }
  }
}
