package io.torale.worker.search;

import com.google.genai.types.Candidate;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GoogleSearch;
import com.google.genai.types.GroundingChunk;
import com.google.genai.types.GroundingMetadata;
import com.google.genai.types.Tool;
import io.temporal.failure.ApplicationFailure;
import io.torale.worker.monitoring.FailureTypes;
import io.torale.worker.task.TaskSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Gemini grounded in Google Search: one call with the search tool gathers what is known today
 * (sources from the grounding chunks, queries from the grounding metadata), a second call judges
 * the condition with structured output.
 */
@Component
public class GroundedSearch {

  private final Gemini gemini;
  private final GeminiJudge judge;
  private final Clock clock;

  public GroundedSearch(Gemini gemini, GeminiJudge judge, Clock clock) {
    this.gemini = gemini;
    this.judge = judge;
    this.clock = clock;
  }

  public Finding search(TaskSnapshot task) {
    if (task.searchQuery() == null || task.searchQuery().isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "a GROUNDED_SEARCH task needs a searchQuery", FailureTypes.INVALID_CONFIGURATION);
    }
    String condition = condition(task);
    GenerateContentConfig config =
        GenerateContentConfig.builder()
            .tools(Tool.builder().googleSearch(GoogleSearch.builder().build()).build())
            .build();
    GenerateContentResponse response = gemini.generate(prompt(task, condition), config);
    String report = Optional.ofNullable(response.text()).orElse("");
    Optional<GroundingMetadata> grounding =
        response.candidates().stream()
            .flatMap(List::stream)
            .findFirst()
            .flatMap(Candidate::groundingMetadata);
    List<SourceRef> sources =
        grounding.flatMap(GroundingMetadata::groundingChunks).orElse(List.of()).stream()
            .map(GroundingChunk::web)
            .flatMap(Optional::stream)
            .filter(web -> web.uri().isPresent())
            .map(web -> new SourceRef(web.title().orElse(null), web.uri().get()))
            .distinct()
            .toList();
    List<String> queries = grounding.flatMap(GroundingMetadata::webSearchQueries).orElse(List.of());
    Verdict verdict = judge.judge(task.searchQuery(), condition, report);
    return new Finding(
        verdict.conditionMet(), verdict.answer(), verdict.currentState(), sources, queries);
  }

  String prompt(TaskSnapshot task, String condition) {
    String since =
        task.lastCheckedAtMillis() == null
            ? "This is the first check."
            : "The last check was at "
                + Instant.ofEpochMilli(task.lastCheckedAtMillis())
                + "; report only what is new since then, and say so when nothing is.";
    return """
        Today is %s. %s
        Search the web and report what is currently known, with dates, about: %s
        We are watching for this condition: %s
        Be factual and concise; do not speculate.
        """
        .formatted(
            LocalDate.now(clock.withZone(ZoneOffset.UTC)), since, task.searchQuery(), condition);
  }

  private static String condition(TaskSnapshot task) {
    return task.condition() == null || task.condition().isBlank()
        ? "the question has a definitive, confirmed answer"
        : task.condition();
  }
}
