package org.librarian.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.librarian.config.ConfigException;
import org.librarian.site.SiteServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code librarian serve}: a local preview of a site directory. */
@Command(
    name = "serve",
    header = "Preview a site over HTTP on 127.0.0.1.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serves a site directory (from parse, demo or site) over HTTP for a preview, until Ctrl-C. "
          + "Binds 127.0.0.1 unless --bind says otherwise."
    })
final class ServeCommand extends Verb {
  @Parameters(
      index = "0",
      paramLabel = "DIR",
      defaultValue = "site",
      description = "the site directory (default: ${DEFAULT-VALUE})")
  Path dir;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8000",
      description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "address to listen on (default: ${DEFAULT-VALUE})")
  String bind;

  @Override
  public Integer call() throws Exception {
    Path root = context().workingDir().resolve(dir);
    if (!Files.isRegularFile(root.resolve("index.html"))) {
      throw new ConfigException(
          dir
              + " holds no index.html; build a site first (librarian demo, or librarian site --out "
              + dir
              + ")");
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException("--port " + port + ": not a TCP port (0-65535)");
    }
    try (SiteServer server = new SiteServer(root, bind, port)) {
      out().println("serving " + root + " at " + server.uri() + " (Ctrl-C stops)");
      out().flush();
      Thread.currentThread().join();
    }
    return ExitCode.OK;
  }
}
