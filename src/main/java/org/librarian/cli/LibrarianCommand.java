package org.librarian.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;
import org.librarian.pipeline.Context;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level command: subcommands, --help, --version, and one mapping of failures to exit codes.
 */
@Command(
    name = "librarian",
    mixinStandardHelpOptions = true,
    versionProvider = LibrarianCommand.Version.class,
    description = {
      "Turns Slurm accounting data into a per-user usage dashboard for a QoS.",
      "",
      "Exit codes: 0 ok, 1 runtime failure (sacct failed, a file could not be read or written), "
          + "2 usage or configuration error."
    })
public final class LibrarianCommand implements Runnable {
  /** The subcommands, in the order the help lists them. */
  private static final List<Class<?>> SUBCOMMANDS =
      List.of(
          ParseCommand.class,
          DemoCommand.class,
          SiteCommand.class,
          ServeCommand.class,
          DeployCommand.class,
          RunCommand.class,
          WatchdogCommand.class,
          NotifyCommand.class,
          BackfillCommand.class,
          QueryCommand.class,
          AdviseCommand.class,
          AutoComplete.GenerateCompletion.class,
          CommandLine.HelpCommand.class);

  final Context context;

  LibrarianCommand(Context context) {
    this.context = context;
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static int execute(Context context, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new LibrarianCommand(context));
    // Picocli reads every option of every subcommand it is given; a command line that names one
    // (librarian parse ...) gets only that one, which spares the rest at every start.
    String first = args.length > 0 ? args[0] : "";
    Class<?> named = null;
    for (Class<?> c : SUBCOMMANDS) {
      Command command = c.getAnnotation(Command.class);
      if (command.name().equals(first)
          && c != CommandLine.HelpCommand.class
          && c != AutoComplete.GenerateCompletion.class) {
        named = c;
      }
    }
    for (Class<?> c : named != null ? List.<Class<?>>of(named) : SUBCOMMANDS) {
      cl.addSubcommand(c);
    }
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          int code = ExitCode.of(e);
          if (code < 0) {
            throw e;
          }
          commandLine.getErr().println("librarian: " + e.getMessage());
          return code;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {generator()};
    }
  }

  /** "librarian VERSION": what made a file, as the files and the status say it. */
  static String generator() {
    return "librarian " + version();
  }

  public static String version() {
    try (InputStream in =
        LibrarianCommand.class.getResourceAsStream("/org/librarian/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
