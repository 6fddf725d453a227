package io.torale.worker.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.torale.platform.monitoring.MonitoringWorkflow;
import io.torale.platform.monitoring.RunResult;
import io.torale.platform.monitoring.TaskConfig;
import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.TaskStatus;
import io.torale.worker.finding.FieldType;
import io.torale.worker.finding.FieldValue;
import io.torale.worker.publish.EventIds;
import io.torale.worker.publish.RunRecord;
import io.torale.worker.search.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class MonitoringWorkflowTest {

  private static final Finding NOT_MET = new Finding(false, "no date yet", "no date", null, null);
  private static final Finding MET_A = new Finding(true, "Sept 9", "Event on Sept 9", null, null);
  private static final Finding MET_A_AGAIN =
      new Finding(true, "Sept 9!", "  event ON sept 9 ", null, null);
  private static final Finding MET_B = new Finding(true, "Sept 10", "Event on Sept 10", null, null);

  private final String taskId = UUID.randomUUID().toString();
  private final AtomicInteger runNumber = new AtomicInteger();
  private TestWorkflowEnvironment env;
  private FakeActivities fake;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    fake = new FakeActivities();
    Worker worker = env.newWorker(MonitoringWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(MonitoringWorkflowImpl.class);
    worker.registerActivitiesImplementations(fake);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private RunResult run() {
    return client
        .newWorkflowStub(
            MonitoringWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(MonitoringWorkflow.TASK_QUEUE)
                .setWorkflowId("task-" + taskId + "-run-" + runNumber.incrementAndGet())
                .build())
        .run(new TaskConfig(taskId));
  }

  private List<Boolean> notifiedOver(Finding... findings) {
    fake.willFind(findings);
    List<Boolean> notified = new ArrayList<>();
    for (int i = 0; i < findings.length; i++) {
      notified.add(run().notified());
    }
    return notified;
  }

  @Nested
  class RetryPolicy {

    @Test
    void failsTwiceThenSucceeds() {
      fake.add(taskId, NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.willFail(2, () -> new IllegalStateException("Gemini 503"));
      fake.willFind(MET_A);

      RunResult result = run();

      assertThat(result.status()).isEqualTo("SUCCEEDED");
      assertThat(fake.searchAttempts).hasValue(3);
      assertThat(fake.runs).extracting(RunRecord::status).containsExactly("SUCCEEDED");
    }

    @Test
    void ridesOutATaskApiOutageOfAboutAMinute() {
      fake.add(taskId, NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.taskApiDownFor.set(6); // 1 + 2 + 4 + 8 + 10 + 10 s of backoff
      fake.willFind(MET_A);

      RunResult result = run();

      assertThat(result.status()).isEqualTo("SUCCEEDED");
      assertThat(fake.getTaskAttempts).hasValue(7);
    }

    @Test
    void isExhaustedAfterThreeAttemptsAndRecordsTheRunAsFailed() {
      fake.add(taskId, NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.willFail(5, () -> new IllegalStateException("Gemini 503"));

      assertThatThrownBy(MonitoringWorkflowTest.this::run)
          .isInstanceOf(WorkflowFailedException.class);

      assertThat(fake.searchAttempts).hasValue(3);
      assertThat(fake.runs)
          .singleElement()
          .satisfies(
              run -> {
                assertThat(run.status()).isEqualTo("FAILED");
                assertThat(run.error()).contains("SearchWeb").contains("Gemini 503");
                assertThat(run.notified()).isFalse();
              });
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          FailureTypes.GEMINI_REJECTED,
          FailureTypes.GEMINI_NOT_CONFIGURED,
          FailureTypes.INVALID_CONFIGURATION,
          FailureTypes.ADDRESS_REFUSED
        })
    void doesNotRetryNonRetryableFailures(String type) {
      fake.add(taskId, NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.willFail(3, () -> ApplicationFailure.newNonRetryableFailure("no good", type));

      assertThatThrownBy(MonitoringWorkflowTest.this::run)
          .isInstanceOf(WorkflowFailedException.class);

      assertThat(fake.searchAttempts).hasValue(1);
      assertThat(fake.runs).extracting(RunRecord::status).containsExactly("FAILED");
    }

    @Test
    void recordsAMissingTaskAsFailedWithoutRetrying() {
      assertThatThrownBy(MonitoringWorkflowTest.this::run)
          .isInstanceOf(WorkflowFailedException.class);

      assertThat(fake.getTaskAttempts).hasValue(1);
      assertThat(fake.runs)
          .singleElement()
          .satisfies(
              run -> {
                assertThat(run.status()).isEqualTo("FAILED");
                assertThat(run.taskId()).isEqualTo(taskId);
                assertThat(run.error()).contains("gone");
              });
    }

    @Test
    void aRetriedNotificationKeepsItsEventId() {
      fake.add(taskId, NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.notifyFailuresLeft.set(1);
      fake.willFind(MET_A);

      assertThat(run().notified()).isTrue();

      String executionId = "task-" + taskId + "-run-1";
      assertThat(fake.eventIds).hasSize(2).containsOnly(EventIds.conditionMet(executionId));
      assertThat(fake.runs)
          .singleElement()
          .extracting(RunRecord::executionId)
          .isEqualTo(executionId);
    }
  }

  /**
   * local-db-activities 1: getTask and the comparison run as local activities, completeTask does
   * not; typed-findings 1: a grounded search is searchWeb then judgeEvidence.
   */
  @Nested
  class LocalDatabaseActivities {

    private List<HistoryEvent> history() {
      return client.fetchHistory("task-" + taskId + "-run-1").getEvents();
    }

    private List<String> scheduledActivities() {
      return history().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
          .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
          .toList();
    }

    private long markers() {
      return history().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
          .count();
    }

    @Test
    void newRunsReadTheTaskAndCompareLocally() {
      fake.add(taskId, NotifyBehavior.ONCE, TaskStatus.ACTIVE);
      fake.willFind(MET_A);

      assertThat(run().notified()).isTrue();

      // a ONCE task completes between its notification and its record, as before lean-run
      assertThat(scheduledActivities())
          .containsExactly(
              "SearchWeb", "JudgeEvidence", "SendNotification", "CompleteTask", "FinishRun");
      // one version marker (lean-run), then one marker per local activity result
      assertThat(markers()).isEqualTo(3);
      assertThat(fake.completed).containsExactly(taskId);
    }

    @Test
    void aLocalActivityKeepsTheRetryPolicy() {
      fake.add(taskId, NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.compareFailuresLeft.set(2);
      fake.willFind(MET_A);

      assertThat(run().status()).isEqualTo("SUCCEEDED");
      assertThat(fake.compareAttempts).hasValue(3);
    }

    @Test
    void anExhaustedLocalActivityRecordsTheRunAsFailed() {
      fake.add(taskId, NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.compareFailuresLeft.set(5);
      fake.willFind(MET_A);

      assertThatThrownBy(MonitoringWorkflowTest.this::run)
          .isInstanceOf(WorkflowFailedException.class);

      assertThat(fake.compareAttempts).hasValue(3);
      assertThat(fake.runs)
          .singleElement()
          .satisfies(
              run -> {
                assertThat(run.status()).isEqualTo("FAILED");
                assertThat(run.error()).contains("CompareFinding").contains("database hiccup");
              });
    }
  }

  /**
   * lean-run 1: a deterministic web page is checked locally, and a run ends with one finishRun
   * activity (notification, then the record), so such a run is two workflow tasks.
   */
  @Nested
  class LeanRun {

    private List<HistoryEvent> history() {
      return client.fetchHistory("task-" + taskId + "-run-1").getEvents();
    }

    private long count(EventType type) {
      return history().stream().filter(e -> e.getEventType() == type).count();
    }

    private List<String> scheduledActivities() {
      return history().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
          .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
          .toList();
    }

    @Test
    void aNotifyingPageRunIsTwoWorkflowTasksAndOneActivity() {
      fake.add(taskId, NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.tasks.computeIfPresent(taskId, (id, t) -> FakeActivities.asWebPage(t));
      fake.willFind(MET_A);

      assertThat(run().notified()).isTrue();

      assertThat(fake.pageChecks).hasValue(1);
      assertThat(scheduledActivities()).containsExactly("FinishRun");
      assertThat(count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)).isEqualTo(2);
      // lean-run's version marker, then getTask, checkPage and compareFinding
      assertThat(count(EventType.EVENT_TYPE_MARKER_RECORDED)).isEqualTo(4);
      assertThat(history()).hasSize(15); // 27 before lean-run
      assertThat(fake.eventIds).containsExactly(EventIds.conditionMet("task-" + taskId + "-run-1"));
      assertThat(fake.runs).singleElement().satisfies(r -> assertThat(r.notified()).isTrue());
    }

    @Test
    void aPageRunThatDoesNotNotifyHasTheSameShape() {
      fake.add(taskId, NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.tasks.computeIfPresent(taskId, (id, t) -> FakeActivities.asWebPage(t));
      fake.willFind(NOT_MET);

      assertThat(run().notified()).isFalse();

      assertThat(scheduledActivities()).containsExactly("FinishRun");
      assertThat(history()).hasSize(15); // 21 before lean-run
      assertThat(fake.eventIds).isEmpty();
      assertThat(fake.runs).extracting(RunRecord::notified).containsExactly(false);
    }

    @Test
    void aLocalPageCheckKeepsTheRetryPolicyAndAnExhaustedOneFailsTheRun() {
      fake.add(taskId, NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.tasks.computeIfPresent(taskId, (id, t) -> FakeActivities.asWebPage(t));
      fake.willFail(5, () -> new IllegalStateException("cannot fetch: connection reset"));

      assertThatThrownBy(MonitoringWorkflowTest.this::run)
          .isInstanceOf(WorkflowFailedException.class);

      assertThat(fake.pageChecks).hasValue(3);
      assertThat(scheduledActivities()).containsExactly("FinishRun");
      assertThat(fake.runs)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.status()).isEqualTo("FAILED");
                assertThat(r.error()).contains("CheckPage").contains("connection reset");
              });
    }

    @Test
    void aFinishRunRetriedAfterItsNotificationWasSentKeepsTheEventId() {
      fake.add(taskId, NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.tasks.computeIfPresent(taskId, (id, t) -> FakeActivities.asWebPage(t));
      fake.notifyFailuresLeft.set(1);
      fake.willFind(MET_A);

      assertThat(run().notified()).isTrue();

      assertThat(fake.pageChecks).as("the finding is not looked for again").hasValue(1);
      String executionId = "task-" + taskId + "-run-1";
      assertThat(fake.eventIds).hasSize(2).containsOnly(EventIds.conditionMet(executionId));
      assertThat(fake.runs).extracting(RunRecord::executionId).containsExactly(executionId);
    }
  }

  /** typed-findings 1: the search's shape, its heartbeats, and the typed comparison. */
  @Nested
  class TypedFindings {

    private static final FieldValue DATE_A =
        new FieldValue("eventDate", FieldType.DATE, "2026-09-09");
    private static final FieldValue DATE_B =
        new FieldValue("eventDate", FieldType.DATE, "2026-09-16");

    private Finding typed(FieldValue date, Boolean changedInMeaning, String wording) {
      return new Finding(
          true, wording, wording, null, null, List.of(date), changedInMeaning, wording, null);
    }

    private List<HistoryEvent> scheduled(int run) {
      return client.fetchHistory("task-" + taskId + "-run-" + run).getEvents().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
          .toList();
    }

    @Test
    void eachSearchCallIsItsOwnHeartbeatedActivity() {
      fake.add(taskId, NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.willFind(MET_A);

      run();

      assertThat(fake.searchAttempts).hasValue(1);
      assertThat(fake.judgeAttempts).hasValue(1);
      var searchCalls =
          scheduled(1).stream()
              .map(HistoryEvent::getActivityTaskScheduledEventAttributes)
              .filter(a -> a.getActivityType().getName().matches("SearchWeb|JudgeEvidence"))
              .toList();
      assertThat(searchCalls).hasSize(2);
      for (var call : searchCalls) {
        assertThat(call.getHeartbeatTimeout().getSeconds())
            .isEqualTo(MonitoringWorkflowImpl.HEARTBEAT_TIMEOUT.getSeconds())
            .isEqualTo(10);
        assertThat(call.getStartToCloseTimeout().getSeconds()).isEqualTo(45);
      }
    }

    @Test
    void aJudgedWebPageIsFetchedAndJudgedInOneHeartbeatedActivity() {
      fake.add(taskId, NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.tasks.computeIfPresent(taskId, (id, t) -> FakeActivities.asJudgedWebPage(t));
      fake.willFind(MET_A);

      run();

      assertThat(scheduled(1))
          .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
          .containsExactly("ExecuteGroundedSearch", "FinishRun");
      assertThat(scheduled(1).getFirst().getActivityTaskScheduledEventAttributes())
          .satisfies(a -> assertThat(a.getHeartbeatTimeout().getSeconds()).isEqualTo(10));
    }

    @Test
    void anEqualCanonicalHashIsNotAChangeWhateverTheModelSays() {
      fake.add(taskId, NotifyBehavior.ON_CHANGE, TaskStatus.ACTIVE);

      assertThat(
              notifiedOver(
                  typed(DATE_A, true, "Apple set September 9"),
                  typed(DATE_A, true, "Event: Sept 9 (reworded, model claims a change)")))
          .containsExactly(true, false);
    }

    @Test
    void aDifferentHashIsAChangeOnlyWhenTheVerdictSaysSo() {
      fake.add(taskId, NotifyBehavior.ON_CHANGE, TaskStatus.ACTIVE);
      FieldValue unparsed = new FieldValue("eventDate", FieldType.DATE, "second week of sept");

      assertThat(
              notifiedOver(
                  typed(DATE_A, true, "September 9"),
                  typed(unparsed, false, "same, words the canonicaliser cannot equate"),
                  typed(DATE_B, true, "moved to September 16")))
          .containsExactly(true, false, true);
      assertThat(fake.runs.getLast().whatChanged()).isEqualTo("moved to September 16");
      assertThat(fake.runs.get(1).whatChanged()).isNull();
    }
  }

  @Nested
  class Skips {

    @ParameterizedTest
    @EnumSource(names = {"PAUSED", "COMPLETED", "DELETED"})
    void recordsARunOfAnInactiveTaskAsSkipped(TaskStatus status) {
      fake.add(taskId, NotifyBehavior.ALWAYS, status);

      RunResult result = run();

      assertThat(result.status()).isEqualTo("SKIPPED");
      assertThat(fake.searchAttempts).hasValue(0);
      assertThat(fake.runs)
          .singleElement()
          .satisfies(
              run -> {
                assertThat(run.status()).isEqualTo("SKIPPED");
                assertThat(run.error()).contains(status.name());
              });
    }
  }

  @Nested
  class NotifyBehaviours {

    @Test
    void alwaysNotifiesEveryRunWhereTheConditionHolds() {
      fake.add(taskId, NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);

      assertThat(notifiedOver(NOT_MET, MET_A, MET_A_AGAIN, MET_B))
          .containsExactly(false, true, true, true);
    }

    @Test
    void onChangeNotifiesOnlyNewFindings() {
      fake.add(taskId, NotifyBehavior.ON_CHANGE, TaskStatus.ACTIVE);

      assertThat(notifiedOver(NOT_MET, MET_A, MET_A_AGAIN, MET_B))
          .containsExactly(false, true, false, true);
      assertThat(fake.runs).extracting(RunRecord::changed).containsExactly(true, true, false, true);
    }

    @Test
    void onceNotifiesTheFirstTimeThenCompletesTheTask() {
      fake.add(taskId, NotifyBehavior.ONCE, TaskStatus.ACTIVE);
      fake.willFind(NOT_MET, MET_A);

      assertThat(run().notified()).isFalse();
      assertThat(run().notified()).isTrue();
      RunResult afterwards = run();

      assertThat(fake.completed).containsExactly(taskId);
      assertThat(afterwards.status()).isEqualTo("SKIPPED");
      assertThat(fake.eventIds).hasSize(1);
    }

    @Test
    void eventIdDerivesFromTheRunId() {
      fake.add(taskId, NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.willFind(MET_A);

      run();

      assertThat(fake.eventIds).containsExactly(EventIds.conditionMet("task-" + taskId + "-run-1"));
    }
  }
}
