package org.librarian.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import org.librarian.common.DaemonPool;
import org.librarian.slurm.SacctSource.Result;

/**
 * A saved sacct file read by {@link SacctReader}, a large one in parallel parts. The file is cut at
 * line ends into about one part per thread, never right before a step's row, so a job and its steps
 * stay in one part; each part is read into its own accumulator, on its own thread, and the parts
 * are merged in file order. That gives exactly the one-thread result when the accumulator's sums
 * are exact; the stats are the one-thread stats too, problems with their line numbers in the whole
 * file. A file below the threshold, or {@code parts} of 1, is read on the calling thread.
 */
final class SacctFileParts {
  private SacctFileParts() {}

  static <A extends SacctReader.Sink> Result<A> read(
      Path file,
      SacctReader.Format format,
      int parts,
      long thresholdBytes,
      Supplier<A> accumulator,
      BinaryOperator<A> merge)
      throws IOException, SacctFormatException, InterruptedException {
    if (format.delimiter() == null) {
      format =
          new SacctReader.Format(SacctReader.delimiterOf(file), format.fields(), format.zone());
    }
    long size = Files.size(file);
    boolean split = parts > 1 && size >= thresholdBytes;
    List<String> names =
        split
            ? (format.fields() != null
                ? format.fields()
                : SacctReader.headerOf(file, format.delimiter()))
            : List.of();
    int jobId = SacctFields.jobIdColumn(names);
    long[] cuts = split ? cuts(file, size, parts, format.delimiter(), jobId) : new long[] {0, size};
    if (cuts.length == 2) {
      A records = accumulator.get();
      try (InputStream in = bytes(file, 0, size)) {
        return new Result<>(records, SacctReader.read(in, format, records), -1, "file " + file);
      }
    }
    // Parts after the first have no header of their own: they are read with the first part's
    // fields.
    SacctReader.Format later = new SacctReader.Format(format.delimiter(), names, format.zone());
    ExecutorService pool = DaemonPool.of(cuts.length - 1, "sacct-part");
    try {
      List<Future<Result<A>>> futures = new ArrayList<>();
      for (int i = 0; i + 1 < cuts.length; i++) {
        long from = cuts[i];
        long to = cuts[i + 1];
        SacctReader.Format f = i == 0 ? format : later;
        futures.add(
            pool.submit(
                () -> {
                  A records = accumulator.get();
                  try (InputStream in = bytes(file, from, to)) {
                    return new Result<>(records, SacctReader.read(in, f, records), -1, "");
                  }
                }));
      }
      A merged = null;
      SacctReader.Stats stats = SacctReader.Stats.NONE;
      for (int i = 0; i < futures.size(); i++) {
        Result<A> part = futures.get(i).get();
        long linesBefore = part.stats().problems().isEmpty() ? 0 : countLines(file, cuts[i]);
        stats = stats.plus(part.stats(), linesBefore);
        merged = merged == null ? part.records() : merge.apply(merged, part.records());
      }
      return new Result<>(merged, stats, -1, "file " + file);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SacctFormatException sfe) {
        throw sfe;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(cause);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Byte offsets that start lines: 0, about size/parts apart, and size; with {@code jobIdColumn}
   * known, only lines that are not a step's ({@code 123.batch}), so that steps stay in their job's
   * part.
   */
  private static long[] cuts(Path file, long size, int parts, String delimiter, int jobIdColumn)
      throws IOException {
    long[] cuts = new long[parts + 1];
    int n = 1;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      for (int i = 1; i < parts; i++) {
        long pos = Math.max(size * i / parts, cuts[n - 1]);
        long cut = -1;
        while (cut < 0 && pos < size) {
          buf.clear();
          int read = ch.read(buf, pos);
          if (read <= 0) {
            break;
          }
          for (int j = 0; j < read; j++) {
            if (buf.get(j) == '\n') {
              long candidate = pos + j + 1;
              if (jobIdColumn < 0 || !startsStep(ch, candidate, delimiter, jobIdColumn)) {
                cut = candidate;
                break;
              }
            }
          }
          pos += read;
        }
        if (cut > cuts[n - 1] && cut < size) {
          cuts[n++] = cut;
        }
      }
    }
    cuts[n++] = size;
    return Arrays.copyOf(cuts, n);
  }

  /** Whether the line at {@code at} is a step's row: its JobID field has a '.'. */
  private static boolean startsStep(FileChannel ch, long at, String delimiter, int jobIdColumn)
      throws IOException {
    ByteBuffer line = ByteBuffer.allocate(4096);
    int read = ch.read(line, at);
    if (read <= 0) {
      return false;
    }
    String text = new String(line.array(), 0, read, StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    SacctLine fields = new SacctLine(delimiter);
    fields.split(end < 0 ? text : text.substring(0, end));
    return fields.size() > jobIdColumn && fields.get(jobIdColumn).indexOf('.') >= 0;
  }

  /** How many line ends the first {@code upTo} bytes hold. */
  private static long countLines(Path file, long upTo) throws IOException {
    long lines = 0;
    try (InputStream in = bytes(file, 0, upTo)) {
      byte[] buf = new byte[1 << 16];
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        for (int j = 0; j < n; j++) {
          if (buf[j] == '\n') {
            lines++;
          }
        }
      }
    }
    return lines;
  }

  /** Bytes [from, to) of the file. */
  private static InputStream bytes(Path file, long from, long to) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    ch.position(from);
    InputStream whole = Channels.newInputStream(ch);
    return new InputStream() {
      long left = to - from;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = whole.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = whole.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        whole.close();
      }
    };
  }
}
