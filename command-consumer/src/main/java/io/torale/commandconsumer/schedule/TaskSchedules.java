package io.torale.commandconsumer.schedule;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  /**
   * Torale's schedules as the listing shows them, by task id, read {@code pageSize} at a time: one
   * round trip per page. The listing comes from Temporal's visibility store, which lags changes by
   * a moment.
   */
  public Map<UUID, ObservedSchedule> listObserved(int pageSize) {
    Map<UUID, ObservedSchedule> listed = new HashMap<>();
    schedules
        .listSchedules(pageSize)
        .forEach(
            s ->
                ScheduleIds.taskIdOf(s.getScheduleId())
                    .flatMap(TaskSchedules::uuid)
                    .ifPresent(taskId -> listed.put(taskId, ObservedSchedule.of(s))));
    return listed;
  }

  /** The outcome of a manual run request. */
  public sealed interface RunNow {
    /** This command's run was started (now or by an earlier attempt of the same command). */
    record Started(String workflowId) implements RunNow {}

    /** Another run of the task is open; starting one would run the task twice at once. */
    record Busy(String openWorkflowId) implements RunNow {}
  }

  /** The workflow id of the manual run a RunTaskNow command starts. */
  public static String manualRunId(String taskId, String commandId) {
    return ScheduleIds.forTask(taskId) + "-now-" + commandId;
  }

  /**
   * Starts one run now, as workflow {@code task-{taskId}-now-{commandId}}, unless another run of
   * the task is open. The id plus {@code REJECT_DUPLICATE} makes it at most once per command id,
   * even when the command is redelivered after the run finished.
   *
   * <p>"Open" is decided on strongly consistent state only, never on the visibility store (which
   * lags, and refused a run-now sent right after the previous run ended): the candidates are the
   * runs the schedule itself reports running and the task's last manual run (its id comes from our
   * own database), and each is asked for its result through the history service, which answers as
   * soon as the run is closed. A candidate still open is waited for up to {@code
   * torale.schedules.run-now-wait} (a run publishes its TaskExecuted a moment before it closes); if
   * it is still open then, the command is refused naming it.
   *
   * @param lastManualRunId the workflow id of the task's latest manual run, if any
   */
  public RunNow runNow(Task task, String commandId, Optional<String> lastManualRunId) {
    String taskId = task.id().toString();
    String workflowId = manualRunId(taskId, commandId);
    List<String> candidates = new ArrayList<>(scheduledRunsReportedOpen(task.id()));
    lastManualRunId.filter(id -> !id.equals(workflowId)).ifPresent(candidates::add);
    for (String candidate : candidates) {
      if (stillOpen(candidate)) {
        return new RunNow.Busy(candidate);
      }
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

  /** Runs the schedule's own state lists as running (it may not have noticed an end yet). */
  private List<String> scheduledRunsReportedOpen(UUID taskId) {
    return describe(taskId).stream()
        .flatMap(d -> d.getInfo().getRunningActions().stream())
        .filter(ScheduleActionExecutionStartWorkflow.class::isInstance)
        .map(a -> ((ScheduleActionExecutionStartWorkflow) a).getWorkflowId())
        .toList();
  }

  /** Whether the run is still open after waiting up to {@code run-now-wait} for it to close. */
  private boolean stillOpen(String workflowId) {
    try {
      workflows
          .newUntypedWorkflowStub(workflowId)
          .getResult(properties.runNowWait().toMillis(), TimeUnit.MILLISECONDS, Object.class);
      return false;
    } catch (TimeoutException open) {
      return true;
    } catch (WorkflowException closedUnsuccessfully) {
      // Failed, timed out, terminated or cancelled: closed, which is all that matters here.
      return false;
    }
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
