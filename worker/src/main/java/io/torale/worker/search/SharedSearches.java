package io.torale.worker.search;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Tasks with the same normalised query share one grounded search within {@code
 * torale.gemini.shared-search-window}: the search is task-independent (the query and today's date),
 * only the verdict depends on a task's condition. Within one worker, concurrent runs of the same
 * query wait for one call (Caffeine's async cache: one loading future per key; a failed call is not
 * kept, so the next run calls again). Across workers, a search younger than the window is read from
 * {@code shared_searches}; two workers missing at the same moment may both call, which costs a call
 * but never a wrong answer. A window of zero turns sharing off.
 */
@Component
public class SharedSearches {

  private final SharedSearchRepository stored;
  private final GeminiProperties properties;
  private final Clock clock;
  private final AsyncCache<String, Evidence> inFlight;

  public SharedSearches(SharedSearchRepository stored, GeminiProperties properties, Clock clock) {
    this.stored = stored;
    this.properties = properties;
    this.clock = clock;
    this.inFlight =
        Caffeine.newBuilder()
            .expireAfterWrite(properties.sharedSearchWindow())
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .maximumSize(10_000)
            .buildAsync();
  }

  /** The evidence for {@code query}: shared when fresh, else from {@code search}, then shared. */
  public Evidence get(String query, Supplier<Evidence> search) {
    if (properties.sharedSearchWindow().isZero()) {
      return search.get();
    }
    String key = key(query);
    CompletableFuture<Evidence> evidence =
        inFlight.get(
            key,
            (k, executor) ->
                CompletableFuture.supplyAsync(
                    () ->
                        stored
                            .fresh(k, clock.instant().minus(properties.sharedSearchWindow()))
                            .orElseGet(() -> stored.save(k, search.get(), clock.instant())),
                    executor));
    try {
      return evidence.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
  }

  /** Today's date (the search prompt carries it) and the query, trimmed and lower case. */
  String key(String query) {
    String normalised =
        query.replaceAll("\\s+", " ").replaceAll("[\\s?.!]+$", "").strip().toLowerCase(Locale.ROOT);
    return LocalDate.now(clock.withZone(ZoneOffset.UTC)) + "|" + normalised;
  }
}
