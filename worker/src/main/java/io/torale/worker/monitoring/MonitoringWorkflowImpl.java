package io.torale.worker.monitoring;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.torale.platform.monitoring.MonitoringWorkflow;
import io.torale.platform.monitoring.RunResult;
import io.torale.platform.monitoring.TaskConfig;
import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.TaskSource.WebPage;
import io.torale.worker.compare.CompareActivities;
import io.torale.worker.compare.Comparison;
import io.torale.worker.publish.Notification;
import io.torale.worker.publish.PublishActivities;
import io.torale.worker.publish.RunRecord;
import io.torale.worker.search.Evidence;
import io.torale.worker.search.Finding;
import io.torale.worker.search.SearchActivities;
import io.torale.worker.task.TaskActivities;
import io.torale.worker.task.TaskSnapshot;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;

/**
 * getTask → searchWeb → judgeEvidence (or executeGroundedSearch for a web page) → compareFinding →
 * sendNotification, then the run's record.
 *
 * <p>Deterministic and Spring-free: time comes from {@link Workflow#currentTimeMillis()}, the run
 * id from the workflow id. Every run ends recorded: SUCCEEDED, SKIPPED (the task is not active) or
 * FAILED (an activity failed for good: the failure is recorded and published, then rethrown so
 * Temporal shows the run as failed).
 */
public class MonitoringWorkflowImpl implements MonitoringWorkflow {

  static final Duration GET_TASK_TIMEOUT = Duration.ofSeconds(30);
  static final Duration SEARCH_TIMEOUT = Duration.ofSeconds(60);
  static final Duration SEARCH_WEB_TIMEOUT = Duration.ofSeconds(45);
  static final Duration JUDGE_TIMEOUT = Duration.ofSeconds(45);

  /**
   * The search activities heartbeat every 2 s while their HTTP call runs; a worker that dies
   * mid-call misses the next heartbeat, and Temporal retries the activity on a live worker after
   * this long (plus the retry's 1 s), instead of after the start-to-close timeout.
   */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  static final Duration COMPARE_TIMEOUT = Duration.ofSeconds(10);
  static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(30);

  static final RetryOptions RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setMaximumInterval(Duration.ofSeconds(30))
          .setBackoffCoefficient(2.0)
          .setMaximumAttempts(3)
          .build();

  /**
   * Reading and completing the task go to command-consumer's task API (it owns tasks). A restart of
   * that service takes tens of seconds and must not fail the run, so these calls keep retrying for
   * about two minutes (1, 2, 4, 8, then every 10 s). "No such task" stays non-retryable. Retry
   * options are not part of the history: runs in flight replay unchanged.
   */
  static final RetryOptions TASK_API_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setMaximumInterval(Duration.ofSeconds(10))
          .setBackoffCoefficient(2.0)
          .setMaximumAttempts(15)
          .build();

  /**
   * Version 1 runs {@code getTask} and {@code compareStates} as local activities: two short
   * database calls that no longer cost a round trip through Temporal each (~45 ms apiece measured,
   * see README). Runs started before (no marker in their history: {@link Workflow#DEFAULT_VERSION})
   * keep scheduling them as activities, so their histories still replay.
   */
  static final String LOCAL_DB_ACTIVITIES = "local-db-activities";

  static final int LOCAL_DB_ACTIVITIES_VERSION = 1;

  /**
   * Version 1 splits a grounded search into {@code searchWeb} (one grounded call, shared between
   * tasks with the same query) and {@code judgeEvidence} (one verdict call with typed fields), each
   * with its own timeout, and compares with {@code compareFinding} (canonical hash, then the
   * verdict's reading in meaning). Runs started before (no marker) keep one {@code
   * executeGroundedSearch} and {@code compareStates}, so their histories still replay.
   */
  static final String TYPED_FINDINGS = "typed-findings";

  static final int TYPED_FINDINGS_VERSION = 1;

  /**
   * Version 1 makes a run cost fewer round trips through Temporal: a web page with a deterministic
   * match is checked by the local activity {@code checkPage} (same 60 s and retry policy as the
   * activity it replaces; its fetch is bounded by the page timeouts, 20 s per hop by default, so it
   * needs no heartbeat: the worker heartbeats the workflow task meanwhile, and a dead worker's
   * workflow task times out after 10 s and is retried, page check included, elsewhere), and the end
   * of a run is one activity, {@code finishRun} (notification, if any, then the run's record)
   * instead of {@code sendNotification} then {@code recordRun}. A deterministic web-page run is
   * then two workflow tasks and one activity task, notifying or not (before: four and three).
   * {@code finishRun} stays a (remote) activity on purpose: the workflow task that schedules it
   * records the finding first, so a retry after a crash publishes what was found, never a
   * re-check's different answer under the same ids. It implies {@code local-db-activities} and
   * {@code typed-findings}, whose markers runs of this version no longer record (two history events
   * fewer). Runs started before (no marker) take the branches of those two markers, so their
   * histories still replay.
   */
  static final String LEAN_RUN = "lean-run";

  static final int LEAN_RUN_VERSION = 1;

  /** Set by Temporal on runs a schedule starts: the nominal time of the run. */
  private static final SearchAttributeKey<OffsetDateTime> SCHEDULED_START =
      SearchAttributeKey.forOffsetDateTime("TemporalScheduledStartTime");

  private static final Logger log = Workflow.getLogger(MonitoringWorkflowImpl.class);

  private final TaskActivities tasks =
      Workflow.newActivityStub(
          TaskActivities.class,
          within(GET_TASK_TIMEOUT).toBuilder().setRetryOptions(TASK_API_RETRY).build());
  private final SearchActivities search =
      Workflow.newActivityStub(SearchActivities.class, heartbeating(SEARCH_TIMEOUT));
  private final SearchActivities searchWeb =
      Workflow.newActivityStub(SearchActivities.class, heartbeating(SEARCH_WEB_TIMEOUT));
  private final SearchActivities judge =
      Workflow.newActivityStub(SearchActivities.class, heartbeating(JUDGE_TIMEOUT));
  private final CompareActivities compare =
      Workflow.newActivityStub(CompareActivities.class, within(COMPARE_TIMEOUT));
  private final TaskActivities localTasks =
      Workflow.newLocalActivityStub(
          TaskActivities.class,
          locallyWithin(GET_TASK_TIMEOUT).toBuilder().setRetryOptions(TASK_API_RETRY).build());
  private final CompareActivities localCompare =
      Workflow.newLocalActivityStub(CompareActivities.class, locallyWithin(COMPARE_TIMEOUT));
  private final SearchActivities localPage =
      Workflow.newLocalActivityStub(SearchActivities.class, locallyWithin(SEARCH_TIMEOUT));
  private final PublishActivities publish =
      Workflow.newActivityStub(PublishActivities.class, within(NOTIFY_TIMEOUT));

  @Override
  public RunResult run(TaskConfig config) {
    String executionId = Workflow.getInfo().getWorkflowId();
    long startedAt = Workflow.currentTimeMillis();
    boolean lean =
        Workflow.getVersion(LEAN_RUN, Workflow.DEFAULT_VERSION, LEAN_RUN_VERSION)
            == LEAN_RUN_VERSION;
    boolean local =
        lean
            || Workflow.getVersion(
                    LOCAL_DB_ACTIVITIES, Workflow.DEFAULT_VERSION, LOCAL_DB_ACTIVITIES_VERSION)
                == LOCAL_DB_ACTIVITIES_VERSION;
    boolean typed =
        lean
            || Workflow.getVersion(TYPED_FINDINGS, Workflow.DEFAULT_VERSION, TYPED_FINDINGS_VERSION)
                == TYPED_FINDINGS_VERSION;
    // completeTask stays an activity: it also deletes the task's schedule in Temporal.
    TaskActivities reads = local ? localTasks : tasks;
    CompareActivities comparisons = local ? localCompare : compare;
    RunEnd end = new RunEnd(executionId, startedAt, lean);
    try {
      TaskSnapshot task = reads.getTask(config.taskId());
      if (!task.active()) {
        String reason = "task is " + task.status();
        end.record(config.taskId(), "SKIPPED", null, null, false, reason);
        return new RunResult("SKIPPED", false, false, reason);
      }
      Finding finding = typed ? find(task, lean) : search.executeGroundedSearch(task);
      Comparison comparison =
          typed
              ? comparisons.compareFinding(
                  task.taskId(), executionId, finding, Workflow.currentTimeMillis())
              : comparisons.compareStates(
                  task.taskId(), executionId, finding.state(), Workflow.currentTimeMillis());
      boolean notify =
          NotifyDecision.shouldNotify(
              task.notifyBehavior(),
              finding.conditionMet(),
              comparison.changed(),
              task.notifiedBefore());
      end.succeeded(task, finding, comparison, notify);
      return new RunResult("SUCCEEDED", finding.conditionMet(), notify, null);
    } catch (ActivityFailure failure) {
      String reason = reason(failure);
      log.warn("Run {} of task {} failed: {}", executionId, config.taskId(), reason);
      end.record(config.taskId(), "FAILED", null, null, false, reason);
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          reason, FailureTypes.RUN_FAILED, failure);
    }
  }

  /**
   * At most one grounded search call and one verdict call; a page is one activity, local when it
   * needs no model (version {@code lean-run}).
   */
  private Finding find(TaskSnapshot task, boolean lean) {
    if (task.source() instanceof WebPage page) {
      return lean && page.deterministic()
          ? localPage.checkPage(task)
          : search.executeGroundedSearch(task);
    }
    Evidence evidence = searchWeb.searchWeb(task.searchQuery());
    return judge.judgeEvidence(task, evidence);
  }

  /**
   * How a run ends: notification (when due), completion of a {@code ONCE} task, and the run's
   * record; in one {@code finishRun} activity from version {@code lean-run} on, except that a
   * {@code ONCE} task completes between its notification and its record, as before.
   */
  private final class RunEnd {
    private final String executionId;
    private final long startedAt;
    private final boolean lean;

    RunEnd(String executionId, long startedAt, boolean lean) {
      this.executionId = executionId;
      this.startedAt = startedAt;
      this.lean = lean;
    }

    void succeeded(TaskSnapshot task, Finding finding, Comparison comparison, boolean notify) {
      Notification notification =
          notify
              ? new Notification(
                  executionId, task, finding, comparison, Workflow.currentTimeMillis())
              : null;
      boolean once = notify && task.notifyBehavior() == NotifyBehavior.ONCE;
      if (notification != null && (once || !lean)) {
        publish.sendNotification(notification);
        notification = null;
      }
      if (once) {
        tasks.completeTask(task.taskId());
      }
      RunRecord run = runRecord(task.taskId(), "SUCCEEDED", finding, comparison, notify, null);
      if (lean) {
        publish.finishRun(notification, run);
      } else {
        publish.recordRun(run);
      }
    }

    void record(
        String taskId,
        String status,
        Finding finding,
        Comparison comparison,
        boolean notified,
        String error) {
      RunRecord run = runRecord(taskId, status, finding, comparison, notified, error);
      if (lean) {
        publish.finishRun(null, run);
      } else {
        publish.recordRun(run);
      }
    }

    private RunRecord runRecord(
        String taskId,
        String status,
        Finding finding,
        Comparison comparison,
        boolean notified,
        String error) {
      return new RunRecord(
          executionId,
          taskId,
          status,
          scheduledAt(),
          startedAt,
          Workflow.currentTimeMillis(),
          finding != null && finding.conditionMet(),
          comparison != null && comparison.changed(),
          notified,
          finding == null ? null : finding.answer(),
          finding == null ? List.of() : finding.sources(),
          finding == null ? List.of() : finding.searchQueries(),
          error,
          finding == null ? List.of() : finding.fields(),
          comparison != null && comparison.changed() ? finding.whatChanged() : null);
    }
  }

  private static Long scheduledAt() {
    OffsetDateTime scheduled = Workflow.getTypedSearchAttributes().get(SCHEDULED_START);
    return scheduled == null ? null : scheduled.toInstant().toEpochMilli();
  }

  /** The innermost message: the activity's own reason, not Temporal's wrapper text. */
  private static String reason(ActivityFailure failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message =
        cause instanceof ApplicationFailure app ? app.getOriginalMessage() : cause.getMessage();
    return failure.getActivityType() + ": " + message;
  }

  /** Same timeout and retry policy as the activity it replaces; retries happen in the worker. */
  private static LocalActivityOptions locallyWithin(Duration startToClose) {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setRetryOptions(RETRY)
        .build();
  }

  private static ActivityOptions heartbeating(Duration startToClose) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
        .setRetryOptions(RETRY)
        .build();
  }

  private static ActivityOptions within(Duration startToClose) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setRetryOptions(RETRY)
        .build();
  }
}
