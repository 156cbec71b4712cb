package org.librarian.slurm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which column of a sacct text holds each field librarian reads, found by the header's names in any
 * order, case-insensitive, a {@code %width} suffix ignored; -1 for a field the text does not have.
 * Built only when User, Start and NCPUS (or AllocCPUS, or AllocTRES) are there: without them no
 * usage can be counted. Also the list of fields librarian asks sacct for.
 *
 * @param count how many fields a row has (a trailing empty name, from {@code -p}, not counted)
 * @param trailing whether the header ended with the delimiter ({@code -p}), so rows do too
 */
record SacctFields(
    int count,
    boolean trailing,
    int jobId,
    int user,
    int qos,
    int state,
    int start,
    int end,
    int elapsedRaw,
    int cpus,
    int allocTres,
    int reqMem,
    int nodes,
    int totalCpu,
    int maxRss,
    int tresUsageInTot,
    int tresUsageInAve,
    int eligible,
    int reqCpus,
    int reqTres,
    int reason,
    int partition,
    int account,
    int submit,
    int jobName,
    int tasks,
    int timelimitRaw,
    int timelimit) {

  /**
   * The fields librarian asks sacct for, in this order; only JobName can hold {@code |}, none the
   * delimiter ({@link SacctQuery#DELIMITER}).
   */
  static final List<String> REQUESTED =
      List.of(
          "JobID",
          "JobIDRaw",
          "User",
          "Account",
          "QOS",
          "State",
          "Submit",
          "Start",
          "End",
          "ElapsedRaw",
          "NCPUS",
          "NNodes",
          "ReqMem",
          "AllocTRES",
          "TotalCPU",
          "MaxRSS",
          "TRESUsageInTot",
          "TRESUsageInAve",
          "Eligible",
          "ReqCPUS",
          "ReqTRES",
          "Reason",
          "Partition",
          "JobName",
          "NTasks",
          "TimelimitRaw");

  /** Names that mark a line as a header: two of them on one line and it is not data. */
  private static final List<String> KNOWN =
      List.of(
          "JOBID",
          "JOBIDRAW",
          "USER",
          "STATE",
          "START",
          "END",
          "SUBMIT",
          "NCPUS",
          "ALLOCCPUS",
          "ALLOCTRES",
          "REQMEM",
          "ELAPSEDRAW",
          "ACCOUNT",
          "QOS");

  /** Whether the cut line names at least two sacct fields, and so is a header rather than a row. */
  static boolean looksLikeHeader(SacctLine line) {
    int known = 0;
    for (int i = 0; i < line.size(); i++) {
      if (KNOWN.contains(line.get(i).strip().toUpperCase(Locale.ROOT))) {
        known++;
      }
    }
    return known >= 2;
  }

  /** Whether the names include QOS, so that rows can be told apart by QoS. */
  static boolean hasQos(List<String> names) {
    return names.stream().anyMatch(n -> n.strip().equalsIgnoreCase("QOS"));
  }

  /** The column of JobID (else JobIDRaw) among {@code names}, or -1. */
  static int jobIdColumn(List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i).strip();
      if (name.equalsIgnoreCase("JobID") || name.equalsIgnoreCase("JobIDRaw")) {
        return i;
      }
    }
    return -1;
  }

  /** The columns of a header's names; refused when a field that usage needs is missing. */
  static SacctFields of(List<String> names) throws SacctFormatException {
    List<String> list = new ArrayList<>(names);
    boolean trailing = !list.isEmpty() && list.get(list.size() - 1).isBlank();
    if (trailing) {
      list.remove(list.size() - 1);
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      // sacct may print a width suffix in a header made from --format=JobName%30; keep the name.
      String key = list.get(i).strip().toUpperCase(Locale.ROOT).replaceAll("%\\d*$", "");
      index.putIfAbsent(key, i);
    }
    int user = index.getOrDefault("USER", -1);
    int start = index.getOrDefault("START", -1);
    int cpus = index.getOrDefault("NCPUS", index.getOrDefault("ALLOCCPUS", -1));
    int tres = index.getOrDefault("ALLOCTRES", -1);
    List<String> missing = new ArrayList<>();
    if (user < 0) {
      missing.add("User");
    }
    if (start < 0) {
      missing.add("Start");
    }
    if (cpus < 0 && tres < 0) {
      missing.add("NCPUS (or AllocCPUS, or AllocTRES)");
    }
    if (!missing.isEmpty()) {
      throw new SacctFormatException(
          "the sacct output has no "
              + String.join(", no ", missing)
              + " column; its fields are: "
              + String.join(",", list));
    }
    return new SacctFields(
        list.size(),
        trailing,
        index.getOrDefault("JOBID", index.getOrDefault("JOBIDRAW", -1)),
        user,
        index.getOrDefault("QOS", -1),
        index.getOrDefault("STATE", -1),
        start,
        index.getOrDefault("END", -1),
        index.getOrDefault("ELAPSEDRAW", -1),
        cpus,
        tres,
        index.getOrDefault("REQMEM", -1),
        index.getOrDefault("NNODES", index.getOrDefault("ALLOCNODES", -1)),
        index.getOrDefault("TOTALCPU", -1),
        index.getOrDefault("MAXRSS", -1),
        index.getOrDefault("TRESUSAGEINTOT", -1),
        index.getOrDefault("TRESUSAGEINAVE", -1),
        index.getOrDefault("ELIGIBLE", -1),
        index.getOrDefault("REQCPUS", -1),
        index.getOrDefault("REQTRES", -1),
        index.getOrDefault("REASON", -1),
        index.getOrDefault("PARTITION", -1),
        index.getOrDefault("ACCOUNT", -1),
        index.getOrDefault("SUBMIT", -1),
        index.getOrDefault("JOBNAME", -1),
        index.getOrDefault("NTASKS", -1),
        index.getOrDefault("TIMELIMITRAW", -1),
        index.getOrDefault("TIMELIMIT", -1));
  }
}
