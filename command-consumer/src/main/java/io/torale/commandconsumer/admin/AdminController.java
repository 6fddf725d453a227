package io.torale.commandconsumer.admin;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleDescription;
import io.torale.commandconsumer.admin.AdminViews.ScheduleAction;
import io.torale.commandconsumer.admin.AdminViews.ScheduleView;
import io.torale.commandconsumer.admin.AdminViews.TaskAndSchedule;
import io.torale.commandconsumer.admin.AdminViews.TaskView;
import io.torale.commandconsumer.admin.AdminViews.WorkflowRun;
import io.torale.commandconsumer.reconcile.ReconcileReport;
import io.torale.commandconsumer.reconcile.Reconciler;
import io.torale.commandconsumer.schedule.TaskSchedules;
import io.torale.commandconsumer.task.TaskStore;
import io.torale.platform.monitoring.MonitoringWorkflow;
import io.torale.platform.monitoring.ScheduleIds;
import io.torale.platform.task.Task;
import io.torale.platform.temporal.TemporalProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Operators' view of tasks, schedules and runs; every path is behind the admin bearer token. */
@RestController
@RequestMapping("/admin")
class AdminController {

  private final WorkflowClient workflows;
  private final TaskSchedules scheduler;
  private final TaskStore tasks;
  private final Reconciler reconciler;
  private final TemporalProperties temporal;
  private final AdminProperties properties;

  AdminController(
      WorkflowClient workflows,
      TaskSchedules scheduler,
      TaskStore tasks,
      Reconciler reconciler,
      TemporalProperties temporal,
      AdminProperties properties) {
    this.workflows = workflows;
    this.scheduler = scheduler;
    this.tasks = tasks;
    this.reconciler = reconciler;
    this.temporal = temporal;
    this.properties = properties;
  }

  /** Recent runs of MonitoringWorkflow, newest first, optionally of one task and one status. */
  @GetMapping("/temporal/workflows")
  List<WorkflowRun> workflows(
      @RequestParam(required = false) String taskId,
      @RequestParam(required = false) String status) {
    StringBuilder query =
        new StringBuilder(
            "WorkflowType = '%s'".formatted(MonitoringWorkflow.class.getSimpleName()));
    if (taskId != null && !taskId.isBlank()) {
      query.append(" AND %s = '%s'".formatted(ScheduleIds.TASK_ID_ATTRIBUTE, uuid(taskId)));
    }
    if (status != null && !status.isBlank()) {
      query.append(" AND ExecutionStatus = '%s'".formatted(statusName(status)));
    }
    return workflows
        .listExecutions(query.toString())
        .limit(properties.maxResults())
        .map(this::run)
        .toList();
  }

  @GetMapping("/temporal/schedules")
  List<ScheduleView> schedules() {
    return scheduler.list().stream()
        .limit(properties.maxResults())
        .map(
            s -> {
              String taskId = ScheduleIds.taskIdOf(s.getScheduleId()).orElseThrow();
              Optional<Task> task = tasks.find(UUID.fromString(taskId));
              var spec = s.getSchedule().getSpec();
              return new ScheduleView(
                  s.getScheduleId(),
                  taskId,
                  task.map(t -> t.schedule().cron()).orElse(null),
                  spec != null && spec.getTimeZoneName() != null
                      ? spec.getTimeZoneName()
                      : task.map(t -> t.schedule().timeZone()).orElse(null),
                  s.getSchedule().getState().isPaused(),
                  s.getInfo().getNextActionTimes(),
                  actions(s.getInfo().getRecentActions()));
            })
        .toList();
  }

  @GetMapping("/tasks/{taskId}")
  ResponseEntity<TaskAndSchedule> task(@PathVariable String taskId) {
    UUID id = uuid(taskId);
    Optional<Task> task = tasks.find(id);
    Optional<ScheduleDescription> schedule = scheduler.describe(id);
    if (task.isEmpty() && schedule.isEmpty()) {
      return ResponseEntity.notFound().build();
    }
    return ResponseEntity.ok(
        new TaskAndSchedule(
            task.map(AdminController::view).orElse(null),
            schedule.map(d -> view(d, task)).orElse(null)));
  }

  @PostMapping("/reconcile")
  ReconcileReport reconcile() {
    return reconciler.reconcile();
  }

  private WorkflowRun run(WorkflowExecutionMetadata run) {
    String workflowId = run.getExecution().getWorkflowId();
    String runId = run.getExecution().getRunId();
    String taskId =
        run.getTypedSearchAttributes()
            .get(io.torale.commandconsumer.schedule.ScheduleSpecs.TASK_ID);
    return new WorkflowRun(
        workflowId,
        runId,
        taskId,
        run.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", ""),
        run.getStartTime(),
        run.getCloseTime(),
        "%s/namespaces/%s/workflows/%s/%s"
            .formatted(temporal.uiUrl(), temporal.namespace(), encode(workflowId), encode(runId)));
  }

  private static ScheduleView view(ScheduleDescription d, Optional<Task> task) {
    var spec = d.getSchedule().getSpec();
    return new ScheduleView(
        d.getId(),
        ScheduleIds.taskIdOf(d.getId()).orElse(null),
        // describe() returns calendars, not the cron text: the task row has it.
        task.map(t -> t.schedule().cron()).orElse(null),
        spec.getTimeZoneName(),
        d.getSchedule().getState().isPaused(),
        d.getInfo().getNextActionTimes(),
        actions(d.getInfo().getRecentActions()));
  }

  private static TaskView view(Task t) {
    return new TaskView(
        t.id().toString(),
        t.name(),
        t.owner(),
        t.status(),
        t.searchQuery(),
        t.condition(),
        t.schedule(),
        t.source(),
        t.notifyBehavior(),
        new AdminViews.NotificationsView(
            t.notifications().emails(),
            t.notifications().webhooks().stream()
                .map(w -> new AdminViews.Webhook(w.url(), w.secret() != null))
                .toList()),
        t.context(),
        t.createdAt(),
        t.updatedAt());
  }

  private static List<ScheduleAction> actions(List<ScheduleActionResult> results) {
    return results.stream()
        .map(
            r -> {
              String workflowId = null;
              String runId = null;
              if (r.getAction() instanceof ScheduleActionExecutionStartWorkflow start) {
                workflowId = start.getWorkflowId();
                runId = start.getFirstExecutionRunId();
              }
              return new ScheduleAction(r.getScheduledAt(), r.getStartedAt(), workflowId, runId);
            })
        .toList();
  }

  private static UUID uuid(String taskId) {
    try {
      return UUID.fromString(taskId);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "taskId must be a UUID");
    }
  }

  /** Visibility's status names (Running, Completed, …) from any case, or 400. */
  private static String statusName(String status) {
    return Arrays.stream(WorkflowExecutionStatus.values())
        .filter(s -> s != WorkflowExecutionStatus.UNRECOGNIZED)
        .map(s -> s.name().replace("WORKFLOW_EXECUTION_STATUS_", ""))
        .filter(name -> !name.equals("UNSPECIFIED"))
        .filter(name -> name.replace("_", "").equalsIgnoreCase(status.replace("_", "")))
        .findFirst()
        .map(AdminController::pascal)
        .orElseThrow(
            () ->
                new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "status must be one of Running, Completed, Failed, Canceled, Terminated,"
                        + " ContinuedAsNew, TimedOut"));
  }

  private static String pascal(String upperSnake) {
    StringBuilder out = new StringBuilder();
    for (String part : upperSnake.toLowerCase(Locale.ROOT).split("_")) {
      out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return out.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
