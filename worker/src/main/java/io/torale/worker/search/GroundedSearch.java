package io.torale.worker.search;

import com.google.genai.types.Candidate;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GoogleSearch;
import com.google.genai.types.GroundingChunk;
import com.google.genai.types.GroundingMetadata;
import com.google.genai.types.Tool;
import io.temporal.failure.ApplicationFailure;
import io.torale.worker.finding.TaskState;
import io.torale.worker.finding.TaskStateRepository;
import io.torale.worker.monitoring.FailureTypes;
import io.torale.worker.task.TaskSnapshot;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Gemini grounded in Google Search, in two calls per run at most: the search ({@link #gather}: one
 * call with the search tool, task-independent, so tasks with the same query share it) and the
 * verdict ({@link #judge}: one structured call per task, with the task's finding schema and its
 * last notified finding).
 */
@Component
public class GroundedSearch {

  private final Gemini gemini;
  private final GeminiJudge judge;
  private final SharedSearches shared;
  private final TaskStateRepository states;
  private final Clock clock;

  public GroundedSearch(
      Gemini gemini,
      GeminiJudge judge,
      SharedSearches shared,
      TaskStateRepository states,
      Clock clock) {
    this.gemini = gemini;
    this.judge = judge;
    this.shared = shared;
    this.states = states;
    this.clock = clock;
  }

  /** Search and verdict in one go: for runs of workflow versions before the split. */
  public Finding search(TaskSnapshot task) {
    return judge(task, gather(task.searchQuery()));
  }

  /** The grounded search for a query, shared with other tasks asking the same within the window. */
  public Evidence gather(String query) {
    if (query == null || query.isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "a GROUNDED_SEARCH task needs a searchQuery", FailureTypes.INVALID_CONFIGURATION);
    }
    return shared.get(query, () -> searchNow(query));
  }

  /** The verdict call for one task on the evidence. */
  public Finding judge(TaskSnapshot task, Evidence evidence) {
    TaskState state = states.find(UUID.fromString(task.taskId()));
    Verdict verdict =
        judge.judge(
            task.searchQuery(),
            condition(task),
            evidence.report(),
            state.findingSchema(),
            state.lastNotified());
    return new Finding(
        verdict.conditionMet(),
        verdict.answer(),
        verdict.currentState(),
        evidence.sources(),
        evidence.searchQueries(),
        verdict.fields(),
        verdict.changedInMeaning(),
        verdict.whatChanged(),
        verdict.designedSchema());
  }

  private Evidence searchNow(String query) {
    GenerateContentConfig config =
        GenerateContentConfig.builder()
            .tools(Tool.builder().googleSearch(GoogleSearch.builder().build()).build())
            .build();
    GenerateContentResponse response = gemini.generate(prompt(query), config);
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
    return new Evidence(report, sources, queries);
  }

  /**
   * Only the query and today's date: no condition and no "since the last check", so the prompt is
   * the same for every task with this query (sharing), and the wording of the report is not pushed
   * to differ from run to run; what is new is judged by the verdict call against the last notified
   * finding.
   */
  String prompt(String query) {
    return """
        Today is %s.
        Search the web and report what is currently known, with dates, about: %s
        Be factual and concise; give dates as YYYY-MM-DD; do not speculate.
        """
        .formatted(LocalDate.now(clock.withZone(ZoneOffset.UTC)), query);
  }

  private static String condition(TaskSnapshot task) {
    return task.condition() == null || task.condition().isBlank()
        ? "the question has a definitive, confirmed answer"
        : task.condition();
  }
}
