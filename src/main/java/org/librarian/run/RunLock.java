package org.librarian.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code librarian run} at a time per state directory. The lock is an OS file lock, which the
 * kernel drops when its process dies, so a run that was killed never blocks the next one; the file
 * also names the holder, for the message of a run that finds it taken. The file stays in place
 * (removing it would let two runs lock two different files).
 */
public final class RunLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;
  private final String previousHolder;

  private RunLock(FileChannel channel, FileLock lock, String previousHolder) {
    this.channel = channel;
    this.lock = lock;
    this.previousHolder = previousHolder;
  }

  /** Takes the lock, or returns null when another run holds it. */
  public static RunLock tryAcquire(Path file, String owner) throws IOException {
    Files.createDirectories(file.getParent());
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this very process, from another thread
    }
    if (lock == null) {
      channel.close();
      return null;
    }
    // Read through the locked channel itself: opening and closing another descriptor of the file
    // would
    // drop this process's lock (POSIX record locks belong to the process and the file, not the
    // descriptor).
    ByteBuffer held = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
    while (held.hasRemaining() && channel.read(held, held.position()) > 0) {
      // read until full or at the end
    }
    String previous = new String(held.array(), 0, held.position(), StandardCharsets.UTF_8).strip();
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((owner + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(false);
    return new RunLock(channel, lock, previous.isEmpty() ? null : previous);
  }

  /** Who holds the lock, as written by the holder; empty when unknown. */
  public static String holder(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * When the holder took the lock, from the {@code started=<ISO-8601 with offset>} part of what it
   * wrote; null when the file does not say.
   */
  public static Instant heldSince(Path file) {
    Matcher m = Pattern.compile("(?:^|\\s)started=(\\S+)").matcher(holder(file));
    if (!m.find()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(m.group(1)).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The holder a killed run left behind in the file, or null when the previous run ended cleanly.
   */
  public String previousHolder() {
    return previousHolder;
  }

  @Override
  public void close() throws IOException {
    try {
      channel.truncate(0);
      lock.release();
    } finally {
      channel.close();
    }
  }
}
