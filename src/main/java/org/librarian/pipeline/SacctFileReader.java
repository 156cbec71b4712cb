package org.librarian.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.librarian.slurm.SacctFormatException;
import org.librarian.slurm.SacctReader;
import org.librarian.usage.BinGrid;
import org.librarian.usage.UsageBinner;

/**
 * Reads a sacct output file into a binner. A large file is cut at line ends into one part per core;
 * each part is streamed through its own {@link SacctReader} and binner, and the binners are merged,
 * which gives exactly the single-threaded result because the binner's sums are exact integers.
 */
public final class SacctFileReader {
  /** Below this size one thread is quicker than starting more. */
  static final long PARALLEL_THRESHOLD_BYTES = 8L << 20;

  public record Result(UsageBinner binner, SacctReader.Stats stats) {}

  private SacctFileReader() {}

  public static Result read(Path file, SacctReader.Format format, BinGrid grid, int parts)
      throws IOException, SacctFormatException {
    return read(file, format, grid, parts, PARALLEL_THRESHOLD_BYTES);
  }

  static Result read(Path file, SacctReader.Format format, BinGrid grid, int parts, long thresholdBytes)
      throws IOException, SacctFormatException {
    long size;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      size = ch.size();
    }
    long[] cuts = parts > 1 && size >= thresholdBytes ? cuts(file, size, parts) : new long[] {0, size};
    if (cuts.length == 2) {
      UsageBinner binner = new UsageBinner(grid);
      try (InputStream in = bytes(file, 0, size)) {
        return new Result(binner, SacctReader.read(in, format, binner::add));
      }
    }
    List<String> fields = format.fields() != null ? format.fields() : headerFields(file, format.delimiter());
    SacctReader.Format later = new SacctReader.Format(format.delimiter(), fields, format.zone());
    ExecutorService pool = Executors.newFixedThreadPool(cuts.length - 1, r -> {
      Thread t = new Thread(r, "sacct-part");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Result>> futures = new ArrayList<>();
      for (int i = 0; i + 1 < cuts.length; i++) {
        long from = cuts[i];
        long to = cuts[i + 1];
        SacctReader.Format f = i == 0 ? format : later;
        futures.add(pool.submit(() -> {
          UsageBinner binner = new UsageBinner(grid);
          try (InputStream in = bytes(file, from, to)) {
            return new Result(binner, SacctReader.read(in, f, binner::add));
          }
        }));
      }
      UsageBinner merged = null;
      SacctReader.Stats stats = SacctReader.Stats.NONE;
      for (int i = 0; i < futures.size(); i++) {
        Result part = futures.get(i).get();
        long linesBefore = part.stats().problems().isEmpty() ? 0 : countLines(file, cuts[i]);
        stats = stats.plus(part.stats(), linesBefore);
        if (merged == null) {
          merged = part.binner();
        } else {
          merged.merge(part.binner());
        }
      }
      return new Result(merged, stats);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading " + file, e);
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

  /** Byte offsets that start lines: 0, about size/parts apart, and size. */
  private static long[] cuts(Path file, long size, int parts) throws IOException {
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
              cut = pos + j + 1;
              break;
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

  /** The names on the first line that is not empty or a comment. */
  private static List<String> headerFields(Path file, String delimiter) throws IOException {
    try (BufferedReader r = new BufferedReader(reader(file, 0, Long.MAX_VALUE))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          return Arrays.asList(line.split(Pattern.quote(delimiter), -1));
        }
      }
    }
    return List.of();
  }

  private static long countLines(Path file, long upTo) throws IOException {
    long lines = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      long pos = 0;
      while (pos < upTo) {
        buf.clear();
        int read = ch.read(buf, pos);
        if (read <= 0) {
          break;
        }
        int limit = (int) Math.min(read, upTo - pos);
        for (int j = 0; j < limit; j++) {
          if (buf.get(j) == '\n') {
            lines++;
          }
        }
        pos += read;
      }
    }
    return lines;
  }

  /** A strict UTF-8 reader of bytes [from, to) of the file. */
  private static Reader reader(Path file, long from, long to) throws IOException {
    return new BufferedReader(new InputStreamReader(bytes(file, from, to), StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
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
