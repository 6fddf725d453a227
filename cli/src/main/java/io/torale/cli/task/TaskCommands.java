package io.torale.cli.task;

import io.torale.cli.Endpoints;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.TaskCommand;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./torale task ...}: publish task-lifecycle commands and look at tasks. */
@Command(
    name = "task",
    mixinStandardHelpOptions = true,
    description =
        "Publish task commands (create, update, pause, resume, delete, run) and show tasks.",
    subcommands = {
      CreateCommand.class,
      UpdateCommand.class,
      LifecycleCommands.Pause.class,
      LifecycleCommands.Resume.class,
      LifecycleCommands.Delete.class,
      LifecycleCommands.Run.class,
      ShowCommand.class
    })
public final class TaskCommands {

  /** Options every publishing subcommand has. */
  static final class PublishOptions {
    @Mixin Endpoints endpoints;

    @Option(
        names = "--issued-by",
        defaultValue = "${env:USER:-torale-cli}",
        description = "Who issues the command (default ${DEFAULT-VALUE}).")
    String issuedBy;

    @Option(
        names = "--wait",
        defaultValue = "30",
        description =
            "Seconds to wait for the command's result; 0 to not wait (default ${DEFAULT-VALUE}).")
    int waitSeconds;

    /** Publishes and prints the outcome; exit code 0 only when the command was applied. */
    int publish(TaskCommand command) {
      try (var publisher =
          new CommandPublisher(endpoints.bootstrapServers(), endpoints.registryUrl())) {
        System.out.println(
            "published "
                + command.getCommand().getClass().getSimpleName()
                + " command "
                + command.getCommandId()
                + " for task "
                + command.getTaskId());
        var result = publisher.publish(command, Duration.ofSeconds(waitSeconds));
        if (waitSeconds == 0) {
          return 0;
        }
        if (result.isEmpty()) {
          System.err.println(
              "no result within "
                  + waitSeconds
                  + " s: is command-consumer running? (./torale up starts it)");
          return 3;
        }
        return print(result.get());
      }
    }

    private static int print(CommandResult result) {
      System.out.println(result.getOutcome() + " " + result.getCommandType());
      result
          .getReasons()
          .forEach(r -> System.out.println("  " + r.getField() + ": " + r.getMessage()));
      return switch (result.getOutcome()) {
        case APPLIED, DUPLICATE -> 0;
        case REJECTED -> 4;
      };
    }
  }
}
