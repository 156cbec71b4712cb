package org.librarian.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in {@code sacct} for the benchmark's live runs: a script that answers a full query (a
 * {@code --starttime} more than a day before the month's end) with the whole synthetic month and
 * any later start (an incremental query) with the rows active in the last hour, as slurmdbd would
 * answer them, in the columns and with the delimiter librarian asks for. The month is a file of
 * {@link SyntheticSacct} moved in time so that it ends at the moment it is made (a live run cannot
 * pretend another present), with the columns it lacks filled in: Eligible is Submit, ReqCPUS is
 * NCPUS, ReqTRES is AllocTRES, Reason None, Partition batch, JobName one of five per user,
 * TimelimitRaw three days; a step has NTasks 1.
 */
final class StandInSacct {
  /** The columns librarian asks sacct for, in its order ({@code SacctReader.requestedFields}). */
  private static final List<String> REQUESTED = org.librarian.slurm.SacctReader.requestedFields();

  private static final String D = "\u001f";
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private StandInSacct() {}

  /** What was made: the script, and the rows of each answer. */
  record Made(Path script, long fullRows, long recentRows) {}

  /**
   * Writes {@code dir/sacct} and its two answers from {@code month} (written for {@code then}),
   * moved so that the month ends at {@code now}.
   */
  static Made write(Path month, Instant then, Instant now, ZoneId zone, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    Path full = dir.resolve("answer-full.txt");
    Path recent = dir.resolve("answer-recent.txt");
    long shift = now.getEpochSecond() - then.getEpochSecond();
    long recentFrom = now.getEpochSecond() - 3600;
    long fullRows = 0;
    long recentRows = 0;
    try (BufferedReader in = Files.newBufferedReader(month, StandardCharsets.UTF_8);
        BufferedWriter all = Files.newBufferedWriter(full, StandardCharsets.UTF_8);
        BufferedWriter last = Files.newBufferedWriter(recent, StandardCharsets.UTF_8)) {
      String[] header = in.readLine().split("\\|", -1);
      Map<String, Integer> at = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        at.put(header[i], i);
      }
      String head = String.join(D, REQUESTED) + "\n";
      all.write(head);
      last.write(head);
      boolean keptJob = false;
      String[] out = new String[REQUESTED.size()];
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split("\\|", -1);
        for (String name : List.of("Submit", "Start", "End")) {
          f[at.get(name)] = moved(f[at.get(name)], shift);
        }
        boolean step = f[at.get("JobID")].indexOf('.') >= 0;
        Arrays.fill(out, "");
        for (int i = 0; i < out.length; i++) {
          Integer from = at.get(REQUESTED.get(i));
          if (from != null) {
            out[i] = f[from];
          }
        }
        if (step) {
          set(out, "NTasks", "1");
        } else {
          String raw = f[at.get("JobIDRaw")];
          set(out, "Eligible", f[at.get("Submit")]);
          set(out, "ReqCPUS", f[at.get("NCPUS")]);
          set(out, "ReqTRES", f[at.get("AllocTRES")]);
          set(out, "Reason", "None");
          set(out, "Partition", "batch");
          set(out, "JobName", f[at.get("User")] + "-run-" + Long.parseLong(raw) % 5);
          set(out, "TimelimitRaw", "4320");
          String end = f[at.get("End")];
          keptJob = end.equals("Unknown") || Long.parseLong(end) >= recentFrom;
        }
        String row = String.join(D, out) + "\n";
        all.write(row);
        fullRows++;
        if (keptJob) {
          last.write(row);
          recentRows++;
        }
      }
    }
    // An ISO local time compares as text: before the threshold is the full window.
    String threshold = LOCAL.format(LocalDateTime.ofInstant(now.minusSeconds(86_400), zone));
    Path script = dir.resolve("sacct");
    try (Writer w = Files.newBufferedWriter(script, StandardCharsets.UTF_8)) {
      w.write(
          "#!/bin/bash\n"
              + "# A stand-in sacct for the benchmark's live runs (CentreBench).\n"
              + "for a in \"$@\"; do\n"
              + "  case \"$a\" in --starttime=*) start=\"${a#--starttime=}\" ;; esac\n"
              + "done\n"
              + "if [[ \"$start\" < \""
              + threshold
              + "\" ]]; then\n"
              + "  exec cat '"
              + full
              + "'\n"
              + "fi\n"
              + "exec cat '"
              + recent
              + "'\n");
    }
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new Made(script, fullRows, recentRows);
  }

  private static void set(String[] out, String field, String value) {
    out[REQUESTED.indexOf(field)] = value;
  }

  private static String moved(String time, long shift) {
    return time.isEmpty() || time.equals("Unknown")
        ? time
        : String.valueOf(Long.parseLong(time) + shift);
  }
}
