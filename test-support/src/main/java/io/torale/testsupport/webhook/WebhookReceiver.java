package io.torale.testsupport.webhook;

import com.standardwebhooks.Webhook;
import io.torale.testsupport.LoopbackServer;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A webhook endpoint on 127.0.0.1 that checks every request's signature with the Standard Webhooks
 * reference library, as a real receiver would, and keeps what it got. By default it answers 200;
 * per path it can answer other statuses by request number, wait before answering, send {@code
 * Retry-After}, and the next few requests on any path can be made to fail.
 */
public final class WebhookReceiver extends LoopbackServer {

  private final Webhook verifier;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, IntFunction<Integer>> answers = new ConcurrentHashMap<>();
  private final Map<String, Long> delays = new ConcurrentHashMap<>();
  private final Map<String, Supplier<String>> retryAfters = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Received>> waiters = new ConcurrentHashMap<>();
  private final AtomicInteger failuresToAnswer = new AtomicInteger();

  /** Verifies with {@code secret} ({@code whsec_…}). */
  public WebhookReceiver(String secret) {
    this.verifier = new Webhook(secret);
    start();
  }

  @Override
  protected MockResponse answer(RecordedRequest request) {
    return respond(receive(request));
  }

  /** The URL of {@code /hooks}. */
  public String url() {
    return url("/hooks");
  }

  /**
   * {@code answer} maps the 1-based number of a request on the path (of a URL from {@link
   * LoopbackServer#url(String)}, or the URL; counting every request there, also those {@link
   * #failNext} failed) to a status.
   */
  public WebhookReceiver answer(String pathOrUrl, IntFunction<Integer> answer) {
    answers.put(pathOf(pathOrUrl), answer);
    return this;
  }

  /** Requests on the path are answered after {@code millis}. */
  public WebhookReceiver delay(String pathOrUrl, long millis) {
    delays.put(pathOf(pathOrUrl), millis);
    return this;
  }

  /** The {@code Retry-After} sent with 429 and 503 on the path (default {@code 1}). */
  public WebhookReceiver retryAfter(String pathOrUrl, Supplier<String> value) {
    retryAfters.put(pathOf(pathOrUrl), value);
    return this;
  }

  /** The next {@code count} requests, on any path, are answered 500. */
  public void failNext(int count) {
    failuresToAnswer.set(count);
  }

  /** Every request received so far. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /**
   * The requests received on {@code path} (of a URL from {@link LoopbackServer#url(String)}, or the
   * URL).
   */
  public List<Received> on(String pathOrUrl) {
    String path = pathOf(pathOrUrl);
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** The path of a URL of this receiver's (the methods here take either). */
  private static String pathOf(String pathOrUrl) {
    return pathOrUrl.contains("://") ? URI.create(pathOrUrl.trim()).getPath() : pathOrUrl;
  }

  /** The requests whose body's {@code data.task.id} is {@code taskId}. */
  public List<Received> forTask(String taskId) {
    return received.stream().filter(r -> taskId.equals(r.taskId())).toList();
  }

  /**
   * Completes with the first request whose body's {@code data.execution_id} is {@code executionId}
   * (call it before the run starts, or after: an earlier request completes it too).
   */
  public CompletableFuture<Received> expect(String executionId) {
    return waiters.computeIfAbsent(executionId, id -> new CompletableFuture<>());
  }

  private Received receive(RecordedRequest request) {
    long nanos = System.nanoTime();
    Instant wall = Instant.now();
    String body = request.getBody().readUtf8();
    Map<String, List<String>> headers = request.getHeaders().toMultimap();
    boolean valid;
    try {
      verifier.verify(body, headers);
      valid = true;
    } catch (Exception e) {
      valid = false;
    }
    Received received =
        new Received(URI.create(request.getPath()).getPath(), body, headers, valid, nanos, wall);
    this.received.add(received);
    String executionId = received.executionId();
    if (executionId != null) {
      expect(executionId).complete(received);
    }
    return received;
  }

  private MockResponse respond(Received request) {
    String path = request.path();
    int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    int status =
        failuresToAnswer.getAndUpdate(left -> Math.max(0, left - 1)) > 0
            ? 500
            : answers.getOrDefault(path, number -> 200).apply(n);
    MockResponse response = new MockResponse().setResponseCode(status);
    if (status >= 300 && status < 400) {
      response.setHeader("Location", url("/redirected"));
    }
    if (status == 429 || status == 503) {
      response.setHeader("Retry-After", retryAfters.getOrDefault(path, () -> "1").get());
    }
    long delay = delays.getOrDefault(path, 0L);
    if (delay > 0) {
      response.setHeadersDelay(delay, TimeUnit.MILLISECONDS);
    }
    return response;
  }
}
