package io.torale.cli;

import io.torale.cli.mail.MailCommand;
import io.torale.cli.page.PageCommand;
import io.torale.cli.tail.TailCommand;
import io.torale.cli.task.TaskCommands;
import io.torale.cli.up.UpCommand;
import io.torale.cli.webhook.WebhooksCommand;
import io.torale.schemas.TrustedPackages;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./torale}: the local system and the client users drive it with. */
@Command(
    name = "torale",
    mixinStandardHelpOptions = true,
    version = "torale 0.1.0",
    description =
        "Runs Torale locally and drives it: publish task commands, tail topics, see what was sent.",
    footer = {
      "",
      "The launcher also has: ./torale test (the test suite: ./mvnw -B verify with its tools),",
      "./torale build (./mvnw install -DskipTests; client commands use the built jars)."
    },
    subcommands = {
      UpCommand.class,
      TaskCommands.class,
      TailCommand.class,
      WebhooksCommand.class,
      MailCommand.class,
      PageCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ToraleCli {

  // Held so the level sticks: the registry client logs a production-use hint through JUL.
  private static final java.util.logging.Logger APICURIO =
      java.util.logging.Logger.getLogger("io.apicurio");

  public static void main(String[] args) {
    APICURIO.setLevel(java.util.logging.Level.SEVERE);
    TrustedPackages.trust();
    int exitCode =
        new CommandLine(new ToraleCli())
            .setExecutionExceptionHandler(new FriendlyErrors())
            .execute(args);
    System.exit(exitCode);
  }
}
