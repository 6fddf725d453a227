package io.torale.e2e;

import com.google.protobuf.Timestamp;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a workflow run's time went, from its history (server timestamps): workflow tasks waiting to
 * be picked up (scheduled to started: matching and the poll) and being processed (started to
 * completed: the worker's workflow code and the round trip), activity tasks waiting to be picked
 * up, and each activity's own execution (started to completed).
 *
 * @param started the run's first event
 * @param notified when the completion of {@code SendNotification} (the ConditionMet acknowledged by
 *     Kafka) was recorded, or, for runs of workflow version {@code lean-run}, of a {@code
 *     FinishRun} that carried a notification (the ConditionMet, then the run's record,
 *     acknowledged); null when the run did not notify
 * @param parts milliseconds by part: workflow task pickup and processing, activity pickup, then one
 *     entry per activity type
 */
record RunTimeline(Instant started, Instant notified, Map<String, Double> parts) {

  static final String WORKFLOW_TASK_PICKUP = "workflow task pickup";
  static final String WORKFLOW_TASKS = "workflow task processing";
  static final String ACTIVITY_PICKUP = "activity pickup";

  static RunTimeline of(List<HistoryEvent> events) {
    Map<Long, HistoryEvent> byId = new HashMap<>();
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put(WORKFLOW_TASK_PICKUP, 0.0);
    parts.put(WORKFLOW_TASKS, 0.0);
    parts.put(ACTIVITY_PICKUP, 0.0);
    Instant notified = null;
    for (HistoryEvent event : events) {
      byId.put(event.getEventId(), event);
      EventType type = event.getEventType();
      if (type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
        var attributes = event.getWorkflowTaskCompletedEventAttributes();
        HistoryEvent scheduled = byId.get(attributes.getScheduledEventId());
        HistoryEvent started = byId.get(attributes.getStartedEventId());
        parts.merge(WORKFLOW_TASK_PICKUP, between(scheduled, started), Double::sum);
        parts.merge(WORKFLOW_TASKS, between(started, event), Double::sum);
      } else if (type == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
        var attributes = event.getActivityTaskCompletedEventAttributes();
        HistoryEvent scheduled = byId.get(attributes.getScheduledEventId());
        HistoryEvent started = byId.get(attributes.getStartedEventId());
        String activity =
            scheduled.getActivityTaskScheduledEventAttributes().getActivityType().getName();
        // The started event is written with the completion but carries the pickup time.
        if (started != null) {
          parts.merge(ACTIVITY_PICKUP, between(scheduled, started), Double::sum);
          parts.merge(activity, between(started, event), Double::sum);
        } else {
          parts.merge(activity, between(scheduled, event), Double::sum);
        }
        if (activity.equals("SendNotification")
            || (activity.equals("FinishRun") && carriesANotification(scheduled))) {
          notified = instant(event.getEventTime());
        }
      }
    }
    return new RunTimeline(instant(events.getFirst().getEventTime()), notified, parts);
  }

  /** finishRun(notification, run): its first argument is JSON null when the run did not notify. */
  private static boolean carriesANotification(HistoryEvent finishRun) {
    var input = finishRun.getActivityTaskScheduledEventAttributes().getInput();
    return input.getPayloadsCount() > 0
        && !input.getPayloads(0).getData().toStringUtf8().equals("null");
  }

  private static double between(HistoryEvent from, HistoryEvent to) {
    return Duration.between(instant(from.getEventTime()), instant(to.getEventTime())).toNanos()
        / 1e6;
  }

  static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
