package io.torale.commandconsumer.validation;

import io.torale.commandconsumer.task.TaskDefinitions;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskStatus;
import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.DeleteTask;
import io.torale.schemas.v1.PauseTask;
import io.torale.schemas.v1.ResumeTask;
import io.torale.schemas.v1.RunTaskNow;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.UpdateTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides whether a command may be applied to the task as it is: one {@link Rejection} per invalid
 * field, and one for a transition that makes no sense. Plain Java, no I/O: the caller reads the
 * task first. An empty list means the command is valid.
 */
public final class TaskCommandValidator {

  private final TaskDefinitionRules rules;

  public TaskCommandValidator(List<String> webhookAllowedHosts) {
    this.rules = new TaskDefinitionRules(webhookAllowedHosts);
  }

  /** The task id of a command, when it is a UUID. */
  public static Optional<UUID> taskId(TaskCommand command) {
    try {
      return Optional.of(UUID.fromString(command.getTaskId()));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  public List<Rejection> validate(TaskCommand command, Optional<Task> current) {
    List<Rejection> reasons = new ArrayList<>();
    if (command.getCommandId() == null
        || command.getCommandId().isBlank()
        || command.getCommandId().length() > 100) {
      reasons.add(new Rejection("commandId", "is required and at most 100 characters"));
    }
    Optional<UUID> id = taskId(command);
    if (id.isEmpty()) {
      reasons.add(new Rejection("taskId", "must be a UUID, got '" + command.getTaskId() + "'"));
      return reasons;
    }
    switch (command.getCommand()) {
      case CreateTask create -> {
        current.ifPresent(
            task ->
                reasons.add(
                    new Rejection(
                        "task",
                        "a task with id %s already exists (%s)"
                            .formatted(task.id(), task.status()))));
        reasons.addAll(rules.checkSourceFields(create.getSource()));
        reasons.addAll(rules.check(TaskDefinitions.fromCreate(id.get(), create)));
      }
      case UpdateTask update -> {
        if (requireEditable(current, reasons)) {
          reasons.addAll(rules.checkSourceFields(update.getSource()));
          reasons.addAll(rules.check(TaskDefinitions.applyUpdate(current.get(), update)));
        }
      }
      case PauseTask pause -> transition(current, TaskStatus.ACTIVE, "paused", reasons);
      case ResumeTask resume -> transition(current, TaskStatus.PAUSED, "resumed", reasons);
      case RunTaskNow run -> transition(current, TaskStatus.ACTIVE, "run now", reasons);
      case DeleteTask delete -> requireExisting(current, reasons);
      default ->
          reasons.add(
              new Rejection(
                  "command", "unknown command type " + command.getCommand().getClass().getName()));
    }
    return reasons;
  }

  private static boolean requireExisting(Optional<Task> current, List<Rejection> reasons) {
    if (current.isEmpty()) {
      reasons.add(new Rejection("task", "no task with this id exists"));
      return false;
    }
    if (current.get().status() == TaskStatus.DELETED) {
      reasons.add(new Rejection("task", "the task is deleted"));
      return false;
    }
    return true;
  }

  private static boolean requireEditable(Optional<Task> current, List<Rejection> reasons) {
    if (!requireExisting(current, reasons)) {
      return false;
    }
    if (current.get().status() == TaskStatus.COMPLETED) {
      reasons.add(new Rejection("task", "the task is completed; create a new one"));
      return false;
    }
    return true;
  }

  private static void transition(
      Optional<Task> current, TaskStatus required, String verb, List<Rejection> reasons) {
    if (requireEditable(current, reasons) && current.get().status() != required) {
      reasons.add(
          new Rejection(
              "task",
              "a %s task cannot be %s (it must be %s)"
                  .formatted(
                      current.get().status().name().toLowerCase(java.util.Locale.ROOT),
                      verb,
                      required.name().toLowerCase(java.util.Locale.ROOT))));
    }
  }
}
