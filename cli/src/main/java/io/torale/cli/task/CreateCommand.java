package io.torale.cli.task;

import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.RunTaskNow;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./torale task create}: prints the new task's id; {@code --run-now} runs it at once. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = "Create a monitoring task.")
final class CreateCommand implements Callable<Integer> {

  @Mixin TaskCommands.PublishOptions publish;
  @Mixin TaskFieldOptions fields;

  @Option(names = "--task-id", description = "Task id (default: a new UUID).")
  String taskId;

  @Option(names = "--run-now", description = "Also run the task once, right away.")
  boolean runNow;

  @Override
  public Integer call() {
    String id = taskId != null ? taskId : UUID.randomUUID().toString();
    var create =
        CreateTask.newBuilder()
            .setName(fields.name)
            .setSearchQuery(fields.searchQuery)
            .setCondition(fields.condition)
            .setSchedule(fields.schedule("0 * * * *"))
            .setNotifyBehavior(
                fields.notifyBehavior != null ? fields.notifyBehavior : NotifyBehavior.ONCE)
            .setNotifications(
                fields.notifications(SealingKey.sealer(publish.endpoints, fields.sealingKey)))
            .setOwner(fields.owner != null ? fields.owner : publish.issuedBy)
            .setContext(fields.context != null ? fields.context : Map.of())
            .setSource(fields.hasSource() ? fields.source() : null)
            .build();
    int exit = publish.publish(CommandPublisher.envelope(id, publish.issuedBy, create));
    System.out.println("task id: " + id);
    if (exit == 0 && runNow) {
      exit =
          publish.publish(
              CommandPublisher.envelope(id, publish.issuedBy, new RunTaskNow("run at creation")));
    }
    return exit;
  }
}
