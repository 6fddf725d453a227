package io.torale.worker.search;

import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.Schema;
import com.google.genai.types.Type;
import io.temporal.failure.ApplicationFailure;
import io.torale.worker.monitoring.FailureTypes;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Judges a condition against evidence with structured output (JSON matching {@link #SCHEMA}). No
 * tools: Gemini does not combine the search tool with a response schema on every model, so grounded
 * search is a separate, earlier call.
 */
@Component
public class GeminiJudge {

  static final Schema SCHEMA =
      Schema.builder()
          .type(Type.Known.OBJECT)
          .properties(
              Map.of(
                  "conditionMet",
                  Schema.builder()
                      .type(Type.Known.BOOLEAN)
                      .description("Whether the evidence shows the condition holds")
                      .build(),
                  "answer",
                  Schema.builder()
                      .type(Type.Known.STRING)
                      .description("A short answer for a person, one or two sentences")
                      .build(),
                  "currentState",
                  Schema.builder()
                      .type(Type.Known.STRING)
                      .description(
                          "The current state of the fact in one short canonical sentence, the"
                              + " same wording for the same fact, without dates of checking")
                      .build()))
          .required("conditionMet", "answer", "currentState")
          .build();

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Gemini gemini;

  public GeminiJudge(Gemini gemini) {
    this.gemini = gemini;
  }

  public Verdict judge(String question, String condition, String evidence) {
    String prompt =
        """
        You decide whether a monitoring condition holds, using only the evidence below.
        Question: %s
        Condition: %s
        Evidence:
        ---
        %s
        ---
        Answer in JSON: conditionMet (true only if the evidence clearly shows the condition holds),
        answer (short), currentState (one canonical sentence describing the current state).
        """
            .formatted(question, condition, evidence);
    GenerateContentConfig config =
        GenerateContentConfig.builder()
            .responseMimeType("application/json")
            .responseSchema(SCHEMA)
            .temperature(0f)
            .build();
    return parse(gemini.generate(prompt, config).text());
  }

  static Verdict parse(String text) {
    try {
      JsonNode node = JSON.readTree(text == null ? "" : text);
      JsonNode met = node.get("conditionMet");
      if (met == null || !met.isBoolean() || !node.hasNonNull("answer")) {
        throw malformed(text, null);
      }
      String answer = node.get("answer").asString();
      String state = node.hasNonNull("currentState") ? node.get("currentState").asString() : answer;
      return new Verdict(met.booleanValue(), answer, state);
    } catch (JacksonException e) {
      throw malformed(text, e);
    }
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
