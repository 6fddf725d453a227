package io.torale.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints what went wrong and what to do next, without a stack trace, for the failures a user can
 * fix (an unreachable broker, registry or admin API). Anything else keeps its stack trace.
 */
final class FriendlyErrors implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    if (e instanceof UserFacingException) {
      cmd.getErr().println("torale: " + e.getMessage());
      return 2;
    }
    cmd.getErr().println("torale: " + e);
    e.printStackTrace(cmd.getErr());
    return 1;
  }
}
