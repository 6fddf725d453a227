package io.torale.worker.search;

import static io.torale.worker.search.SearchFailures.assertFailsNonRetryably;
import static io.torale.worker.search.SearchFailures.assertFailsRetryably;
import static io.torale.worker.search.SearchFailures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskSchedule;
import io.torale.testsupport.gemini.GeminiResponses;
import io.torale.worker.monitoring.FailureTypes;
import io.torale.worker.task.TaskSnapshot;
import io.torale.worker.testing.InMemoryState;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroundedSearchTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-08-20T10:15:00Z"), ZoneOffset.UTC);
  private static final long LAST_CHECK = Instant.parse("2026-08-19T10:15:00Z").toEpochMilli();

  private final InMemoryState state = new InMemoryState();
  private MockWebServer server;
  private Gemini gemini;
  private GroundedSearch search;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    gemini = new Gemini(properties("test-key"));
    search = new GroundedSearch(gemini, new GeminiJudge(gemini), unshared(), state, CLOCK);
  }

  @AfterEach
  void stop() throws IOException {
    gemini.close();
    server.shutdown();
  }

  private GeminiProperties properties(String key) {
    return new GeminiProperties(
        key,
        "gemini-2.5-flash",
        server.url("/").toString(),
        false,
        null,
        "us-central1",
        Duration.ofSeconds(5),
        Duration.ZERO);
  }

  private SharedSearches unshared() {
    return new SharedSearches(null, properties("test-key"), CLOCK);
  }

  private static TaskSnapshot task() {
    Task task =
        Task.builder()
            .id(UUID.fromString("4f1c7e0a-1d9e-4a8b-9a53-3f1d2f6f0c11"))
            .name("iPhone")
            .owner("owner")
            .searchQuery("When is the next iPhone event?")
            .condition("An official date is confirmed")
            .schedule(TaskSchedule.utc("0 9 * * *"))
            .build();
    return TaskSnapshot.of(task, LAST_CHECK, false);
  }

  @Test
  void groundsTheSearchThenJudgesWithStructuredOutput() throws InterruptedException {
    server.enqueue(GeminiResponses.grounded());
    server.enqueue(GeminiResponses.verdictMet());

    Finding finding = search.search(task());

    assertThat(finding.conditionMet()).isTrue();
    assertThat(finding.answer()).contains("September 9");
    assertThat(finding.state()).isEqualTo("Next iPhone event confirmed for 2026-09-09");
    assertThat(finding.sources())
        .extracting(SourceRef::title)
        .containsExactly("apple.com", "theverge.com");
    assertThat(finding.sources().getFirst().url())
        .startsWith("https://vertexaisearch.cloud.google.com/grounding-api-redirect/");
    assertThat(finding.searchQueries()).contains("next iPhone release date announced");

    RecordedRequest grounded = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(grounded.getPath()).contains("models/gemini-2.5-flash:generateContent");
    String groundedBody = grounded.getBody().readUtf8();
    assertThat(groundedBody)
        // Task-independent, so tasks with the same query can share it: no condition, no last check.
        .contains("googleSearch")
        .contains("2026-08-20")
        .contains("When is the next iPhone event?")
        .doesNotContain("2026-08-19")
        .doesNotContain("An official date is confirmed");
    assertThat(grounded.getHeader("x-goog-api-key")).isEqualTo("test-key");

    String judgeBody = server.takeRequest(1, TimeUnit.SECONDS).getBody().readUtf8();
    assertThat(judgeBody)
        .contains("application/json")
        .contains("responseSchema")
        .contains("conditionMet")
        .contains("An official date is confirmed")
        .contains("findingSchema") // first run: the verdict call designs the schema
        .doesNotContain("googleSearch");
  }

  @Test
  void rateLimitIsRetryableAndTheSdkDoesNotRetryItself() {
    server.enqueue(GeminiResponses.json(429, "error-429.json"));
    server.enqueue(GeminiResponses.grounded());

    assertThat(
            assertFailsRetryably(() -> search.search(task()), FailureTypes.GEMINI_UNAVAILABLE)
                .getOriginalMessage())
        .contains("429");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void rateLimitThenSuccessSucceedsOnTheNextAttempt() {
    server.enqueue(GeminiResponses.json(429, "error-429.json"));
    server.enqueue(GeminiResponses.grounded());
    server.enqueue(GeminiResponses.verdictMet());

    assertThatThrownBy(() -> search.search(task())).isInstanceOf(ApplicationFailure.class);
    assertThat(search.search(task()).conditionMet()).isTrue();
  }

  @Test
  void serverErrorsAreRetryable() {
    server.enqueue(GeminiResponses.json(500, "error-500.json"));

    assertThat(failureOf(() -> search.search(task())).isNonRetryable()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void otherClientErrorsAreNotRetryable() {
    server.enqueue(GeminiResponses.json(400, "error-400.json"));

    assertFailsNonRetryably(() -> search.search(task()), FailureTypes.GEMINI_REJECTED);
  }

  @Test
  void aMalformedBodyIsRetryable() {
    server.enqueue(
        new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"candid"));

    assertThat(failureOf(() -> search.search(task())).isNonRetryable()).isFalse();
  }

  @Test
  void aVerdictThatIsNotJsonIsRetryable() {
    server.enqueue(GeminiResponses.grounded());
    server.enqueue(GeminiResponses.grounded()); // prose where JSON was asked for

    assertFailsRetryably(() -> search.search(task()), FailureTypes.GEMINI_MALFORMED);
  }

  @Test
  void withoutAKeyFailsWithAClearNonRetryableReason() {
    Gemini unconfigured = new Gemini(properties(""));
    GroundedSearch withoutKey =
        new GroundedSearch(unconfigured, new GeminiJudge(unconfigured), unshared(), state, CLOCK);

    assertThat(
            assertFailsNonRetryably(
                    () -> withoutKey.search(task()), FailureTypes.GEMINI_NOT_CONFIGURED)
                .getOriginalMessage())
        .contains("GEMINI_API_KEY");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void propertiesRedactTheKey() {
    assertThat(properties("secret-key").toString()).doesNotContain("secret-key").contains("****");
  }
}
