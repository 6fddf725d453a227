package io.torale.notifier.webhook;

import io.torale.notifier.delivery.NotificationPayload;
import java.io.StringWriter;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
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

  /**
   * Written field by field with a generator, in the order a map of maps would give: building those
   * maps for every attempt and serializing them showed in the notifier's profile.
   */
  static String json(NotificationPayload p) {
    StringWriter out = new StringWriter(1024);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      string(json, "type", TYPE);
      string(json, "timestamp", p.foundAt().toString());
      json.writeName("data");
      json.writeStartObject();
      string(json, "event_id", p.eventId());
      string(json, "execution_id", p.executionId());
      json.writeName("task");
      json.writeStartObject();
      string(json, "id", p.taskId());
      string(json, "name", p.taskName());
      string(json, "search_query", p.searchQuery());
      string(json, "condition", p.condition());
      string(json, "owner", p.owner());
      json.writeEndObject();
      json.writeName("context");
      json.writeStartObject();
      for (Map.Entry<String, String> entry : p.context().entrySet()) {
        string(json, entry.getKey(), entry.getValue());
      }
      json.writeEndObject();
      string(json, "answer", p.answer());
      string(json, "what_changed", p.whatChanged());
      json.writeName("sources");
      json.writeStartArray();
      for (NotificationPayload.Source source : p.sources()) {
        json.writeStartObject();
        string(json, "title", source.title());
        string(json, "url", source.url());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeName("fields");
      json.writeStartArray();
      for (NotificationPayload.Fact fact : p.facts()) {
        json.writeStartObject();
        string(json, "name", fact.name());
        string(json, "type", fact.type());
        string(json, "value", fact.value());
        json.writeEndObject();
      }
      json.writeEndArray();
      string(json, "found_at", p.foundAt().toString());
      json.writeEndObject();
      json.writeEndObject();
    }
    return out.toString();
  }

  /** A string property; null is written as JSON null. */
  private static void string(JsonGenerator json, String name, String value) {
    json.writeName(name);
    json.writeString(value);
  }
}
