package io.torale.worker.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import io.torale.platform.monitoring.MonitoringWorkflow;
import io.torale.platform.monitoring.RunResult;
import io.torale.platform.monitoring.TaskConfig;
import io.torale.worker.search.SearchActivities;
import io.torale.worker.task.TaskActivities;
import io.torale.worker.task.TaskSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
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
 * ./mvnw -pl worker test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.torale.worker.monitoring.HistoryRecorder -Dexec.args=v2
 * </pre>
 *
 * which writes {@code <name>.v2.json} (pick a new suffix, never overwrite committed files) from
 * runs in the time-skipping test environment with {@link FakeActivities}: see {@link
 * HistoryRecorder}.
 */
class MonitoringWorkflowReplayTest {

  /**
   * v0: getTask and compareStates as (remote) activities, no version marker; v1 ({@code
   * MonitoringWorkflowImpl.LOCAL_DB_ACTIVITIES}): both as local activities; v2 ({@code
   * TYPED_FINDINGS}): a grounded search is searchWeb then judgeEvidence (heartbeated), compared by
   * compareFinding; a web page stays one executeGroundedSearch. v3 ({@code LEAN_RUN}): one version
   * marker instead of two, a page with a deterministic match is the local activity checkPage, and a
   * run ends with one finishRun activity (a ONCE task: sendNotification, completeTask, finishRun).
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
        "succeeded-notified.v2.json",
        "succeeded-once-completed.v2.json",
        "succeeded-not-met.v2.json",
        "skipped-paused.v2.json",
        "failed-search-exhausted.v2.json",
        "succeeded-page.v2.json",
        "succeeded-notified.v3.json",
        "succeeded-once-completed.v3.json",
        "succeeded-not-met.v3.json",
        "skipped-paused.v3.json",
        "failed-search-exhausted.v3.json",
        "succeeded-page.v3.json",
        "succeeded-judged-page.v3.json",
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
    assertThat(history("succeeded-notified.v2.json"))
        .contains("SearchWeb")
        .contains("JudgeEvidence")
        .contains("\"heartbeatTimeout\": \"10s\"")
        .doesNotContain("ExecuteGroundedSearch");
    assertThat(history("succeeded-page.v2.json"))
        .contains("ExecuteGroundedSearch")
        .doesNotContain("SearchWeb");
    assertThat(history("failed-search-exhausted.v2.json"))
        .contains("SearchWeb")
        .doesNotContain("JudgeEvidence")
        .contains("EVENT_TYPE_WORKFLOW_EXECUTION_FAILED");
  }

  @Test
  void theLeanRunHistoriesAreWhatTheyClaim() throws IOException {
    assertThat(history("succeeded-page.v3.json"))
        .contains(markerPayload("lean-run"))
        .contains(markerPayload("CheckPage"))
        .doesNotContain(markerPayload(MonitoringWorkflowImpl.TYPED_FINDINGS))
        .contains("FinishRun")
        .doesNotContain("ExecuteGroundedSearch")
        .doesNotContain("SendNotification")
        .doesNotContain("RecordRun");
    assertThat(history("succeeded-judged-page.v3.json"))
        .contains("ExecuteGroundedSearch")
        .contains("\"heartbeatTimeout\": \"10s\"")
        .doesNotContain(markerPayload("CheckPage"));
    assertThat(history("succeeded-notified.v3.json"))
        .contains("FinishRun")
        .doesNotContain("SendNotification");
    assertThat(history("succeeded-once-completed.v3.json"))
        .contains("SendNotification")
        .contains("CompleteTask")
        .contains("FinishRun");
  }

  /** A v2 page history replayed by code that checks pages locally without its guard: fails. */
  @Test
  void theLeanRunChangeWithoutItsGuardWouldFailV2Replays() {
    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    history("succeeded-page.v2.json"), UnguardedLocalPage.class))
        .hasStackTraceContaining("NonDeterministic");
  }

  /** What the local page check without its getVersion guard would look like. */
  public static class UnguardedLocalPage implements MonitoringWorkflow {
    @Override
    public RunResult run(TaskConfig config) {
      Workflow.getVersion(
          MonitoringWorkflowImpl.LOCAL_DB_ACTIVITIES,
          Workflow.DEFAULT_VERSION,
          MonitoringWorkflowImpl.LOCAL_DB_ACTIVITIES_VERSION);
      Workflow.getVersion(
          MonitoringWorkflowImpl.TYPED_FINDINGS,
          Workflow.DEFAULT_VERSION,
          MonitoringWorkflowImpl.TYPED_FINDINGS_VERSION);
      TaskSnapshot task = localTaskActivities().getTask(config.taskId());
      Workflow.newLocalActivityStub(
              SearchActivities.class,
              LocalActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(60))
                  .build())
          .checkPage(task);
      return new RunResult("SUCCEEDED", false, false, null);
    }
  }

  /** A v1 history replayed by code that ignores the typed-findings version: fails, as it must. */
  @Test
  void theTypedFindingsChangeWithoutItsGuardWouldFailV1Replays() {
    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    history("succeeded-notified.v1.json"), UnguardedSplitSearch.class))
        .hasStackTraceContaining("NonDeterministic");
  }

  /** How a marker's change id or local activity type appears in a history: base64 of JSON. */
  private static String markerPayload(String name) {
    return Base64.getEncoder()
        .withoutPadding() // the saved JSON writes "=" as a unicode escape
        .encodeToString(("\"" + name + "\"").getBytes(StandardCharsets.UTF_8));
  }

  private static String history(String name) throws IOException {
    try (InputStream in =
        MonitoringWorkflowReplayTest.class.getResourceAsStream("/histories/" + name)) {
      assertThat(in).as("history %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** What the split search without its getVersion guard would look like (v1 markers only). */
  public static class UnguardedSplitSearch implements MonitoringWorkflow {
    @Override
    public RunResult run(TaskConfig config) {
      Workflow.getVersion(
          MonitoringWorkflowImpl.LOCAL_DB_ACTIVITIES,
          Workflow.DEFAULT_VERSION,
          MonitoringWorkflowImpl.LOCAL_DB_ACTIVITIES_VERSION);
      TaskActivities tasks = localTaskActivities();
      SearchActivities search =
          Workflow.newActivityStub(
              SearchActivities.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(45)).build());
      TaskSnapshot task = tasks.getTask(config.taskId());
      search.searchWeb(task.searchQuery());
      return new RunResult("SUCCEEDED", false, false, null);
    }
  }

  /** getTask as a local activity (30 s), as the unguarded variants below call it. */
  static TaskActivities localTaskActivities() {
    return Workflow.newLocalActivityStub(
        TaskActivities.class,
        LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());
  }

  /** What an unguarded "make getTask a local activity" change would look like. */
  public static class UnguardedLocalGetTask implements MonitoringWorkflow {
    @Override
    public RunResult run(TaskConfig config) {
      TaskActivities tasks = localTaskActivities();
      tasks.getTask(config.taskId());
      return new RunResult("SUCCEEDED", false, false, null);
    }
  }
}
