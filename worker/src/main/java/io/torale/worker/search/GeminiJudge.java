package io.torale.worker.search;

import com.google.genai.types.GenerateContentConfig;
import io.temporal.failure.ApplicationFailure;
import io.torale.worker.finding.Canonical;
import io.torale.worker.finding.FieldSpec;
import io.torale.worker.finding.FieldType;
import io.torale.worker.finding.FieldValue;
import io.torale.worker.finding.FindingSchema;
import io.torale.worker.finding.NotifiedFinding;
import io.torale.worker.monitoring.FailureTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The verdict call: one structured-output call (no tools) that judges the condition, extracts the
 * task's typed fields, and compares them in meaning with the last notified finding. On a task's
 * first run the same call also designs the finding schema, so typed findings cost no extra call. No
 * search tool here: Gemini does not combine it with a response schema on every model, so the
 * grounded search is a separate, earlier call.
 */
@Component
public class GeminiJudge {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Gemini gemini;

  public GeminiJudge(Gemini gemini) {
    this.gemini = gemini;
  }

  /**
   * @param schema the task's finding schema, or null on its first run (then this call designs it)
   * @param previous the finding at the task's last notification, or null if it never notified
   */
  public Verdict judge(
      String question,
      String condition,
      String evidence,
      FindingSchema schema,
      NotifiedFinding previous) {
    boolean design = schema == null || !schema.hasFields();
    GenerateContentConfig config =
        GenerateContentConfig.builder()
            .responseMimeType("application/json")
            .responseSchema(design ? VerdictSchemas.FIRST_RUN : VerdictSchemas.LATER_RUN)
            .temperature(0f)
            .build();
    String text =
        gemini.generate(prompt(question, condition, evidence, schema, previous), config).text();
    return parse(text, design ? null : schema);
  }

  static String prompt(
      String question,
      String condition,
      String evidence,
      FindingSchema schema,
      NotifiedFinding previous) {
    String schemaPart =
        schema == null || !schema.hasFields()
            ? """
            This is the task's first check: first design its finding schema (findingSchema): 2 to 5
            typed fields (STRING, NUMBER, DATE, BOOLEAN, ENUM with options) that capture the facts
            the question asks about, such that two reports of the same facts give the same values.
            Then fill them (fields)."""
            : "The task's finding schema (fill every field):\n" + json(schema.fields());
    String previousPart =
        previous == null
            ? "No finding was notified before: changed is true."
            : "The finding at the last notification:\nfields: %s\nsummary: %s"
                .formatted(json(previous.fields()), previous.summary());
    return """
        You decide whether a monitoring condition holds, using only the evidence below, and
        whether the facts changed in meaning since the last notification.
        Question: %s
        Condition: %s
        Evidence:
        ---
        %s
        ---
        %s
        %s
        Rules for "changed": compare facts, not wording. "Sept 9" equals "September 9" and
        "2026-09-09"; "Apple announced" equals "Apple has announced"; a value appearing where there
        was none (null to a value) is a change; a different date, number or status is a change.
        Answer in JSON: conditionMet (true only if the evidence clearly shows the condition holds),
        answer (short), currentState (one sentence), fields, changed, whatChanged (one sentence,
        empty when nothing changed).
        """
        .formatted(question, condition, evidence, schemaPart, previousPart);
  }

  /**
   * Reads the structured response. {@code schema} is the task's known schema, or null when this
   * response designed it (then its {@code findingSchema} is read and returned in the verdict).
   */
  static Verdict parse(String text, FindingSchema schema) {
    try {
      JsonNode node = JSON.readTree(text == null ? "" : text);
      JsonNode met = node.get("conditionMet");
      if (met == null || !met.isBoolean() || !node.hasNonNull("answer")) {
        throw malformed(text, null);
      }
      String answer = node.get("answer").asString();
      String state = node.hasNonNull("currentState") ? node.get("currentState").asString() : answer;
      FindingSchema designed = schema == null ? designed(node.path("findingSchema")) : null;
      FindingSchema used = schema == null ? designed : schema;
      JsonNode changed = node.get("changed");
      String whatChanged =
          node.hasNonNull("whatChanged") && !node.get("whatChanged").asString().isBlank()
              ? node.get("whatChanged").asString().strip()
              : null;
      return new Verdict(
          met.booleanValue(),
          answer,
          state,
          fields(node.path("fields"), used),
          changed != null && changed.isBoolean() ? changed.booleanValue() : null,
          whatChanged,
          designed);
    } catch (JacksonException e) {
      throw malformed(text, e);
    }
  }

  /** The schema's fields in schema order, canonical; a field the model left out is null. */
  private static List<FieldValue> fields(JsonNode values, FindingSchema schema) {
    Map<String, String> raw = new HashMap<>();
    for (JsonNode value : values) {
      if (value.hasNonNull("name")) {
        raw.put(
            value.get("name").asString(),
            value.hasNonNull("value") ? value.get("value").asString() : null);
      }
    }
    return schema.fields().stream()
        .map(
            spec ->
                new FieldValue(
                    spec.name(),
                    spec.type(),
                    Canonical.value(spec.type(), raw.get(spec.name()), spec.options())))
        .toList();
  }

  /** The model's design, kept to well-formed, uniquely named fields (at most {@code MAX}). */
  private static FindingSchema designed(JsonNode design) {
    List<FieldSpec> specs = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode field : design) {
      String name = field.path("name").asString("");
      if (!name.matches("[A-Za-z][A-Za-z0-9_]{0,39}") || !names.add(name)) {
        continue;
      }
      List<String> options = new ArrayList<>();
      field.path("options").forEach(option -> options.add(option.asString()));
      specs.add(
          new FieldSpec(
              name,
              type(field.path("type").asString("")),
              field.path("description").asString(""),
              options));
      if (specs.size() == FindingSchema.MAX_FIELDS) {
        break;
      }
    }
    return new FindingSchema(specs);
  }

  private static FieldType type(String name) {
    try {
      return FieldType.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return FieldType.STRING;
    }
  }

  private static String json(Object value) {
    return JSON.writeValueAsString(value);
  }

  private static ApplicationFailure malformed(String text, Exception cause) {
    String shown = text == null ? "nothing" : text.length() > 200 ? text.substring(0, 200) : text;
    // Retryable: a model's next sample usually parses.
    return ApplicationFailure.newFailureWithCause(
        "Gemini's verdict is not the expected JSON: " + shown,
        FailureTypes.GEMINI_MALFORMED,
        cause);
  }
}
