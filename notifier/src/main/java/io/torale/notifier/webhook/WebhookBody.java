package io.torale.notifier.webhook;

import io.torale.notifier.delivery.NotificationPayload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of a {@code task.condition_met} webhook, in the Standard Webhooks envelope: {@code
 * type}, {@code timestamp} (when the condition was found, so every retry sends the same bytes) and
 * {@code data}, which carries the task's {@code context} verbatim for the receiver's routing, the
 * answer, {@code what_changed} (one sentence, or null) and the finding's typed {@code fields}
 * ({@code name}, {@code type}, canonical {@code value}; empty for deterministic page matches).
 */
final class WebhookBody {

  static final String TYPE = "task.condition_met";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private WebhookBody() {}

  static String json(NotificationPayload p) {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("id", p.taskId());
    task.put("name", p.taskName());
    task.put("search_query", p.searchQuery());
    task.put("condition", p.condition());
    task.put("owner", p.owner());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("event_id", p.eventId());
    data.put("execution_id", p.executionId());
    data.put("task", task);
    data.put("context", p.context());
    data.put("answer", p.answer());
    data.put("what_changed", p.whatChanged());
    List<Map<String, String>> sources =
        p.sources().stream()
            .map(
                s -> {
                  Map<String, String> source = new LinkedHashMap<>();
                  source.put("title", s.title());
                  source.put("url", s.url());
                  return source;
                })
            .toList();
    data.put("sources", sources);
    data.put(
        "fields",
        p.facts().stream()
            .map(
                f -> {
                  Map<String, String> field = new LinkedHashMap<>();
                  field.put("name", f.name());
                  field.put("type", f.type());
                  field.put("value", f.value());
                  return field;
                })
            .toList());
    data.put("found_at", p.foundAt().toString());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE);
    body.put("timestamp", p.foundAt().toString());
    body.put("data", data);
    return JSON.writeValueAsString(body);
  }
}
