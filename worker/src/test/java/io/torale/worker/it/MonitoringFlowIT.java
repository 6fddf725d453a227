package io.torale.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Span.Kind;
import io.micrometer.tracing.Tracer;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.torale.localstack.LocalStack;
import io.torale.localstack.LocalStackExtension;
import io.torale.platform.monitoring.MonitoringWorkflow;
import io.torale.platform.monitoring.RunResult;
import io.torale.platform.monitoring.ScheduleIds;
import io.torale.platform.monitoring.TaskConfig;
import io.torale.platform.task.MatchType;
import io.torale.platform.task.Notifications;
import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskSchedule;
import io.torale.platform.task.TaskSource;
import io.torale.platform.task.TaskStatus;
import io.torale.platform.task.TextMatch;
import io.torale.platform.task.WebhookEndpointRef;
import io.torale.platform.task.WebhookTarget;
import io.torale.platform.tracing.TraceContexts;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.ConditionMet;
import io.torale.schemas.v1.RunStatus;
import io.torale.schemas.v1.SourceLink;
import io.torale.schemas.v1.TaskExecuted;
import io.torale.testsupport.gemini.GeminiFake;
import io.torale.testsupport.gemini.GeminiResponses;
import io.torale.testsupport.kafka.TopicReader;
import io.torale.testsupport.page.PageServer;
import io.torale.worker.publish.EventIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The worker against real Kafka, registry, PostgreSQL and Temporal dev server (local stack), with
 * Gemini and the monitored page served by local HTTP servers on 127.0.0.1. Command-consumer, owner
 * of tasks, is one too ({@link TaskApiStandIn}): it serves the tasks these tests put in and records
 * the completion requests; the completion itself is command-consumer's (its {@code
 * TaskCompletionIT}, and e2e {@code SystemIT}).
 */
@ExtendWith(LocalStackExtension.class)
// Shared searches off: this class counts Gemini requests per run.
@SpringBootTest(properties = {"server.port=0", "torale.gemini.shared-search-window=0s"})
@DirtiesContext // its worker must not keep polling (and taking runs) during later test classes
class MonitoringFlowIT {

  @RegisterExtension static final GeminiFake gemini = new GeminiFake();

  @RegisterExtension static final PageServer page = new PageServer("Shop", "Available now");

  private static TopicReader<Object> records;

  @RegisterExtension static final TaskApiStandIn tasks = new TaskApiStandIn();

  @Autowired WorkflowClient workflows;
  @Autowired ScheduleClient schedules;
  @Autowired JdbcClient jdbc;
  @Autowired TraceContexts traces;

  @DynamicPropertySource
  static void gemini(DynamicPropertyRegistry registry) {
    gemini.workerProperties().forEach((key, value) -> registry.add(key, () -> value));
    registry.add("torale.task-api.url", tasks::url);
    registry.add("torale.task-api.token", () -> TaskApiStandIn.TOKEN);
  }

  /**
   * The worker asked the task's owner to complete it (with the service token the stand-in checks).
   */
  private static void assertCompletionRequested(String taskId) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> tasks.requests().contains("POST /internal/tasks/" + taskId + "/completion"));
    assertThat(tasks.task(UUID.fromString(taskId)).orElseThrow().status())
        .isEqualTo(TaskStatus.COMPLETED);
  }

  @BeforeAll
  static void start(LocalStack stack) throws Exception {
    records =
        TopicReader.avro(
            stack.kafkaBootstrapServers(),
            stack.registryUrl(),
            Topics.TASK_EXECUTIONS,
            Topics.CONDITION_MET);
  }

  @AfterAll
  static void stop() throws Exception {
    records.close();
  }

  private String task(NotifyBehavior behavior, TaskSource source) {
    UUID id = UUID.randomUUID();
    tasks.put(
        Task.builder()
            .id(id)
            .name("iPhone watch")
            .owner("it")
            .searchQuery("When is the next iPhone event?")
            .condition("An official date is confirmed")
            .schedule(TaskSchedule.utc("0 9 * * *"))
            .source(source)
            .notifyBehavior(behavior)
            .notifications(
                new Notifications(
                    List.of("ops@example.com"),
                    List.of(new WebhookTarget("http://127.0.0.1:9/hook", "whsec_c2VjcmV0"))))
            .context(Map.of("team", "launch"))
            .build());
    return id.toString();
  }

  private RunResult run(String taskId, String executionId) {
    return Runs.run(workflows, taskId, executionId);
  }

  private TaskExecuted executed(String taskId) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> records.withKey(taskId, TaskExecuted.class), list -> !list.isEmpty())
        .getLast();
  }

  private String runStatus(String executionId) {
    return jdbc.sql("SELECT status FROM task_runs WHERE execution_id = ?")
        .param(executionId)
        .query(String.class)
        .single();
  }

  @Test
  void groundedSearchPublishesTheRunAndTheNotification() {
    String taskId = task(NotifyBehavior.ONCE, new TaskSource.GroundedSearch());
    String executionId = "it-" + taskId;

    RunResult result = run(taskId, executionId);

    assertThat(result.notified()).isTrue();
    TaskExecuted run = executed(taskId);
    assertThat(run.getExecutionId()).isEqualTo(executionId);
    assertThat(run.getStatus()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.getConditionMet()).isTrue();
    assertThat(run.getNotified()).isTrue();
    assertThat(run.getSources()).extracting(SourceLink::getTitle).contains("apple.com");
    assertThat(run.getSearchQueries()).contains("next iPhone release date announced");

    ConditionMet event =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> records.withKey(taskId, ConditionMet.class), list -> !list.isEmpty())
            .getFirst();
    assertThat(event.getEventId()).isEqualTo(EventIds.conditionMet(executionId));
    assertThat(event.getTargets().getEmails()).containsExactly("ops@example.com");
    assertThat(event.getTargets().getWebhookUrls()).isEmpty();
    assertThat(event.getTargets().getWebhooks())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getEndpointId())
                  .isEqualTo(WebhookEndpointRef.idOf(taskId, "http://127.0.0.1:9/hook"));
              assertThat(ref.getRedactedUrl()).isEqualTo("http://127.0.0.1:9/…");
            });
    assertThat(event.toString()).doesNotContain("whsec_").doesNotContain("/hook");
    assertThat(event.getTask().getContext()).containsEntry("team", "launch");

    assertThat(runStatus(executionId)).isEqualTo("SUCCEEDED");
    assertCompletionRequested(taskId);
  }

  @Test
  void theStartersTraceReachesTheConditionMetRecordThroughTheWorkflowHeaders() {
    String taskId = task(NotifyBehavior.ALWAYS, new TaskSource.GroundedSearch());
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    Span command = traces.startChild("00-" + traceId + "-00f067aa0ba902b7-01", "it", Kind.CONSUMER);

    // As command-consumer starts a RunTaskNow: inside the command's span.
    try (Tracer.SpanInScope scope = traces.inScope(command)) {
      assertThat(run(taskId, "it-trace-" + taskId).notified()).isTrue();
    } finally {
      command.end();
    }

    String traceparent =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> records.lastHeader(taskId, ConditionMet.class, "traceparent"),
                h -> h != null);
    assertThat(traceparent).startsWith("00-" + traceId + "-");
    assertThat(records.lastHeader(taskId, TaskExecuted.class, "traceparent"))
        .startsWith("00-" + traceId + "-");
  }

  @Test
  void rateLimitedThenAnsweredSucceedsOnTemporalsRetry() {
    String taskId = task(NotifyBehavior.ALWAYS, new TaskSource.GroundedSearch());
    int before = gemini.requests();
    gemini.script(GeminiResponses.json(429, "error-429.json"));

    RunResult result = run(taskId, "it-429-" + taskId);

    assertThat(result.status()).isEqualTo("SUCCEEDED");
    assertThat(gemini.requests() - before).isEqualTo(3); // 429, grounded, verdict
  }

  @Test
  void malformedJsonIsRetried() {
    String taskId = task(NotifyBehavior.ALWAYS, new TaskSource.GroundedSearch());
    gemini.script(
        new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"candi"));

    assertThat(run(taskId, "it-malformed-" + taskId).status()).isEqualTo("SUCCEEDED");
  }

  @Test
  void persistentServerErrorsFailTheRunAndRecordIt() {
    String taskId = task(NotifyBehavior.ALWAYS, new TaskSource.GroundedSearch());
    String executionId = "it-500-" + taskId;
    for (int i = 0; i < 3; i++) {
      gemini.script(GeminiResponses.json(500, "error-500.json"));
    }

    assertThatThrownBy(() -> run(taskId, executionId)).isInstanceOf(WorkflowFailedException.class);

    TaskExecuted run = executed(taskId);
    assertThat(run.getStatus()).isEqualTo(RunStatus.FAILED);
    assertThat(run.getError()).contains("500");
    assertThat(runStatus(executionId)).isEqualTo("FAILED");
  }

  @Test
  void aPausedTaskIsSkippedAndRecorded() {
    String taskId = task(NotifyBehavior.ALWAYS, new TaskSource.GroundedSearch());
    tasks.put(tasks.task(UUID.fromString(taskId)).orElseThrow().withStatus(TaskStatus.PAUSED));

    assertThat(run(taskId, "it-paused-" + taskId).status()).isEqualTo("SKIPPED");
    assertThat(executed(taskId).getStatus()).isEqualTo(RunStatus.SKIPPED);
  }

  @Test
  void aScheduleFiresForRealAndAOnceTaskRemovesItsSchedule() {
    String taskId =
        task(
            NotifyBehavior.ONCE,
            new TaskSource.WebPage(
                page.url("/shop"), null, new TextMatch(MatchType.CONTAINS, "Available")));
    String scheduleId = ScheduleIds.forTask(taskId);
    schedules.createSchedule(
        scheduleId,
        Schedule.newBuilder()
            .setAction(
                ScheduleActionStartWorkflow.newBuilder()
                    .setWorkflowType(MonitoringWorkflow.class)
                    .setArguments(new TaskConfig(taskId))
                    .setOptions(
                        WorkflowOptions.newBuilder()
                            .setWorkflowId(scheduleId)
                            .setTaskQueue(MonitoringWorkflow.TASK_QUEUE)
                            .build())
                    .build())
            .setSpec(
                ScheduleSpec.newBuilder()
                    .setIntervals(List.of(new ScheduleIntervalSpec(Duration.ofSeconds(2))))
                    .build())
            .setPolicy(
                SchedulePolicy.newBuilder()
                    .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                    .build())
            .build(),
        ScheduleOptions.newBuilder().build());

    TaskExecuted run = executed(taskId);

    assertThat(run.getStatus()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.getExecutionId()).startsWith(scheduleId + "-");
    assertThat(run.getScheduledAt()).isNotNull();
    assertThat(run.getNotified()).isTrue();
    // No client call started it, so no propagated trace: one derived from the run id.
    String runId =
        workflows.newUntypedWorkflowStub(run.getExecutionId()).describe().getExecution().getRunId();
    assertThat(records.lastHeader(taskId, TaskExecuted.class, "traceparent"))
        .startsWith("00-" + runId.replace("-", ""));
    assertCompletionRequested(taskId);
    // Completing (and removing the schedule) is command-consumer's part, not run here.
    schedules.getHandle(scheduleId).delete();
  }
}
