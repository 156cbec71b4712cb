package org.librarian.common;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes files so that readers see the old content or the whole new content, never a part. A file
 * is first written beside its target as {@code .<name>.<pid>.<random>.tmp}; the process id in the
 * name lets {@link #sweep} remove what a killed process left, and nothing of a live one.
 */
public final class AtomicFile {
  /** Writes the content to an output stream. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  public static void write(Path target, Content content) throws IOException {
    writeAll(Map.of(target, content));
  }

  /**
   * Like {@link #write}, for secrets: the file is readable and writable by its owner only (0600)
   * from the moment it is created, never for an instant by anyone else. On a file system without
   * POSIX permissions the directory's own permissions are what protects it.
   */
  public static void writePrivate(Path target, Content content) throws IOException {
    Path temp = temp(target, content, true);
    try {
      move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Creates a directory (and its parents) that only its owner can enter, when it does not exist
   * yet.
   */
  public static Path privateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    if (dir.toAbsolutePath().getParent() != null) {
      Files.createDirectories(dir.toAbsolutePath().getParent());
    }
    try {
      return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
    } catch (UnsupportedOperationException e) {
      return Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      return dir;
    }
  }

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");

  /**
   * Writes every file to its temporary file first, and moves them into place only when all were
   * written: a failure (a full disk) leaves every target as it was, never a mix of old and new.
   */
  public static void writeAll(Map<Path, Content> files) throws IOException {
    List<Path[]> written = new ArrayList<>();
    try {
      for (Map.Entry<Path, Content> f : files.entrySet()) {
        written.add(new Path[] {f.getKey(), temp(f.getKey(), f.getValue())});
      }
      for (Path[] w : written) {
        move(w[1], w[0]);
      }
    } finally {
      for (Path[] w : written) {
        Files.deleteIfExists(w[1]);
      }
    }
  }

  /** Writes the content to a new temporary file beside the target, readable by all; returns it. */
  public static Path temp(Path target, Content content) throws IOException {
    return temp(target, content, false);
  }

  private static Path temp(Path target, Content content, boolean ownerOnly) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    String prefix = "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".";
    Path temp;
    if (ownerOnly && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      temp =
          Files.createTempFile(
              dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } else {
      temp = Files.createTempFile(dir, prefix, ".tmp");
    }
    boolean done = false;
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        content.writeTo(out);
      }
      // createTempFile makes the file private; what we write is meant to be published (secrets stay
      // private).
      try {
        if (!ownerOnly) {
          Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        }
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: keep its defaults.
      }
      done = true;
      return temp;
    } finally {
      if (!done) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * A file being written bit by bit: {@link #commit()} puts it in place; closing it uncommitted (a
   * failure, an exception) removes the temporary file and leaves the target as it was.
   */
  public static final class Pending implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final OutputStream file;
    private final OutputStream out;
    private boolean committed;

    private Pending(Path target, Path temp) throws IOException {
      this.target = target;
      this.temp = temp;
      this.file = Files.newOutputStream(temp);
      this.out = new BufferedOutputStream(file, 1 << 16);
    }

    public OutputStream out() {
      return out;
    }

    /**
     * Overwrites bytes already written, at {@code position} from the start (what is written there
     * must be no longer than what was): for a header whose value is known only at the end.
     */
    public void overwrite(long position, byte[] bytes) throws IOException {
      out.flush();
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer, position + buffer.position());
        }
      }
    }

    /** Closes the stream and moves the file onto its target. */
    public void commit() throws IOException {
      out.close();
      move(temp, target);
      committed = true;
    }

    /**
     * Throws away a file not committed: what is still buffered is not written (on a full disk
     * writing it would only fail again), and the temporary file is deleted.
     */
    @Override
    public void close() throws IOException {
      if (!committed) {
        try {
          file.close();
        } finally {
          Files.deleteIfExists(temp);
        }
      }
    }
  }

  /** Starts writing a file that only {@link Pending#commit()} makes visible. */
  public static Pending open(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp =
        Files.createTempFile(
            dir, "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".", ".tmp");
    try {
      return new Pending(target, temp);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  /** Moves a finished temporary file onto its target, atomically where the file system can. */
  public static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Removes the temporary files in {@code dir} (not below it) that a process no longer running left
   * behind; returns how many. Files of live processes, and every other file, stay.
   */
  public static int sweep(Path dir) {
    int removed = 0;
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.tmp")) {
      for (Path f : files) {
        long pid = pidOf(f.getFileName().toString());
        if (pid > 0 && ProcessHandle.of(pid).isEmpty() && Files.deleteIfExists(f)) {
          removed++;
        }
      }
    } catch (IOException e) {
      // Nothing to sweep, or no right to: the files are harmless.
    }
    return removed;
  }

  /** The process id in {@code .<name>.<pid>.<random>.tmp}, or -1. */
  static long pidOf(String name) {
    String[] parts = name.split("\\.");
    for (int i = parts.length - 3; i >= 1; i--) {
      if (!parts[i].isEmpty()
          && parts[i].chars().allMatch(Character::isDigit)
          && parts[i].length() < 10) {
        return Long.parseLong(parts[i]);
      }
    }
    return -1;
  }
}
