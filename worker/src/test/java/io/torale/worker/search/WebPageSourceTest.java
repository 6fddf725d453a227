package io.torale.worker.search;

import static io.torale.worker.search.SearchFailures.assertFailsNonRetryably;
import static io.torale.worker.search.SearchFailures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import io.torale.platform.task.MatchType;
import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskSchedule;
import io.torale.platform.task.TaskSource.WebPage;
import io.torale.platform.task.TextMatch;
import io.torale.testsupport.gemini.GeminiResponses;
import io.torale.worker.monitoring.FailureTypes;
import io.torale.worker.task.TaskSnapshot;
import io.torale.worker.testing.InMemoryState;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Fetches only from a local server on 127.0.0.1 (allow-listed); 127.0.0.2 is refused unsent. */
class WebPageSourceTest {

  private static final String PAGE =
      """
      <html><head><title>Launch status</title></head><body>
      <nav>Home  Sold out everywhere</nav>
      <div id="status">Status: <b>Available</b> from 9 Sept</div>
      <p class="price">Price: 799 EUR</p>
      </body></html>
      """;

  private final MockWebServer server = new MockWebServer();
  private final MockWebServer gemini = new MockWebServer();
  private WebPageSource source;
  private Gemini client;

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    gemini.start(InetAddress.getByName("127.0.0.1"), 0);
    client =
        new Gemini(
            new GeminiProperties(
                "k",
                "gemini-2.5-flash",
                gemini.url("/").toString(),
                false,
                null,
                "x",
                Duration.ofSeconds(5),
                Duration.ZERO));
    source =
        new WebPageSource(
            new PageFetcher(properties()), new GeminiJudge(client), new InMemoryState());
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    server.shutdown();
    gemini.shutdown();
  }

  private static WebPageProperties properties() {
    return new WebPageProperties(
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        DataSize.ofKilobytes(4),
        3,
        List.of("localhost", "127.0.0.1"),
        "torale-test");
  }

  private static TaskSnapshot task(String url, String selector, MatchType type, String pattern) {
    Task task =
        Task.builder()
            .id(UUID.fromString("4f1c7e0a-1d9e-4a8b-9a53-3f1d2f6f0c11"))
            .name("page")
            .owner("owner")
            .condition("It is available")
            .schedule(TaskSchedule.utc("0 * * * *"))
            .notifyBehavior(NotifyBehavior.ON_CHANGE)
            .source(new WebPage(url, selector, type == null ? null : new TextMatch(type, pattern)))
            .build();
    return TaskSnapshot.of(task, null, false);
  }

  private Finding search(TaskSnapshot task) {
    return source.search(task, (WebPage) task.source());
  }

  private String page() {
    server.enqueue(new MockResponse().setHeader("Content-Type", "text/html").setBody(PAGE));
    return server.url("/product").toString();
  }

  @Nested
  class DeterministicMatch {

    @Test
    void containsWithinTheSelectedElements() {
      Finding finding = search(task(page(), "#status", MatchType.CONTAINS, "Available"));

      assertThat(finding.conditionMet()).isTrue();
      assertThat(finding.state()).isEqualTo("Status: Available from 9 Sept");
      assertThat(finding.sources())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.title()).isEqualTo("Launch status");
                assertThat(s.url()).endsWith("/product");
              });
      assertThat(gemini.getRequestCount()).isZero();
    }

    @Test
    void theSelectorExcludesTheRestOfThePage() {
      assertThat(search(task(page(), "#status", MatchType.NOT_CONTAINS, "Sold out")).conditionMet())
          .isTrue();
      assertThat(search(task(page(), null, MatchType.NOT_CONTAINS, "Sold out")).conditionMet())
          .isFalse();
    }

    @Test
    void regexStateIsWhatMatched() {
      Finding finding = search(task(page(), ".price", MatchType.REGEX, "\\d+ EUR"));

      assertThat(finding.conditionMet()).isTrue();
      assertThat(finding.state()).isEqualTo("799 EUR");
    }

    @Test
    void anInvalidRegexIsAConfigurationError() {
      assertFailsNonRetryably(
          () -> search(task(page(), null, MatchType.REGEX, "(unclosed")),
          FailureTypes.INVALID_CONFIGURATION);
    }
  }

  @Test
  void judgesANaturalLanguageConditionWithGeminiWithoutTheSearchTool() throws Exception {
    gemini.enqueue(
        GeminiResponses.verdict(true, "It is available from 9 Sept", "available 9 Sept"));

    Finding finding = search(task(page(), "#status", null, null));

    assertThat(finding.conditionMet()).isTrue();
    assertThat(finding.state()).isEqualTo("available 9 Sept");
    String body = gemini.takeRequest().getBody().readUtf8();
    assertThat(body).contains("Status: Available from 9 Sept").doesNotContain("googleSearch");
  }

  @Nested
  class Fetching {

    @Test
    void refusesALoopbackAddressThatIsNotAllowListed() {
      String url = "http://127.0.0.2:" + server.getPort() + "/";

      assertFailsNonRetryably(
          () -> search(task(url, null, MatchType.CONTAINS, "x")), FailureTypes.ADDRESS_REFUSED);
    }

    @Test
    void checksTheAddressOfEveryRedirect() {
      server.enqueue(
          new MockResponse()
              .setResponseCode(302)
              .setHeader("Location", "http://127.0.0.2:" + server.getPort() + "/internal"));

      assertThat(
              failureOf(
                      () -> search(task(server.url("/").toString(), null, MatchType.CONTAINS, "x")))
                  .getType())
          .isEqualTo(FailureTypes.ADDRESS_REFUSED);
      assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void followsAFewRedirects() {
      server.enqueue(new MockResponse().setResponseCode(301).setHeader("Location", "/a"));
      server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/b"));
      server.enqueue(new MockResponse().setBody("<p>final</p>"));

      Finding finding = search(task(server.url("/").toString(), null, MatchType.CONTAINS, "final"));

      assertThat(finding.conditionMet()).isTrue();
      assertThat(finding.sources().getFirst().url()).endsWith("/b");
    }

    @Test
    void givesUpAfterTooManyRedirects() {
      for (int i = 0; i < 5; i++) {
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/" + i));
      }

      assertThat(
              failureOf(
                      () -> search(task(server.url("/").toString(), null, MatchType.CONTAINS, "x")))
                  .getType())
          .isEqualTo(FailureTypes.PAGE_REJECTED);
      assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void refusesPagesOverTheSizeCap() {
      server.enqueue(new MockResponse().setBody("x".repeat(5000)));

      assertThatThrownBy(
              () -> search(task(server.url("/").toString(), null, MatchType.CONTAINS, "x")))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.isNonRetryable()).isTrue();
                assertThat(f.getOriginalMessage()).contains("larger than");
              });
    }

    @Test
    void classifiesHttpErrors() {
      server.enqueue(new MockResponse().setResponseCode(404));
      server.enqueue(new MockResponse().setResponseCode(429));
      server.enqueue(new MockResponse().setResponseCode(503));
      String url = server.url("/").toString();

      List<Boolean> nonRetryable =
          java.util.stream.IntStream.range(0, 3)
              .mapToObj(
                  i -> {
                    try {
                      search(task(url, null, MatchType.CONTAINS, "x"));
                      return null;
                    } catch (ApplicationFailure f) {
                      return f.isNonRetryable();
                    }
                  })
              .toList();

      assertThat(nonRetryable).containsExactly(true, false, false);
    }
  }
}
