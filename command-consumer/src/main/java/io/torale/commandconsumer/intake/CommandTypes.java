package io.torale.commandconsumer.intake;

import io.torale.schemas.v1.TaskCommand;

/** The name of a command's type as results and the database record it ({@code CreateTask}, …). */
final class CommandTypes {

  private CommandTypes() {}

  static String of(TaskCommand command) {
    return command.getCommand() == null
        ? "Unknown"
        : command.getCommand().getClass().getSimpleName();
  }
}
