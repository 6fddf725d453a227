package io.torale.testsupport.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One webhook request as received: its path, body and headers (names in lower case), whether its
 * Standard Webhooks signature held, and when it arrived ({@code nanos} from {@link
 * System#nanoTime()} for latency, {@code wall} to line up with other clocks).
 */
public record Received(
    String path,
    String body,
    Map<String, List<String>> headers,
    boolean signatureValid,
    long nanos,
    Instant wall) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  public String webhookId() {
    return header("webhook-id");
  }

  public String traceparent() {
    return header("traceparent");
  }

  /** The body as JSON; a missing node when it is not JSON. */
  public JsonNode json() {
    try {
      return JSON.readTree(body);
    } catch (RuntimeException e) {
      return JSON.missingNode();
    }
  }

  String executionId() {
    return text(json().path("data").path("execution_id"));
  }

  String taskId() {
    return text(json().path("data").path("task").path("id"));
  }

  private static String text(JsonNode node) {
    return node.isString() ? node.asString() : null;
  }
}
