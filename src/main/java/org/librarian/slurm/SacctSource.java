package org.librarian.slurm;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.librarian.common.AtomicFile;
import org.librarian.common.IsoTime;
import org.librarian.usage.JobRecord;
import org.librarian.usage.SeenRuns;
import org.librarian.usage.StepRecord;

/**
 * The one source of job records: live sacct, or a saved sacct file, both read by {@link
 * SacctReader} (or, for the runs a cache keeps, read back from it) into an accumulator of the
 * caller's ({@code A}).
 *
 * <ul>
 *   <li>Live: one sacct query ({@link SacctQuery}) for every QoS of a run, through the {@link
 *       CommandRunner} with the query's timeout, its output to a temporary file under the state
 *       directory that is deleted afterwards. With the cache of finished runs ({@link SacctCache})
 *       a run asks only for the runs active since the previous query (less {@value #MARGIN_SECONDS}
 *       s), and the accumulator sees each run once, from sacct or from the cache, never both.
 *   <li>A sacct that is missing, fails, times out or prints output cut short throws {@link
 *       SacctException}: nothing is counted and the cache is left as it was. The cache is replaced,
 *       atomically, only by an answer that was read whole and had rows. A cache that cannot be
 *       written (its directory not writable, a disk that fills) is a warning: the run counts what
 *       it read and leaves the cache as it was.
 *   <li>A saved file: {@link #readFile}, a large one in parallel parts ({@link SacctFileParts}).
 * </ul>
 */
public final class SacctSource {
  /**
   * How long before the previous query an incremental one starts, for records that reach slurmdbd
   * late.
   */
  static final long MARGIN_SECONDS = 3600;

  /** Below this size one thread is quicker than starting more. */
  static final long PARALLEL_THRESHOLD_BYTES = 8L << 20;

  /**
   * What a source gave: the accumulator, what the reader saw, how many rows sacct returned (-1 when
   * a file was read) and how it was asked ({@code full window}, {@code incremental since ...},
   * {@code file F}).
   */
  public record Result<A>(A records, SacctReader.Stats stats, long sacctRows, String how) {}

  /**
   * The settings of live queries.
   *
   * @param stateDir the cache of finished runs and sacct's temporary output live under it
   * @param reconcile a full query at least this often, so records that reached slurmdbd late come
   *     in
   */
  public record Live(
      String sacct,
      String pathVariable,
      ZoneId zone,
      String cluster,
      Duration timeout,
      Path stateDir,
      Duration reconcile) {}

  private final SacctProcess sacct;
  private final PrintWriter err;
  private final boolean verbose;

  public SacctSource(
      CommandRunner runner, PrintWriter err, boolean debug, boolean verbose, boolean progress) {
    this.sacct = new SacctProcess(runner, err, debug, verbose, progress);
    this.err = err;
    this.verbose = verbose;
  }

  /**
   * Asks sacct once for every QoS of the query. With {@code cacheable}, a cache of the finished
   * runs before the previous query lets it ask only for runs active since then (less a margin),
   * unless {@code full}, or the cache does not fit, or the last full query is older than the
   * reconcile period.
   */
  public <A extends SacctReader.Sink> Result<A> query(
      Live live,
      SacctQuery query,
      long windowStart,
      long now,
      boolean cacheable,
      boolean full,
      Supplier<A> accumulator)
      throws SacctException {
    if (Executables.find(live.sacct(), live.pathVariable()).isEmpty()) {
      throw new SacctException(
          live.sacct().contains("/")
              ? live.sacct() + " is not an executable file; check 'sacct:' in librarian.yaml"
              : live.sacct()
                  + " not found on PATH; is this a Slurm login node?"
                  + " Use --sacct-file to work from a saved file");
    }
    Path tmp = live.stateDir().resolve("tmp");
    AtomicFile.sweep(tmp);
    List<String> fields = SacctReader.requestedFields();
    Path cache = SacctCache.file(live.stateDir(), live.cluster(), query.cacheKey());
    long fullAt = now;
    if (cacheable && !full) {
      SacctCache.Found found = SacctCache.find(cache, live.cluster(), query.cacheKey(), fields);
      if (found == null) {
        note("no cache of finished jobs that fits; asking sacct for the whole window");
      } else if (found.queried() < windowStart || found.queried() > now) {
        note("the cache is from outside the window; asking sacct for the whole window");
      } else if (now - found.full() >= live.reconcile().toSeconds()) {
        note(
            "the last full query is older than "
                + live.reconcile().toHours()
                + " h; asking sacct for the whole window");
      } else {
        Result<A> incremental = incremental(live, query, found, windowStart, now, accumulator);
        if (incremental != null) {
          return incremental;
        }
        note("the cache does not fit this answer; asking sacct for the whole window");
      }
    }
    Path output = sacct.run(query, tmp);
    try {
      A records = accumulator.get();
      if (!cacheable) {
        SacctReader.Stats stats =
            SacctProcess.read(output, SacctReader.Format.of(null, live.zone()), records);
        return new Result<>(records, stats, stats.rowsRead(), "full window");
      }
      try (SacctCache.Builder next =
          builder(
              cache,
              null,
              live,
              query,
              now,
              fullAt,
              windowStart,
              e ->
                  err.println(
                      "warning: cannot write the cache "
                          + cache
                          + ": "
                          + e.getMessage()
                          + "; this run reads sacct's answer without keeping it, and every run"
                          + " asks for the whole window until the cache can be written"))) {
        if (next == null) {
          SacctReader.Stats stats =
              SacctProcess.read(output, SacctReader.Format.of(null, live.zone()), records);
          return new Result<>(records, stats, stats.rowsRead(), "full window");
        }
        SacctReader.Stats stats =
            SacctProcess.read(
                output, SacctReader.Format.of(null, live.zone()), keeping(records, next));
        // An answer with no rows at all may be a sacct that printed its header and nothing else; it
        // never becomes the cache, so the next run asks for the whole window again.
        if (stats.rowsRead() > 0) {
          commit(next, cache, true);
        }
        return new Result<>(records, stats, stats.rowsRead(), "full window");
      } catch (IOException e) {
        throw new SacctException(
            "cannot write the cache " + cache + ": " + e.getMessage(), null, e);
      }
    } finally {
      SacctProcess.delete(output);
    }
  }

  /**
   * The cache plus the runs active since its query, or null when the two do not fit together. The
   * runs sacct gives now win over the recent file's copies, and those over the base's. The new
   * recent file holds sacct's finished runs and the old recent file's others; the base is only
   * read, unless the recent file has grown enough to be folded into a new one ({@link
   * SacctCache.Found#compact}).
   */
  private <A extends SacctReader.Sink> Result<A> incremental(
      Live live,
      SacctQuery query,
      SacctCache.Found found,
      long windowStart,
      long now,
      Supplier<A> accumulator)
      throws SacctException {
    Instant since = Instant.ofEpochSecond(Math.max(windowStart, found.queried() - MARGIN_SECONDS));
    Path output = sacct.run(query.since(since), live.stateDir().resolve("tmp"));
    A records = accumulator.get();
    // The runs sacct gave now, and those and the recent file's together: older copies of them are
    // passed over (kept as packed numbers, not a String per run; each base row is looked up once).
    SeenRuns fresh = new SeenRuns();
    SeenRuns given = new SeenRuns();
    boolean compact = found.compact();
    Path cache = found.file();
    try (SacctCache.Builder next =
        builder(
            cache,
            compact ? null : found.base().id(),
            live,
            query,
            now,
            found.full(),
            windowStart,
            e -> note("cannot write the cache " + cache + ": " + e.getMessage()))) {
      if (next == null) {
        return null; // the full query that follows cannot write it either, and says so
      }
      SacctReader.Stats stats =
          SacctProcess.read(
              output,
              SacctReader.Format.of(null, live.zone()),
              keeping(records, next, fresh, given));
      long[] kept = {0};
      SacctReader.Sink rewritten = keeping(records, next);
      Set<String> open = null;
      if (found.recentFile() != null) {
        open =
            SacctCache.read(
                found.recentFile(),
                job -> {
                  given.add(job);
                  boolean keep = !fresh.contains(job) && job.end() >= windowStart;
                  kept[0] += keep ? 1 : 0;
                  return keep;
                },
                rewritten);
      }
      if (open != null || found.recentFile() == null) {
        if (found.base().once()) {
          // Read last, and passing over every run already given: each of its runs is new.
          records.newRunsOnly();
        }
        Set<String> baseOpen =
            SacctCache.read(
                cache,
                job -> {
                  boolean keep = !given.contains(job) && job.end() >= windowStart;
                  kept[0] += keep ? 1 : 0;
                  return keep;
                },
                compact ? rewritten : records);
        // The runs open at the last query: the recent file's when there is one.
        open = baseOpen == null ? null : found.recentFile() == null ? baseOpen : open;
      }
      if (open == null || !open.stream().allMatch(fresh::containsKey)) {
        return null;
      }
      commit(next, cache, compact);
      SacctReader.Stats all =
          new SacctReader.Stats(
              stats.rowsRead() + kept[0], stats.steps(), stats.malformed(), stats.problems());
      return new Result<>(
          records,
          all,
          stats.rowsRead(),
          "incremental since " + IsoTime.of(since.getEpochSecond(), live.zone()));
    } catch (IOException e) {
      throw new SacctException("cannot write the cache " + cache + ": " + e.getMessage(), null, e);
    } finally {
      SacctProcess.delete(output);
    }
  }

  /**
   * A new cache file for {@code cache}, or null when none can be made beside it (a cache directory
   * that cannot be written): {@code failed} is told why, and the run goes on without the cache,
   * which is only there to shorten sacct's answers.
   */
  private static SacctCache.Builder builder(
      Path cache,
      String baseId,
      Live live,
      SacctQuery query,
      long now,
      long full,
      long windowStart,
      Consumer<IOException> failed) {
    try {
      return new SacctCache.Builder(
          cache,
          baseId,
          live.cluster(),
          query.cacheKey(),
          SacctReader.requestedFields(),
          now,
          full,
          windowStart);
    } catch (IOException e) {
      failed.accept(e);
      return null;
    }
  }

  /**
   * Puts a new cache file in place; a new base makes the recent file beside it stale, so it is
   * deleted (one that stays, because the deletion failed or the run was killed first, names the old
   * base and is passed over).
   */
  private void commit(SacctCache.Builder next, Path cache, boolean base) {
    try {
      next.commit();
    } catch (IOException e) {
      err.println(
          "warning: cannot write the cache "
              + (base ? cache : SacctCache.recentFile(cache))
              + ": "
              + e.getMessage()
              + "; the cache is left as it was");
      return;
    }
    if (base) {
      try {
        Files.deleteIfExists(SacctCache.recentFile(cache));
      } catch (IOException e) {
        note("cannot delete " + SacctCache.recentFile(cache) + ": " + e.getMessage());
      }
    }
  }

  /**
   * A sink that gives each record to the accumulator and to the next cache, and notes its run in
   * each of {@code seen}.
   */
  private static SacctReader.Sink keeping(
      SacctReader.Sink records, SacctCache.Builder next, SeenRuns... seen) {
    return new SacctReader.Sink() {
      @Override
      public void job(JobRecord job) {
        records.job(job);
        for (SeenRuns s : seen) {
          s.add(job);
        }
        try {
          next.add(job);
        } catch (IOException e) {
          throw new UncheckedIOException(e); // interrupted: a failed write waits for commit
        }
      }

      @Override
      public void malformed(String qos) {
        records.malformed(qos);
      }

      @Override
      public void step(StepRecord step) {
        records.step(step);
        try {
          next.addStep(step);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  private void note(String message) {
    if (verbose) {
      err.println(message);
    }
  }

  /**
   * Reads a saved sacct file. A file of {@value #PARALLEL_THRESHOLD_BYTES} bytes or more is cut at
   * line ends into {@code parts} parts read in parallel ({@link SacctFileParts}); each part is read
   * into its own accumulator and they are merged in order, which gives exactly the one-thread
   * result when the accumulator's sums are exact. {@link Result#sacctRows()} is -1.
   */
  public static <A extends SacctReader.Sink> Result<A> readFile(
      Path file,
      SacctReader.Format format,
      int parts,
      Supplier<A> accumulator,
      BinaryOperator<A> merge)
      throws SacctException {
    return readFile(file, format, parts, PARALLEL_THRESHOLD_BYTES, accumulator, merge);
  }

  /** {@link #readFile} with its own threshold below which one thread reads the whole file. */
  static <A extends SacctReader.Sink> Result<A> readFile(
      Path file,
      SacctReader.Format format,
      int parts,
      long thresholdBytes,
      Supplier<A> accumulator,
      BinaryOperator<A> merge)
      throws SacctException {
    try {
      return SacctFileParts.read(file, format, parts, thresholdBytes, accumulator, merge);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SacctException("interrupted while reading " + file);
    } catch (SacctFormatException e) {
      throw new SacctException(file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new SacctException("cannot read " + file + ": " + e.getMessage(), null, e);
    }
  }
}
