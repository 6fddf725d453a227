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
      // Pause and resume set a state: the state they set counts as a valid start (no change).
      case PauseTask pause ->
          transition(current, List.of(TaskStatus.ACTIVE, TaskStatus.PAUSED), "paused", reasons);
      case ResumeTask resume ->
          transition(current, List.of(TaskStatus.PAUSED, TaskStatus.ACTIVE), "resumed", reasons);
      case RunTaskNow run -> transition(current, List.of(TaskStatus.ACTIVE), "run now", reasons);
      case DeleteTask delete -> {
        // Already deleted counts as done; only an id that never named a task is refused.
        if (current.isEmpty()) {
          reasons.add(new Rejection("task", "no task with this id exists"));
        }
      }
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

  /**
   * Why a valid command changes nothing, when the state it sets already holds: a pause of a paused
   * task, a resume of an active one, a delete of a deleted one. Such a command is applied with this
   * detail (and no Temporal call), so a resend of a state-setting command is always safe.
   */
  public static Optional<String> alreadyHolds(TaskCommand command, Optional<Task> current) {
    if (current.isEmpty()) {
      return Optional.empty();
    }
    TaskStatus status = current.get().status();
    return switch (command.getCommand()) {
      case PauseTask pause when status == TaskStatus.PAUSED ->
          Optional.of("the task is already paused");
      case ResumeTask resume when status == TaskStatus.ACTIVE ->
          Optional.of("the task is already active");
      case DeleteTask delete when status == TaskStatus.DELETED ->
          Optional.of("the task is already deleted");
      default -> Optional.empty();
    };
  }

  private static void transition(
      Optional<Task> current, List<TaskStatus> allowed, String verb, List<Rejection> reasons) {
    if (requireEditable(current, reasons) && !allowed.contains(current.get().status())) {
      reasons.add(
          new Rejection(
              "task",
              "a %s task cannot be %s (it must be %s)"
                  .formatted(
                      current.get().status().name().toLowerCase(java.util.Locale.ROOT),
                      verb,
                      allowed.getFirst().name().toLowerCase(java.util.Locale.ROOT))));
    }
  }
}
