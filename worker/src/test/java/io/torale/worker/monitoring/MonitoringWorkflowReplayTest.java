package io.torale.worker.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.LocalActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.torale.platform.monitoring.MonitoringWorkflow;
import io.torale.platform.monitoring.RunResult;
import io.torale.platform.monitoring.TaskConfig;
import io.torale.worker.search.Finding;
import io.torale.worker.task.TaskActivities;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays saved {@link MonitoringWorkflow} histories against today's {@link
 * MonitoringWorkflowImpl}, so a change that would break runs in flight (a command added, removed,
 * reordered, or an activity turned into a local activity) fails the build instead of failing those
 * runs in production with a non-determinism error.
 *
 * <p>The histories in {@code src/test/resources/histories/} are the contract: never regenerate them
 * to make this test pass. A change to the workflow's commands must be guarded with {@code
 * Workflow.getVersion} so that these old histories still replay; after such a change, ADD histories
 * of the new version and keep the old ones. An old version's branch and its histories may go
 * together (raise {@code minSupported} in {@code getVersion}) only once no run of it can be open
 * any more: a run lasts seconds, but a stuck or retrying one can last much longer, and a reset
 * replays. Record the current version's histories deliberately, from the repository root:
 *
 * <pre>
 * ./mvnw -pl worker test -Dtest=MonitoringWorkflowReplayTest#recordHistories \
 *     -Dtorale.histories.record=v2
 * </pre>
 *
 * which writes {@code <name>.v2.json} (pick a new suffix, never overwrite committed files) from
 * runs in the time-skipping test environment with {@link FakeActivities}.
 */
class MonitoringWorkflowReplayTest {

  /**
   * v0: getTask and compareStates as (remote) activities, no version marker; v1 ({@code
   * MonitoringWorkflowImpl.LOCAL_DB_ACTIVITIES}): both as local activities.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "succeeded-notified.v0.json",
        "succeeded-once-completed.v0.json",
        "succeeded-not-met.v0.json",
        "skipped-paused.v0.json",
        "failed-search-exhausted.v0.json",
        "succeeded-notified.v1.json",
        "succeeded-once-completed.v1.json",
        "succeeded-not-met.v1.json",
        "skipped-paused.v1.json",
        "failed-search-exhausted.v1.json",
      })
  void replaysASavedHistory(String name) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history(name), MonitoringWorkflowImpl.class);
  }

  /**
   * Proves the guard works: the same switch to a local activity without {@code Workflow.getVersion}
   * does not replay a v0 history.
   */
  @Test
  void anUnguardedChangeFailsTheReplay() {
    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    history("succeeded-notified.v0.json"), UnguardedLocalGetTask.class))
        .hasStackTraceContaining("NonDeterministic");
  }

  @Test
  void theSavedHistoriesAreWhatTheyClaim() throws IOException {
    assertThat(history("succeeded-notified.v0.json"))
        .contains("SendNotification")
        .contains("RecordRun")
        .contains("EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED");
    assertThat(history("succeeded-once-completed.v0.json")).contains("CompleteTask");
    assertThat(history("skipped-paused.v0.json"))
        .doesNotContain("ExecuteGroundedSearch")
        .contains("RecordRun");
    assertThat(history("failed-search-exhausted.v0.json"))
        .contains("EVENT_TYPE_WORKFLOW_EXECUTION_FAILED");
    // v1's version marker (its change id is in a base64 payload)
    assertThat(history("succeeded-notified.v0.json"))
        .contains("GetTask")
        .doesNotContain("\"markerName\": \"Version\"");
    assertThat(history("succeeded-notified.v1.json"))
        .contains("\"markerName\": \"Version\"")
        .contains("\"markerName\": \"LocalActivity\"")
        .contains("SendNotification");
  }

  private static String history(String name) throws IOException {
    try (InputStream in =
        MonitoringWorkflowReplayTest.class.getResourceAsStream("/histories/" + name)) {
      assertThat(in).as("history %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Records the current workflow's histories; runs only when asked (see the class comment). Writes
   * into the source tree: Maven runs tests in the module directory.
   */
  @Test
  @EnabledIfSystemProperty(named = "torale.histories.record", matches = "v\\d+")
  void recordHistories() throws IOException {
    String version = System.getProperty("torale.histories.record");
    Path dir = Path.of("src/test/resources/histories");
    Files.createDirectories(dir);
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      FakeActivities fake = new FakeActivities();
      Worker worker = env.newWorker(MonitoringWorkflow.TASK_QUEUE);
      worker.registerWorkflowImplementationTypes(MonitoringWorkflowImpl.class);
      worker.registerActivitiesImplementations(fake);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      Finding met = new Finding(true, "Sept 9", "Event on Sept 9", null, null);
      Finding notMet = new Finding(false, "no date yet", "no date", null, null);

      fake.add("11111111-1111-1111-1111-111111111111", "ALWAYS", "ACTIVE");
      fake.willFind(met);
      record(client, dir, "11111111-1111-1111-1111-111111111111", "succeeded-notified", version);

      fake.add("22222222-2222-2222-2222-222222222222", "ONCE", "ACTIVE");
      fake.willFind(met);
      record(
          client, dir, "22222222-2222-2222-2222-222222222222", "succeeded-once-completed", version);

      fake.add("33333333-3333-3333-3333-333333333333", "ON_CHANGE", "ACTIVE");
      fake.willFind(notMet);
      record(client, dir, "33333333-3333-3333-3333-333333333333", "succeeded-not-met", version);

      fake.add("44444444-4444-4444-4444-444444444444", "ALWAYS", "PAUSED");
      record(client, dir, "44444444-4444-4444-4444-444444444444", "skipped-paused", version);

      fake.add("55555555-5555-5555-5555-555555555555", "ALWAYS", "ACTIVE");
      fake.willFail(3, () -> new IllegalStateException("Gemini 503"));
      record(
          client, dir, "55555555-5555-5555-5555-555555555555", "failed-search-exhausted", version);
    }
  }

  private static void record(
      WorkflowClient client, Path dir, String taskId, String name, String version)
      throws IOException {
    String workflowId = "task-" + taskId + "-replay";
    MonitoringWorkflow workflow =
        client.newWorkflowStub(
            MonitoringWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(MonitoringWorkflow.TASK_QUEUE)
                .setWorkflowId(workflowId)
                .build());
    try {
      RunResult result = workflow.run(new TaskConfig(taskId));
      System.out.println(name + ": " + result);
    } catch (WorkflowFailedException expected) {
      System.out.println(name + ": failed as expected");
    }
    Path file = dir.resolve(name + "." + version + ".json");
    if (Files.exists(file)) {
      throw new IllegalStateException(file + " exists: recorded histories are never overwritten");
    }
    Files.writeString(file, client.fetchHistory(workflowId).toJson(true));
  }

  /** What an unguarded "make getTask a local activity" change would look like. */
  public static class UnguardedLocalGetTask implements MonitoringWorkflow {
    @Override
    public RunResult run(TaskConfig config) {
      TaskActivities tasks =
          Workflow.newLocalActivityStub(
              TaskActivities.class,
              LocalActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(30))
                  .build());
      tasks.getTask(config.taskId());
      return new RunResult("SUCCEEDED", false, false, null);
    }
  }
}
