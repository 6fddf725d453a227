package io.torale.worker.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Sharing within one worker (in-process) and across workers (the table, here in memory). */
class SharedSearchesTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-08-20T10:15:00Z"), ZoneOffset.UTC);

  /** The {@code shared_searches} table in memory: the SQL itself runs in the ITs. */
  static final class InMemoryTable extends SharedSearchRepository {
    final Map<String, Evidence> rows = new ConcurrentHashMap<>();
    final Map<String, Instant> at = new ConcurrentHashMap<>();

    InMemoryTable() {
      super(null);
    }

    @Override
    Optional<Evidence> fresh(String key, Instant notBefore) {
      return Optional.ofNullable(rows.get(key)).filter(e -> at.get(key).isAfter(notBefore));
    }

    @Override
    Evidence save(String key, Evidence evidence, Instant searchedAt) {
      rows.put(key, evidence);
      at.put(key, searchedAt);
      return evidence;
    }
  }

  private final AtomicInteger calls = new AtomicInteger();
  private final InMemoryTable table = new InMemoryTable();

  private SharedSearches shared(Duration window) {
    return new SharedSearches(table, properties(window), CLOCK);
  }

  private static GeminiProperties properties(Duration window) {
    return new GeminiProperties(
        "k", "m", null, false, null, "us-central1", Duration.ofSeconds(5), window);
  }

  private Supplier<Evidence> search(String query) {
    return () -> {
      calls.incrementAndGet();
      return new Evidence("report on " + query, List.of(), List.of(query));
    };
  }

  @Test
  void queriesThatNormaliseAlikeShareOneCall() {
    SharedSearches shared = shared(Duration.ofMinutes(5));

    Evidence first = shared.get("When is the next iPhone event?", search("a"));
    Evidence second = shared.get("  when is the NEXT iphone   event ", search("b"));
    shared.get("When is the next Pixel event?", search("c"));

    assertThat(second).isEqualTo(first);
    assertThat(calls).hasValue(2);
  }

  @Test
  void anotherWorkerReusesAFreshSearchFromTheTable() {
    shared(Duration.ofMinutes(5)).get("q", search("a"));
    SharedSearches otherWorker =
        new SharedSearches(table, properties(Duration.ofMinutes(5)), CLOCK);

    otherWorker.get("q", search("b"));

    assertThat(calls).hasValue(1);
  }

  @Test
  void concurrentRunsWaitForOneCall() throws Exception {
    SharedSearches shared = shared(Duration.ofMinutes(5));
    CountDownLatch release = new CountDownLatch(1);
    Supplier<Evidence> slow =
        () -> {
          calls.incrementAndGet();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new Evidence("r", List.of(), List.of());
        };
    var runs =
        java.util.stream.IntStream.range(0, 8)
            .mapToObj(i -> CompletableFuture.supplyAsync(() -> shared.get("q", slow)))
            .toList();
    Thread.sleep(200);
    release.countDown();

    runs.forEach(CompletableFuture::join);
    assertThat(calls).hasValue(1);
  }

  @Test
  void aFailedSearchIsNotSharedAndAZeroWindowSharesNothing() {
    SharedSearches shared = shared(Duration.ofMinutes(5));
    assertThatThrownBy(
            () ->
                shared.get(
                    "q",
                    () -> {
                      throw new IllegalStateException("Gemini 503");
                    }))
        .hasMessage("Gemini 503");
    shared.get("q", search("a"));
    assertThat(calls).hasValue(1);

    SharedSearches off = shared(Duration.ZERO);
    off.get("q", search("b"));
    off.get("q", search("c"));
    assertThat(calls).hasValue(3);
  }

  @Test
  void theKeyCarriesTheDayTheSearchPromptNames() {
    SharedSearches shared = shared(Duration.ofMinutes(5));
    for (String wording : List.of(" When is X? ", "when  is x", "When is X ?", "WHEN IS X...")) {
      assertThat(shared.key(wording)).isEqualTo("2026-08-20|when is x");
    }
  }
}
