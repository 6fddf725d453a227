package io.torale.notifier;

import io.torale.schemas.v1.ConditionMet;
import io.torale.schemas.v1.NotificationTargets;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.SourceLink;
import io.torale.schemas.v1.TaskSummary;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test events. */
public final class Events {

  private Events() {}

  /**
   * An event as the worker publishes it now: each webhook by reference ({@link
   * io.torale.platform.task.WebhookEndpointRef}), no URL.
   */
  public static ConditionMet withEndpointRefs(String owner, List<String> urls) {
    ConditionMet event = conditionMet(owner, List.of(), List.of());
    event
        .getTargets()
        .setWebhooks(
            urls.stream()
                .map(url -> io.torale.platform.task.WebhookEndpointRef.of(event.getTaskId(), url))
                .map(
                    ref -> new io.torale.schemas.v1.WebhookEndpointRef(ref.id(), ref.redactedUrl()))
                .toList());
    return event;
  }

  /** An event as earlier releases published it: webhooks by full URL. */
  public static ConditionMet conditionMet(String owner, List<String> emails, List<String> urls) {
    String taskId = UUID.randomUUID().toString();
    return ConditionMet.newBuilder()
        .setEventId("evt-" + UUID.randomUUID())
        .setExecutionId("task-" + taskId + "-2026-01-01T00:00:00Z")
        .setTaskId(taskId)
        .setTask(
            TaskSummary.newBuilder()
                .setName("Next iPhone release date")
                .setSearchQuery("When is the next iPhone release date announced?")
                .setCondition("An official date is confirmed")
                .setOwner(owner)
                .setNotifyBehavior(NotifyBehavior.ONCE)
                .setContext(Map.of("team", "mobile"))
                .build())
        .setAnswer("Apple confirmed September 9 <b>2026</b>.")
        .setWhatChanged("A date was announced")
        .setSources(List.of(new SourceLink("Apple Newsroom", "https://www.apple.com/newsroom/")))
        .setFoundAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .setTargets(new NotificationTargets(emails, urls, List.of()))
        .build();
  }
}
