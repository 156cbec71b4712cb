package org.librarian.slurm;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.librarian.usage.JobRecord;
import org.librarian.usage.JobState;
import org.librarian.usage.Request;
import org.librarian.usage.StepRecord;

/**
 * The binary form of the cache's records ({@link SacctCache}, version 4): every field of a {@link
 * JobRecord} (its {@link Request}, {@link JobRecord.Origin} and {@link JobRecord.Detail}) and of a
 * {@link StepRecord}, exactly, so a run reads back what it parsed without parsing text again.
 *
 * <ul>
 *   <li>A whole number is {@code zigzag(v) + 1} as an unsigned varint (7 bits a byte): a bijection
 *       of the 64-bit values in which {@link JobRecord#UNKNOWN} (the smallest long) is the one-byte
 *       0, and -1 and small counts take one byte.
 *   <li>A double is its raw IEEE-754 bits (8 bytes, NaN included), so it reads back bit for bit.
 *   <li>A string is its UTF-16 length and each char as a varint: exact for any char sequence.
 *       Repeated strings (users, QoS, accounts, partitions, states, reasons, job names) go through
 *       a per-file table: slot 0 means a new string follows, slot n the n-th one seen; the table
 *       stops growing at {@value #TABLE_LIMIT} strings (later new strings are written in full each
 *       time), so memory stays bounded whatever the names. JobIDs are written in full.
 *   <li>A job is {@code 'J'}, a flags byte (1: a request, 2: an origin) and its fields in record
 *       order; a step is {@code 'S'} and its fields after its JobID, which is the job just before
 *       it (the cache keeps a step only right after its job).
 *   <li>The CRC-32 of every byte before it closes the file, so a byte changed anywhere is seen.
 * </ul>
 */
final class CacheRecords {
  static final int TABLE_LIMIT = 1 << 16;
  static final byte JOB = 'J';
  static final byte STEP = 'S';
  static final byte END = 'E';
  private static final int BUFFER = 1 << 16;

  private CacheRecords() {}

  /** Thrown when the bytes are not a cache this version wrote. */
  static final class Corrupt extends IOException {
    private static final long serialVersionUID = 1L;

    Corrupt(String message) {
      super(message);
    }
  }

  /** Writes records into a stream through its own buffer, keeping the CRC-32 of what it wrote. */
  static final class Writer {
    private final OutputStream out;
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[BUFFER];
    private final Map<String, Integer> table = new HashMap<>();
    private int pos;

    Writer(OutputStream out) {
      this.out = out;
    }

    void job(JobRecord j) throws IOException {
      put((byte) JOB);
      Request r = j.request();
      JobRecord.Origin o = j.origin();
      put((byte) ((r != null ? 1 : 0) | (o != null ? 2 : 0)));
      text(j.jobId());
      shared(j.user());
      shared(j.qos());
      shared(j.state().name());
      number(j.start());
      number(j.end());
      number(j.elapsedSeconds());
      number(j.cpus());
      number(j.gpus());
      number(j.memoryKib());
      number(j.cpuUsedMillis());
      if (r != null) {
        number(r.eligible());
        number(r.cpus());
        number(r.gpus());
        number(r.memoryKib());
        shared(r.reason());
        shared(r.partition());
        shared(r.account());
      }
      if (o != null) {
        shared(o.account());
        shared(o.partition());
        number(o.submit());
      }
      JobRecord.Detail d = j.detail();
      shared(d.name());
      number(d.timelimitSeconds());
      number(d.reqCpus());
      number(d.nodes());
    }

    /** A step of the job written just before it. */
    void step(StepRecord s) throws IOException {
      put((byte) STEP);
      number(s.totalCpuMillis());
      number(s.tresCpuMillis());
      number(s.maxRssKib());
      number(s.tasks());
      number(s.tresMemoryKib());
      raw(Double.doubleToRawLongBits(s.gpuUtilPercent()));
      number(s.gpuMemoryKib());
    }

    /** The end: the open runs' keys, the row count and the CRC-32 of everything before it. */
    void end(List<String> open, long rows) throws IOException {
      put((byte) END);
      number(open.size());
      for (String key : open) {
        text(key);
      }
      number(rows);
      drain();
      long sum = crc.getValue();
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write((int) (sum >>> shift));
      }
    }

    private void put(byte b) throws IOException {
      if (pos == buf.length) {
        drain();
      }
      buf[pos++] = b;
    }

    void number(long v) throws IOException {
      long u = ((v << 1) ^ (v >> 63)) + 1;
      while ((u & ~0x7FL) != 0) {
        put((byte) ((u & 0x7F) | 0x80));
        u >>>= 7;
      }
      put((byte) u);
    }

    private void raw(long bits) throws IOException {
      for (int shift = 56; shift >= 0; shift -= 8) {
        put((byte) (bits >>> shift));
      }
    }

    private void text(String s) throws IOException {
      number(s.length());
      for (int i = 0; i < s.length(); i++) {
        number(s.charAt(i));
      }
    }

    private void shared(String s) throws IOException {
      Integer slot = table.get(s);
      if (slot != null) {
        number(slot);
        return;
      }
      number(0);
      text(s);
      if (table.size() < TABLE_LIMIT) {
        table.put(s, table.size() + 1);
      }
    }

    private void drain() throws IOException {
      crc.update(buf, 0, pos);
      out.write(buf, 0, pos);
      pos = 0;
    }
  }

  /** Reads what a {@link Writer} wrote, checking its CRC-32 and that nothing follows the end. */
  static final class Reader {
    private final InputStream in;
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[BUFFER];
    private final List<String> table = new ArrayList<>();
    private int pos;
    private int limit;
    private String lastJob;

    Reader(InputStream in) {
      this.in = in;
    }

    /** The tag of the next item: {@link #JOB}, {@link #STEP} or {@link #END}. */
    byte next() throws IOException {
      byte tag = nextByte();
      if (tag != JOB && tag != STEP && tag != END) {
        throw new Corrupt("unknown tag " + tag);
      }
      return tag;
    }

    JobRecord job() throws IOException {
      int flags = nextByte();
      if ((flags & ~3) != 0) {
        throw new Corrupt("unknown flags " + flags);
      }
      String jobId = text();
      String user = shared();
      String qos = shared();
      JobState state;
      try {
        state = JobState.valueOf(shared());
      } catch (IllegalArgumentException e) {
        throw new Corrupt("not a state");
      }
      long start = number();
      long end = number();
      long elapsed = number();
      long cpus = number();
      long gpus = number();
      long memory = number();
      long cpuUsed = number();
      Request request = null;
      if ((flags & 1) != 0) {
        request = new Request(number(), number(), number(), number(), shared(), shared(), shared());
      }
      JobRecord.Origin origin = null;
      if ((flags & 2) != 0) {
        origin = new JobRecord.Origin(shared(), shared(), number());
      }
      JobRecord.Detail detail = new JobRecord.Detail(shared(), number(), number(), number());
      lastJob = jobId;
      return new JobRecord(
          jobId, user, qos, state, start, end, elapsed, cpus, gpus, memory, cpuUsed, request,
          origin, detail);
    }

    StepRecord step() throws IOException {
      if (lastJob == null) {
        throw new Corrupt("a step before any job");
      }
      return new StepRecord(
          lastJob,
          number(),
          number(),
          number(),
          number(),
          number(),
          Double.longBitsToDouble(raw()),
          number());
    }

    /**
     * After {@link #END}: the open runs' keys, and the row count, which must equal {@code rows};
     * then the CRC-32, and nothing after it.
     */
    List<String> end(long rows) throws IOException {
      long n = number();
      if (n < 0 || n > Integer.MAX_VALUE) {
        throw new Corrupt("open count " + n);
      }
      List<String> open = new ArrayList<>();
      for (long i = 0; i < n; i++) {
        open.add(text());
      }
      long declared = number();
      if (declared != rows) {
        throw new Corrupt("declares " + declared + " rows, holds " + rows);
      }
      crc.update(buf, 0, pos);
      long sum = 0;
      for (int i = 0; i < 4; i++) {
        sum = (sum << 8) | (rawByte() & 0xFF);
      }
      if (sum != crc.getValue()) {
        throw new Corrupt("CRC-32 differs");
      }
      if (pos < limit || in.read() >= 0) {
        throw new Corrupt("bytes after the end");
      }
      return open;
    }

    private byte nextByte() throws IOException {
      if (pos == limit) {
        crc.update(buf, 0, limit);
        fill();
      }
      return buf[pos++];
    }

    /** A byte not counted in the CRC (the CRC's own). */
    private byte rawByte() throws IOException {
      if (pos == limit) {
        fill();
      }
      return buf[pos++];
    }

    private void fill() throws IOException {
      int n = in.read(buf, 0, buf.length);
      if (n <= 0) {
        throw new EOFException("the cache is cut short");
      }
      pos = 0;
      limit = n;
    }

    long number() throws IOException {
      long u = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = nextByte();
        if (shift == 63 && (b & 0xFE) != 0) {
          throw new Corrupt("a number longer than 64 bits");
        }
        u |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          break;
        }
      }
      long z = u - 1;
      return (z >>> 1) ^ -(z & 1);
    }

    private long raw() throws IOException {
      long bits = 0;
      for (int i = 0; i < 8; i++) {
        bits = (bits << 8) | (nextByte() & 0xFF);
      }
      return bits;
    }

    private String text() throws IOException {
      long n = number();
      if (n < 0 || n > 1 << 24) {
        throw new Corrupt("a string of " + n + " chars");
      }
      char[] chars = new char[(int) n];
      for (int i = 0; i < chars.length; i++) {
        long c = number();
        if (c < 0 || c > Character.MAX_VALUE) {
          throw new Corrupt("not a char: " + c);
        }
        chars[i] = (char) c;
      }
      return new String(chars);
    }

    private String shared() throws IOException {
      long slot = number();
      if (slot == 0) {
        String s = text();
        if (table.size() < TABLE_LIMIT) {
          table.add(s);
        }
        return s;
      }
      if (slot < 0 || slot > table.size()) {
        throw new Corrupt("string slot " + slot + " of " + table.size());
      }
      return table.get((int) slot - 1);
    }
  }
}
