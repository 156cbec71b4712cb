package org.librarian.slurm;

/**
 * Runs external programs. The one real implementation is {@link ProcessCommandRunner}; tests inject
 * fakes.
 */
public interface CommandRunner {

  /**
   * Runs the command to completion. A non-zero exit is a result, not an exception.
   *
   * @throws CommandException when the program cannot be started or exceeds its timeout (it is
   *     killed)
   */
  CommandResult run(Command command) throws CommandException;
}
