package io.torale.cli.task;

import io.torale.schemas.v1.UpdateTask;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ./torale task update ID --field ...}: sends only the fields given. */
@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    description = "Change some fields of a task.")
final class UpdateCommand implements Callable<Integer> {

  @Mixin TaskCommands.PublishOptions publish;
  @Mixin TaskFieldOptions fields;

  @Parameters(index = "0", description = "Task id.")
  String taskId;

  @Override
  public Integer call() {
    return publish.publish(
        CommandPublisher.envelope(
            taskId,
            publish.issuedBy,
            update(fields, SealingKey.sealer(publish.endpoints, fields.sealingKey))));
  }

  /** The update with only the given fields set; absent fields stay null ("unchanged"). */
  static UpdateTask update(TaskFieldOptions fields, UnaryOperator<String> seal) {
    if (fields.cron == null && fields.timeZone != null) {
      throw new io.torale.cli.UserFacingException(
          "--tz changes the schedule, which needs its --cron too");
    }
    return UpdateTask.newBuilder()
        .setName(fields.name)
        .setSearchQuery(fields.searchQuery)
        .setCondition(fields.condition)
        .setSchedule(fields.cron != null || fields.timeZone != null ? fields.schedule(null) : null)
        .setNotifyBehavior(fields.notifyBehavior)
        .setNotifications(fields.hasNotifications() ? fields.notifications(seal) : null)
        .setOwner(fields.owner)
        .setContext(fields.context)
        .setSource(fields.hasSource() ? fields.source() : null)
        .build();
  }
}
