package io.torale.worker.monitoring;

import io.temporal.failure.ApplicationFailure;
import io.torale.platform.task.MatchType;
import io.torale.platform.task.Notifications;
import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.SourceType;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskSchedule;
import io.torale.platform.task.TaskStatus;
import io.torale.worker.compare.CompareActivities;
import io.torale.worker.compare.Comparison;
import io.torale.worker.compare.StateHash;
import io.torale.worker.publish.EventIds;
import io.torale.worker.publish.Notification;
import io.torale.worker.publish.PublishActivities;
import io.torale.worker.publish.RunRecord;
import io.torale.worker.search.Evidence;
import io.torale.worker.search.Finding;
import io.torale.worker.search.SearchActivities;
import io.torale.worker.task.TaskActivities;
import io.torale.worker.task.TaskSnapshot;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** In-memory activities sharing one state, so sequences of runs behave like the real ones. */
class FakeActivities
    implements TaskActivities, SearchActivities, CompareActivities, PublishActivities {

  final Map<String, TaskSnapshot> tasks = new ConcurrentHashMap<>();
  final Map<String, String> lastNotifiedHash = new ConcurrentHashMap<>();
  final ConcurrentLinkedQueue<Supplier<Finding>> searchScript = new ConcurrentLinkedQueue<>();
  final List<RunRecord> runs = new CopyOnWriteArrayList<>();
  final List<String> eventIds = new CopyOnWriteArrayList<>();
  final AtomicInteger searchAttempts = new AtomicInteger();
  final AtomicInteger judgeAttempts = new AtomicInteger();
  final AtomicInteger getTaskAttempts = new AtomicInteger();
  final AtomicInteger pageChecks = new AtomicInteger();

  /** How many more getTask calls fail as if command-consumer's task API were down. */
  final AtomicInteger taskApiDownFor = new AtomicInteger();

  final AtomicInteger notifyFailuresLeft = new AtomicInteger();
  final AtomicInteger compareFailuresLeft = new AtomicInteger();
  final AtomicInteger compareAttempts = new AtomicInteger();
  final List<String> completed = new CopyOnWriteArrayList<>();

  void add(String taskId, NotifyBehavior behavior, TaskStatus status) {
    Task task =
        Task.builder()
            .id(UUID.fromString(taskId))
            .name("t")
            .owner("owner")
            .searchQuery("q")
            .condition("c")
            .schedule(TaskSchedule.utc("0 * * * *"))
            .notifyBehavior(behavior)
            .notifications(new Notifications(List.of("a@example.com"), List.of()))
            .status(status)
            .build();
    tasks.put(taskId, TaskSnapshot.of(task, null, false));
  }

  /** The same task, as a WEB_PAGE source with a deterministic match (contains "x"). */
  static TaskSnapshot asWebPage(TaskSnapshot t) {
    return asWebPage(t, MatchType.CONTAINS, "x");
  }

  /** The same task, as a WEB_PAGE source judged by Gemini against its condition (no match). */
  static TaskSnapshot asJudgedWebPage(TaskSnapshot t) {
    return asWebPage(t, null, null);
  }

  private static TaskSnapshot asWebPage(TaskSnapshot t, MatchType matchType, String pattern) {
    return new TaskSnapshot(
        t.taskId(),
        t.name(),
        t.searchQuery(),
        t.condition(),
        t.notifyBehavior(),
        SourceType.WEB_PAGE,
        "http://127.0.0.1:9/page",
        null,
        matchType,
        pattern,
        t.emails(),
        t.webhookUrls(),
        t.owner(),
        t.context(),
        t.status(),
        null,
        t.notifiedBefore(),
        t.webhookEndpoints());
  }

  void willFind(Finding... findings) {
    for (Finding finding : findings) {
      searchScript.add(() -> finding);
    }
  }

  void willFail(int times, Supplier<RuntimeException> failure) {
    for (int i = 0; i < times; i++) {
      searchScript.add(new Failing(failure));
    }
  }

  /** A scripted failure: of the search call (searchWeb) in split runs. */
  record Failing(Supplier<RuntimeException> failure) implements Supplier<Finding> {
    @Override
    public Finding get() {
      throw failure.get();
    }
  }

  @Override
  public TaskSnapshot getTask(String taskId) {
    getTaskAttempts.incrementAndGet();
    if (taskApiDownFor.getAndDecrement() > 0) {
      throw new IllegalStateException("Connection refused: the task API is restarting");
    }
    TaskSnapshot task = tasks.get(taskId);
    if (task == null) {
      throw ApplicationFailure.newNonRetryableFailure("gone", FailureTypes.TASK_NOT_FOUND);
    }
    boolean notified = lastNotifiedHash.containsKey(taskId);
    return task.with(task.status(), notified);
  }

  @Override
  public void completeTask(String taskId) {
    completed.add(taskId);
    tasks.put(taskId, tasks.get(taskId).with(TaskStatus.COMPLETED, true));
  }

  @Override
  public Finding executeGroundedSearch(TaskSnapshot task) {
    searchAttempts.incrementAndGet();
    Supplier<Finding> next = searchScript.poll();
    if (next == null) {
      throw new IllegalStateException("no scripted finding left");
    }
    return next.get();
  }

  /** Scripted like {@link #executeGroundedSearch}, counted apart: how the page was checked. */
  @Override
  public Finding checkPage(TaskSnapshot task) {
    pageChecks.incrementAndGet();
    return executeGroundedSearch(task);
  }

  @Override
  public Evidence searchWeb(String query) {
    searchAttempts.incrementAndGet();
    if (searchScript.peek() instanceof Failing failing) {
      searchScript.poll();
      failing.get();
    }
    return new Evidence("report on " + query, null, List.of(query));
  }

  @Override
  public Finding judgeEvidence(TaskSnapshot task, Evidence evidence) {
    judgeAttempts.incrementAndGet();
    Supplier<Finding> next = searchScript.poll();
    if (next == null) {
      throw new IllegalStateException("no scripted finding left");
    }
    return next.get();
  }

  @Override
  public Comparison compareFinding(
      String taskId, String executionId, Finding finding, long checkedAtMillis) {
    compareAttempts.incrementAndGet();
    if (compareFailuresLeft.getAndDecrement() > 0) {
      throw new IllegalStateException("database hiccup");
    }
    String hash = StateHash.of(finding);
    String previous = lastNotifiedHash.get(taskId);
    boolean changed =
        previous == null
            || (!hash.equals(previous)
                && (finding.changedInMeaning() == null || finding.changedInMeaning()));
    return new Comparison(changed, hash, null);
  }

  @Override
  public Comparison compareStates(
      String taskId, String executionId, String state, long checkedAtMillis) {
    compareAttempts.incrementAndGet();
    if (compareFailuresLeft.getAndDecrement() > 0) {
      throw new IllegalStateException("database hiccup");
    }
    String hash = StateHash.of(state);
    return new Comparison(!hash.equals(lastNotifiedHash.get(taskId)), hash, null);
  }

  @Override
  public void sendNotification(Notification notification) {
    if (notifyFailuresLeft.getAndDecrement() > 0) {
      eventIds.add(EventIds.conditionMet(notification.executionId()));
      throw new IllegalStateException("broker hiccup after the send");
    }
    eventIds.add(EventIds.conditionMet(notification.executionId()));
    lastNotifiedHash.put(notification.task().taskId(), notification.comparison().stateHash());
  }

  @Override
  public void recordRun(RunRecord run) {
    runs.add(run);
  }

  /** As the real one: the notification (which may fail after its send), then the record. */
  @Override
  public void finishRun(Notification notification, RunRecord run) {
    if (notification != null) {
      sendNotification(notification);
    }
    recordRun(run);
  }
}
