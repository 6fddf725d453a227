package io.torale.worker.task;

import io.temporal.failure.ApplicationFailure;
import io.torale.platform.task.Task;
import io.torale.platform.taskapi.TaskApiClient;
import io.torale.worker.finding.TaskState;
import io.torale.worker.finding.TaskStateRepository;
import io.torale.worker.monitoring.FailureTypes;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Tasks from their owner, the command consumer, through its task API; see {@link TaskActivities}.
 * An unreachable API fails the attempt retryably (Temporal retries it).
 */
@Component
class TaskActivitiesImpl implements TaskActivities {

  private final TaskApiClient tasks;
  private final TaskStateRepository states;
  private final TaskCompletionClient completions;

  TaskActivitiesImpl(
      TaskApiClient tasks, TaskStateRepository states, TaskCompletionClient completions) {
    this.tasks = tasks;
    this.states = states;
    this.completions = completions;
  }

  @Override
  public TaskSnapshot getTask(String taskId) {
    UUID id = parse(taskId);
    Task task =
        tasks
            .find(id)
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "task " + taskId + " does not exist", FailureTypes.TASK_NOT_FOUND));
    TaskState state = states.find(id);
    return TaskSnapshot.of(
        task,
        state.lastCheckedAt() == null ? null : state.lastCheckedAt().toEpochMilli(),
        state.notifiedBefore());
  }

  @Override
  public void completeTask(String taskId) {
    // Not written here: command-consumer is the one writer of task state (see TaskCompletions).
    completions.complete(parse(taskId).toString());
  }

  private static UUID parse(String taskId) {
    try {
      return UUID.fromString(taskId);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "task id " + taskId + " is not a UUID", FailureTypes.TASK_NOT_FOUND);
    }
  }
}
