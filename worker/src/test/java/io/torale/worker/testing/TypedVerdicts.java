package io.torale.worker.testing;

import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Verdict-call responses with typed fields, in Gemini's {@code generateContent} shape: the
 * structured JSON as the only text part of the first candidate.
 */
public final class TypedVerdicts {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private TypedVerdicts() {}

  /**
   * @param fields field names to values as the model wrote them
   * @param design field names to types, included as {@code findingSchema} when not null (a task's
   *     first run)
   */
  public static MockResponse verdict(
      boolean met,
      String answer,
      Map<String, String> fields,
      boolean changed,
      String whatChanged,
      Map<String, String> design) {
    return modelText(json(met, answer, fields, changed, whatChanged, design));
  }

  /** The structured verdict's JSON text. */
  public static String json(
      boolean met,
      String answer,
      Map<String, String> fields,
      boolean changed,
      String whatChanged,
      Map<String, String> design) {
    ObjectNode verdict = JSON.createObjectNode();
    verdict.put("conditionMet", met);
    verdict.put("answer", answer);
    verdict.put("currentState", answer);
    ArrayNode values = verdict.putArray("fields");
    fields.forEach((name, value) -> values.addObject().put("name", name).put("value", value));
    verdict.put("changed", changed);
    verdict.put("whatChanged", whatChanged == null ? "" : whatChanged);
    if (design != null) {
      ArrayNode schema = verdict.putArray("findingSchema");
      design.forEach(
          (name, type) ->
              schema.addObject().put("name", name).put("type", type).put("description", name));
    }
    return JSON.writeValueAsString(verdict);
  }

  /** A Gemini response whose only part is {@code text}. */
  public static MockResponse modelText(String text) {
    ObjectNode response = JSON.createObjectNode();
    ObjectNode candidate = response.putArray("candidates").addObject();
    ObjectNode content = candidate.putObject("content");
    content.putArray("parts").addObject().put("text", text);
    content.put("role", "model");
    candidate.put("finishReason", "STOP");
    candidate.put("index", 0);
    response.put("modelVersion", "gemini-2.5-flash");
    return new MockResponse()
        .setHeader("Content-Type", "application/json; charset=UTF-8")
        .setBody(JSON.writeValueAsString(response));
  }
}
