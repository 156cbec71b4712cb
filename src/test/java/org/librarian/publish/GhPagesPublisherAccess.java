package org.librarian.publish;

import java.nio.file.Path;

/** Lets tests in other packages remove a directory tree the way the publisher cleans up. */
public final class GhPagesPublisherAccess {
  private GhPagesPublisherAccess() {}

  public static void deleteTree(Path root) {
    GhPagesPublisher.deleteTree(root);
  }
}
