package io.torale.notifier.delivery;

import io.torale.schemas.v1.ConditionMet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a delivery needs to render an email or a webhook body again on any retry, stored with the
 * delivery as JSON. It holds the event's content and never a secret: the answer, "what changed" and
 * the finding's typed facts.
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
    Instant foundAt,
    List<Fact> facts) {

  public NotificationPayload {
    context = context == null ? Map.of() : Map.copyOf(context);
    sources = sources == null ? List.of() : List.copyOf(sources);
    // Payloads stored before typed findings have no facts.
    facts = facts == null ? List.of() : List.copyOf(facts);
  }

  /** A page that backs the finding. */
  public record Source(String title, String url) {}

  /**
   * A typed fact of the finding, canonical (ISO dates, plain numbers, true/false, lower-case text).
   */
  public record Fact(String name, String type, String value) {}

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
        event.getFoundAt(),
        event.getFields().stream()
            .map(f -> new Fact(f.getName(), f.getType().name(), f.getValue()))
            .toList());
  }
}
