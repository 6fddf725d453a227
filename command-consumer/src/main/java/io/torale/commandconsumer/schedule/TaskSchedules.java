package io.torale.commandconsumer.schedule;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleUpdate;
import io.torale.platform.monitoring.MonitoringWorkflow;
import io.torale.platform.monitoring.ScheduleIds;
import io.torale.platform.monitoring.TaskConfig;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskStatus;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Every Temporal operation on a task's schedule, each idempotent so that a redelivered command
 * completes what a crashed attempt started: create-if-absent-else-update, delete-if-present, pause
 * and unpause of whatever state, one manual run per command id. Failures other than "already there"
 * / "already gone" propagate: they are transient, and the command is retried.
 */
@Component
public class TaskSchedules {

  private final ScheduleClient schedules;
  private final WorkflowClient workflows;
  private final ScheduleProperties properties;

  TaskSchedules(ScheduleClient schedules, WorkflowClient workflows, ScheduleProperties properties) {
    this.schedules = schedules;
    this.workflows = workflows;
    this.properties = properties;
  }

  /** Makes the task's schedule exist and match the task (spec, action, policy, paused). */
  public void ensure(Task task) {
    String id = ScheduleIds.forTask(task.id().toString());
    var schedule = ScheduleSpecs.forTask(task, properties.catchupWindow());
    try {
      schedules.createSchedule(
          id,
          schedule,
          ScheduleOptions.newBuilder()
              .setMemo(ScheduleSpecs.memo(task.id().toString()))
              .setTypedSearchAttributes(ScheduleSpecs.searchAttributes(task.id().toString()))
              .build());
    } catch (ScheduleAlreadyRunningException exists) {
      // The whole schedule (spec, action, policies, state) is replaced by the update.
      schedules
          .getHandle(id)
          .update(
              input ->
                  new ScheduleUpdate(
                      schedule, ScheduleSpecs.searchAttributes(task.id().toString())));
    }
  }

  /** Pauses (or unpauses) the schedule; recreates it in that state when it is missing. */
  public void setPaused(Task task, boolean paused) {
    Task target = task.withStatus(paused ? TaskStatus.PAUSED : TaskStatus.ACTIVE);
    try {
      var handle = schedules.getHandle(ScheduleIds.forTask(task.id().toString()));
      if (paused) {
        handle.pause("paused by command");
      } else {
        handle.unpause("resumed by command");
      }
    } catch (RuntimeException e) {
      if (!isNotFound(e)) {
        throw e;
      }
      ensure(target);
    }
  }

  /** Deletes the schedule; one already gone counts as deleted. */
  public void delete(UUID taskId) {
    try {
      schedules.getHandle(ScheduleIds.forTask(taskId.toString())).delete();
    } catch (RuntimeException e) {
      if (!isNotFound(e)) {
        throw e;
      }
    }
  }

  public Optional<ScheduleDescription> describe(UUID taskId) {
    try {
      return Optional.of(schedules.getHandle(ScheduleIds.forTask(taskId.toString())).describe());
    } catch (RuntimeException e) {
      if (isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Torale's schedules (id {@code task-<uuid>}). */
  public List<ScheduleListDescription> list() {
    return schedules
        .listSchedules()
        .filter(
            s -> ScheduleIds.taskIdOf(s.getScheduleId()).flatMap(TaskSchedules::uuid).isPresent())
        .toList();
  }

  /** The outcome of a manual run request. */
  public sealed interface RunNow {
    /** This command's run was started (now or by an earlier attempt of the same command). */
    record Started(String workflowId) implements RunNow {}

    /** Another run of the task is open; starting one would run the task twice at once. */
    record Busy(String openWorkflowId) implements RunNow {}
  }

  /**
   * Starts one run now, as workflow {@code task-{taskId}-now-{commandId}}. The id plus {@code
   * REJECT_DUPLICATE} makes it at most once per command id, even when the command is redelivered
   * after the run finished. Before starting, open runs of the task (scheduled or manual) are looked
   * up by the {@code TaskId} search attribute: if one is open, nothing starts.
   */
  public RunNow runNow(Task task, String commandId) {
    String taskId = task.id().toString();
    String workflowId = ScheduleIds.forTask(taskId) + "-now-" + commandId;
    Optional<String> open =
        workflows
            .listExecutions(
                "%s = '%s' AND ExecutionStatus = 'Running'"
                    .formatted(ScheduleIds.TASK_ID_ATTRIBUTE, taskId))
            .map(run -> run.getExecution().getWorkflowId())
            .findFirst();
    if (open.isPresent()) {
      return open.get().equals(workflowId)
          ? new RunNow.Started(workflowId)
          : new RunNow.Busy(open.get());
    }
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(MonitoringWorkflow.TASK_QUEUE)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setMemo(ScheduleSpecs.memo(taskId))
            .setTypedSearchAttributes(ScheduleSpecs.searchAttributes(taskId))
            .build();
    try {
      WorkflowStub stub =
          workflows.newUntypedWorkflowStub(MonitoringWorkflow.class.getSimpleName(), options);
      stub.start(new TaskConfig(taskId));
    } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
      // An earlier attempt of this same command started it: at most once per command id.
    }
    return new RunNow.Started(workflowId);
  }

  static boolean isNotFound(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException status
          && status.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return true;
      }
    }
    return false;
  }

  private static Optional<UUID> uuid(String text) {
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
