package io.torale.worker.search;

import com.google.genai.types.Schema;
import com.google.genai.types.Type;
import io.torale.worker.finding.FieldType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The response schemas of the verdict call (Gemini structured output): one for a task's first run,
 * which also designs the task's finding schema, one for every later run.
 */
final class VerdictSchemas {

  static final Schema FIRST_RUN = schema(true);
  static final Schema LATER_RUN = schema(false);

  private VerdictSchemas() {}

  private static Schema schema(boolean design) {
    Map<String, Schema> properties = new LinkedHashMap<>();
    properties.put("conditionMet", bool("Whether the evidence clearly shows the condition holds"));
    properties.put("answer", string("A short answer for a person, one or two sentences"));
    properties.put(
        "currentState",
        string("The facts in one short sentence, without dates of checking or wording flourishes"));
    properties.put(
        "fields",
        Schema.builder()
            .type(Type.Known.ARRAY)
            .description("The value of every field of the finding schema, in its canonical form")
            .items(
                object(
                    Map.of(
                        "name", string("The field's name, exactly as in the schema"),
                        "value",
                            Schema.builder()
                                .type(Type.Known.STRING)
                                .nullable(true)
                                .description(
                                    "ISO 8601 for dates (2026-09-09), plain digits for numbers,"
                                        + " true/false for booleans, one of the options for"
                                        + " enums; null when the evidence does not say")
                                .build()),
                    "name"))
            .build());
    properties.put(
        "changed",
        bool(
            "Whether the facts differ in meaning from the last notified finding (true when there"
                + " is none); a new wording of the same facts is not a change"));
    properties.put(
        "whatChanged",
        string("One sentence on what changed since the last notified finding; empty if nothing"));
    List<String> required = List.of("conditionMet", "answer", "currentState", "fields", "changed");
    if (design) {
      properties.put(
          "findingSchema",
          Schema.builder()
              .type(Type.Known.ARRAY)
              .description("2 to 5 typed fields that capture the facts the question asks about")
              .items(
                  object(
                      Map.of(
                          "name", string("camelCase name"),
                          "type",
                              Schema.builder()
                                  .type(Type.Known.STRING)
                                  .format("enum")
                                  .enum_(Arrays.stream(FieldType.values()).map(Enum::name).toList())
                                  .build(),
                          "description", string("What the field holds"),
                          "options",
                              Schema.builder()
                                  .type(Type.Known.ARRAY)
                                  .items(string("An allowed value"))
                                  .description("The allowed values of an ENUM field")
                                  .build()),
                      "name",
                      "type",
                      "description"))
              .build());
      required = new java.util.ArrayList<>(required);
      required.add("findingSchema");
    }
    return Schema.builder()
        .type(Type.Known.OBJECT)
        .properties(properties)
        .required(required)
        .build();
  }

  private static Schema object(Map<String, Schema> properties, String... required) {
    return Schema.builder()
        .type(Type.Known.OBJECT)
        .properties(properties)
        .required(List.of(required))
        .build();
  }

  private static Schema string(String description) {
    return Schema.builder().type(Type.Known.STRING).description(description).build();
  }

  private static Schema bool(String description) {
    return Schema.builder().type(Type.Known.BOOLEAN).description(description).build();
  }
}
