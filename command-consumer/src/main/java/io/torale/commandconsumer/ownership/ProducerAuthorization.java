package io.torale.commandconsumer.ownership;

import io.torale.commandconsumer.validation.Rejection;
import io.torale.platform.task.Task;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.UpdateTask;
import java.util.List;
import java.util.Optional;

/**
 * Which producer may act on which task. A producer's tasks are its namespace: their {@code owner}
 * is the producer's name. A command from a producer's own topic sees only that producer's tasks:
 * another producer's task looks exactly like a task that does not exist (the validator's "no task
 * with this id exists"), so a rejection reveals nothing of its state. Nobody changes a task's
 * owner. Commands from the single topic are trusted as written (setups without ACLs); {@code
 * torale.commands.single-topic=false} refuses them.
 */
public final class ProducerAuthorization {

  private final boolean singleTopic;

  public ProducerAuthorization(boolean singleTopic) {
    this.singleTopic = singleTopic;
  }

  /** The stored task as the command's source may see it: empty if it belongs to someone else. */
  public Optional<Task> visibleTo(CommandSource source, Optional<Task> stored) {
    return switch (source) {
      case CommandSource.Producer producer ->
          stored.filter(task -> producer.name().equals(task.owner()));
      case CommandSource.SharedTopic shared -> stored;
    };
  }

  /**
   * Reasons the source may not issue this command regardless of its content; empty when it may (the
   * validator then checks the command against the task it can see).
   */
  public List<Rejection> check(CommandSource source, TaskCommand command, Optional<Task> stored) {
    if (source instanceof CommandSource.SharedTopic && !singleTopic) {
      return List.of(
          new Rejection(
              "topic",
              "commands on %s are disabled here; publish to %s<your producer name>"
                  .formatted(Topics.TASK_COMMANDS, Topics.PRODUCER_COMMANDS_PREFIX)));
    }
    Optional<Task> visible = visibleTo(source, stored);
    return switch (command.getCommand()) {
      case CreateTask create -> checkCreate(source, create, stored, visible);
      case UpdateTask update ->
          visible
              .filter(task -> update.getOwner() != null && !update.getOwner().equals(task.owner()))
              .map(task -> List.of(new Rejection("command.owner", "cannot be changed")))
              .orElse(List.of());
      default -> List.of();
    };
  }

  private static List<Rejection> checkCreate(
      CommandSource source, CreateTask create, Optional<Task> stored, Optional<Task> visible) {
    if (!(source instanceof CommandSource.Producer producer)) {
      return List.of();
    }
    if (!producer.name().equals(create.getOwner())) {
      return List.of(
          new Rejection(
              "command.owner",
              "must be '%s', the producer whose topic carried the command"
                  .formatted(producer.name())));
    }
    if (stored.isPresent() && visible.isEmpty()) {
      // Task ids are global: say only that the id is taken, nothing of the task.
      return List.of(new Rejection("taskId", "is taken; choose another id"));
    }
    return List.of();
  }
}
