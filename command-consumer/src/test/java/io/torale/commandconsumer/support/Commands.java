package io.torale.commandconsumer.support;

import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.DeleteTask;
import io.torale.schemas.v1.Notifications;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.PauseTask;
import io.torale.schemas.v1.ResumeTask;
import io.torale.schemas.v1.RunTaskNow;
import io.torale.schemas.v1.Schedule;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.UpdateTask;
import io.torale.schemas.v1.Webhook;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders of test commands. */
public final class Commands {

  private Commands() {}

  public static CreateTask.Builder validCreate() {
    return CreateTask.newBuilder()
        .setName("iPhone release date")
        .setSearchQuery("When is the next iPhone release date announced?")
        .setCondition("an official date is confirmed")
        .setSchedule(new Schedule("0 9 * * *", "Europe/Berlin"))
        .setNotifyBehavior(NotifyBehavior.ONCE)
        .setNotifications(
            new Notifications(
                List.of("ops@example.com"),
                List.of(new Webhook("https://hooks.example.com/torale", "whsec_abc"))))
        .setOwner("user-1")
        .setContext(Map.of("team", "mobile"));
  }

  public static TaskCommand envelope(String taskId, Object command) {
    return TaskCommand.newBuilder()
        .setCommandId(UUID.randomUUID().toString())
        .setTaskId(taskId)
        .setIssuedAt(Instant.now())
        .setIssuedBy("test")
        .setCommand(command)
        .build();
  }

  public static TaskCommand create(String taskId) {
    return envelope(taskId, validCreate().build());
  }

  public static TaskCommand update(String taskId, UpdateTask update) {
    return envelope(taskId, update);
  }

  public static TaskCommand pause(String taskId) {
    return envelope(taskId, new PauseTask("test"));
  }

  public static TaskCommand resume(String taskId) {
    return envelope(taskId, new ResumeTask("test"));
  }

  public static TaskCommand delete(String taskId) {
    return envelope(taskId, new DeleteTask("test"));
  }

  public static TaskCommand runNow(String taskId) {
    return envelope(taskId, new RunTaskNow("test"));
  }
}
