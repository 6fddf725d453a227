package io.torale.notifier.delivery;

import io.torale.schemas.v1.ConditionMet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a delivery needs to render an email or a webhook body again on any retry, stored with the
 * delivery as JSON. It holds the event's content and never a secret.
 */
public record NotificationPayload(
    String eventId,
    String executionId,
    String taskId,
    String taskName,
    String searchQuery,
    String condition,
    String owner,
    Map<String, String> context,
    String answer,
    String whatChanged,
    List<Source> sources,
    Instant foundAt) {

  public NotificationPayload {
    context = context == null ? Map.of() : Map.copyOf(context);
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  /** A page that backs the finding. */
  public record Source(String title, String url) {}

  public static NotificationPayload from(ConditionMet event) {
    var task = event.getTask();
    Map<String, String> context = new TreeMap<>();
    task.getContext().forEach((k, v) -> context.put(k.toString(), v.toString()));
    return new NotificationPayload(
        event.getEventId(),
        event.getExecutionId(),
        event.getTaskId(),
        task.getName(),
        task.getSearchQuery(),
        task.getCondition(),
        task.getOwner(),
        context,
        event.getAnswer(),
        event.getWhatChanged(),
        event.getSources().stream().map(s -> new Source(s.getTitle(), s.getUrl())).toList(),
        event.getFoundAt());
  }
}
