package io.torale.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.client.WorkflowClient;
import io.torale.localstack.LocalStack;
import io.torale.localstack.LocalStackExtension;
import io.torale.platform.monitoring.RunResult;
import io.torale.platform.task.MatchType;
import io.torale.platform.task.Notifications;
import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskSchedule;
import io.torale.platform.task.TaskSource;
import io.torale.platform.task.TextMatch;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.ConditionMet;
import io.torale.schemas.v1.FindingField;
import io.torale.schemas.v1.TaskExecuted;
import io.torale.testsupport.LoopbackServer;
import io.torale.testsupport.gemini.GeminiResponses;
import io.torale.testsupport.kafka.TopicReader;
import io.torale.worker.testing.TypedVerdicts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Change detection that follows meaning: the worker on the local stack (real Kafka, registry,
 * PostgreSQL, Temporal dev server); only Gemini is faked, by a local server answering in Gemini's
 * format with scripted verdicts, and the watched page is a local server. Shared searches are off
 * here (window 0), so every run makes its own calls and they can be counted per run.
 */
@ExtendWith(LocalStackExtension.class)
@SpringBootTest(properties = {"server.port=0", "torale.gemini.shared-search-window=0s"})
@DirtiesContext // its worker must not keep polling (and taking runs) during later test classes
class FindingChangesIT {

  /** One fact (an event on 2026-09-09 announced by Apple) in ten wordings, then a real change. */
  static final List<Map<String, String>> WORDINGS =
      List.of(
          fields("September 9, 2026", "Apple", "yes"),
          fields("Sept 9, 2026", "Apple", "true"),
          fields("2026-09-09", "apple", "Yes"),
          fields("9 September 2026", "Apple Inc.", "true"),
          fields("Wednesday, September 9th, 2026", "Apple", "TRUE"),
          fields("09/09/2026", "Apple", "yes"),
          fields("Sep. 9 2026", "Apple, Inc.", "yes"),
          fields("2026-09-09T17:00:00Z", "Apple", "true"),
          fields("9th of September, 2026", "\"Apple\"", "yes"),
          fields("september 9 2026", "Apple", "Confirmed"),
          fields("September 16, 2026", "Apple", "yes"));

  /**
   * What the model says about change: runs 3, 6 and 10 claim a change although only the wording
   * changed (the equal canonical hash must override them); runs 4 and 7 word the announcer in a way
   * canonicalisation cannot equate, and the model reads it as the same fact.
   */
  static final List<Boolean> MODEL_SAYS_CHANGED =
      List.of(true, false, true, false, false, true, false, false, false, true, true);

  static final Map<String, String> DESIGN =
      orderedMap("eventDate", "DATE", "announcedBy", "STRING", "confirmed", "BOOLEAN");

  private static final ScriptedGemini gemini = new ScriptedGemini();
  private static final VolatilePage page = new VolatilePage();
  // Records completions without completing: the ONCE task keeps running and notifies no more.
  private static final TaskApiStandIn tasks = new TaskApiStandIn(false);
  private static TopicReader<Object> topics;

  @Autowired WorkflowClient workflows;

  @DynamicPropertySource
  static void gemini(DynamicPropertyRegistry registry) {
    registry.add("torale.gemini.base-url", () -> gemini.url("/"));
    registry.add("torale.gemini.api-key", () -> "local-test-key");
    registry.add("torale.task-api.url", tasks::url);
    registry.add("torale.task-api.token", () -> TaskApiStandIn.TOKEN);
  }

  @BeforeAll
  static void start(LocalStack stack) {
    topics =
        TopicReader.avro(
            stack.kafkaBootstrapServers(),
            stack.registryUrl(),
            Topics.CONDITION_MET,
            Topics.TASK_EXECUTIONS);
  }

  @AfterAll
  static void stop() {
    topics.close();
    gemini.close();
    page.close();
    tasks.close();
  }

  @Test
  void tenWordingsOfOneFactThenARealChange() {
    String onChange = groundedTask(NotifyBehavior.ON_CHANGE, "condition on-change");
    String always = groundedTask(NotifyBehavior.ALWAYS, "condition always");
    String once = groundedTask(NotifyBehavior.ONCE, "condition once");
    List<String> perRun = new ArrayList<>();

    for (int i = 0; i < WORDINGS.size(); i++) {
      for (String taskId : List.of(onChange, always, once)) {
        int grounded = gemini.grounded.get();
        int verdicts = gemini.verdicts.get();
        RunResult result = run(taskId, "it-wording-" + i + "-" + taskId);
        int groundedCalls = gemini.grounded.get() - grounded;
        int verdictCalls = gemini.verdicts.get() - verdicts;
        perRun.add(groundedCalls + "+" + verdictCalls);
        assertThat(result.status()).isEqualTo("SUCCEEDED");
        assertThat(groundedCalls).as("grounded calls in run %d", i + 1).isEqualTo(1);
        assertThat(verdictCalls).as("verdict calls in run %d", i + 1).isEqualTo(1);
      }
    }
    System.out.println("Gemini calls per run (grounded+verdict): " + perRun);

    assertThat(conditionMet(onChange, 2)).hasSize(2);
    assertThat(conditionMet(always, 11)).hasSize(11);
    assertThat(conditionMet(once, 1)).hasSize(1);
    // The ONCE task asked command-consumer to complete it, once.
    assertThat(tasks.requests())
        .filteredOn(request -> request.endsWith("/completion"))
        .containsExactly("POST /internal/tasks/" + once + "/completion");

    ConditionMet change = conditionMet(onChange, 2).getLast();
    assertThat(change.getWhatChanged()).contains("September 16");
    assertThat(change.getFields())
        .extracting(FindingField::getName, FindingField::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("eventDate", "2026-09-16"),
            org.assertj.core.groups.Tuple.tuple("confirmed", "true"));
    assertThat(
            topics.withKey(onChange, TaskExecuted.class).stream()
                .map(TaskExecuted::getChanged)
                .toList())
        .containsExactly(true, false, false, false, false, false, false, false, false, false, true);
    // From run 2 on, the verdict call is given the schema and the last notified finding.
    assertThat(gemini.verdictBodies.get("condition on-change").get(1))
        .contains("eventDate")
        .contains("2026-09-09")
        .doesNotContain("first check");
  }

  @Test
  void aPageWhoseClockAndBannerChangeOnEveryRequestNotifiesOnlyWhenTheWatchedTextChanges() {
    String taskId = pageTask();

    for (int i = 0; i < 10; i++) {
      run(taskId, "it-page-" + i + "-" + taskId);
    }
    assertThat(page.requests.get()).isGreaterThanOrEqualTo(10);
    assertThat(org.jsoup.Jsoup.parse(page.lastHtml).text().indexOf("Stock:"))
        .as("the watched text lies beyond the first 4,000 characters")
        .isGreaterThan(4_000);
    assertThat(conditionMet(taskId, 1)).hasSize(1);

    page.stock = "Stock: 5 units";
    run(taskId, "it-page-changed-" + taskId);
    run(taskId, "it-page-after-" + taskId);

    List<ConditionMet> events = conditionMet(taskId, 2);
    assertThat(events).hasSize(2);
    assertThat(events.getLast().getAnswer()).contains("Stock: 5 units");
    assertThat(events.getLast().getWhatChanged()).contains("Stock: 3 units").contains("Stock: 5");
  }

  /** Waits until {@code expected} events arrived, then a little longer for any extra one. */
  private List<ConditionMet> conditionMet(String taskId, int expected) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> topics.withKey(taskId, ConditionMet.class).size() >= expected);
    await()
        .pollDelay(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> topics.withKey(taskId, TaskExecuted.class).size() >= 1);
    return topics.withKey(taskId, ConditionMet.class);
  }

  private RunResult run(String taskId, String executionId) {
    return Runs.run(workflows, taskId, executionId);
  }

  private String groundedTask(NotifyBehavior behavior, String condition) {
    UUID id = UUID.randomUUID();
    tasks.put(
        base(id, behavior)
            .searchQuery("When is the next iPhone event? (" + condition + ")")
            .condition(condition)
            .build());
    return id.toString();
  }

  private String pageTask() {
    UUID id = UUID.randomUUID();
    tasks.put(
        base(id, NotifyBehavior.ON_CHANGE)
            .source(
                new TaskSource.WebPage(
                    page.url("/shop"), null, new TextMatch(MatchType.CONTAINS, "Stock:")))
            .build());
    return id.toString();
  }

  private static Task.Builder base(UUID id, NotifyBehavior behavior) {
    return Task.builder()
        .id(id)
        .name("finding changes")
        .owner("it")
        .schedule(TaskSchedule.utc("0 9 * * *"))
        .notifyBehavior(behavior)
        .notifications(new Notifications(List.of("ops@example.com"), List.of()));
  }

  private static Map<String, String> fields(String date, String by, String confirmed) {
    return orderedMap("eventDate", date, "announcedBy", by, "confirmed", confirmed);
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /**
   * Gemini's format: the grounded answer for calls with the search tool; for verdict calls, the
   * n-th scripted wording for the n-th verdict call of the task (told apart by its condition).
   */
  static final class ScriptedGemini extends LoopbackServer {
    final AtomicInteger grounded = new AtomicInteger();
    final AtomicInteger verdicts = new AtomicInteger();
    final Map<String, List<String>> verdictBodies = new ConcurrentHashMap<>();

    ScriptedGemini() {
      start();
    }

    @Override
    protected MockResponse answer(RecordedRequest request) {
      String body = request.getBody().readUtf8();
      if (body.contains("googleSearch")) {
        grounded.incrementAndGet();
        return GeminiResponses.grounded();
      }
      verdicts.incrementAndGet();
      String condition =
          List.of("condition on-change", "condition always", "condition once").stream()
              .filter(body::contains)
              .findFirst()
              .orElseThrow();
      List<String> bodies =
          verdictBodies.computeIfAbsent(condition, c -> new CopyOnWriteArrayList<>());
      bodies.add(body);
      int n = Math.min(bodies.size(), WORDINGS.size()) - 1;
      boolean changedFact = n == WORDINGS.size() - 1;
      return TypedVerdicts.verdict(
          true,
          changedFact
              ? "Apple moved its event to September 16, 2026."
              : List.of("Apple has announced", "Apple announced", "Apple confirmed").get(n % 3)
                  + " the event for "
                  + WORDINGS.get(n).get("eventDate"),
          WORDINGS.get(n),
          MODEL_SAYS_CHANGED.get(n),
          changedFact ? "The event moved from September 9 to September 16, 2026." : null,
          n == 0 ? DESIGN : null);
    }
  }

  /** A shop page whose clock and banner change on every request; the stock line is watched. */
  static final class VolatilePage extends LoopbackServer {
    final AtomicInteger requests = new AtomicInteger();
    volatile String stock = "Stock: 3 units";
    volatile String lastHtml = "";

    VolatilePage() {
      start();
    }

    @Override
    protected MockResponse answer(RecordedRequest request) {
      int n = requests.incrementAndGet();
      String filler = "<p>Product description paragraph, unchanged.</p>\n".repeat(120);
      String html =
          """
          <html><head><title>Shop</title></head><body>
          <header><p>Rendered at 2026-09-01T10:%02d:%02d.%03dZ</p>
          <div class="banner">Banner #%d: %s</div></header>
          %s
          <div id="stock"><span>%s</span></div>
          </body></html>
          """
              .formatted(n % 60, (n * 7) % 60, n, n, UUID.randomUUID(), filler, stock);
      lastHtml = html;
      return new MockResponse().setHeader("Content-Type", "text/html").setBody(html);
    }
  }
}
