package io.torale.worker.task;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.failure.ApplicationFailure;
import io.torale.platform.monitoring.ScheduleIds;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskStatus;
import io.torale.platform.task.TaskStore;
import io.torale.worker.compare.TaskState;
import io.torale.worker.compare.TaskStateRepository;
import io.torale.worker.monitoring.FailureTypes;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Tasks from the shared {@code tasks} table; see {@link TaskActivities}. */
@Component
class TaskActivitiesImpl implements TaskActivities {

  private static final Logger log = LoggerFactory.getLogger(TaskActivitiesImpl.class);

  private final TaskStore tasks;
  private final TaskStateRepository states;
  private final ScheduleClient schedules;

  TaskActivitiesImpl(TaskStore tasks, TaskStateRepository states, ScheduleClient schedules) {
    this.tasks = tasks;
    this.states = states;
    this.schedules = schedules;
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
    tasks.updateStatus(parse(taskId), TaskStatus.COMPLETED);
    try {
      schedules.getHandle(ScheduleIds.forTask(taskId)).delete();
    } catch (RuntimeException e) {
      if (!notFound(e)) {
        throw e;
      }
      log.debug("Schedule of task {} was already gone", taskId);
    }
  }

  private static boolean notFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException status
          && status.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return true;
      }
    }
    return false;
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
