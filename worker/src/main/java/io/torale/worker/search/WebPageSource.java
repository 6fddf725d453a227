package io.torale.worker.search;

import io.temporal.failure.ApplicationFailure;
import io.torale.platform.task.TaskSource.WebPage;
import io.torale.worker.finding.TaskState;
import io.torale.worker.finding.TaskStateRepository;
import io.torale.worker.monitoring.FailureTypes;
import io.torale.worker.task.TaskSnapshot;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Selector;
import org.springframework.stereotype.Component;

/**
 * A {@code WEB_PAGE} task: fetch the page, narrow it to the CSS selector's elements (the watched
 * text), then judge with the deterministic match when the task has one (no model), else with the
 * verdict call (no search tool; typed fields as for grounded search).
 */
@Component
public class WebPageSource {

  /** Gemini sees at most this much page text. */
  static final int MAX_EVIDENCE_CHARS = 30_000;

  private final PageFetcher fetcher;
  private final GeminiJudge judge;
  private final TaskStateRepository states;

  public WebPageSource(PageFetcher fetcher, GeminiJudge judge, TaskStateRepository states) {
    this.fetcher = fetcher;
    this.judge = judge;
    this.states = states;
  }

  public Finding search(TaskSnapshot task, WebPage source) {
    PageFetcher.Page page = fetcher.fetch(source.url());
    Document document = Jsoup.parse(page.html(), page.url());
    String text = text(document, source.cssSelector());
    Verdict verdict =
        source.deterministic()
            ? PageMatch.evaluate(source.match(), text)
            : judgeWithGemini(task, source, text);
    String title = document.title().isBlank() ? null : document.title();
    return new Finding(
        verdict.conditionMet(),
        verdict.answer(),
        verdict.currentState(),
        List.of(new SourceRef(title, page.url())),
        List.of(),
        verdict.fields(),
        verdict.changedInMeaning(),
        verdict.whatChanged(),
        verdict.designedSchema());
  }

  private Verdict judgeWithGemini(TaskSnapshot task, WebPage source, String text) {
    if (task.condition() == null || task.condition().isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "a WEB_PAGE task without a match needs a condition", FailureTypes.INVALID_CONFIGURATION);
    }
    String evidence =
        text.length() <= MAX_EVIDENCE_CHARS ? text : text.substring(0, MAX_EVIDENCE_CHARS);
    String question =
        task.searchQuery() == null ? "What does " + source.url() + " say?" : task.searchQuery();
    TaskState state = states.find(UUID.fromString(task.taskId()));
    return judge.judge(
        question, task.condition(), evidence, state.findingSchema(), state.lastNotified());
  }

  /** The watched text: the selected elements' text, or the whole body's, one line per block. */
  static String text(Document document, String cssSelector) {
    if (cssSelector == null || cssSelector.isBlank()) {
      Element root = document.body() == null ? document : document.body();
      return PageText.of(List.of(root));
    }
    try {
      return PageText.of(document.select(cssSelector));
    } catch (Selector.SelectorParseException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "invalid CSS selector: " + e.getMessage(), FailureTypes.INVALID_CONFIGURATION);
    }
  }
}
