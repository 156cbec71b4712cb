package org.librarian.usage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Jobs grouped into families: the same user and the same job name once its trailing number is taken
 * away ({@code align_17} and {@code align_18} are {@code align_#}; {@code run_3_7} is {@code
 * run_#}). A job without a name (a saved file with no JobName column) that is an array task belongs
 * to its array ({@code 123_4} and {@code 123_[4-6]} are {@code array 123}); any other job without a
 * name to {@code (no name)}. The name is kept as read: writers escape it.
 *
 * <p>Per family, over the jobs that ended in the window and are counted for efficiency: jobs,
 * CPU-hours held and used, the 95th percentile of peak memory and of elapsed, the medians of CPU
 * efficiency and time efficiency (TIMEOUT jobs left out of the latter and counted apart), and the
 * OUT_OF_MEMORY kills. Percentiles are nearest-rank ({@link NearestRank}). A family keeps every job
 * (the drill-down lists them all) as columns ({@link FamilyJobs}); its figures and records are made
 * at report time, one family at a time.
 */
public final class JobFamilies {
  /** Digits at the end of a name, with any digits and separators just before them. */
  private static final Pattern TRAILING_NUMBER = Pattern.compile("\\d+(?:[_.\\-]\\d+)*$");

  /**
   * Each user's families by name: two lookups of strings already made, rather than one of a key
   * joined from both for every job.
   */
  private final Map<String, Map<String, Sums>> byUser = new HashMap<>();

  /**
   * One family over the window.
   *
   * @param peakMemoryP95Kib 95th percentile of the jobs' peak memory in KiB, -1 when none known
   * @param elapsedP95Seconds 95th percentile of the jobs' elapsed time in seconds
   * @param cpuEfficiencyP50 median of the jobs' CPU used ÷ held, or null
   * @param timeEfficiencyP50 median of elapsed ÷ time limit over the jobs that did not time out, or
   *     null
   * @param timeouts jobs that ended in TIMEOUT
   * @param outOfMemory jobs that ended in OUT_OF_MEMORY
   * @param rightSize what the family should ask for ({@link RightSize}); shown for families of
   *     enough jobs ({@link EfficiencyReport#rightSize()})
   * @param ended every job of the family that ended in the window, latest first (ties by JobID),
   *     for the page's drill-down; the engine's list is a view whose records are made when read
   *     (the jobs themselves are kept as columns, {@link FamilyJobs})
   */
  public record Family(
      String user,
      String name,
      long jobs,
      long cpuHeldSeconds,
      long cpuUsedMillis,
      long peakMemoryP95Kib,
      long elapsedP95Seconds,
      Double cpuEfficiencyP50,
      Double timeEfficiencyP50,
      long timeouts,
      long outOfMemory,
      RightSize rightSize,
      List<Job> ended) {
    public double cpuHeldHours() {
      return cpuHeldSeconds / 3600.0;
    }

    public double cpuUsedHours() {
      return cpuUsedMillis / 3_600_000.0;
    }
  }

  /**
   * One job of a family, as the drill-down shows it.
   *
   * @param waitSeconds Start − Eligible, or -1 when either is unknown
   * @param end when it ended, epoch seconds
   * @param timeEfficiency elapsed ÷ time limit, or null
   * @param cpuEfficiency CPU time used ÷ held, or null
   * @param memoryEfficiency peak memory ÷ allocated, or null
   */
  public record Job(
      String jobId,
      String name,
      JobState state,
      long waitSeconds,
      long elapsedSeconds,
      long end,
      Double timeEfficiency,
      Double cpuEfficiency,
      Double memoryEfficiency) {}

  /** The family name of a job: its name without the trailing number, else its array, else none. */
  public static String familyName(String jobId, String name) {
    String n = name == null ? "" : name.strip();
    if (!n.isEmpty()) {
      return withoutTrailingNumber(n);
    }
    int underscore = jobId.indexOf('_');
    if (underscore > 0) {
      return "array " + jobId.substring(0, underscore);
    }
    return "(no name)";
  }

  /**
   * {@link #TRAILING_NUMBER} replaced by "#", as {@code replaceFirst} does, without a regular
   * expression when the name ends in a digit (the regex, tried at every position of every job's
   * name, was a tenth of a centre's counting): the match is then the longest run of digits, each
   * group after the first behind one separator, that ends the name. A name that ends in neither a
   * digit nor a line terminator (before which {@code $} also matches) has no match.
   */
  private static String withoutTrailingNumber(String n) {
    char last = n.charAt(n.length() - 1);
    if (!digit(last)) {
      boolean terminator =
          last == '\n' || last == '\r' || last == '\u0085' || last == '\u2028' || last == '\u2029';
      return terminator ? TRAILING_NUMBER.matcher(n).replaceFirst("#") : n;
    }
    int start = n.length() - 1;
    while (true) {
      while (start > 0 && digit(n.charAt(start - 1))) {
        start--;
      }
      char before = start > 1 ? n.charAt(start - 1) : 'x';
      if ((before == '_' || before == '.' || before == '-') && digit(n.charAt(start - 2))) {
        start -= 2;
      } else {
        return n.substring(0, start) + "#";
      }
    }
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  void add(JobUse j) {
    String family = familyName(j.job().jobId(), j.job().name());
    Sums s = sums(j.job().user(), family);
    s.held = Math.addExact(s.held, j.cpuHeldSeconds());
    s.used = Math.addExact(s.used, j.cpuUsedMillis());
    s.jobs.add(j);
  }

  void merge(JobFamilies other) {
    for (Map<String, Sums> families : other.byUser.values()) {
      for (Sums theirs : families.values()) {
        Sums s = sums(theirs.user, theirs.name);
        s.held = Math.addExact(s.held, theirs.held);
        s.used = Math.addExact(s.used, theirs.used);
        s.jobs.addAll(theirs.jobs);
      }
    }
  }

  private Sums sums(String user, String family) {
    return byUser
        .computeIfAbsent(user, u -> new HashMap<>())
        .computeIfAbsent(family, f -> new Sums(user, family));
  }

  /** Every family, most CPU-hours held first, then by user and name. */
  List<Family> report() {
    List<Family> all = new ArrayList<>();
    for (Map<String, Sums> families : byUser.values()) {
      for (Sums s : families.values()) {
        all.add(s.family());
      }
    }
    all.sort(
        Comparator.comparingLong((Family f) -> -f.cpuHeldSeconds())
            .thenComparing(Family::user)
            .thenComparing(Family::name));
    return all;
  }

  private static final class Sums {
    final String user;
    final String name;
    long held;
    long used;
    final FamilyJobs jobs = new FamilyJobs();

    Sums(String user, String name) {
      this.user = user;
      this.name = name;
    }

    /** The family's figures, gathered from its columns for this family alone. */
    Family family() {
      NearestRank.Doubles memory = new NearestRank.Doubles();
      NearestRank.Doubles elapsed = new NearestRank.Doubles();
      NearestRank.Doubles cpuEfficiency = new NearestRank.Doubles();
      NearestRank.Doubles timeEfficiency = new NearestRank.Doubles();
      long timeouts = 0;
      long outOfMemory = 0;
      for (int i = 0; i < jobs.size(); i++) {
        if (jobs.peakKib(i) >= 0) {
          memory.add(jobs.peakKib(i));
        }
        elapsed.add(jobs.elapsedSeconds(i));
        if (!Double.isNaN(jobs.cpuEfficiency(i))) {
          cpuEfficiency.add(jobs.cpuEfficiency(i));
        }
        JobState state = jobs.state(i);
        if (state == JobState.TIMEOUT) {
          timeouts++;
        } else if (!Double.isNaN(jobs.timeEfficiency(i))) {
          timeEfficiency.add(jobs.timeEfficiency(i));
        }
        if (state == JobState.OUT_OF_MEMORY) {
          outOfMemory++;
        }
      }
      long memoryP95 = NearestRank.ofWhole(memory, 0.95);
      long elapsedP95 = NearestRank.ofWhole(elapsed, 0.95);
      return new Family(
          user,
          name,
          jobs.size(),
          held,
          used,
          memoryP95,
          elapsedP95,
          NearestRank.of(cpuEfficiency, 0.5),
          NearestRank.of(timeEfficiency, 0.5),
          timeouts,
          outOfMemory,
          RightSize.of(jobs, memoryP95, elapsedP95),
          jobs.latestFirst());
    }
  }
}
