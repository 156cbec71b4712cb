package org.librarian.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.librarian.testing.RecordSink;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.Request;
import org.librarian.usage.StepRecord;

/**
 * The cache's binary records read back exactly as they were written, and a cache that is cut short,
 * changed or of another version is refused (the caller then makes a full query).
 */
class SacctCacheTest {
  static final long U = JobRecord.UNKNOWN;
  static final long WINDOW = 1_700_000_000L;
  static final List<String> QOS = List.of("avery");

  @TempDir Path tmp;

  /** Every field set, the extremes of a long, and strings no text form would keep as they are. */
  static final JobRecord FULL =
      new JobRecord(
          "4242_7",
          "ann",
          "avery",
          JobState.CANCELLED,
          WINDOW + 10,
          WINDOW + 3_610,
          3_600,
          Long.MAX_VALUE,
          0,
          -1,
          123_456_789_012L,
          new Request(WINDOW - 60, 64, 2, 1L << 40, "QOSGrpCpuLimit", "gpu,batch", "lab-a"),
          new JobRecord.Origin("lab-a", "gpu,batch", WINDOW - 120),
          new JobRecord.Detail("fit|\"λ\" <b> 🦉 \ud800 end", 172_800, 64, 2));

  /** Every sentinel: unknown times and counts, no request, no origin, no detail. */
  static final JobRecord SENTINELS =
      new JobRecord(
          "17",
          "bob",
          "",
          JobState.REQUEUED,
          U,
          WINDOW,
          U,
          0,
          0,
          0,
          U,
          null,
          null,
          JobRecord.Detail.NONE);

  /** A request of unknowns and an origin of empty strings, beside {@link #SENTINELS}. */
  static final JobRecord EMPTY_PARTS =
      new JobRecord(
          "18",
          "bob",
          "b",
          JobState.TIMEOUT,
          WINDOW,
          WINDOW + 1,
          1,
          1,
          1,
          1,
          Long.MIN_VALUE + 1,
          new Request(U, U, U, U, "", "", ""),
          new JobRecord.Origin("", "", U),
          new JobRecord.Detail("", U, U, U));

  static final StepRecord STEP_FULL =
      new StepRecord("4242_7", 5_000, 4_999, 1L << 30, 3, Long.MAX_VALUE, 37.5, Long.MIN_VALUE + 1);

  /** Unknowns as a step has them, and a NaN with a payload of its own. */
  static final StepRecord STEP_SENTINELS =
      new StepRecord(
          "4242_7", U, U, -1, -1, -1, Double.longBitsToDouble(0x7ff8_0000_0000_0123L), -1);

  static final StepRecord STEP_NEGATIVE_ZERO = new StepRecord("17", 0, 0, 0, 0, 0, -0.0, 0);

  record Read(Set<String> open, List<JobRecord> jobs, List<StepRecord> steps) {}

  Path file() {
    return SacctCache.file(tmp, "c1", QOS);
  }

  void write(List<Object> records) throws IOException {
    try (SacctCache.Builder b =
        new SacctCache.Builder(
            file(),
            null,
            "c1",
            QOS,
            SacctReader.requestedFields(),
            WINDOW + 7200,
            WINDOW,
            WINDOW)) {
      for (Object r : records) {
        if (r instanceof JobRecord j) {
          b.add(j);
        } else {
          b.addStep((StepRecord) r);
        }
      }
      b.commit();
    }
  }

  Read read() {
    List<JobRecord> jobs = new ArrayList<>();
    List<StepRecord> steps = new ArrayList<>();
    Set<String> open = SacctCache.read(file(), j -> true, new RecordSink(jobs::add, steps::add));
    return new Read(open, jobs, steps);
  }

  @Test
  void everyFieldAndEverySentinelReadsBackExactly() throws Exception {
    JobRecord running =
        new JobRecord(
            "99", "cyd", "avery", JobState.RUNNING, WINDOW + 5, U, U, 1, 0, 0, U, null, null, null);
    JobRecord pending =
        new JobRecord(
            "100", "cyd", "avery", JobState.PENDING, U, U, U, 1, 0, 0, U, null, null, null);
    write(
        List.of(
            FULL,
            STEP_FULL,
            STEP_SENTINELS,
            running,
            pending,
            SENTINELS,
            STEP_NEGATIVE_ZERO,
            EMPTY_PARTS));
    Read r = read();
    assertEquals(List.of(FULL, SENTINELS, EMPTY_PARTS), r.jobs());
    assertEquals(List.of(STEP_FULL, STEP_SENTINELS, STEP_NEGATIVE_ZERO), r.steps());
    // Record equality folds every NaN into one and tells -0.0 from 0.0; the bits must be the same.
    assertEquals(
        0x7ff8_0000_0000_0123L, Double.doubleToRawLongBits(r.steps().get(1).gpuUtilPercent()));
    assertEquals(
        Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(r.steps().get(2).gpuUtilPercent()));
    assertEquals("fit|\"λ\" <b> 🦉 \ud800 end", r.jobs().get(0).name());
    // Only the run that had started and not ended is watched: 99 started at WINDOW + 5.
    assertEquals(Set.of("99@" + (WINDOW + 5)), r.open());
    // SENTINELS' step follows it; a step of the running job would not have been kept.
    assertEquals("17", r.steps().get(2).jobId());
  }

  @Test
  void theStringTableStopsGrowingAndStillReadsBackEveryName() throws Exception {
    // 70,000 names all different, then the first ones again: past 65,536 new names are written in
    // full, and names seen before the limit come from the table.
    List<Object> records = new ArrayList<>();
    List<JobRecord> jobs = new ArrayList<>();
    for (int i = 0; i < 70_000 + 10; i++) {
      int n = i < 70_000 ? i : i - 70_000;
      JobRecord j = ended(i, "u" + (i % 300), "name-" + n);
      records.add(j);
      jobs.add(j);
    }
    write(records);
    assertEquals(jobs, read().jobs());
  }

  /**
   * The records are written on a thread of their own; when that writing fails (here a full disk: a
   * 256 KiB file system, filled with job names that do not compress), the builder says so and no
   * cache, whole or partial, is left: the previous one would stay, and the next run asks sacct for
   * the whole window.
   */
  @Test
  void aCacheThatCannotBeWrittenIsRefusedAndLeavesNothing() throws Exception {
    Path disk = Files.createDirectories(tmp.resolve("small"));
    mount("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk.toString());
    try {
      Path file = SacctCache.file(disk, "c1", QOS);
      SplittableRandom random = new SplittableRandom(1);
      IOException thrown =
          assertThrows(
              IOException.class,
              () -> {
                try (SacctCache.Builder b =
                    new SacctCache.Builder(
                        file,
                        null,
                        "c1",
                        QOS,
                        SacctReader.requestedFields(),
                        WINDOW,
                        WINDOW,
                        WINDOW)) {
                  for (int i = 0; i < 100_000; i++) {
                    StringBuilder name = new StringBuilder();
                    for (int c = 0; c < 40; c++) {
                      name.append((char) ('!' + random.nextInt(90)));
                    }
                    b.add(ended(i, "u", name.toString()));
                  }
                  b.commit();
                }
              });
      assertTrue(
          String.valueOf(thrown.getMessage()).contains("No space left on device"),
          String.valueOf(thrown.getMessage()));
      try (var left = Files.walk(disk)) {
        assertEquals(List.of(), left.filter(Files::isRegularFile).toList());
      }
    } finally {
      mount("umount", disk.toString());
    }
  }

  /**
   * A writing thread that dies of an Error (here a stand-in out-of-memory from the stream) does not
   * leave the reader waiting on a queue nobody empties: the reader gets the Error.
   */
  @Test
  void aWriterThatDiesOfAnErrorStopsTheReaderInsteadOfHangingIt() throws Exception {
    OutputStream dying =
        new OutputStream() {
          @Override
          public void write(int b) {
            throw new OutOfMemoryError("a stand-in");
          }

          @Override
          public void write(byte[] b, int off, int len) {
            throw new OutOfMemoryError("a stand-in");
          }
        };
    SacctCache.Behind behind = new SacctCache.Behind(new CacheRecords.Writer(dying), null);
    List<Throwable> thrown = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < 1_000_000; i++) {
                  behind.put(ended(i, "u", "n"));
                }
                behind.finish();
              } catch (Throwable t) {
                thrown.add(t);
              }
            });
    reader.setDaemon(true); // a reader left waiting must not keep the tests from ending
    reader.start();
    reader.join(Duration.ofMinutes(2).toMillis());
    assertFalse(reader.isAlive(), "the reader ended");
    assertEquals(1, thrown.size(), thrown.toString());
    assertEquals(OutOfMemoryError.class, thrown.get(0).getClass());
    assertEquals("a stand-in", thrown.get(0).getMessage());
  }

  /** Job {@code i} of avery, one CPU from the window's start for i seconds, named {@code name}. */
  static JobRecord ended(int i, String user, String name) {
    return new JobRecord(
        String.valueOf(i),
        user,
        "avery",
        JobState.COMPLETED,
        WINDOW,
        WINDOW + i,
        i,
        1,
        0,
        4,
        U,
        null,
        null,
        new JobRecord.Detail(name, U, U, U));
  }

  static void mount(String... argv) throws Exception {
    CommandResult r =
        new ProcessCommandRunner().run(Command.of(List.of(argv), Duration.ofMinutes(1)));
    assertEquals(0, r.exitCode(), String.join(" ", argv) + ": " + r.stderr());
  }

  @Test
  void aCacheCutShortAnywhereIsRefused() throws Exception {
    write(List.of(FULL, STEP_FULL, SENTINELS, EMPTY_PARTS));
    byte[] plain = gunzip(Files.readAllBytes(file()));
    assertNotNull(read().open());
    // Every length from the meta line on, short of the whole: none reads as a cache.
    int meta = indexOf(plain, (byte) '\n') + 1;
    for (int length = meta; length < plain.length; length++) {
      Files.write(file(), gzip(Arrays.copyOf(plain, length)));
      assertNull(read().open(), "cut to " + length + " of " + plain.length + " bytes");
    }
  }

  @Test
  void aChangedRowCountOrAnyChangedByteIsRefused() throws Exception {
    write(List.of(FULL, STEP_FULL, SENTINELS, EMPTY_PARTS));
    byte[] plain = gunzip(Files.readAllBytes(file()));
    // The file ends: the row count (4 rows: 1 + 4 + 1 = zigzag(4) + 1 = 9, one byte) and the CRC.
    assertEquals(9, plain[plain.length - 5]);
    byte[] count = plain.clone();
    count[count.length - 5] = 11; // 5 rows
    Files.write(file(), gzip(count));
    assertNull(read().open(), "a row count of 5");
    // Any byte after the meta line changed (the CRC-32 sees what the row count does not).
    int meta = indexOf(plain, (byte) '\n') + 1;
    for (int i = meta; i < plain.length; i++) {
      byte[] changed = plain.clone();
      changed[i] ^= 0x10;
      Files.write(file(), gzip(changed));
      assertNull(read().open(), "byte " + i + " changed");
    }
    Files.write(file(), gzip(plain));
    assertEquals(3, read().jobs().size(), "the unchanged bytes still read");
  }

  @Test
  void aVersionThreeTextCacheDoesNotFit() throws Exception {
    List<String> fields = SacctReader.requestedFields();
    String v3 =
        "# librarian sacct cache version=3 cluster=c1 qos=avery queried="
            + (WINDOW + 7200)
            + " full="
            + WINDOW
            + " fields="
            + String.join(",", fields)
            + "\n"
            + String.join(SacctQuery.DELIMITER, fields)
            + "\n#open|\n#end|0\n";
    Files.createDirectories(file().getParent());
    Files.write(file(), gzip(v3.getBytes(StandardCharsets.UTF_8)));
    assertNull(SacctCache.meta(file(), "c1", QOS, fields));
    assertNull(read().open(), "nor does it read as one");
    write(List.of(FULL));
    SacctCache.Meta meta = SacctCache.meta(file(), "c1", QOS, fields);
    assertEquals(WINDOW + 7200, meta.queried());
    assertEquals(WINDOW, meta.full());
    assertEquals(SacctCache.Kind.BASE, meta.kind());
    assertNull(SacctCache.meta(file(), "c2", QOS, fields), "another cluster's");
  }

  @Test
  void aVersionFourCacheOfOneFileDoesNotFit() throws Exception {
    // Version 4 had one file and no kind or id: the first run after an upgrade asks for the
    // whole window.
    List<String> fields = SacctReader.requestedFields();
    write(List.of(FULL));
    byte[] plain = gunzip(Files.readAllBytes(file()));
    String line = new String(plain, 0, indexOf(plain, (byte) '\n'), StandardCharsets.UTF_8);
    String v4 = line.replace("version=5", "version=4").replaceAll(" kind=\\S+ id=\\S+", "");
    assertTrue(v4.startsWith("# librarian sacct cache version=4 cluster=c1 "), v4);
    byte[] old = new byte[plain.length - line.length() + v4.length()];
    System.arraycopy(v4.getBytes(StandardCharsets.UTF_8), 0, old, 0, v4.length());
    System.arraycopy(plain, line.length(), old, v4.length(), plain.length - line.length());
    Files.write(file(), gzip(old));
    assertNull(SacctCache.meta(file(), "c1", QOS, fields));
    assertNull(SacctCache.find(file(), "c1", QOS, fields));
  }

  @Test
  void aRecentFileFitsOnlyTheBaseItAddsTo() throws Exception {
    List<String> fields = SacctReader.requestedFields();
    write(List.of(FULL));
    String id = SacctCache.meta(file(), "c1", QOS, fields).id();
    assertNull(SacctCache.find(file(), "c1", QOS, fields).recent(), "no recent file yet");
    writeRecent(WINDOW + 7800, WINDOW, id, List.of(SENTINELS));
    SacctCache.Found found = SacctCache.find(file(), "c1", QOS, fields);
    assertEquals(SacctCache.recentFile(file()), found.recentFile());
    assertEquals(WINDOW + 7800, found.queried(), "the recent file's query is the last one");
    assertEquals(WINDOW, found.full());
    // Another base's, one asked before the base, one of another full query: passed over.
    record Recent(long queried, long full, String baseId) {}
    for (Recent r :
        List.of(
            new Recent(WINDOW + 7800, WINDOW, id + "0"),
            new Recent(WINDOW + 60, WINDOW, id),
            new Recent(WINDOW + 7800, WINDOW + 1, id))) {
      writeRecent(r.queried(), r.full(), r.baseId(), List.of(SENTINELS));
      found = SacctCache.find(file(), "c1", QOS, fields);
      assertNull(found.recent(), r.toString());
      assertEquals(WINDOW + 7200, found.queried(), r.toString());
    }
    // A base's name on a recent file, or a recent file in the base's place: neither fits.
    Files.copy(file(), SacctCache.recentFile(file()), StandardCopyOption.REPLACE_EXISTING);
    assertNull(SacctCache.find(file(), "c1", QOS, fields).recent());
    writeRecent(WINDOW + 7800, WINDOW, id, List.of(SENTINELS));
    Files.copy(SacctCache.recentFile(file()), file(), StandardCopyOption.REPLACE_EXISTING);
    assertNull(SacctCache.find(file(), "c1", QOS, fields));
  }

  @Test
  void aBaseSaysWhetherItHoldsEachRunOnce() throws Exception {
    List<String> fields = SacctReader.requestedFields();
    JobRecord laterStart =
        new JobRecord(
            FULL.jobId(),
            "ann",
            "avery",
            JobState.COMPLETED,
            WINDOW + 11,
            WINDOW + 3_610,
            3_599,
            1,
            0,
            0,
            U,
            null,
            null,
            null);
    JobRecord noId =
        new JobRecord(
            "",
            "ann",
            "avery",
            JobState.COMPLETED,
            WINDOW,
            WINDOW + 60,
            60,
            1,
            0,
            0,
            U,
            null,
            null,
            null);
    // A requeued job's two runs (one JobID, two Starts) and two records without a JobID: once.
    write(List.of(FULL, STEP_FULL, SENTINELS, laterStart, noId, noId));
    assertTrue(SacctCache.meta(file(), "c1", QOS, fields).once());
    assertEquals(List.of(FULL, SENTINELS, laterStart, noId, noId), read().jobs());
    // The same run twice, its steps with each copy: not once, and both copies read back.
    write(List.of(FULL, STEP_FULL, SENTINELS, FULL, STEP_FULL));
    assertFalse(SacctCache.meta(file(), "c1", QOS, fields).once());
    Read r = read();
    assertEquals(List.of(FULL, SENTINELS, FULL), r.jobs());
    assertEquals(List.of(STEP_FULL, STEP_FULL), r.steps());
    // A recent file never says so: its runs are read as sacct's are.
    String id = SacctCache.meta(file(), "c1", QOS, fields).id();
    writeRecent(WINDOW + 7800, WINDOW, id, List.of(SENTINELS));
    assertFalse(SacctCache.meta(SacctCache.recentFile(file()), "c1", QOS, fields).once());
  }

  void writeRecent(long queried, long full, String baseId, List<JobRecord> jobs)
      throws IOException {
    try (SacctCache.Builder b =
        new SacctCache.Builder(
            file(), baseId, "c1", QOS, SacctReader.requestedFields(), queried, full, WINDOW)) {
      for (JobRecord j : jobs) {
        b.add(j);
      }
      b.commit();
    }
  }

  static byte[] gunzip(byte[] bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    }
    return out.toByteArray();
  }

  static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
